"""Names garbled by a wrong encoding: « CÃ©cile » for « Cécile », or a U+FFFD « � ».

A file saved in UTF-8 but read as Windows-1252 or ISO-8859-1/15 (or the other way round, then
saved again) turns every accented letter into two or three characters: « é » (``C3 A9`` in
UTF-8) becomes « Ã© ». Importing such names would put them in usernames and break identity
matching, so the file is refused.

The check is a decoding test, not a list of suspicious strings: a run of characters is garbled
when it starts with the character of a UTF-8 lead byte (``C2``–``F4``) followed by exactly as many
characters of continuation bytes (``80``–``BF``) as that lead byte announces, and those bytes, put
back in a single-byte encoding, decode as valid UTF-8. A real name almost never holds such a run
(« Ã » followed by « © » or « « »), whereas every accented letter of a garbled file does.
"""

from __future__ import annotations

import re

__all__ = ["REPLACEMENT_CHARACTER", "garbled_example"]

REPLACEMENT_CHARACTER = "\ufffd"
_SINGLE_BYTE = ("cp1252", "latin-1", "iso8859_15")


def _chars_of(first: int, last: int) -> str:
    chars: set[str] = set()
    for byte in range(first, last + 1):
        for encoding in _SINGLE_BYTE:
            try:
                chars.add(bytes([byte]).decode(encoding))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(chars))


_LEADS = _chars_of(0xC2, 0xF4)
_CONTINUATIONS = _chars_of(0x80, 0xBF)
_SEPARATORS = re.compile(r'[\s;,"]')
_SUSPECT = re.compile(
    f"[{re.escape(_LEADS)}][{re.escape(_CONTINUATIONS)}]{{1,3}}|{REPLACEMENT_CHARACTER}"
)


def _continuations(lead: str) -> int:
    byte = lead.encode("latin-1")[0]  # the leads are the same in the three encodings
    return 1 if byte < 0xE0 else 2 if byte < 0xF0 else 3


def _decodes_as_utf8(run: str) -> bool:
    for encoding in _SINGLE_BYTE:
        try:
            raw = run.encode(encoding)
        except UnicodeEncodeError:
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def _verified(run: str) -> bool:
    if run == REPLACEMENT_CHARACTER:
        return True
    needed = _continuations(run[0])
    return len(run) > needed and _decodes_as_utf8(run[: needed + 1])


def _word_at(text: str, position: int) -> str:
    start = position
    while start > 0 and not _SEPARATORS.fullmatch(text[start - 1]):
        start -= 1
    end = position
    while end < len(text) and not _SEPARATORS.fullmatch(text[end]):
        end += 1
    return text[start:end]


def garbled_example(text: str) -> str | None:
    """The first word of ``text`` that a wrong encoding garbled, or ``None``.

    One regular-expression scan: text without a candidate run (most files, however accented)
    is answered at C speed.
    """
    if text.isascii():
        return None
    for match in _SUSPECT.finditer(text):
        if _verified(match.group()):
            return _word_at(text, match.start())
    return None

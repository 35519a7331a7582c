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
_SEPARATORS = re.compile(r'[\s;,"]+')
_CANDIDATE = re.compile(f"[{re.escape(_LEADS)}][{re.escape(_CONTINUATIONS)}]{{1,3}}")


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


def _is_garbled(text: str) -> bool:
    if REPLACEMENT_CHARACTER in text:
        return True
    for match in _CANDIDATE.finditer(text):
        run = match.group()
        needed = _continuations(run[0])
        if len(run) > needed:
            run = run[: needed + 1]
        if len(run) == needed + 1 and _decodes_as_utf8(run):
            return True
    return False


def garbled_example(text: str) -> str | None:
    """The first word of ``text`` that a wrong encoding garbled, or ``None``.

    ASCII text (most names) is answered at C speed.
    """
    if text.isascii():
        return None
    for word in _SEPARATORS.split(text):
        if not word.isascii() and _is_garbled(word):
            return word
    return None

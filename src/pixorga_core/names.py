"""Normalising people's names the way the reference system does (pix-rules §4.1, formats.md §D)."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def normalize_name(value: str) -> str:
    """Lower-case, strip accents, drop whitespace and every character outside ``[a-z0-9]``.

    ``"Jean-Éric"`` becomes ``"jeaneric"``. Ligatures are dropped, not expanded (``"Cocœ"`` →
    ``"coc"``), as in the reference system; a name in another script may become empty.
    """
    decomposed = unicodedata.normalize("NFD", value.strip().lower())
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", without_marks)


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ĳ": "ij"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(value: str) -> str:
    """A key to search and sort names as a French reader expects.

    Lower-case, accents stripped, ligatures expanded (``"Œuvray"`` → ``"oeuvray"``), every run of
    other characters (spaces, hyphens, apostrophes) made one space: ``"N'Diaye-Éloi"`` →
    ``"n diaye eloi"``.
    """
    decomposed = unicodedata.normalize("NFD", value.translate(_LIGATURES).casefold())
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", without_marks).strip()

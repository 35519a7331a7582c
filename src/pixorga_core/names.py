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

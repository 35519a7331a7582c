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


#: Longest first or last name a person may give, in characters.
MAX_PERSON_NAME_LENGTH = 255


def collapse_spaces(value: str) -> str:
    """``value`` trimmed, each run of white space made one space."""
    return " ".join(value.split())


def person_name_errors(first_name: str, last_name: str) -> dict[str, str]:
    """The French message for each missing or too long name (``first_name``/``last_name`` keys).

    The names are expected collapsed (:func:`collapse_spaces`); they are the person's own, so the
    messages say "Votre".
    """
    errors: dict[str, str] = {}
    for key, value, noun in (("first_name", first_name, "prénom"), ("last_name", last_name, "nom")):
        if not value:
            errors[key] = f"Votre {noun} n'est pas renseigné."
        elif len(value) > MAX_PERSON_NAME_LENGTH:
            errors[key] = f"Votre {noun} ne doit pas dépasser {MAX_PERSON_NAME_LENGTH} caractères."
    return errors

"""Normalising people's names: the one normaliser of pixorga and the keys built on it.

:func:`base_letters` (case, accents, ligatures) is the only place that decides which letters are
"the same"; :func:`normalize_name` (the reference system's key, pix-rules §4.1 and formats.md §D:
matching and usernames), :func:`fold` (searching and sorting) and the t1/t2 tolerances of open
answers (:mod:`pixorga_core.engine.answers`) are built on it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

#: Letters that Unicode does not split into a base letter and accents, as French writes them out.
#: The one ligature table of pixorga, for both cases (see :func:`base_letters`).
LIGATURES: Final[Mapping[str, str]] = MappingProxyType(
    {"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ẞ": "SS", "ß": "ss", "Ĳ": "IJ", "ĳ": "ij"}
)
_EXPAND = str.maketrans(dict(LIGATURES))
_DROP = str.maketrans(dict.fromkeys(LIGATURES))
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def base_letters(value: str, *, expand_ligatures: bool = True) -> str:
    """``value`` case-folded and without accents: the one normaliser behind every name comparison.

    The :data:`LIGATURES` are written out (``"Œuvre"`` → ``"oeuvre"``) or, with
    ``expand_ligatures=False``, dropped (``"Cœur"`` → ``"cur"``, as the reference system does);
    then the text is decomposed (NFKD), its combining marks (Unicode category Mn: the accents)
    dropped and its case folded. Compatibility forms become their letters (``"ﬁ"`` → ``"fi"``,
    full-width ``"Ａ"`` → ``"a"``, ``"²"`` → ``"2"``). Spaces, punctuation and letters of other
    scripts are kept: each caller decides what they become.
    """
    table = _EXPAND if expand_ligatures else _DROP
    decomposed = unicodedata.normalize("NFKD", value.translate(table))
    if decomposed.isascii():  # most names: nothing to drop (and twice as fast)
        return decomposed.casefold()
    category = unicodedata.category
    return "".join([c for c in decomposed if c.isascii() or category(c) != "Mn"]).casefold()


def normalize_name(value: str) -> str:
    """A name as the reference system compares it (pix-rules §4.1): ``[a-z0-9]`` only.

    :func:`base_letters` with ligatures dropped, not expanded (``"Cocœ"`` → ``"coc"``), as in the
    reference system, then every other character removed: ``"Jean-Éric"`` becomes
    ``"jeaneric"``; a name in another script may become empty. Matching and usernames use it.
    """
    return _NOT_ALNUM.sub("", base_letters(value, expand_ligatures=False))


def fold(value: str) -> str:
    """A key to search and sort names as a French reader expects.

    :func:`base_letters` with ligatures expanded (``"Œuvray"`` → ``"oeuvray"``), every run of
    other characters (spaces, hyphens, apostrophes) made one space: ``"N'Diaye-Éloi"`` →
    ``"n diaye eloi"``.
    """
    return _NOT_WORD.sub(" ", base_letters(value)).strip()


#: Longest first or last name a person may give, in characters.
MAX_PERSON_NAME_LENGTH = 255


def collapse_spaces(value: str) -> str:
    """``value`` trimmed, each run of white space made one space."""
    return " ".join(value.split())


#: Unicode categories never allowed in a person's name: control characters (Cc), format
#: characters (Cf: the bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
#: the zero-width U+200B–U+200D, U+2060 and U+FEFF, soft hyphens), surrogates (Cs), private use
#: (Co) and unassigned code points (Cn). With them a name can look exactly like another one.
FORBIDDEN_NAME_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def has_hidden_characters(value: str) -> bool:
    """Whether ``value`` holds a character of :data:`FORBIDDEN_NAME_CATEGORIES`."""
    if value.isascii():
        return not value.isprintable()
    category = unicodedata.category
    return any(category(c) in FORBIDDEN_NAME_CATEGORIES for c in value)


def person_name_errors(first_name: str, last_name: str) -> dict[str, str]:
    """The French message for each missing, too long or disguised name (``first_name`` and
    ``last_name`` keys).

    The names are expected collapsed (:func:`collapse_spaces`); they are the person's own, so the
    messages say "Votre". A name holding an invisible or formatting character
    (:func:`has_hidden_characters`) is refused: this is the one check for every name a person
    types (sign-up, administrator access request).
    """
    errors: dict[str, str] = {}
    for key, value, noun in (("first_name", first_name, "prénom"), ("last_name", last_name, "nom")):
        if not value:
            errors[key] = f"Votre {noun} n'est pas renseigné."
        elif len(value) > MAX_PERSON_NAME_LENGTH:
            errors[key] = f"Votre {noun} ne doit pas dépasser {MAX_PERSON_NAME_LENGTH} caractères."
        elif has_hidden_characters(value):
            errors[key] = (
                f"Votre {noun} contient un caractère invisible ou de mise en forme "
                "(espace de largeur nulle, inversion du sens d'écriture, caractère de contrôle) : "
                "retirez-le."
            )
    return errors

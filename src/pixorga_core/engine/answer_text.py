"""Typed answers as the checker compares them: typography, tolerances, numbers.

Every comparison, even one without any tolerance, starts with :func:`typography`: Unicode
composition (NFC: ``"e"`` + combining acute is ``"é"``), non-breaking, narrow and other spaces
made plain spaces (zero-width ones removed), typographic quotes and guillemets made ``"``
(``« énergie »`` is ``"énergie"``), apostrophes made ``'``, dashes and minus signs made ``-``,
and the text stripped. Then each tolerance the challenge names applies, independently:

- t1 (:data:`~pixorga_core.domain.referential.Tolerance.T1`): case and accents folded by
  :func:`pixorga_core.names.base_letters`, and **every** space removed (``"a b c"`` is
  ``"abc"``);
- t2: punctuation **and symbols** (Unicode categories P and S: ``- _ . , : ; ! ? $ ^ = ~`` …)
  removed, not turned into spaces;
- t3: a typo forgiven (a distance, see :func:`pixorga_core.engine.answers.matches`).

A challenge with a :class:`~pixorga_core.domain.referential.NumberFormat` also compares
answers as numbers (:func:`parse_number`): ``"25 000"`` = ``"25000"``, ``"123,0"`` = ``"123"``,
``"4000 px"`` = ``"4000"`` when ``px`` is one of its units, ``"trois"`` = ``"3"``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from pixorga_core.domain.referential import NumberFormat, Tolerance
from pixorga_core.names import base_letters

_SPACES = "\u00a0\u202f\u2007\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_QUOTES = "“”„‟〝〞＂″"
_APOSTROPHES = "’‘‚‛ʼ´`′ʹ"
_DASHES = "‐‑‒–—―−﹘﹣－"
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_ZERO_WIDTH, ""),
        **dict.fromkeys(_QUOTES, '"'),
        **dict.fromkeys(_APOSTROPHES, "'"),
        **dict.fromkeys(_DASHES, "-"),
    }
)
_OPENING_GUILLEMET = re.compile(r"[«‹]\s*")
_CLOSING_GUILLEMET = re.compile(r"\s*[»›]")
_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)\s*(?P<int>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<frac>\d+))?\s*(?P<unit>.*)$"
)
#: Numbers a pupil may write in words (folded by base_letters, spaces and hyphens removed).
NUMBER_WORDS = {
    "zero": 0,
    "un": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "dixsept": 17,
    "dixhuit": 18,
    "dixneuf": 19,
    "vingt": 20,
    "une": 1,
}


def typography(text: str) -> str:
    """``text`` with its composition, spaces, quotes, apostrophes and dashes normalised."""
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)
    text = _CLOSING_GUILLEMET.sub('"', _OPENING_GUILLEMET.sub('"', text))
    return text.strip()


def normalize(text: str, tolerances: frozenset[Tolerance]) -> str:
    """``text`` as the tolerances compare it (t3 adds nothing here: it is a distance)."""
    text = typography(text)
    if Tolerance.T1 in tolerances:
        text = "".join(base_letters(text).split())
    if Tolerance.T2 in tolerances:
        category = unicodedata.category
        text = "".join(c for c in text if category(c)[0] not in "PS")
        text = " ".join(text.split())
    return text


def parse_number(text: str, number: NumberFormat) -> Decimal | None:
    """The value of ``text`` read as a number in one of ``number.units`` (None if it is not).

    Spaces may group the digits by three; the decimal mark is a comma or a point; the unit,
    if any, must be one of ``number.units`` (case, accents and a final point ignored).
    """
    text = typography(text)
    folded = "".join(base_letters(text).replace("-", "").split())
    if folded in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[folded])
    found = _NUMBER.match(text)
    if found is None:
        return None
    unit = _unit(found.group("unit"))
    if unit and unit not in {_unit(u) for u in number.units}:
        return None
    digits = found.group("int").replace(" ", "")
    frac = found.group("frac") or "0"
    try:
        value = Decimal(f"{digits}.{frac}")
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
    return -value if found.group("sign") == "-" else value


def _unit(text: str) -> str:
    return "".join(base_letters(text).split()).rstrip(".")

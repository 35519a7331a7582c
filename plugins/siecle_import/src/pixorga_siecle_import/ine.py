"""The national pupil identifier (INE) and its check characters (formats.md §B.1, §B.2).

The check rules are used for warnings only, never to refuse a pupil: the RNIE rule is derived
from real values, not documented by the Ministry, and Pix itself checks nothing but presence and
uniqueness.
"""

from __future__ import annotations

import enum
import re

from pixorga_core.domain.organizations import CHECK_ALPHABET

__all__ = ["IneKind", "bea_check_letter", "classify", "normalize_ine", "rnie_check_letters"]

_RNIE_DIGITS = "ABCDEFGHJK"  # 0..9 -> letter, I skipped

_RNIE = re.compile(r"^\d{9}[A-Z]{2}$")
_BEA = re.compile(r"^\d{10}[A-Z]$")
_APPRENTICE = re.compile(r"^\d{4}A\d{5}[A-Z]$")


class IneKind(enum.StrEnum):
    RNIE = "rnie"  #: 9 digits + 2 check letters, issued since 2018
    BEA = "bea"  #: 10 digits + 1 check letter, the academic base before 2018
    APPRENTICE = "apprentice"  #: 4 digits, "A", 5 digits, 1 letter (no known check rule)
    UNKNOWN = "unknown"


def normalize_ine(value: str) -> str:
    """Trimmed and upper-cased, as stored and compared."""
    return value.strip().upper()


def rnie_check_letters(body: str) -> str:
    """The two check letters of an RNIE INE whose 9 digits are ``body``."""
    key = 97 - int(body) % 97
    return _RNIE_DIGITS[key // 10] + _RNIE_DIGITS[key % 10]


def bea_check_letter(body: str) -> str:
    """The check letter of a BEA INE whose 10 digits are ``body``."""
    return CHECK_ALPHABET[int(body) % 23]


def classify(ine: str) -> tuple[IneKind, bool | None]:
    """The shape of a normalized INE and whether its check characters are right.

    The second item is ``None`` when the shape has no known check rule.
    """
    if _RNIE.match(ine):
        return IneKind.RNIE, rnie_check_letters(ine[:9]) == ine[9:]
    if _BEA.match(ine):
        return IneKind.BEA, bea_check_letter(ine[:10]) == ine[10]
    if _APPRENTICE.match(ine):
        return IneKind.APPRENTICE, None
    return IneKind.UNKNOWN, None

"""Organizations (schools) and the identifiers that name them."""

from __future__ import annotations

import enum
import re
from datetime import datetime

import attrs

#: The 23-letter alphabet of the UAI and INE-BEA check letters (no I, O, Q).
CHECK_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"

_UAI_SHAPE = re.compile(r"^(0[0-8]\d|09[0-5]|9[78]\d|[67]20)\d{4}[A-Z]$")


class OrganizationType(enum.StrEnum):
    """Kinds of organization; pixorga is built for SCO (secondary schools)."""

    SCO = "SCO"
    SCO_1D = "SCO-1D"
    SUP = "SUP"
    PRO = "PRO"


def normalize_uai(value: str) -> str:
    """Trim and upper-case a UAI, the form in which it is stored and compared."""
    return value.strip().upper()


def uai_check_letter(first_seven: str) -> str:
    """Return the check letter of a UAI from its first seven characters (formats.md §B.3).

    Corsican departments are written ``620`` (2A) and ``720`` (2B) in a UAI, so the seven
    characters are always digits.
    """
    return CHECK_ALPHABET[int(first_seven) % 23]


def is_valid_uai(value: str) -> bool:
    """Tell whether ``value`` (already normalized) has the shape and check letter of a UAI."""
    if not _UAI_SHAPE.match(value):
        return False
    return uai_check_letter(value[:7]) == value[7]


@attrs.frozen(kw_only=True)
class Organization:
    """A school space: its identity, its contact mailbox and how its pupils sign in."""

    id: int
    name: str
    type: OrganizationType
    uai: str | None
    email: str | None
    is_managing_students: bool
    identity_provider: str | None
    archived_at: datetime | None
    created_at: datetime

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_sco_managing_students(self) -> bool:
        return self.type is OrganizationType.SCO and self.is_managing_students

"""E-mail addresses: normalisation and a strict-enough syntax check."""

from __future__ import annotations

import re

MAX_LENGTH = 254
# One @, a local part without spaces or control characters, a dotted domain with a TLD.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


def normalize_email(value: str) -> str:
    return value.strip().lower()


def is_valid_email(value: str) -> bool:
    """Tell whether ``value`` (normalised) is an address pixorga accepts.

    Refuses anything with whitespace or control characters, so an address can never smuggle an
    extra header into a message.
    """
    return len(value) <= MAX_LENGTH and _EMAIL.match(value) is not None and ".." not in value

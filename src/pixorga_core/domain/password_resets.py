"""« Mot de passe oublié »: the single-use reset links and their limits (pure logic, no I/O).

A link carries a token of 32 random bytes drawn with :mod:`secrets` (43 URL-safe characters);
the database keeps only its SHA-256 (:func:`hash_token`), so a copy of the database opens no
account. A link works once and for :data:`RESET_VALIDITY`.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import re
import secrets
from datetime import timedelta

#: How long a reset link works.
RESET_VALIDITY = timedelta(hours=1)
#: Requests per address, and per client, in :data:`REQUEST_WINDOW`.
REQUESTS_PER_ADDRESS = 3
REQUESTS_PER_CLIENT = 10
REQUEST_WINDOW = timedelta(hours=1)
TOKEN_LENGTH = 43
_TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_TOKEN_LIKE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
REDACTED_TOKEN = "[lien retiré après envoi]"  # noqa: S105 - a placeholder


class ResetLinkState(enum.StrEnum):
    """Where a reset link stands."""

    USABLE = "usable"
    USED = "used"  #: its password was set, or a newer link of the account was used
    EXPIRED = "expired"
    UNKNOWN = "unknown"  #: no such token (mistyped, or from another server)


def new_token() -> str:
    """A fresh, unguessable token (``secrets``, 256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the database keeps of a token: its SHA-256 in URL-safe base64 (43 characters).

    A token has 256 random bits: a fast hash is enough, nobody can search that space.
    """
    digest = hashlib.sha256(token.encode("ascii", errors="replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def looks_like_token(value: str) -> bool:
    """Whether ``value`` has the shape of a token (cheap check before any query)."""
    return len(value) == TOKEN_LENGTH and all(c in _TOKEN_ALPHABET for c in value)


def redact_tokens(text: str) -> str:
    """``text`` with every token-shaped word replaced (a reset e-mail, once delivered)."""
    return _TOKEN_LIKE.sub(REDACTED_TOKEN, text)

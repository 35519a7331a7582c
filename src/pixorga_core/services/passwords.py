"""Password policy and hashing (argon2id through argon2-cffi)."""

from __future__ import annotations

import contextlib
import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
MAX_LENGTH = 255
POLICY_MESSAGE = (
    "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une "
    "majuscule, une minuscule et un chiffre."
)


def policy_violation(password: str) -> str | None:
    """The French policy message when ``password`` breaks the policy (pix-rules §5), else None."""
    if len(password) > MAX_LENGTH:
        return "Votre mot de passe ne doit pas dépasser 255 caractères."
    if (
        len(password) < MIN_LENGTH
        or not any(c.isupper() for c in password)
        or not any(c.islower() for c in password)
        or not any(c.isdigit() for c in password)
    ):
        return POLICY_MESSAGE
    return None


@functools.cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check ``password``; with no hash, still spend the time of a check (no timing oracle)."""
    if password_hash is None:
        _spend(password)
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@functools.cache
def _dummy_hash() -> str:
    return _hasher().hash("pixorga-no-such-user")


def _spend(password: str) -> None:
    with contextlib.suppress(VerificationError):
        _hasher().verify(_dummy_hash(), password + "\0")

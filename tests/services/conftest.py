from __future__ import annotations

import functools

import pytest
from argon2 import PasswordHasher

from pixorga_core.services import passwords

#: Far cheaper than the production parameters, so that tests can afford dozens of login attempts.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    """Hash and verify passwords with real but cheap argon2id parameters."""
    monkeypatch.setattr(passwords, "_hasher", lambda: CHEAP_HASHER)
    monkeypatch.setattr(
        passwords, "_dummy_hash", functools.cache(lambda: CHEAP_HASHER.hash("no-such-user"))
    )
    return CHEAP_HASHER

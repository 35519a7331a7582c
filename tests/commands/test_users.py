"""``pixorga users unblock LOGIN`` (issue #13, point 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from pixorga_core.cli import build_cli
from pixorga_core.storage.repositories import users as users_repo
from pixorga_core.testing import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("cheap_hashing")

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def cheap_hashing(monkeypatch):
    import functools

    from argon2 import PasswordHasher

    from pixorga_core.services import passwords

    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", lambda: hasher)
    monkeypatch.setattr(passwords, "_dummy_hash", functools.cache(lambda: hasher.hash("x")))


def invoke(settings, hooks, *args):
    return CliRunner().invoke(build_cli(settings, hooks), list(args), catch_exceptions=False)


def test_users_unblock_lifts_the_permanent_block(settings, hooks, engine, factories, session):
    from pixorga_core.services import accounts

    user = factories.user()
    for hour in range(50):  # an hour apart: past every temporary block
        accounts.authenticate(session, user.email, "Mauvais123", now=T0 + timedelta(hours=hour))
    session.commit()
    assert users_repo.get_login_attempts(session, user.id).is_blocked
    session.close()

    result = invoke(settings, hooks, "users", "unblock", user.email.upper())
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "unblocked"
    attempts = users_repo.get_login_attempts(session, user.id)
    assert not attempts.is_blocked
    assert attempts.failure_count == 0
    assert accounts.authenticate(session, user.email, TEST_PASSWORD).error is None
    session.commit()
    session.close()  # on SQLite an open transaction holds the write lock

    again = invoke(settings, hooks, "users", "unblock", user.email)
    assert again.output.strip() == "not blocked (failures cleared)"


def test_users_unblock_an_unknown_login_fails_cleanly(settings, hooks, engine):
    result = invoke(settings, hooks, "users", "unblock", "personne@ecole.test")
    assert result.exit_code == 1
    assert "Aucun compte ne correspond à cet identifiant." in result.output
    assert "Traceback" not in result.output

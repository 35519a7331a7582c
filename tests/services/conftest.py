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


@pytest.fixture
def acting_as(session):
    """``acting_as(user_id, organization_id)``: the OrgaContext the app's guard would build.

    ``None`` for nobody logged in (the services then refuse: "Vous devez être connecté…"); a
    user who is not a member of the organization is refused while the context is built, as the
    guard refuses them.
    """
    from pixorga_core.services import orga

    def build(user_id: int | None, organization_id: int) -> orga.OrgaContext | None:
        if user_id is None:
            return None
        return orga.context_for(session, user_id, organization_id)

    return build


def snapshot_tables(session, *names: str) -> dict[str, list[tuple]]:
    """Every column of every row of the tables ``names`` (all tables when none), ordered by
    primary key, as this session's transaction sees them: compare before and after a refusal."""
    from sqlalchemy import select

    from pixorga_core.storage.models import Base

    session.flush()
    tables = [Base.metadata.tables[n] for n in names] if names else Base.metadata.sorted_tables
    return {
        table.name: [
            tuple(row)
            for row in session.execute(select(table).order_by(*table.primary_key.columns))
        ]
        for table in tables
    }


@pytest.fixture
def table_snapshot(session):
    """``table_snapshot(*names)``: :func:`snapshot_tables` on the test's session."""
    return functools.partial(snapshot_tables, session)

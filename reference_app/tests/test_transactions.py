"""Requests and SQLite's write lock: pages that only read never wait behind a writer."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from pixorga_core.domain.memberships import Role
from pixorga_core.storage.db import make_engine

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The app's engine, giving up on a lock after a fraction of a second (not 30 s)."""
    engine = make_engine(database_url, connect_args={"timeout": 0.3})
    yield engine
    engine.dispose()


@pytest.fixture
def school(factories, session):
    school = factories.organization(name="Collège des Tilleuls")
    teacher = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, teacher, Role.MEMBER)
    factories.learner(school, first_name="Zoé", last_name="Œuvray", division="3 C")
    session.commit()
    session.close()
    return school


@pytest.fixture
def begins(engine: Engine) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return seen


def hold_write_lock(database_url: str) -> sqlite3.Connection:
    """A second, real connection in BEGIN IMMEDIATE, as an import in another process."""
    conn = sqlite3.connect(Path(database_url.removeprefix("sqlite:///")), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE users SET first_name = first_name")
    return conn


def test_a_page_is_read_while_another_connection_holds_the_write_lock(
    web, school, login, database_url, begins
):
    login("prof@ecole.test")
    begins.clear()
    writer = hold_write_lock(database_url)
    try:
        start = time.perf_counter()
        page = web.get(f"/etablissements/{school.id}/eleves")
        elapsed = time.perf_counter() - start
    finally:
        writer.rollback()
        writer.close()
    assert "Œuvray" in page.text
    assert elapsed < 0.25  # did not wait for the lock
    assert begins == ["BEGIN"]


def test_a_form_still_takes_the_write_lock_at_begin(web, school, login, database_url, begins):
    page = web.get("/connexion")
    form = page.forms[0]
    form["login"] = "prof@ecole.test"
    form["password"] = "not the password"
    begins.clear()
    writer = hold_write_lock(database_url)
    try:
        refused = form.submit(status="*")
    finally:
        writer.rollback()
        writer.close()
    assert begins == ["BEGIN IMMEDIATE"]
    assert refused.status_int == 500  # the lock was not released in time: nothing was written
    assert form.submit(status=401).status_int == 401  # the lock released, the same form works

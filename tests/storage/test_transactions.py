"""Transactions: pixorga's sessionmaker and its listeners, read-only and write transactions."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core import events
from pixorga_core.storage.db import (
    factory_of,
    make_engine,
    make_sessionmaker,
    open_session,
    transaction,
)
from pixorga_core.storage.models import UserRow


def test_a_host_applications_sessionmaker_gets_no_pixorga_listeners(engine: Engine) -> None:
    pixorga_sessions = make_sessionmaker(engine)
    host_sessions = sessionmaker(bind=engine)
    with pixorga_sessions() as ours, host_sessions() as theirs:
        assert events.has_listeners(ours)
        assert not events.has_listeners(theirs)
    with Session(engine) as plain, host_sessions() as later:
        assert not events.has_listeners(plain)
        assert not events.has_listeners(later)
    assert factory_of(pixorga_sessions()) is pixorga_sessions
    assert factory_of(host_sessions()) is None


def test_a_host_session_handed_to_pixorga_gets_the_listeners_alone(engine: Engine) -> None:
    host_sessions = sessionmaker(bind=engine)
    calls: list[str] = []
    with host_sessions() as handed, host_sessions() as other:
        handed.execute(text("SELECT 1"))
        events.after_commit(handed, lambda: calls.append("ran"), description="test")
        handed.commit()
        assert calls == ["ran"]
        assert events.has_listeners(handed)
        assert not events.has_listeners(other)
    with host_sessions() as later:
        assert not events.has_listeners(later)


def test_listeners_are_attached_even_where_sqlalchemys_registry_is_stale(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLAlchemy's registry is keyed by id(target): a factory or session made at the address of
    # a dead one that had the listeners may be "found" there until the garbage collector runs.
    monkeypatch.setattr(event, "contains", lambda *args: True)
    calls: list[str] = []
    with make_sessionmaker(engine)() as ours:
        assert events.has_listeners(ours)
    with sessionmaker(bind=engine)() as handed:
        handed.execute(text("SELECT 1"))
        events.after_commit(handed, lambda: calls.append("ran"), description="test")
        handed.commit()
    assert calls == ["ran"]


def test_transaction_state_lives_as_long_as_the_outermost_transaction(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        session.execute(text("SELECT 1"))
        first = events.transaction_state(session, "test.state", list)
        first.append("kept")
        with session.begin_nested():
            assert events.transaction_state(session, "test.state", list) is first
        session.commit()
        session.execute(text("SELECT 1"))
        assert events.transaction_state(session, "test.state", list) == []
        session.rollback()
        assert events.transaction_state(session, "test.state", list) == []


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.fixture
def quick_engine(database_url: str) -> Iterator[Engine]:
    """An engine that gives up waiting for a lock after a fraction of a second."""
    engine = make_engine(database_url, connect_args={"timeout": 0.3})
    yield engine
    engine.dispose()


@pytest.fixture
def writer(database_url: str) -> Iterator[sqlite3.Connection]:
    """A second, real connection holding SQLite's write lock (BEGIN IMMEDIATE), as an import
    in another process would."""
    path = Path(database_url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE users SET first_name = first_name")
    yield conn
    conn.rollback()
    conn.close()


def begins(engine: Engine) -> list[str]:
    """The BEGIN statements the engine's connections emit, recorded as they run."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.startswith(("BEGIN", "SET TRANSACTION", "PRAGMA query_only")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return seen


@pytest.mark.sqlite_only
def test_a_read_only_transaction_proceeds_while_another_connection_writes(
    quick_engine: Engine, writer: sqlite3.Connection
) -> None:
    sessions = make_sessionmaker(quick_engine)
    seen = begins(quick_engine)
    start = time.perf_counter()
    with transaction(sessions, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(UserRow)) == 0
    assert time.perf_counter() - start < 0.25  # never waited for the lock
    assert seen == ["PRAGMA query_only=ON", "BEGIN"]


@pytest.mark.sqlite_only
def test_a_write_transaction_still_takes_the_write_lock_at_begin(
    quick_engine: Engine, writer: sqlite3.Connection
) -> None:
    sessions = make_sessionmaker(quick_engine)
    seen = begins(quick_engine)
    with pytest.raises(OperationalError, match="locked"), transaction(sessions) as session:
        session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE waits for the writer, then gives up
    assert seen == ["BEGIN IMMEDIATE"]


@pytest.mark.sqlite_only
def test_a_write_after_a_read_only_transaction_turns_query_only_off(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    seen = begins(engine)
    with transaction(sessions, read_only=True) as session:
        session.execute(text("SELECT 1"))
    with transaction(sessions) as session:  # the same pooled connection
        session.execute(text("UPDATE users SET first_name = first_name"))
    assert seen == ["PRAGMA query_only=ON", "BEGIN", "PRAGMA query_only=OFF", "BEGIN IMMEDIATE"]


def test_a_write_in_a_read_only_transaction_fails_loudly(
    sessions: sessionmaker[Session],
) -> None:
    with (
        pytest.raises(DBAPIError, match=r"(?i)read.?only"),
        transaction(sessions, read_only=True) as session,
    ):
        session.execute(text("UPDATE users SET first_name = first_name"))


def test_a_read_only_session_is_read_only_in_every_transaction(
    sessions: sessionmaker[Session],
) -> None:
    with open_session(sessions, read_only=True) as session:
        session.execute(text("SELECT 1"))
        session.commit()
        with pytest.raises(DBAPIError, match=r"(?i)read.?only"):
            session.execute(text("UPDATE users SET first_name = first_name"))


def test_read_only_sessions_need_pixorgas_factory(engine: Engine) -> None:
    with pytest.raises(ValueError, match="make_sessionmaker"):
        open_session(sessionmaker(bind=engine), read_only=True)

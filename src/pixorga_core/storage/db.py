"""Engines, session factories and the transaction helper.

The Session *is* the unit of work. Services receive one and never commit; the caller (a web
request, a CLI command, a test) frames the transaction with :func:`transaction` (or opens the
session with :func:`open_session` and commits it).

Sessions come from :func:`make_sessionmaker`, which carries pixorga's after-commit listeners
(:mod:`pixorga_core.events`): a host application's own sessionmakers get none.

A transaction is a write transaction unless it is opened ``read_only``:

* on SQLite, a write transaction takes the write lock at ``BEGIN IMMEDIATE``, so two processes
  never both read-then-write and deadlock at commit; a read-only one is a plain (deferred)
  ``BEGIN`` that never waits for a writer (WAL mode: readers see the last commit), and runs with
  ``PRAGMA query_only`` so that a write in it fails at once instead of waiting for the lock;
* on PostgreSQL, a read-only transaction is ``SET TRANSACTION READ ONLY``: a write fails loudly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core import events

#: The execution option that marks a connection's transactions read-only.
READ_ONLY_OPTION = "pixorga_read_only"
_FACTORY_KEY = "pixorga.sessionmaker"
_READ_ONLY_BIND_KEY = "pixorga.read_only_bind"
_QUERY_ONLY_KEY = "pixorga.query_only"


def make_engine(database_url: str, **kwargs: Any) -> Engine:
    """Create an engine for ``database_url``; SQLite gets foreign keys, WAL and a busy timeout."""
    if database_url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
        engine = create_engine(database_url, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(database_url, **kwargs)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _postgresql_on_begin)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (views read them without new queries).

    They run pixorga's after-commit queues (:func:`pixorga_core.events.install`).
    """
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    factory.configure(
        info={
            _FACTORY_KEY: factory,
            _READ_ONLY_BIND_KEY: engine.execution_options(**{READ_ONLY_OPTION: True}),
        }
    )
    events.install(factory)
    return factory


def open_session(factory: sessionmaker[Session], *, read_only: bool = False) -> Session:
    """A new session of ``factory``; with ``read_only``, every transaction it begins is read-only.

    Read-only sessions are for requests that only read (web GET and HEAD, exports): on SQLite
    they never wait behind a writer. ``factory`` must come from :func:`make_sessionmaker` for
    ``read_only``.
    """
    if not read_only:
        return factory()
    bind = factory.kw.get("info", {}).get(_READ_ONLY_BIND_KEY)
    if bind is None:
        msg = "read-only sessions need a factory made by pixorga_core.storage.db.make_sessionmaker"
        raise ValueError(msg)
    return factory(bind=bind)


@contextmanager
def transaction(factory: sessionmaker[Session], *, read_only: bool = False) -> Iterator[Session]:
    """Open a session, begin, commit on success, roll back on any exception, close.

    ``read_only``: see :func:`open_session`.
    """
    with open_session(factory, read_only=read_only) as session, session.begin():
        yield session


def factory_of(session: Session) -> sessionmaker[Session] | None:
    """The :func:`make_sessionmaker` factory that made ``session`` (``None`` for another one)."""
    factory: sessionmaker[Session] | None = session.info.get(_FACTORY_KEY)
    return factory


def is_read_only(connection: Connection) -> bool:
    """Whether ``connection`` runs read-only transactions (from a read-only session)."""
    return bool(connection.get_execution_options().get(READ_ONLY_OPTION))


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, emit BEGIN (so transactions and SAVEPOINTs behave), and turn
    # on what a multi-process web app needs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # IMMEDIATE takes the write lock at BEGIN, so two processes never both read-then-write and
    # deadlock at commit; readers are not blocked in WAL mode, and a read-only transaction is a
    # deferred BEGIN that takes no lock. query_only is a property of the connection, kept in its
    # pool record's info so that the next write transaction on it turns it off again.
    if is_read_only(conn):
        if not conn.info.get(_QUERY_ONLY_KEY):
            conn.exec_driver_sql("PRAGMA query_only=ON")
            conn.info[_QUERY_ONLY_KEY] = True
        conn.exec_driver_sql("BEGIN")
        return
    if conn.info.pop(_QUERY_ONLY_KEY, False):
        conn.exec_driver_sql("PRAGMA query_only=OFF")
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _postgresql_on_begin(conn: Connection) -> None:
    # The driver opens the transaction with the first statement: this one, then.
    if is_read_only(conn):
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")

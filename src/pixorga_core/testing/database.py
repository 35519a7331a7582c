"""Test databases: the ``database_url`` fixture and what builds on it, on SQLite and PostgreSQL.

Part of the ``pixorga_core.testing`` pytest plugin. Each test that uses ``database_url``
(directly or through ``engine``, ``sessions``, ``session`` or ``factories``) runs once per
backend of ``--pixorga-backends`` (default: ``sqlite,postgresql``), on a fresh copy of a template
database migrated once per test session. PostgreSQL runs when ``--pixorga-postgresql-url`` or
``PIXORGA_TEST_POSTGRESQL_URL`` names a server (its user must be allowed to create databases);
otherwise those runs are skipped, or fail when ``PIXORGA_REQUIRE_POSTGRESQL=1`` (as in CI).
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core.storage import migrate
from pixorga_core.storage.db import make_engine, make_sessionmaker, transaction

__all__ = [
    "BACKENDS",
    "POSTGRESQL_URL_ENV",
    "REQUIRE_POSTGRESQL_ENV",
    "learner_rows",
    "table_snapshot",
]

POSTGRESQL_URL_ENV = "PIXORGA_TEST_POSTGRESQL_URL"
REQUIRE_POSTGRESQL_ENV = "PIXORGA_REQUIRE_POSTGRESQL"
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pixorga")
    group.addoption(
        "--pixorga-postgresql-url",
        default=os.environ.get(POSTGRESQL_URL_ENV),
        help=f"PostgreSQL server for the database tests (default: ${POSTGRESQL_URL_ENV}).",
    )
    group.addoption(
        "--pixorga-backends",
        default=",".join(BACKENDS),
        help="Comma-separated database backends to run the database tests on.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: run a database test on SQLite only")
    backends = config.getoption("--pixorga-backends").split(",")
    if os.environ.get(REQUIRE_POSTGRESQL_ENV, "") not in {"", "0"} and "postgresql" not in backends:
        msg = (
            f"{REQUIRE_POSTGRESQL_ENV} is set but --pixorga-backends={','.join(backends)} leaves "
            "PostgreSQL out: unset the variable to run on SQLite only"
        )
        raise pytest.UsageError(msg)
    unknown = sorted(set(backends) - set(BACKENDS) - {""})
    if unknown:
        known = ", ".join(BACKENDS)
        msg = f"--pixorga-backends: unknown backend(s) {', '.join(unknown)} (known: {known})"
        raise pytest.UsageError(msg)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" not in metafunc.fixturenames:
        return
    backends = [b for b in metafunc.config.getoption("--pixorga-backends").split(",") if b]
    if metafunc.definition.get_closest_marker("sqlite_only"):
        backends = [b for b in backends if b == "sqlite"]
    metafunc.parametrize("database_backend", backends, indirect=True, scope="function")


_counter = itertools.count()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pixorga-template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _postgresql_template(request: pytest.FixtureRequest) -> Iterator[tuple[str, str] | None]:
    server_url = request.config.getoption("--pixorga-postgresql-url")
    if not server_url:
        yield None
        return
    name = f"pixorga_tpl_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine(server_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield server_url, name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _admin_engine(server_url: str) -> Engine:
    return create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=None)


@pytest.fixture
def database_backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, database_backend: str, tmp_path: Path
) -> Iterator[str]:
    """A fresh database at the latest schema, dropped after the test."""
    if database_backend == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "pixorga.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    pg = request.getfixturevalue("_postgresql_template")
    if pg is None:
        if os.environ.get(REQUIRE_POSTGRESQL_ENV, "") not in {"", "0"}:
            pytest.fail(f"{REQUIRE_POSTGRESQL_ENV} is set but no PostgreSQL URL was given")
        pytest.skip(f"no PostgreSQL server (set {POSTGRESQL_URL_ENV})")
    server_url, template_name = pg
    name = f"pixorga_t_{os.getpid()}_{next(_counter)}"
    admin = _admin_engine(server_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


def learner_rows(sessions: sessionmaker[Session]) -> list[tuple[str, str | None, bool]]:
    """Every learner in the database as (INE, division, is_disabled), sorted.

    Compare it before and after a refused import to show that nothing changed. It opens a short
    session of its own (on SQLite an open transaction would hold the write lock).
    """
    from pixorga_core.storage.models import OrganizationLearnerRow as Row

    with sessions() as session:
        rows = session.execute(select(Row.national_student_id, Row.division, Row.is_disabled))
        return sorted((ine, division, disabled) for ine, division, disabled in rows)


Snapshot = dict[str, list[tuple[object, ...]]]


def table_snapshot(sessions: sessionmaker[Session], *tables: str) -> Snapshot:
    """Every column of every row of ``tables`` (all of pixorga's tables by default), by key.

    What "nothing changed" means: compare a snapshot taken before a refused operation with one
    taken after (``assert table_snapshot(sessions) == before``). Rows are ordered by primary
    key; a short read-only session of its own reads them, so it never waits behind a writer
    (a test's own ``session`` may be holding SQLite's write lock).
    """
    from pixorga_core.storage.models import Base

    known = Base.metadata.tables
    unknown = sorted(set(tables) - set(known))
    if unknown:
        msg = f"no such table: {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        raise ValueError(msg)
    snapshot: Snapshot = {}
    with transaction(sessions, read_only=True) as session:
        for name in tables or sorted(known):
            table = known[name]
            order = list(table.primary_key.columns) or list(table.columns)
            rows = session.execute(select(table).order_by(*order))
            snapshot[name] = [tuple(row) for row in rows]
    return snapshot

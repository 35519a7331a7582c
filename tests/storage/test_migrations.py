from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, inspect

from pixorga_core.storage import migrate
from pixorga_core.storage.db import make_engine
from pixorga_core.storage.models import Base


def diffs(engine, metadata: MetaData) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_migrated_database_matches_the_models(engine):
    assert diffs(engine, Base.metadata) == []


@pytest.mark.sqlite_only
def test_comparison_detects_a_model_the_migrations_lack(engine):
    # Proves the previous test can fail: a column missing from the migrations is reported.
    metadata = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    metadata.tables["users"].append_column(Column("shoe_size", Integer, nullable=True))
    found = diffs(engine, metadata)
    assert any(d[0] == "add_column" and d[3].name == "shoe_size" for d in found)


def test_database_is_at_the_head_revision(engine):
    head = migrate.head_revision()
    assert head is not None
    assert migrate.current_revision(engine) == head
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_upgrade_is_idempotent(engine):
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert diffs(engine, Base.metadata) == []


def test_upgrade_creates_an_empty_sqlite_database(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert diffs(engine, Base.metadata) == []
    finally:
        engine.dispose()


def test_sqlite_connections_enforce_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()

"""Migrations one step at a time, with data in every table, up to the head and back down.

The other migration tests start from an empty database; a school upgrading pixorga has data.
At each revision every table gets a row (values made from the column types), and every row
written so far must come through each later step unchanged in the columns it had.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from pixorga_core.storage import migrate

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC).replace(tzinfo=None)


def _value(table: sa.Table, column: sa.Column, tables: dict[str, sa.Table]) -> object:
    if column.foreign_keys:
        return 1  # the row written in the referenced table (tables are filled in FK order)
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.JSON):
        return {"sample": [1, "deux"]}
    if isinstance(kind, sa.Float):
        return 0.5
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.DateTime):
        return NOW
    if isinstance(kind, sa.Date):
        return date(2012, 3, 14)
    if isinstance(kind, sa.String | sa.Text):
        length = getattr(kind, "length", None) or 40
        return f"{table.name}.{column.name}"[:length]
    msg = f"no sample value for {table.name}.{column.name} ({kind!r})"
    raise AssertionError(msg)


def fill_new_tables(engine: sa.Engine, written: dict[str, dict[str, object]]) -> None:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version" or table.name in written:
                continue
            row = {c.name: _value(table, c, metadata.tables) for c in table.columns}
            connection.execute(table.insert().values(**row))
            written[table.name] = row


def assert_rows_kept(engine: sa.Engine, written: dict[str, dict[str, object]]) -> None:
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        for name, row in written.items():
            rows = [dict(r._mapping) for r in connection.execute(sa.select(metadata.tables[name]))]
            assert len(rows) == 1, (name, rows)
            kept = {k: rows[0][k] for k in row}
            assert kept == row, name


def tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_every_step_up_and_down_keeps_the_data(engine):
    revisions = migrate.revisions()
    assert revisions[0] == "0001"
    assert revisions[-1] == migrate.head_revision()
    migrate.downgrade(engine, "base")
    assert tables(engine) == set()

    written: dict[str, dict[str, object]] = {}
    tables_at: dict[str, set[str]] = {}
    for revision in revisions:
        migrate.upgrade(engine, revision)
        assert migrate.current_revision(engine) == revision
        assert_rows_kept(engine, written)
        fill_new_tables(engine, written)
        tables_at[revision] = tables(engine)
    assert set(written) == tables(engine)

    for previous in [*reversed(revisions[:-1]), "base"]:
        migrate.downgrade(engine, previous)
        assert migrate.current_revision(engine) == (None if previous == "base" else previous)
        assert tables(engine) == tables_at.get(previous, set())
        assert_rows_kept(engine, {k: v for k, v in written.items() if k in tables(engine)})
    assert tables(engine) == set()
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()

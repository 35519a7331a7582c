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


#: Columns a step rewrites on purpose (its own test checks how): after that step they are no
#: longer compared. 0006 replaces every invitation code by its hash.
REWRITTEN = {"0006": {"invitations": {"code"}}}


def _throttle_of_admin_request(row: dict[str, object]) -> dict[str, object]:
    return {
        "scope": "admin_request_client",
        "key_hash": row["client_hash"],
        "request_count": row["request_count"],
        "window_start": row["window_start"],
    }


#: Tables a step replaces: their rows must reach the new table, as this function says.
REPLACED = {"0009": {"admin_request_clients": ("request_throttles", _throttle_of_admin_request)}}


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
        for table, columns in REWRITTEN.get(revision, {}).items():
            for column in columns:
                written[table].pop(column)
        for old, (new, convert) in REPLACED.get(revision, {}).items():
            written[new] = convert(written.pop(old))
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


def test_0006_hashes_the_codes_and_links_keep_working(engine):
    from pixorga_core.domain.invitations import hash_code
    from pixorga_core.services import invitations
    from pixorga_core.storage.db import make_sessionmaker

    migrate.downgrade(engine, "base")
    migrate.upgrade(engine, "0005")
    metadata = sa.MetaData()
    metadata.reflect(engine)
    organizations, invitations_table = (
        metadata.tables["organizations"],
        metadata.tables["invitations"],
    )
    with engine.begin() as connection:
        school = {c.name: _value(organizations, c, metadata.tables) for c in organizations.columns}
        school.update(archived_at=None, type="SCO")
        connection.execute(organizations.insert().values(**school))
        base = {
            c.name: _value(invitations_table, c, metadata.tables) for c in invitations_table.columns
        }
        for number, (code, role, status) in enumerate(
            [
                ("ABCDEFGHJK", "ADMIN", "pending"),
                ("KJHGFEDCBA", None, "pending"),
                ("AAAAABBBBB", "ADMIN", "accepted"),
            ],
            start=1,
        ):
            connection.execute(
                invitations_table.insert().values(
                    {**base, "id": number, "code": code, "role": role, "status": status}
                )
            )
    migrate.upgrade(engine, "0006")
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, code_hash, expires_at FROM invitations ORDER BY id")
        ).all()
    assert [r[1] for r in rows] == [
        hash_code(c) for c in ("ABCDEFGHJK", "KJHGFEDCBA", "AAAAABBBBB")
    ]
    assert rows[0][2] is not None  # the pending administrator invitation: 7 days from now
    assert rows[1][2] is None
    assert rows[2][2] is None
    migrate.upgrade(engine)  # today's code reads today's schema; the hashed links still work
    with make_sessionmaker(engine)() as session:
        view = invitations.open_invitation(session, 1, "ABCDEFGHJK")
        assert view.invitation.id == 1
        assert invitations.open_invitation(session, 2, "KJHGFEDCBA")
    migrate.downgrade(engine, "0005")  # runs; the codes stay hashes (no link works any more)
    with engine.connect() as connection:
        codes = connection.execute(sa.text("SELECT code FROM invitations ORDER BY id")).scalars()
        assert list(codes) == [r[1] for r in rows]
    migrate.downgrade(engine, "base")
    migrate.upgrade(engine)

"""Inserting many rows at driver speed.

SQLAlchemy's executemany prepares each row's parameters in Python (a dictionary per row, the
column types' conversions per value), which costs as much as the database's own work on a
100 000-pupil import. :func:`insert_rows` compiles the ``INSERT`` once, converts each value with
the very converters SQLAlchemy would use for the session's database (dates on SQLite, the UTC
datetimes of :class:`~pixorga_core.storage.models.UTCDateTime`…), converts the values shared by
every row once, and hands plain tuples to the driver's ``executemany``. It runs on the session's
connection, so inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Table, bindparam, insert
from sqlalchemy.orm import Session


def insert_rows(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
    *,
    chunk_size: int = 5000,
) -> None:
    """Insert ``rows`` (values in ``columns`` order) into ``table``, each with ``constants``.

    ``rows`` is read ``chunk_size`` rows at a time (one ``executemany`` each), so a generator
    keeps memory flat. Nothing is done when it is empty.
    """
    constants = dict(constants or {})
    connection = session.connection()
    dialect = connection.dialect
    names = (*columns, *constants)
    statement = insert(table).values({name: bindparam(name) for name in names})
    compiled = statement.compile(dialect=dialect)
    converters: list[Callable[[Any], Any] | None] = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    shared = tuple(
        value if convert is None else convert(value)
        for value, convert in zip(constants.values(), converters[len(columns) :], strict=True)
    )
    row_converters = [
        (index, convert) for index, convert in enumerate(converters[: len(columns)]) if convert
    ]

    def prepared(row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for index, convert in row_converters:
            values[index] = convert(values[index])
        return (*values, *shared)

    order = [names.index(name) for name in compiled.positiontup or ()]
    iterator = iter(rows)
    while chunk := list(islice(iterator, chunk_size)):
        parameters: list[tuple[Any, ...]] | list[dict[str, Any]]
        if compiled.positional:
            parameters = [tuple(values[i] for i in order) for values in map(prepared, chunk)]
        else:
            # Named parameters (psycopg's %(name)s): the bind names are the column names.
            parameters = [dict(zip(names, values, strict=True)) for values in map(prepared, chunk)]
        connection.exec_driver_sql(compiled.string, parameters)

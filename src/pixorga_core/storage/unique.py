"""Writes that a UNIQUE constraint may refuse when two requests race: the two idioms, once.

* :func:`insert_ignoring_duplicates`: ``INSERT … ON CONFLICT DO NOTHING`` (PostgreSQL and
  SQLite), for a row that must exist before it is locked (login attempts, throttles);
* :func:`add_unless_taken`: an ORM insert in a SAVEPOINT, for a row whose unique value may have
  just been taken by another request (codes, participations, assessments): the caller's
  transaction goes on, and the caller decides what to do (draw another code, read the winner).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def insert_ignoring_duplicates(session: Session, model: Any, **values: Any) -> None:
    """Insert a row of ``model`` unless one with the same unique key exists."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing())


def add_unless_taken(session: Session, row: Any) -> bool:
    """Add ``row`` in a SAVEPOINT; False, and nothing written, when a UNIQUE constraint refuses."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True

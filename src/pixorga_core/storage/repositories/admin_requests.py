"""« Demande d'accès administrateur »: how many requests each client made this hour."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pixorga_core.storage.models import AdminRequestClientRow
from pixorga_core.storage.unique import insert_ignoring_duplicates


def count_request(
    session: Session, client_hash: str, now: datetime, *, window: timedelta, limit: int
) -> bool:
    """Count one request of ``client_hash``; False (and nothing counted) when the client has
    made ``limit`` requests in its current ``window`` already.

    The client's row is created if needed and read ``FOR UPDATE`` (PostgreSQL; SQLite takes the
    write lock at ``BEGIN IMMEDIATE``): parallel requests of one client wait for each other, so
    N requests count N whatever the threads or processes serving them. Rows whose window is
    over are purged first (they count as absent anyway).
    """
    session.execute(
        delete(AdminRequestClientRow).where(AdminRequestClientRow.window_start <= now - window)
    )
    insert_ignoring_duplicates(
        session, AdminRequestClientRow, client_hash=client_hash, request_count=0, window_start=now
    )
    row = session.scalars(
        select(AdminRequestClientRow)
        .where(AdminRequestClientRow.client_hash == client_hash)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if row.request_count >= limit:
        return False
    session.execute(
        update(AdminRequestClientRow)
        .where(AdminRequestClientRow.client_hash == client_hash)
        .values(request_count=AdminRequestClientRow.request_count + 1)
    )
    return True

"""Throttles of anonymous actions: how many requests of one kind each key made this window."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pixorga_core.storage.models import RequestThrottleRow
from pixorga_core.storage.unique import insert_ignoring_duplicates


def key_hash(key: str) -> str:
    """What is stored of a throttle's key (a client's address, an e-mail): its SHA-256."""
    return hashlib.sha256(key.encode("utf-8", errors="replace")).hexdigest()


def count_request(
    session: Session, scope: str, key: str, now: datetime, *, window: timedelta, limit: int
) -> bool:
    """Count one request of ``key`` in ``scope``; False (and nothing counted) when the key has
    made ``limit`` requests in its current ``window`` already.

    The key's row is created if needed and read ``FOR UPDATE`` (PostgreSQL; SQLite takes the
    write lock at ``BEGIN IMMEDIATE``): parallel requests of one key wait for each other, so N
    requests count N whatever the threads or processes serving them. Rows of ``scope`` whose
    window is over are purged first (they count as absent anyway). Only the key's hash is kept.
    """
    hashed = key_hash(key)
    session.execute(
        delete(RequestThrottleRow).where(
            RequestThrottleRow.scope == scope, RequestThrottleRow.window_start <= now - window
        )
    )
    insert_ignoring_duplicates(
        session, RequestThrottleRow, scope=scope, key_hash=hashed, request_count=0, window_start=now
    )
    row = session.scalars(
        select(RequestThrottleRow)
        .where(RequestThrottleRow.scope == scope, RequestThrottleRow.key_hash == hashed)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if row.request_count >= limit:
        return False
    session.execute(
        update(RequestThrottleRow)
        .where(RequestThrottleRow.scope == scope, RequestThrottleRow.key_hash == hashed)
        .values(request_count=RequestThrottleRow.request_count + 1)
    )
    return True

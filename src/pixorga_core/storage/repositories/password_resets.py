"""« Mot de passe oublié » links: stored by their token's hash, used at most once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.password_resets import ResetLinkState
from pixorga_core.storage.models import PasswordResetRow

#: Links are forgotten this long after they expired (the table stays small).
MEMORY = timedelta(days=1)


def add(
    session: Session, *, user_id: int, token_hash: str, now: datetime, expires_at: datetime
) -> None:
    """Record a new link of ``user_id`` (and forget links expired for a day)."""
    session.execute(delete(PasswordResetRow).where(PasswordResetRow.expires_at < now - MEMORY))
    session.add(
        PasswordResetRow(
            user_id=user_id, token_hash=token_hash, created_at=now, expires_at=expires_at
        )
    )
    session.flush()


def state(session: Session, token_hash: str, now: datetime) -> tuple[ResetLinkState, int | None]:
    """Where the link of ``token_hash`` stands, and its user (``None`` when unknown)."""
    row = session.scalars(
        select(PasswordResetRow).where(PasswordResetRow.token_hash == token_hash)
    ).first()
    if row is None:
        return ResetLinkState.UNKNOWN, None
    if row.used_at is not None:
        return ResetLinkState.USED, row.user_id
    if row.expires_at <= now:
        return ResetLinkState.EXPIRED, row.user_id
    return ResetLinkState.USABLE, row.user_id


def use(session: Session, token_hash: str, now: datetime) -> int | None:
    """Mark the link used if it is usable now; its user, or ``None`` when it was not.

    One conditional UPDATE: of two requests using the same link at once, the second waits
    for the first's row lock (PostgreSQL) or write lock (SQLite), then finds it used.
    """
    used = session.execute(
        update(PasswordResetRow)
        .where(
            PasswordResetRow.token_hash == token_hash,
            PasswordResetRow.used_at.is_(None),
            PasswordResetRow.expires_at > now,
        )
        .values(used_at=now)
        .returning(PasswordResetRow.user_id)
        .execution_options(synchronize_session=False)
    ).first()
    return None if used is None else int(used[0])


def use_all(session: Session, user_id: int, now: datetime) -> None:
    """Mark every unused link of ``user_id`` used (its password has just been set)."""
    session.execute(
        update(PasswordResetRow)
        .where(PasswordResetRow.user_id == user_id, PasswordResetRow.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )

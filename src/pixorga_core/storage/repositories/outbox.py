"""The outbox: rendered messages and the state of their delivery."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.invitations import MailState
from pixorga_core.domain.messages import MessageKind, OutboundMessage, OutboxMessage, OutboxStatus
from pixorga_core.storage.models import OutboxMessageRow

MAX_SUBJECT_LENGTH = 255


def to_domain(row: OutboxMessageRow) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        kind=MessageKind(row.kind),
        recipient=row.recipient,
        subject=row.subject,
        text=row.text,
        html=row.html,
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        channel=row.channel,
        invitation_id=row.invitation_id,
        created_at=row.created_at,
        sent_at=row.sent_at,
    )


def add(
    session: Session, message: OutboundMessage, *, invitation_id: int | None, now: datetime
) -> OutboxMessage:
    row = OutboxMessageRow(
        kind=message.kind.value,
        recipient=message.recipient,
        subject=message.subject[:MAX_SUBJECT_LENGTH],
        text=message.text,
        html=message.html,
        status=OutboxStatus.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        invitation_id=invitation_id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return to_domain(row)


def get(session: Session, message_id: int) -> OutboxMessage | None:
    row = session.get(OutboxMessageRow, message_id)
    return to_domain(row) if row else None


def due_ids(session: Session, now: datetime, *, limit: int) -> list[int]:
    """Pending messages whose next attempt is due and that no sender holds, oldest first."""
    return list(
        session.scalars(
            select(OutboxMessageRow.id)
            .where(
                OutboxMessageRow.status == OutboxStatus.PENDING.value,
                or_(
                    OutboxMessageRow.next_attempt_at.is_(None),
                    OutboxMessageRow.next_attempt_at <= now,
                ),
                or_(
                    OutboxMessageRow.claimed_until.is_(None),
                    OutboxMessageRow.claimed_until < now,
                ),
            )
            .order_by(OutboxMessageRow.id)
            .limit(limit)
        )
    )


def claim(session: Session, message_id: int, now: datetime, until: datetime) -> bool:
    """Take the lease on a pending message; False when another sender holds it or it is done."""
    result = session.execute(
        update(OutboxMessageRow)
        .where(
            OutboxMessageRow.id == message_id,
            OutboxMessageRow.status == OutboxStatus.PENDING.value,
            or_(OutboxMessageRow.claimed_until.is_(None), OutboxMessageRow.claimed_until < now),
        )
        .values(claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def record_attempt(
    session: Session,
    message_id: int,
    *,
    status: OutboxStatus,
    channel: str | None,
    error: str | None,
    next_attempt_at: datetime | None,
    sent_at: datetime | None,
) -> None:
    row = session.get(OutboxMessageRow, message_id)
    assert row is not None
    row.status = status.value
    row.attempts += 1
    row.channel = channel
    row.last_error = error
    row.next_attempt_at = next_attempt_at
    row.sent_at = sent_at
    row.claimed_until = None
    session.flush()


def replace_bodies(session: Session, message_id: int, *, text: str, html: str | None) -> None:
    """Overwrite the stored bodies of a message (to redact what it no longer needs)."""
    session.execute(
        update(OutboxMessageRow)
        .where(OutboxMessageRow.id == message_id)
        .values(text=text, html=html)
    )


def make_due_now(session: Session, message_id: int, now: datetime) -> None:
    session.execute(
        update(OutboxMessageRow)
        .where(OutboxMessageRow.id == message_id)
        .values(next_attempt_at=now)
    )


def cancel_for_invitation(session: Session, invitation_id: int) -> None:
    session.execute(
        update(OutboxMessageRow)
        .where(
            OutboxMessageRow.invitation_id == invitation_id,
            OutboxMessageRow.status == OutboxStatus.PENDING.value,
        )
        .values(status=OutboxStatus.CANCELLED.value, next_attempt_at=None)
    )


def invitation_mail_states(
    session: Session, invitation_ids: Collection[int]
) -> dict[int, MailState]:
    """For each invitation, where its latest (not cancelled) e-mail stands."""
    if not invitation_ids:
        return {}
    rows = session.execute(
        select(OutboxMessageRow.invitation_id, OutboxMessageRow.status, OutboxMessageRow.attempts)
        .where(
            and_(
                OutboxMessageRow.invitation_id.in_(list(invitation_ids)),
                OutboxMessageRow.status != OutboxStatus.CANCELLED.value,
            )
        )
        .order_by(OutboxMessageRow.id)
    ).all()
    states: dict[int, MailState] = {}
    for invitation_id, status, attempts in rows:  # the latest message wins
        if invitation_id is not None:
            states[invitation_id] = MailState.of_message(OutboxStatus(status), attempts)
    return states


def list_messages(
    session: Session, *, status: OutboxStatus | None = None, limit: int = 50
) -> list[OutboxMessage]:
    query = select(OutboxMessageRow).order_by(OutboxMessageRow.id.desc()).limit(limit)
    if status is not None:
        query = query.where(OutboxMessageRow.status == status.value)
    return [to_domain(r) for r in session.scalars(query)]

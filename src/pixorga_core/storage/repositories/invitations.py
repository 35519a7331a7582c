"""Invitations to join an organization."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.invitations import Invitation, InvitationOrigin, InvitationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.storage.models import InvitationRow


def to_domain(row: InvitationRow) -> Invitation:
    return Invitation(
        id=row.id,
        organization_id=row.organization_id,
        email=row.email,
        code_hash=row.code_hash,
        role=Role(row.role) if row.role else None,
        status=InvitationStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        expires_at=row.expires_at,
        origin=InvitationOrigin(row.origin) if row.origin else None,
        invited_by_user_id=row.invited_by_user_id,
    )


def add(
    session: Session,
    *,
    organization_id: int,
    email: str,
    code_hash: str,
    role: Role | None,
    now: datetime,
    expires_at: datetime | None,
    origin: InvitationOrigin,
    invited_by_user_id: int | None = None,
) -> Invitation:
    row = InvitationRow(
        origin=origin.value,
        invited_by_user_id=invited_by_user_id,
        organization_id=organization_id,
        email=email,
        code_hash=code_hash,
        role=role.value if role else None,
        status=InvitationStatus.PENDING.value,
        created_at=now,
        updated_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return to_domain(row)


def get(session: Session, invitation_id: int) -> Invitation | None:
    row = session.get(InvitationRow, invitation_id)
    return to_domain(row) if row else None


def _usable(now: datetime) -> ColumnElement[bool]:
    return or_(InvitationRow.expires_at.is_(None), InvitationRow.expires_at > now)


def find_pending(
    session: Session, organization_id: int, email: str, now: datetime
) -> Invitation | None:
    """The oldest pending, not expired invitation of ``email`` to the organization."""
    row = session.scalars(
        select(InvitationRow)
        .where(
            InvitationRow.organization_id == organization_id,
            InvitationRow.email == email,
            InvitationRow.status == InvitationStatus.PENDING.value,
            _usable(now),
        )
        .order_by(InvitationRow.id)
    ).first()
    return to_domain(row) if row else None


def last_sent_at(session: Session, organization_id: int, email: str) -> datetime | None:
    """When an invitation (of any status) was last sent to ``email`` for the organization."""
    return session.scalars(
        select(InvitationRow.updated_at)
        .where(InvitationRow.organization_id == organization_id, InvitationRow.email == email)
        .order_by(InvitationRow.updated_at.desc())
    ).first()


def renew_code(
    session: Session,
    invitation_id: int,
    *,
    code_hash: str,
    now: datetime,
    expires_at: datetime | None,
    role: Role | None = None,
    origin: InvitationOrigin | None = None,
    invited_by_user_id: int | None = None,
) -> Invitation:
    """Record a new sending with a new code (the old link stops working) and a new expiry;
    optionally change the role and who asked. ``updated_at`` is the date the team page shows."""
    values: dict[str, object] = {"updated_at": now, "code_hash": code_hash}
    values["expires_at"] = expires_at
    if role is not None:
        values["role"] = role.value
    if origin is not None:
        values["origin"] = origin.value
        values["invited_by_user_id"] = invited_by_user_id
    session.execute(update(InvitationRow).where(InvitationRow.id == invitation_id).values(values))
    row = session.get(InvitationRow, invitation_id, populate_existing=True)
    assert row is not None
    return to_domain(row)


def change_status_if_pending(
    session: Session, invitation_id: int, status: InvitationStatus, now: datetime
) -> bool:
    """Move a *pending* invitation to ``status``; False when it was no longer pending.

    One conditional UPDATE, so two concurrent acceptances cannot both succeed.
    """
    result = session.execute(
        update(InvitationRow)
        .where(
            InvitationRow.id == invitation_id,
            InvitationRow.status == InvitationStatus.PENDING.value,
        )
        .values(status=status.value, updated_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def list_pending(session: Session, organization_id: int, now: datetime) -> list[Invitation]:
    """Pending invitations whose link still works (expired ones are left out)."""
    rows = session.scalars(
        select(InvitationRow)
        .where(
            InvitationRow.organization_id == organization_id,
            InvitationRow.status == InvitationStatus.PENDING.value,
            _usable(now),
        )
        .order_by(InvitationRow.updated_at.desc(), InvitationRow.id.desc())
    )
    return [to_domain(r) for r in rows]

"""Invitations to join an organization."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.invitations import Invitation, InvitationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.storage.models import InvitationRow


def to_domain(row: InvitationRow) -> Invitation:
    return Invitation(
        id=row.id,
        organization_id=row.organization_id,
        email=row.email,
        code=row.code,
        role=Role(row.role) if row.role else None,
        status=InvitationStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def add(
    session: Session,
    *,
    organization_id: int,
    email: str,
    code: str,
    role: Role | None,
    now: datetime,
) -> Invitation:
    row = InvitationRow(
        organization_id=organization_id,
        email=email,
        code=code,
        role=role.value if role else None,
        status=InvitationStatus.PENDING.value,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return to_domain(row)


def get(session: Session, invitation_id: int) -> Invitation | None:
    row = session.get(InvitationRow, invitation_id)
    return to_domain(row) if row else None


def find_pending(session: Session, organization_id: int, email: str) -> Invitation | None:
    row = session.scalars(
        select(InvitationRow)
        .where(
            InvitationRow.organization_id == organization_id,
            InvitationRow.email == email,
            InvitationRow.status == InvitationStatus.PENDING.value,
        )
        .order_by(InvitationRow.id)
    ).first()
    return to_domain(row) if row else None


def touch(session: Session, invitation_id: int, now: datetime, role: Role | None = None) -> None:
    """Record a new sending (the date the team page shows); optionally change the role."""
    values: dict[str, object] = {"updated_at": now}
    if role is not None:
        values["role"] = role.value
    session.execute(update(InvitationRow).where(InvitationRow.id == invitation_id).values(values))


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


def list_pending(session: Session, organization_id: int) -> list[Invitation]:
    rows = session.scalars(
        select(InvitationRow)
        .where(
            InvitationRow.organization_id == organization_id,
            InvitationRow.status == InvitationStatus.PENDING.value,
        )
        .order_by(InvitationRow.updated_at.desc(), InvitationRow.id.desc())
    )
    return [to_domain(r) for r in rows]

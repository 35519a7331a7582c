"""Memberships and each user's current organization."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.users import User
from pixorga_core.storage.models import MembershipRow, UserOrgaSettingsRow, UserRow
from pixorga_core.storage.repositories.users import to_domain as user_to_domain


def to_domain(row: MembershipRow) -> Membership:
    return Membership(
        id=row.id,
        organization_id=row.organization_id,
        user_id=row.user_id,
        role=Role(row.role),
        disabled_at=row.disabled_at,
        created_at=row.created_at,
        updated_by_user_id=row.updated_by_user_id,
    )


def upsert(
    session: Session,
    *,
    organization_id: int,
    user_id: int,
    role: Role,
    now: datetime,
    updated_by_user_id: int | None = None,
) -> Membership:
    """Create the membership, or re-activate it with ``role`` if it was disabled or exists."""
    row = session.scalars(
        select(MembershipRow).where(
            MembershipRow.organization_id == organization_id, MembershipRow.user_id == user_id
        )
    ).first()
    if row is None:
        row = MembershipRow(
            organization_id=organization_id,
            user_id=user_id,
            role=role.value,
            created_at=now,
            updated_at=now,
            updated_by_user_id=updated_by_user_id,
        )
        session.add(row)
    else:
        row.role = role.value
        row.disabled_at = None
        row.updated_at = now
        row.updated_by_user_id = updated_by_user_id
    session.flush()
    return to_domain(row)


def find_active(session: Session, organization_id: int, user_id: int) -> Membership | None:
    row = session.scalars(
        select(MembershipRow).where(
            MembershipRow.organization_id == organization_id,
            MembershipRow.user_id == user_id,
            MembershipRow.disabled_at.is_(None),
        )
    ).first()
    return to_domain(row) if row else None


def list_active_for_user(session: Session, user_id: int) -> list[Membership]:
    rows = session.scalars(
        select(MembershipRow)
        .where(MembershipRow.user_id == user_id, MembershipRow.disabled_at.is_(None))
        .order_by(MembershipRow.organization_id)
    )
    return [to_domain(r) for r in rows]


def count_active(session: Session, organization_id: int, role: Role | None = None) -> int:
    """Active memberships of an organization (with ``role`` only, when given)."""
    query = (
        select(func.count())
        .select_from(MembershipRow)
        .where(
            MembershipRow.organization_id == organization_id,
            MembershipRow.disabled_at.is_(None),
        )
    )
    if role is not None:
        query = query.where(MembershipRow.role == role.value)
    return int(session.scalar(query) or 0)


def get_current_organization_id(session: Session, user_id: int) -> int | None:
    row = session.get(UserOrgaSettingsRow, user_id)
    return row.current_organization_id if row else None


def set_current_organization_id(session: Session, user_id: int, organization_id: int) -> None:
    row = session.get(UserOrgaSettingsRow, user_id)
    if row is None:
        session.add(UserOrgaSettingsRow(user_id=user_id, current_organization_id=organization_id))
    else:
        row.current_organization_id = organization_id
    session.flush()


def get(session: Session, membership_id: int) -> Membership | None:
    row = session.get(MembershipRow, membership_id)
    return to_domain(row) if row else None


def count_active_admins(session: Session, organization_id: int) -> int:
    return count_active(session, organization_id, Role.ADMIN)


def set_role(
    session: Session, membership_id: int, role: Role, *, by_user_id: int, now: datetime
) -> Membership:
    row = session.get(MembershipRow, membership_id)
    assert row is not None
    row.role = role.value
    row.updated_by_user_id = by_user_id
    row.updated_at = now
    session.flush()
    return to_domain(row)


def disable(session: Session, membership_id: int, *, by_user_id: int, now: datetime) -> bool:
    """Disable an active membership; False when it was no longer active (a conditional UPDATE:
    of two administrators removing the same member at once, one wins)."""
    result = session.execute(
        update(MembershipRow)
        .where(MembershipRow.id == membership_id, MembershipRow.disabled_at.is_(None))
        .values(disabled_at=now, updated_by_user_id=by_user_id, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def page_active_members(
    session: Session, organization_id: int, *, limit: int, offset: int
) -> list[tuple[Membership, User]]:
    """One page of the active members, by last then first name."""
    rows = session.execute(
        select(MembershipRow, UserRow)
        .join(UserRow, UserRow.id == MembershipRow.user_id)
        .where(
            MembershipRow.organization_id == organization_id,
            MembershipRow.disabled_at.is_(None),
        )
        .order_by(UserRow.last_name, UserRow.first_name, UserRow.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [(to_domain(m), user_to_domain(u)) for m, u in rows]

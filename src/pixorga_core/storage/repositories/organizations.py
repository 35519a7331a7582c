"""Organizations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pixorga_core.domain.organizations import Organization, OrganizationType
from pixorga_core.errors import NotFoundError
from pixorga_core.storage.models import OrganizationRow


def to_domain(row: OrganizationRow) -> Organization:
    return Organization(
        id=row.id,
        name=row.name,
        type=OrganizationType(row.type),
        uai=row.uai,
        email=row.email,
        is_managing_students=row.is_managing_students,
        identity_provider=row.identity_provider,
        archived_at=row.archived_at,
        created_at=row.created_at,
    )


def add(
    session: Session,
    *,
    name: str,
    type: OrganizationType,
    uai: str | None,
    email: str | None,
    is_managing_students: bool,
    identity_provider: str | None,
    now: datetime,
) -> Organization:
    row = OrganizationRow(
        name=name,
        type=type.value,
        uai=uai,
        email=email,
        is_managing_students=is_managing_students,
        identity_provider=identity_provider,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return to_domain(row)


def get(session: Session, organization_id: int) -> Organization:
    row = session.get(OrganizationRow, organization_id)
    if row is None:
        msg = "Cette organisation est introuvable."
        raise NotFoundError(msg)
    return to_domain(row)


def find_by_uai(session: Session, uai: str) -> list[Organization]:
    rows = session.scalars(select(OrganizationRow).where(OrganizationRow.uai == uai))
    return [to_domain(r) for r in rows]


def get_many(session: Session, organization_ids: list[int]) -> dict[int, Organization]:
    if not organization_ids:
        return {}
    rows = session.scalars(select(OrganizationRow).where(OrganizationRow.id.in_(organization_ids)))
    return {r.id: to_domain(r) for r in rows}


def lock(session: Session, organization_id: int) -> Organization:
    """Read the organization with a row lock (PostgreSQL ``FOR UPDATE``) until the transaction
    ends, so that rules over its members (the last administrator) are checked one at a time.

    SQLite transactions already take the write lock at ``BEGIN IMMEDIATE``.
    """
    row = session.scalars(
        select(OrganizationRow).where(OrganizationRow.id == organization_id).with_for_update()
    ).first()
    if row is None:
        msg = "Cette organisation est introuvable."
        raise NotFoundError(msg)
    return to_domain(row)

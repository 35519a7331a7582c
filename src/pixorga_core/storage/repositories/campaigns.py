"""Campaigns: creation with a unique code, the list with its counts, edits, archiving, deletion."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from pixorga_core.domain.campaigns import Campaign, ParticipationStatus
from pixorga_core.domain.users import User
from pixorga_core.names import fold
from pixorga_core.storage.models import CampaignParticipationRow, CampaignRow, UserRow
from pixorga_core.storage.repositories.users import to_domain as user_to_domain
from pixorga_core.storage.unique import add_unless_taken


def to_domain(row: CampaignRow) -> Campaign:
    return Campaign(
        id=row.id,
        code=row.code,
        name=row.name,
        title=row.title,
        landing_text=row.landing_text,
        external_id_label=row.external_id_label,
        referential_id=row.referential_id,
        referential_version=row.referential_version,
        target_profile_id=row.target_profile_id,
        algorithm=row.algorithm,
        algorithm_options=dict(row.algorithm_options or {}),
        organization_id=row.organization_id,
        creator_id=row.creator_id,
        owner_id=row.owner_id,
        created_at=row.created_at,
        archived_at=row.archived_at,
        archived_by=row.archived_by,
        deleted_at=row.deleted_at,
        deleted_by=row.deleted_by,
    )


@attrs.frozen(kw_only=True)
class NewCampaignRow:
    """What a new campaign row holds, the code and ids aside."""

    name: str
    title: str | None
    landing_text: str | None
    external_id_label: str | None
    referential_id: str
    referential_version: str
    target_profile_id: str
    algorithm: str
    algorithm_options: Mapping[str, Any] = attrs.field(factory=dict)


def insert_if_code_free(
    session: Session,
    new: NewCampaignRow,
    *,
    code: str,
    organization_id: int,
    creator_id: int,
    now: datetime,
) -> Campaign | None:
    """Insert the campaign under ``code``, in a SAVEPOINT; ``None`` when the code is taken.

    The UNIQUE constraint on the code decides, so two creations at once never share a code;
    the caller draws another code and tries again.
    """
    row = CampaignRow(
        code=code,
        name=new.name,
        title=new.title,
        landing_text=new.landing_text,
        external_id_label=new.external_id_label,
        referential_id=new.referential_id,
        referential_version=new.referential_version,
        target_profile_id=new.target_profile_id,
        algorithm=new.algorithm,
        algorithm_options=dict(new.algorithm_options),
        organization_id=organization_id,
        creator_id=creator_id,
        owner_id=creator_id,
        created_at=now,
    )
    if not add_unless_taken(session, row):
        return None
    return to_domain(row)


def get(session: Session, campaign_id: int) -> Campaign | None:
    row = session.get(CampaignRow, campaign_id)
    return to_domain(row) if row else None


def find_by_code(session: Session, code: str) -> Campaign | None:
    """The campaign with ``code`` (normalised), deleted ones included: the caller decides."""
    row = session.scalars(select(CampaignRow).where(CampaignRow.code == code)).first()
    return to_domain(row) if row else None


def lock(session: Session, campaign_id: int) -> Campaign | None:
    """Read the campaign with a row lock (PostgreSQL ``FOR UPDATE``) until the transaction ends."""
    row = session.scalars(
        select(CampaignRow).where(CampaignRow.id == campaign_id).with_for_update()
    ).first()
    return to_domain(row) if row else None


@attrs.frozen(kw_only=True)
class CampaignCounts:
    participants: int = 0
    shared: int = 0


@attrs.frozen(kw_only=True)
class CampaignListRow:
    campaign: Campaign
    creator: User
    owner: User
    counts: CampaignCounts


def list_for_organization(
    session: Session,
    organization_id: int,
    *,
    archived: bool,
    owner_id: int | None = None,
) -> list[CampaignListRow]:
    """The organization's campaigns not deleted, archived or not, alphabetical by name.

    Each comes with its creator, its owner and its counts of participations not deleted
    (all of them, and those whose results were shared).
    """
    creator = aliased(UserRow)
    owner = aliased(UserRow)
    participation = CampaignParticipationRow
    counts = (
        select(
            participation.campaign_id.label("campaign_id"),
            func.count().label("participants"),
            func.sum(
                case((participation.status == ParticipationStatus.SHARED.value, 1), else_=0)
            ).label("shared"),
        )
        .where(participation.deleted_at.is_(None))
        .group_by(participation.campaign_id)
        .subquery()
    )
    query = (
        select(CampaignRow, creator, owner, counts.c.participants, counts.c.shared)
        .join(creator, creator.id == CampaignRow.creator_id)
        .join(owner, owner.id == CampaignRow.owner_id)
        .outerjoin(counts, counts.c.campaign_id == CampaignRow.id)
        .where(
            CampaignRow.organization_id == organization_id,
            CampaignRow.deleted_at.is_(None),
            CampaignRow.archived_at.is_not(None) if archived else CampaignRow.archived_at.is_(None),
        )
    )
    if owner_id is not None:
        query = query.where(CampaignRow.owner_id == owner_id)
    found = [
        CampaignListRow(
            campaign=to_domain(row),
            creator=user_to_domain(c),
            owner=user_to_domain(o),
            counts=CampaignCounts(participants=int(p or 0), shared=int(s or 0)),
        )
        for row, c, o, p, s in session.execute(query).all()
    ]
    # Alphabetical as a French reader expects (accents and case ignored): in Python, since
    # collations differ between SQLite and PostgreSQL; an organization has tens of campaigns.
    return sorted(found, key=lambda r: (fold(r.campaign.name), r.campaign.name, r.campaign.id))


def counts(session: Session, campaign_id: int) -> CampaignCounts:
    """The campaign's participations not deleted, and those shared."""
    participation = CampaignParticipationRow
    participants, shared = session.execute(
        select(
            func.count(),
            func.sum(case((participation.status == ParticipationStatus.SHARED.value, 1), else_=0)),
        ).where(participation.campaign_id == campaign_id, participation.deleted_at.is_(None))
    ).one()
    return CampaignCounts(participants=int(participants or 0), shared=int(shared or 0))


def update(
    session: Session,
    campaign_id: int,
    *,
    name: str,
    title: str | None,
    landing_text: str | None,
    owner_id: int,
) -> Campaign:
    row = session.get(CampaignRow, campaign_id)
    assert row is not None
    row.name, row.title, row.landing_text, row.owner_id = name, title, landing_text, owner_id
    session.flush()
    return to_domain(row)


def set_archived(
    session: Session, campaign_id: int, *, by_user_id: int | None, now: datetime | None
) -> Campaign:
    """Archive the campaign (``now`` given) or unarchive it (``now`` None: both fields cleared)."""
    row = session.get(CampaignRow, campaign_id)
    assert row is not None
    row.archived_at = now
    row.archived_by = by_user_id if now is not None else None
    session.flush()
    return to_domain(row)


def soft_delete(
    session: Session, campaign_id: int, *, by_user_id: int | None, now: datetime
) -> None:
    row = session.get(CampaignRow, campaign_id)
    assert row is not None
    row.deleted_at = now
    row.deleted_by = by_user_id
    session.flush()

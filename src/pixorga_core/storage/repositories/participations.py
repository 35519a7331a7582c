"""Campaign participations: joining (one per pupil), status, sharing with its snapshot, deletion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.assessments import KnowledgeElementSource, KnowledgeElementStatus
from pixorga_core.domain.campaigns import (
    CampaignParticipation,
    KnowledgeElementRecord,
    KnowledgeElementSnapshot,
    ParticipationStatus,
)
from pixorga_core.storage.models import CampaignParticipationRow, KnowledgeElementSnapshotRow
from pixorga_core.storage.unique import add_unless_taken


def to_domain(row: CampaignParticipationRow) -> CampaignParticipation:
    return CampaignParticipation(
        id=row.id,
        campaign_id=row.campaign_id,
        user_id=row.user_id,
        organization_learner_id=row.organization_learner_id,
        status=ParticipationStatus(row.status),
        external_id=row.external_id,
        created_at=row.created_at,
        shared_at=row.shared_at,
        mastery_rate=row.mastery_rate,
        validated_skills_count=row.validated_skills_count,
        total_skills_count=row.total_skills_count,
        pix_score=row.pix_score,
        validated_by_competence=row.validated_by_competence,
        deleted_at=row.deleted_at,
        deleted_by=row.deleted_by,
    )


def insert_if_new(
    session: Session,
    *,
    campaign_id: int,
    user_id: int,
    organization_learner_id: int | None,
    external_id: str | None,
    now: datetime,
) -> CampaignParticipation | None:
    """Start a participation, in a SAVEPOINT; ``None`` when the pupil (or the account) already
    has one not deleted in this campaign (the partial UNIQUE indexes decide, so two requests at
    once create one)."""
    row = CampaignParticipationRow(
        campaign_id=campaign_id,
        user_id=user_id,
        organization_learner_id=organization_learner_id,
        status=ParticipationStatus.STARTED.value,
        external_id=external_id,
        created_at=now,
    )
    if not add_unless_taken(session, row):
        return None
    return to_domain(row)


def get(session: Session, participation_id: int) -> CampaignParticipation | None:
    row = session.get(CampaignParticipationRow, participation_id)
    return to_domain(row) if row else None


def lock(session: Session, participation_id: int) -> CampaignParticipation | None:
    """Read the participation with a row lock (PostgreSQL ``FOR UPDATE``)."""
    row = session.scalars(
        select(CampaignParticipationRow)
        .where(CampaignParticipationRow.id == participation_id)
        .with_for_update()
    ).first()
    return to_domain(row) if row else None


def find_for_learner(
    session: Session, campaign_id: int, organization_learner_id: int
) -> CampaignParticipation | None:
    """The pupil's participation not deleted in the campaign, if any."""
    row = session.scalars(
        select(CampaignParticipationRow).where(
            CampaignParticipationRow.campaign_id == campaign_id,
            CampaignParticipationRow.organization_learner_id == organization_learner_id,
            CampaignParticipationRow.deleted_at.is_(None),
        )
    ).first()
    return to_domain(row) if row else None


def find_for_user(session: Session, campaign_id: int, user_id: int) -> CampaignParticipation | None:
    """The account's participation not deleted in the campaign, if any."""
    row = session.scalars(
        select(CampaignParticipationRow).where(
            CampaignParticipationRow.campaign_id == campaign_id,
            CampaignParticipationRow.user_id == user_id,
            CampaignParticipationRow.deleted_at.is_(None),
        )
    ).first()
    return to_domain(row) if row else None


def list_for_user(session: Session, user_id: int) -> list[CampaignParticipation]:
    """The account's participations not deleted, the latest first (« Mes parcours »)."""
    rows = session.scalars(
        select(CampaignParticipationRow)
        .where(
            CampaignParticipationRow.user_id == user_id,
            CampaignParticipationRow.deleted_at.is_(None),
        )
        .order_by(CampaignParticipationRow.created_at.desc(), CampaignParticipationRow.id.desc())
    )
    return [to_domain(r) for r in rows]


def list_for_campaign(session: Session, campaign_id: int) -> list[CampaignParticipation]:
    """The campaign's participations not deleted, in the order they started."""
    rows = session.scalars(
        select(CampaignParticipationRow)
        .where(
            CampaignParticipationRow.campaign_id == campaign_id,
            CampaignParticipationRow.deleted_at.is_(None),
        )
        .order_by(CampaignParticipationRow.id)
    )
    return [to_domain(r) for r in rows]


def set_status(
    session: Session, participation_id: int, status: ParticipationStatus
) -> CampaignParticipation:
    row = session.get(CampaignParticipationRow, participation_id)
    assert row is not None
    row.status = status.value
    session.flush()
    return to_domain(row)


def share(
    session: Session,
    participation_id: int,
    *,
    knowledge_elements: Iterable[KnowledgeElementRecord],
    mastery_rate: float,
    validated_skills_count: int,
    total_skills_count: int,
    pix_score: int,
    validated_by_competence: Mapping[str, int] | None = None,
    now: datetime,
) -> CampaignParticipation | None:
    """Mark the participation SHARED and snapshot ``knowledge_elements`` as they are now,
    with the snapshot's validated target skills per competence id (read by the export).

    Conditional on the status being TO_SHARE (a second « J'envoie mes résultats » changes
    nothing): ``None`` when it was not.
    """
    result = session.execute(
        update(CampaignParticipationRow)
        .where(
            CampaignParticipationRow.id == participation_id,
            CampaignParticipationRow.status == ParticipationStatus.TO_SHARE.value,
            CampaignParticipationRow.deleted_at.is_(None),
        )
        .values(
            status=ParticipationStatus.SHARED.value,
            shared_at=now,
            mastery_rate=mastery_rate,
            validated_skills_count=validated_skills_count,
            total_skills_count=total_skills_count,
            pix_score=pix_score,
            validated_by_competence=(
                dict(validated_by_competence) if validated_by_competence is not None else None
            ),
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    session.add_all(
        KnowledgeElementSnapshotRow(
            participation_id=participation_id,
            skill_id=ke.skill_id,
            status=ke.status.value,
            source=ke.source.value,
            earned_pix=ke.earned_pix,
            snapshot_at=now,
        )
        for ke in knowledge_elements
    )
    session.flush()
    row = session.get(CampaignParticipationRow, participation_id)
    assert row is not None
    session.refresh(row)
    return to_domain(row)


def snapshot(session: Session, participation_id: int) -> list[KnowledgeElementSnapshot]:
    """The knowledge elements snapshotted when the participation was shared (by skill id)."""
    rows = session.scalars(
        select(KnowledgeElementSnapshotRow)
        .where(KnowledgeElementSnapshotRow.participation_id == participation_id)
        .order_by(KnowledgeElementSnapshotRow.skill_id)
    )
    return [
        KnowledgeElementSnapshot(
            participation_id=r.participation_id,
            skill_id=r.skill_id,
            status=KnowledgeElementStatus(r.status),
            source=KnowledgeElementSource(r.source),
            earned_pix=r.earned_pix,
            snapshot_at=r.snapshot_at,
        )
        for r in rows
    ]


def delete_and_anonymise_for_campaign(
    session: Session, campaign_id: int, *, by_user_id: int | None, now: datetime
) -> int:
    """Soft-delete the campaign's participations, detaching who they were (pix-rules §7):
    the account, the pupil and the external id are cleared. Returns how many."""
    result = session.execute(
        update(CampaignParticipationRow)
        .where(
            CampaignParticipationRow.campaign_id == campaign_id,
            CampaignParticipationRow.deleted_at.is_(None),
        )
        .values(
            deleted_at=now,
            deleted_by=by_user_id,
            user_id=None,
            organization_learner_id=None,
            external_id=None,
        )
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0))

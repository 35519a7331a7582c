"""Following a campaign: the participants' light rows, their classes, and the per-skill counts of
the shared participations that the collective results and the analysis fold (SQL aggregation:
one row per skill comes back, whatever the number of pupils).

Every value typed by a user (a class, a status) is a bound parameter.
"""

from __future__ import annotations

from datetime import datetime

import attrs
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pixorga_core.domain.assessments import KnowledgeElementStatus
from pixorga_core.domain.campaign_results import SkillCounts
from pixorga_core.domain.campaigns import AssessmentStatus, ParticipationStatus
from pixorga_core.storage.models import (
    AssessmentRow,
    CampaignParticipationRow,
    KnowledgeElementRow,
    KnowledgeElementSnapshotRow,
    OrganizationLearnerRow,
    UserRow,
)

_P = CampaignParticipationRow
_L = OrganizationLearnerRow


@attrs.frozen(kw_only=True)
class ParticipantLight:
    """What the participant list reads of one participation (names from the pupil, else the
    account)."""

    participation_id: int
    first_name: str
    last_name: str
    division: str | None
    status: ParticipationStatus
    started_at: datetime
    shared_at: datetime | None
    #: Whether its test is completed, and how many knowledge elements it has so far (counted
    #: for the tests not completed only).
    completed: bool
    knowledge_count: int


def participants(
    session: Session,
    campaign_id: int,
    *,
    division: str | None = None,
    status: ParticipationStatus | None = None,
    participation_id: int | None = None,
) -> list[ParticipantLight]:
    """The campaign's participations not deleted (of one class, one status, or just one),
    unordered."""
    started = (
        select(
            AssessmentRow.participation_id.label("participation_id"),
            func.count(KnowledgeElementRow.id).label("known"),
        )
        .join(KnowledgeElementRow, KnowledgeElementRow.assessment_id == AssessmentRow.id)
        .where(
            AssessmentRow.campaign_id == campaign_id,
            AssessmentRow.participation_id.is_not(None),
            AssessmentRow.state != AssessmentStatus.COMPLETED.value,
        )
        .group_by(AssessmentRow.participation_id)
        .subquery()
    )
    completed = (
        select(AssessmentRow.participation_id)
        .where(
            AssessmentRow.participation_id == _P.id,
            AssessmentRow.state == AssessmentStatus.COMPLETED.value,
        )
        .exists()
    )
    statement = (
        select(
            _P.id,
            func.coalesce(_L.first_name, UserRow.first_name, ""),
            func.coalesce(_L.preferred_last_name, _L.last_name, UserRow.last_name, ""),
            _L.division,
            _P.status,
            _P.created_at,
            _P.shared_at,
            completed,
            func.coalesce(started.c.known, 0),
        )
        .select_from(_P)
        .outerjoin(_L, _L.id == _P.organization_learner_id)
        .outerjoin(UserRow, UserRow.id == _P.user_id)
        .outerjoin(started, started.c.participation_id == _P.id)
        .where(_P.campaign_id == campaign_id, _P.deleted_at.is_(None))
    )
    if division is not None:
        statement = statement.where(_L.division == division)
    if status is not None:
        statement = statement.where(_P.status == status.value)
    if participation_id is not None:
        statement = statement.where(_P.id == participation_id)
    return [
        ParticipantLight(
            participation_id=pid,
            first_name=first,
            last_name=last,
            division=div,
            status=ParticipationStatus(state),
            started_at=created,
            shared_at=shared,
            completed=bool(done) or state != ParticipationStatus.STARTED.value,
            knowledge_count=int(known),
        )
        for pid, first, last, div, state, created, shared, done, known in session.execute(statement)
    ]


def divisions(session: Session, campaign_id: int) -> list[str]:
    """The distinct non-empty classes of the campaign's participants (any order)."""
    statement = (
        select(_L.division)
        .select_from(_P)
        .join(_L, _L.id == _P.organization_learner_id)
        .where(_P.campaign_id == campaign_id, _P.deleted_at.is_(None), _L.division.is_not(None))
        .distinct()
    )
    return [d for d in session.scalars(statement) if d]


def skill_counts(session: Session, campaign_id: int, *, division: str | None = None) -> SkillCounts:
    """Over the campaign's shared participations (of ``division`` if given): how many, and per
    skill how many validated it in their snapshots."""
    shared = select(_P.id).where(
        _P.campaign_id == campaign_id,
        _P.deleted_at.is_(None),
        _P.status == ParticipationStatus.SHARED.value,
    )
    if division is not None:
        shared = shared.join(_L, _L.id == _P.organization_learner_id).where(_L.division == division)
    ids = shared.subquery()
    count = session.scalar(select(func.count()).select_from(ids)) or 0
    snapshot = KnowledgeElementSnapshotRow
    # Validated rows only, read from the covering index (participation, status, skill).
    rows = session.execute(
        select(snapshot.skill_id, func.count())
        .join(ids, ids.c.id == snapshot.participation_id)
        .where(snapshot.status == KnowledgeElementStatus.VALIDATED.value)
        .group_by(snapshot.skill_id)
    )
    validated = {skill_id: int(done) for skill_id, done in rows}
    return SkillCounts(shared=int(count), validated=validated)

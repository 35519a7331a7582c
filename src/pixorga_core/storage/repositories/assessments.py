"""Stored assessments: the current challenge, the answers and knowledge elements, reports.

Every step is a conditional write on the assessment row (``answer_count`` and
``current_challenge_id`` as the request read them), and the answers table is UNIQUE on
(assessment, challenge): a double submit, a second tab or the back button stores one answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.assessments import (
    AnswerStatus,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)
from pixorga_core.domain.campaigns import (
    AnswerRecord,
    Assessment,
    AssessmentStatus,
    ChallengeReport,
    KnowledgeElementRecord,
)
from pixorga_core.storage.models import (
    AnswerRow,
    AssessmentRow,
    ChallengeReportRow,
    KnowledgeElementRow,
)
from pixorga_core.storage.unique import add_unless_taken


def to_domain(row: AssessmentRow) -> Assessment:
    return Assessment(
        id=row.id,
        participation_id=row.participation_id,
        campaign_id=row.campaign_id,
        user_id=row.user_id,
        is_preview=row.is_preview,
        current_challenge_id=row.current_challenge_id,
        current_challenge_started_at=row.current_challenge_started_at,
        answer_count=row.answer_count,
        state=AssessmentStatus(row.state),
        created_at=row.created_at,
        completed_at=row.completed_at,
    )


def _answer(row: AnswerRow) -> AnswerRecord:
    return AnswerRecord(
        id=row.id,
        assessment_id=row.assessment_id,
        challenge_id=row.challenge_id,
        status=AnswerStatus(row.status),
        value=row.value,
        time_spent=row.time_spent,
        timed_out=row.timed_out,
        created_at=row.created_at,
    )


def _knowledge(row: KnowledgeElementRow) -> KnowledgeElementRecord:
    return KnowledgeElementRecord(
        id=row.id,
        assessment_id=row.assessment_id,
        answer_id=row.answer_id,
        skill_id=row.skill_id,
        status=KnowledgeElementStatus(row.status),
        source=KnowledgeElementSource(row.source),
        earned_pix=row.earned_pix,
        created_at=row.created_at,
    )


def create(
    session: Session,
    *,
    campaign_id: int,
    user_id: int,
    participation_id: int | None,
    now: datetime,
) -> Assessment | None:
    """A new assessment (a preview when ``participation_id`` is None), in a SAVEPOINT;
    ``None`` when the participation already has one (UNIQUE participation_id)."""
    row = AssessmentRow(
        campaign_id=campaign_id,
        user_id=user_id,
        participation_id=participation_id,
        is_preview=participation_id is None,
        answer_count=0,
        state=AssessmentStatus.STARTED.value,
        created_at=now,
    )
    if not add_unless_taken(session, row):
        return None
    return to_domain(row)


def get(session: Session, assessment_id: int) -> Assessment | None:
    row = session.get(AssessmentRow, assessment_id)
    if row is None:
        return None
    session.refresh(row)  # a conditional UPDATE may have changed it behind the identity map
    return to_domain(row)


def for_participation(session: Session, participation_id: int) -> Assessment | None:
    row = session.scalars(
        select(AssessmentRow).where(AssessmentRow.participation_id == participation_id)
    ).first()
    return to_domain(row) if row else None


def latest_preview(session: Session, campaign_id: int, user_id: int) -> Assessment | None:
    """The user's latest preview of the campaign (« Tester la campagne »), if any."""
    row = session.scalars(
        select(AssessmentRow)
        .where(
            AssessmentRow.campaign_id == campaign_id,
            AssessmentRow.user_id == user_id,
            AssessmentRow.is_preview.is_(True),
        )
        .order_by(AssessmentRow.id.desc())
    ).first()
    return to_domain(row) if row else None


def answers(session: Session, assessment_id: int) -> list[AnswerRecord]:
    """The assessment's answers in the order they were given."""
    rows = session.scalars(
        select(AnswerRow).where(AnswerRow.assessment_id == assessment_id).order_by(AnswerRow.id)
    )
    return [_answer(r) for r in rows]


def knowledge_elements(session: Session, assessment_id: int) -> list[KnowledgeElementRecord]:
    """The assessment's knowledge elements in the order they were produced."""
    rows = session.scalars(
        select(KnowledgeElementRow)
        .where(KnowledgeElementRow.assessment_id == assessment_id)
        .order_by(KnowledgeElementRow.id)
    )
    return [_knowledge(r) for r in rows]


def set_current_challenge(
    session: Session,
    assessment_id: int,
    *,
    answer_count: int,
    challenge_id: str | None,
    now: datetime,
) -> bool:
    """Store the challenge drawn for the next step, if the assessment is still at
    ``answer_count`` answers, started and without a current challenge; False otherwise (another
    request drew it first: read it again)."""
    result = session.execute(
        update(AssessmentRow)
        .where(
            AssessmentRow.id == assessment_id,
            AssessmentRow.answer_count == answer_count,
            AssessmentRow.current_challenge_id.is_(None),
            AssessmentRow.state == AssessmentStatus.STARTED.value,
        )
        .values(current_challenge_id=challenge_id, current_challenge_started_at=now)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


@attrs.frozen(kw_only=True)
class NewAnswer:
    challenge_id: str
    status: AnswerStatus
    value: str | None
    time_spent: int | None = None
    timed_out: bool = False


def record_answer(
    session: Session,
    assessment_id: int,
    *,
    answer_count: int,
    answer: NewAnswer,
    knowledge_elements: Iterable[KnowledgeElement],
    now: datetime,
) -> AnswerRecord | None:
    """Store the answer to the current challenge and its knowledge elements, and move the
    assessment on (``answer_count`` + 1, no current challenge), in the caller's transaction.

    Conditional on the assessment still being at ``answer_count`` answers with
    ``answer.challenge_id`` current; ``None`` when it is not (a double submit, another tab, an
    old page): nothing is written.
    """
    result = session.execute(
        update(AssessmentRow)
        .where(
            AssessmentRow.id == assessment_id,
            AssessmentRow.answer_count == answer_count,
            AssessmentRow.current_challenge_id == answer.challenge_id,
            AssessmentRow.state == AssessmentStatus.STARTED.value,
        )
        .values(
            answer_count=answer_count + 1,
            current_challenge_id=None,
            current_challenge_started_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    row = AnswerRow(
        assessment_id=assessment_id,
        challenge_id=answer.challenge_id,
        status=answer.status.value,
        value=answer.value,
        time_spent=answer.time_spent,
        timed_out=answer.timed_out,
        created_at=now,
    )
    session.add(row)
    session.flush()
    session.add_all(
        KnowledgeElementRow(
            assessment_id=assessment_id,
            answer_id=row.id,
            skill_id=ke.skill_id,
            status=ke.status.value,
            source=ke.source.value,
            earned_pix=ke.earned_pix,
            created_at=now,
        )
        for ke in knowledge_elements
    )
    session.flush()
    return _answer(row)


def complete(session: Session, assessment_id: int, *, now: datetime) -> bool:
    """Mark the assessment COMPLETED (no current challenge); False if it already was."""
    result = session.execute(
        update(AssessmentRow)
        .where(
            AssessmentRow.id == assessment_id,
            AssessmentRow.state == AssessmentStatus.STARTED.value,
        )
        .values(
            state=AssessmentStatus.COMPLETED.value,
            completed_at=now,
            current_challenge_id=None,
            current_challenge_started_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def anonymise_for_campaign(session: Session, campaign_id: int) -> None:
    """Detach the campaign's assessments from their accounts (the campaign is deleted)."""
    session.execute(
        update(AssessmentRow)
        .where(AssessmentRow.campaign_id == campaign_id)
        .values(user_id=None)
        .execution_options(synchronize_session="fetch")
    )


def add_report(
    session: Session, assessment_id: int, *, challenge_id: str, text: str, now: datetime
) -> ChallengeReport:
    row = ChallengeReportRow(
        assessment_id=assessment_id, challenge_id=challenge_id, text=text, created_at=now
    )
    session.add(row)
    session.flush()
    return ChallengeReport(
        id=row.id,
        assessment_id=row.assessment_id,
        challenge_id=row.challenge_id,
        text=row.text,
        created_at=row.created_at,
    )


def reports(session: Session, assessment_id: int) -> list[ChallengeReport]:
    rows = session.scalars(
        select(ChallengeReportRow)
        .where(ChallengeReportRow.assessment_id == assessment_id)
        .order_by(ChallengeReportRow.id)
    )
    return [
        ChallengeReport(
            id=r.id,
            assessment_id=r.assessment_id,
            challenge_id=r.challenge_id,
            text=r.text,
            created_at=r.created_at,
        )
        for r in rows
    ]

"""The answers campaigns stored, read for calibration (``pixorga calibrate --campaign``).

Answers of the campaigns' assessments taken by pupils (previews left out), joined through the
assessments: the assessment id stands for the test taker (one test, one ability).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from sqlalchemy import select
from sqlalchemy.orm import Session

from pixorga_core.domain.assessments import AnswerStatus
from pixorga_core.storage.models import AnswerRow, AssessmentRow


@attrs.frozen
class StoredAnswer:
    assessment_id: int
    challenge_id: str
    status: AnswerStatus


def answers_of_campaigns(session: Session, campaign_ids: Sequence[int]) -> list[StoredAnswer]:
    """Every answer of the campaigns' assessments that are not previews, by assessment then
    answer."""
    if not campaign_ids:
        return []
    rows = session.execute(
        select(AnswerRow.assessment_id, AnswerRow.challenge_id, AnswerRow.status)
        .join(AssessmentRow, AssessmentRow.id == AnswerRow.assessment_id)
        .where(
            AssessmentRow.campaign_id.in_(list(campaign_ids)), AssessmentRow.is_preview.is_(False)
        )
        .order_by(AnswerRow.assessment_id, AnswerRow.id)
    )
    return [StoredAnswer(a, c, AnswerStatus(s)) for a, c, s in rows]

"""« Signaler un problème »: the reports of a campaign's tests, for its teachers.

Reports are written by :func:`pixorga_core.storage.repositories.assessments.add_report`; they
belong to an assessment, hence to a campaign (a pupil's test or a member's preview).
"""

from __future__ import annotations

import attrs
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pixorga_core.domain.campaigns import ChallengeReport
from pixorga_core.storage.models import AssessmentRow, ChallengeReportRow


@attrs.frozen(kw_only=True)
class CampaignReport:
    """A report, and whether it came from a member's preview rather than a pupil's test."""

    report: ChallengeReport
    is_preview: bool


def count_for_campaign(session: Session, campaign_id: int) -> int:
    """How many reports the campaign's tests (previews included) received."""
    found = session.scalar(
        select(func.count())
        .select_from(ChallengeReportRow)
        .join(AssessmentRow, AssessmentRow.id == ChallengeReportRow.assessment_id)
        .where(AssessmentRow.campaign_id == campaign_id)
    )
    return int(found or 0)


def page_for_campaign(
    session: Session, campaign_id: int, *, limit: int, offset: int
) -> list[CampaignReport]:
    """The campaign's reports from ``offset`` on, the newest first."""
    rows = session.execute(
        select(ChallengeReportRow, AssessmentRow.is_preview)
        .join(AssessmentRow, AssessmentRow.id == ChallengeReportRow.assessment_id)
        .where(AssessmentRow.campaign_id == campaign_id)
        .order_by(ChallengeReportRow.created_at.desc(), ChallengeReportRow.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        CampaignReport(
            report=ChallengeReport(
                id=row.id,
                assessment_id=row.assessment_id,
                challenge_id=row.challenge_id,
                text=row.text,
                created_at=row.created_at,
            ),
            is_preview=bool(is_preview),
        )
        for row, is_preview in rows
    ]

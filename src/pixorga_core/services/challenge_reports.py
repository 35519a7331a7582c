"""« Signalements »: the problems pupils (and members trying a campaign) reported on its
challenges with « Signaler un problème », shown to the members of the campaign's school.

A report is written during the test (:func:`pixorga_core.services.assessments.report_problem`)
with the challenge id; this use case lists a campaign's reports, the newest first, a page at a
time, with the skill each challenge assesses read from the campaign's referential (left empty
when the referential or the challenge is no longer installed).
"""

from __future__ import annotations

from datetime import datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.access import Action
from pixorga_core.domain.campaigns import Campaign
from pixorga_core.domain.pages import Page, clamp_page, first_index
from pixorga_core.domain.referential import Referential
from pixorga_core.errors import NotFoundError
from pixorga_core.facade import Hooks
from pixorga_core.services import campaigns
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import challenge_reports as reports_repo

__all__ = ["REPORTS_PER_PAGE", "ReportLine", "ReportsView", "campaign_reports"]

#: Reports on a page of « Signalements ».
REPORTS_PER_PAGE = 50


@attrs.frozen(kw_only=True)
class ReportLine:
    """One report as a teacher reads it."""

    id: int
    challenge_id: str
    #: The skill the challenge assesses (``@rechercheInfo3``), or None when not installed.
    skill: str | None
    #: The challenge's instruction (the referential's Markdown), or None when not installed.
    instruction: str | None
    text: str
    created_at: datetime
    #: Written by a member trying the campaign (« Tester la campagne »), not by a pupil.
    is_preview: bool


@attrs.frozen(kw_only=True)
class ReportsView:
    campaign: Campaign
    reports: Page[ReportLine]


def _referential(hooks: Hooks, campaign: Campaign) -> Referential | None:
    try:
        return hooks.referentials().find_referential(campaign.referential_id)
    except NotFoundError:
        return None


def campaign_reports(
    session: Session,
    hooks: Hooks,
    context: OrgaContext,
    campaign_id: int,
    *,
    page: int = 1,
    per_page: int = REPORTS_PER_PAGE,
) -> ReportsView:
    """Page ``page`` of the reports of the organization's campaign ``campaign_id``, the newest
    first (any member; a page past the end is the last).

    :raises PermissionDeniedError: not a member of the organization.
    :raises NotFoundError: no such campaign in the organization, or a deleted one.
    """
    campaign = campaigns.campaign_of(session, context, campaign_id, Action.SEE_CHALLENGE_REPORTS)
    total = reports_repo.count_for_campaign(session, campaign.id)
    number = clamp_page(page, per_page, total)
    found = reports_repo.page_for_campaign(
        session, campaign.id, limit=per_page, offset=first_index(number, per_page)
    )
    referential = _referential(hooks, campaign)
    challenges = referential.challenges_by_id if referential else {}
    skills = referential.skills_by_id if referential else {}
    lines = []
    for item in found:
        report = item.report
        challenge = challenges.get(report.challenge_id)
        skill = skills.get(challenge.skill_id) if challenge else None
        lines.append(
            ReportLine(
                id=report.id,
                challenge_id=report.challenge_id,
                skill=skill.name if skill else None,
                instruction=challenge.instruction if challenge else None,
                text=report.text,
                created_at=report.created_at,
                is_preview=item.is_preview,
            )
        )
    return ReportsView(
        campaign=campaign,
        reports=Page(items=tuple(lines), number=number, size=per_page, total=total),
    )

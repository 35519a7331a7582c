"""What a school's home page counts: its pupils and its campaigns (« Premiers pas »)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pixorga_core.storage.models import CampaignRow, OrganizationLearnerRow


def count_enabled_learners(session: Session, organization_id: int) -> int:
    """The organization's pupils not disabled (those of its last import)."""
    query = (
        select(func.count())
        .select_from(OrganizationLearnerRow)
        .where(
            OrganizationLearnerRow.organization_id == organization_id,
            OrganizationLearnerRow.is_disabled.is_(False),
        )
    )
    return int(session.scalar(query) or 0)


def count_campaigns(session: Session, organization_id: int) -> int:
    """The organization's campaigns not deleted, archived or not."""
    query = (
        select(func.count())
        .select_from(CampaignRow)
        .where(CampaignRow.organization_id == organization_id, CampaignRow.deleted_at.is_(None))
    )
    return int(session.scalar(query) or 0)

"""A school's home page: « Premiers pas » until the space is set up, then its campaigns.

The three first steps (issue #16, point 19) and their state: a second administrator (so that
the space never depends on one person), the pupils imported (in a school that manages its
pupils), a first campaign. Once all three are done the page shows the campaigns in progress.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.access import Action, require
from pixorga_core.domain.memberships import Role
from pixorga_core.services import campaigns
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import getting_started as getting_started_repo
from pixorga_core.storage.repositories import invitations as invitations_repo
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories.campaigns import CampaignListRow


@attrs.frozen(kw_only=True)
class HomePage:
    """The figures of the home page."""

    administrators: int
    members: int
    pending_invitations: int
    #: Whether the school imports its pupils (SCO, managing its pupils); otherwise the import
    #: step does not apply.
    manages_learners: bool
    learners: int
    campaign_count: int
    #: The campaigns in progress (not archived), alphabetical.
    active_campaigns: tuple[CampaignListRow, ...]

    @property
    def has_co_administrator(self) -> bool:
        return self.administrators >= 2

    @property
    def has_learners(self) -> bool:
        return self.learners > 0 or not self.manages_learners

    @property
    def has_campaign(self) -> bool:
        return self.campaign_count > 0

    @property
    def steps_done(self) -> int:
        return sum((self.has_co_administrator, self.has_learners, self.has_campaign))

    @property
    def is_set_up(self) -> bool:
        """All three first steps are done: the page shows the campaigns instead."""
        return self.steps_done == 3


def home_page(session: Session, context: OrgaContext, *, now: datetime | None = None) -> HomePage:
    """The home page of ``context``'s organization; any member may see it."""
    require(context, Action.SEE_CAMPAIGNS)
    organization = context.organization
    return HomePage(
        administrators=memberships_repo.count_active(session, organization.id, Role.ADMIN),
        members=memberships_repo.count_active(session, organization.id),
        pending_invitations=len(
            invitations_repo.list_pending(session, organization.id, now or datetime.now(UTC))
        ),
        manages_learners=organization.is_sco_managing_students,
        learners=getting_started_repo.count_enabled_learners(session, organization.id),
        campaign_count=getting_started_repo.count_campaigns(session, organization.id),
        active_campaigns=tuple(campaigns.list_campaigns(session, context)),
    )

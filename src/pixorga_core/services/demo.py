"""A demo school to try pixorga: created on demand, idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.domain.campaigns import Campaign
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.organizations import Organization
from pixorga_core.domain.users import User
from pixorga_core.facade import Hooks
from pixorga_core.services import accounts, campaigns, orga, organizations
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import users as users_repo

DEMO_UAI = "0759999L"
DEMO_SCHOOL_NAME = "Collège des Tilleuls (démo)"
DEMO_SCHOOL_EMAIL = "ce.0759999l@demo.pixorga.invalid"
SECOND_UAI = "0930001W"
SECOND_SCHOOL_NAME = "Lycée Jean-Moulin (démo)"
SECOND_SCHOOL_EMAIL = "ce.0930001w@demo.pixorga.invalid"
DEMO_ADMIN_EMAIL = "claire.martin@demo.pixorga.invalid"
DEMO_TEACHER_EMAIL = "karim.benali@demo.pixorga.invalid"
#: The demo password, printed by ``pixorga demo``; it satisfies the password policy.
DEMO_PASSWORD = "PixorgaDemo2026"  # noqa: S105 - printed on purpose
DEMO_CAMPAIGN_NAME = "Karim Benali - 3e4 - Recherche d'information (démo)"
#: Competence 1.1 of the demo referential.
DEMO_CAMPAIGN_TARGET = campaigns.target_value("pix-demo", "competence-1-1")


@attrs.frozen(kw_only=True)
class Demo:
    school: Organization
    second_school: Organization
    admin: User
    teacher: User
    #: A campaign of the teacher's on competence 1.1, in the first school.
    campaign: Campaign
    password: str = attrs.field(repr=False)


def _school(session: Session, uai: str, name: str, email: str, now: datetime) -> Organization:
    existing = [o for o in organizations_repo.find_by_uai(session, uai) if not o.is_archived]
    if existing:
        return existing[0]
    return organizations.create_organization(
        session, organizations.NewOrganization(name=name, uai=uai, email=email), now=now
    )


def _user(session: Session, hooks: Hooks, first: str, last: str, email: str, now: datetime) -> User:
    existing = users_repo.find_by_login(session, email)
    if existing is not None:
        return existing
    return accounts.sign_up(
        session,
        hooks,
        accounts.SignUpForm(
            first_name=first, last_name=last, email=email, password=DEMO_PASSWORD, cgu_accepted=True
        ),
        now=now,
    )


def _campaign(
    session: Session, hooks: Hooks, teacher: User, school: Organization, now: datetime
) -> Campaign:
    context = orga.context_for(session, teacher.id, school.id)
    for row in campaigns.list_campaigns(session, context):
        if row.campaign.name == DEMO_CAMPAIGN_NAME:
            return row.campaign
    form = campaigns.CampaignForm(
        name=DEMO_CAMPAIGN_NAME,
        target=DEMO_CAMPAIGN_TARGET,
        title="Mener une recherche",
        landing_text="Bienvenue ! Répondez seul, sans vous presser : le test s'adapte à vous.",
    )
    return campaigns.create_campaign(session, hooks, context, form, now=now)


def create_demo(session: Session, hooks: Hooks, *, now: datetime | None = None) -> Demo:
    """Create (or find) two demo schools, their administrator, a teacher and a campaign.

    Claire Martin administers both schools (so the school chooser shows); Karim Benali is a
    member of the first one and owns a campaign there on competence 1.1.
    """
    now = now or datetime.now(UTC)
    school = _school(session, DEMO_UAI, DEMO_SCHOOL_NAME, DEMO_SCHOOL_EMAIL, now)
    second = _school(session, SECOND_UAI, SECOND_SCHOOL_NAME, SECOND_SCHOOL_EMAIL, now)
    admin = _user(session, hooks, "Claire", "Martin", DEMO_ADMIN_EMAIL, now)
    teacher = _user(session, hooks, "Karim", "Benali", DEMO_TEACHER_EMAIL, now)
    organizations.add_member(session, school.id, admin.id, Role.ADMIN, now=now)
    organizations.add_member(session, second.id, admin.id, Role.ADMIN, now=now)
    organizations.add_member(session, school.id, teacher.id, Role.MEMBER, now=now)
    campaign = _campaign(session, hooks, teacher, school, now)
    return Demo(
        school=school,
        second_school=second,
        admin=admin,
        teacher=teacher,
        campaign=campaign,
        password=DEMO_PASSWORD,
    )

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from pixorga_core.domain.memberships import Role
from pixorga_core.services import demo, orga
from pixorga_core.services.accounts import authenticate
from pixorga_core.storage.models import MembershipRow, OrganizationRow, UserRow
from pixorga_core.storage.repositories import memberships as memberships_repo

pytestmark = pytest.mark.usefixtures("cheap_hashing")

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_demo_schools_and_accounts(session, hooks):
    created = demo.create_demo(session, hooks, now=NOW)
    session.commit()
    assert created.school.uai == demo.DEMO_UAI
    assert created.second_school.uai == demo.SECOND_UAI
    assert created.admin.email == demo.DEMO_ADMIN_EMAIL
    assert created.teacher.email == demo.DEMO_TEACHER_EMAIL

    admin_context = orga.current_context(session, created.admin.id)
    assert admin_context.organizations == (created.school, created.second_school)
    assert admin_context.is_admin
    assert orga.context_for(session, created.admin.id, created.second_school.id).is_admin

    teacher_context = orga.current_context(session, created.teacher.id)
    assert teacher_context.organizations == (created.school,)
    assert teacher_context.membership.role is Role.MEMBER

    for user in (created.admin, created.teacher):
        assert authenticate(session, user.email, demo.DEMO_PASSWORD, now=NOW).error is None
    assert demo.DEMO_PASSWORD not in repr(created)

    campaign = created.campaign
    assert (campaign.organization_id, campaign.owner_id) == (created.school.id, created.teacher.id)
    assert (campaign.referential_id, campaign.target_profile_id) == ("pix-demo", "competence-1-1")


def test_demo_is_idempotent(session, hooks):
    first = demo.create_demo(session, hooks, now=NOW)
    session.commit()
    second = demo.create_demo(session, hooks, now=NOW)
    session.commit()
    assert second.school == first.school
    assert second.second_school == first.second_school
    assert second.admin == first.admin
    assert second.teacher == first.teacher
    assert second.campaign == first.campaign
    assert count(session, OrganizationRow) == 2
    assert count(session, UserRow) == 2
    assert memberships_repo.count_active(session, first.school.id) == 2


def test_account_events_fire_only_at_the_commit(session, hooks, hook_recorder):
    created = demo.create_demo(session, hooks, now=NOW)
    # The second sign-up releases a savepoint: that is not the commit.
    assert hook_recorder.calls("pixorga_account_created") == []
    session.commit()
    users = [c.kwargs["user"] for c in hook_recorder.calls("pixorga_account_created")]
    assert users == [created.admin, created.teacher]
    hook_recorder.clear()
    demo.create_demo(session, hooks, now=NOW)
    session.commit()
    assert hook_recorder.calls("pixorga_account_created") == []


def test_demo_restores_a_removed_membership(session, hooks):
    created = demo.create_demo(session, hooks, now=NOW)
    membership = memberships_repo.find_active(session, created.school.id, created.teacher.id)
    assert membership is not None
    session.get(MembershipRow, membership.id).disabled_at = NOW
    session.flush()
    demo.create_demo(session, hooks, now=NOW)
    assert memberships_repo.find_active(session, created.school.id, created.teacher.id)

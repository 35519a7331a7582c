"""Ending every session of a user (issue #13, point 4) and unblocking a login (point 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from pixorga_core.domain.memberships import Role
from pixorga_core.errors import LoginBlockedError, NotFoundError, PermissionDeniedError
from pixorga_core.services import accounts, orga, team
from pixorga_core.storage.models import Base
from pixorga_core.storage.repositories import users as users_repo
from pixorga_core.testing import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("cheap_hashing")

T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def table_snapshot(session, *table_names: str) -> dict[str, list[tuple]]:
    """Every column of every row of the tables, ordered by primary key."""
    snapshot = {}
    for name in table_names:
        table = Base.metadata.tables[name]
        rows = session.execute(sa.select(table).order_by(*table.primary_key.columns))
        snapshot[name] = [tuple(row) for row in rows]
    return snapshot


def block_for_good(session, login: str, now: datetime = T0) -> None:
    for _ in range(50):
        accounts.authenticate(session, login, "Mauvais123", now=now)
        now += timedelta(hours=1)  # past every temporary block
    assert isinstance(accounts.authenticate(session, login, TEST_PASSWORD).error, LoginBlockedError)


def test_ending_the_sessions_changes_the_version(session, factories):
    user, other = factories.user(), factories.user()
    version = accounts.session_version(session, user.id)
    assert version == 0
    assert accounts.session_is_current(session, user.id, version)
    accounts.end_all_sessions(session, user.id)
    assert not accounts.session_is_current(session, user.id, version)
    assert accounts.session_is_current(session, user.id, version + 1)
    assert accounts.session_is_current(session, other.id, 0)  # only that user's sessions
    assert accounts.session_version(session, 999_999) is None
    assert not accounts.session_is_current(session, 999_999, 0)


def test_each_bump_counts(session, factories):
    user = factories.user()
    for _ in range(3):
        accounts.end_all_sessions(session, user.id)
    assert accounts.session_version(session, user.id) == 3


def test_the_permanent_block_ends_the_sessions_once(session, factories):
    user = factories.user()
    block_for_good(session, user.email)
    assert accounts.session_version(session, user.id) == 1
    accounts.authenticate(session, user.email, "Mauvais123")  # already blocked: no new bump
    assert accounts.session_version(session, user.id) == 1


def test_removal_from_the_last_school_ends_the_sessions(session, factories):
    school, other_school = factories.organization(), factories.organization()
    admin, member = factories.user(), factories.user()
    factories.membership(school, admin, Role.ADMIN)
    in_school = factories.membership(school, member)
    factories.membership(other_school, admin, Role.ADMIN)
    in_other = factories.membership(other_school, member)
    team.remove_member(
        session, orga.context_for(session, admin.id, school.id), membership_id=in_school.id
    )
    assert accounts.session_version(session, member.id) == 0  # still a member elsewhere
    team.remove_member(
        session, orga.context_for(session, admin.id, other_school.id), membership_id=in_other.id
    )
    assert accounts.session_version(session, member.id) == 1
    assert accounts.session_version(session, admin.id) == 0


def test_unblock_lifts_the_permanent_block(session, factories):
    user = factories.user()
    block_for_good(session, user.email)
    assert accounts.is_login_blocked(session, user.id)
    assert accounts.unblock(session, user.id) is True
    assert not accounts.is_login_blocked(session, user.id)
    assert accounts.authenticate(session, user.email, TEST_PASSWORD).error is None
    assert accounts.unblock(session, user.id) is False  # nothing left to lift


def test_unblock_lifts_a_temporary_block(session, factories):
    user = factories.user()
    for _ in range(10):
        accounts.authenticate(session, user.email, "Mauvais123", now=T0)
    assert accounts.is_login_blocked(session, user.id, now=T0)
    assert accounts.unblock(session, user.id) is True
    assert accounts.authenticate(session, user.email, TEST_PASSWORD, now=T0).error is None


def test_unblock_by_login_and_unknown_login(session, factories):
    user = factories.user()
    block_for_good(session, user.email)
    assert accounts.unblock_login(session, user.email.upper()) is True
    with pytest.raises(NotFoundError, match="Aucun compte"):
        accounts.unblock_login(session, "personne@ecole.test")


@pytest.fixture
def team_of_two(session, factories):
    school = factories.organization()
    admin, member = factories.user(), factories.user()
    admin_membership = factories.membership(school, admin, Role.ADMIN)
    member_membership = factories.membership(school, member)
    return school, (admin, admin_membership), (member, member_membership)


def test_an_administrator_unblocks_a_member_seen_blocked_on_the_team_page(session, team_of_two):
    school, (admin, _), (member, membership) = team_of_two
    block_for_good(session, member.email)
    context = orga.context_for(session, admin.id, school.id)
    blocked = {m.user.id: m.login_blocked for m in team.members_page(session, context).items}
    assert blocked == {admin.id: False, member.id: True}
    assert team.unblock_member(session, context, membership_id=membership.id) is True
    assert not any(m.login_blocked for m in team.members_page(session, context).items)


def test_a_member_cannot_unblock_and_nothing_changes(session, team_of_two):
    school, (admin, admin_membership), (member, _) = team_of_two
    block_for_good(session, admin.email)
    before = table_snapshot(session, "user_logins", "users", "memberships")
    with pytest.raises(PermissionDeniedError, match="Seuls les administrateurs"):
        team.unblock_member(
            session,
            orga.context_for(session, member.id, school.id),
            membership_id=admin_membership.id,
        )
    assert table_snapshot(session, "user_logins", "users", "memberships") == before


def test_an_administrator_cannot_unblock_someone_of_another_school(session, factories, team_of_two):
    school, (admin, _), _ = team_of_two
    elsewhere = factories.user()
    membership = factories.membership(factories.organization(), elsewhere)
    block_for_good(session, elsewhere.email)
    before = table_snapshot(session, "user_logins", "users", "memberships")
    with pytest.raises(NotFoundError):
        team.unblock_member(
            session, orga.context_for(session, admin.id, school.id), membership_id=membership.id
        )
    assert table_snapshot(session, "user_logins", "users", "memberships") == before
    assert users_repo.get_login_attempts(session, elsewhere.id).is_blocked

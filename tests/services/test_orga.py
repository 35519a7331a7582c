from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pixorga_core.domain.memberships import Role
from pixorga_core.errors import OrgaAccessDeniedError, PermissionDeniedError
from pixorga_core.services import orga
from pixorga_core.storage.models import MembershipRow, OrganizationRow
from pixorga_core.storage.repositories import users as users_repo

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
ORGA_DENIED = "L'accès à Pix Orga est limité aux membres invités"
NOT_A_MEMBER = "Vous n'êtes pas membre de cet établissement."


def archive(session, organization) -> None:
    row = session.get(OrganizationRow, organization.id)
    row.archived_at = NOW
    session.flush()


def disable(session, membership) -> None:
    row = session.get(MembershipRow, membership.id)
    row.disabled_at = NOW
    session.flush()


def test_non_member_is_denied_with_the_french_message(session, factories):
    factories.organization()
    user = factories.user(password=None)
    with pytest.raises(OrgaAccessDeniedError) as info:
        orga.current_context(session, user.id)
    assert info.value.message.startswith(ORGA_DENIED)
    assert info.value.code == "ORGA_ACCESS_DENIED"
    with pytest.raises(OrgaAccessDeniedError):
        orga.context_for(session, user.id, 1)


def test_member_gets_a_context(session, factories):
    school = factories.organization()
    user = factories.user(password=None)
    factories.membership(school, user, Role.ADMIN)
    context = orga.current_context(session, user.id)
    assert context.user == user
    assert context.organization == school
    assert context.membership.role is Role.ADMIN
    assert context.is_admin
    assert context.organizations == (school,)
    assert context.needs_terms


def test_member_of_a_cannot_work_in_b(session, factories):
    school_a, school_b = factories.organization(), factories.organization()
    user = factories.user(password=None)
    factories.membership(school_a, user)
    factories.membership(school_b, factories.user(password=None))
    with pytest.raises(PermissionDeniedError) as info:
        orga.context_for(session, user.id, school_b.id)
    assert type(info.value) is PermissionDeniedError  # not "no access to Pix Orga at all"
    assert info.value.message == NOT_A_MEMBER
    assert orga.context_for(session, user.id, school_a.id).organization == school_a
    assert not orga.context_for(session, user.id, school_a.id).is_admin


def test_archived_organization_is_not_accessible(session, factories):
    school = factories.organization()
    user = factories.user(password=None)
    factories.membership(school, user, Role.ADMIN)
    archive(session, school)
    with pytest.raises(OrgaAccessDeniedError):
        orga.current_context(session, user.id)


def test_archived_organization_is_hidden_among_others(session, factories):
    active, archived = factories.organization(), factories.organization()
    user = factories.user(password=None)
    factories.membership(archived, user)
    factories.membership(active, user)
    orga.choose_organization(session, user.id, archived.id)
    archive(session, archived)
    context = orga.current_context(session, user.id)
    assert context.organization == active
    assert context.organizations == (active,)
    with pytest.raises(PermissionDeniedError):
        orga.context_for(session, user.id, archived.id)


def test_current_organization_is_chosen_and_remembered(session, sessions, factories):
    first, second = factories.organization(), factories.organization()
    user = factories.user(password=None)
    factories.membership(first, user, Role.ADMIN)
    factories.membership(second, user, Role.MEMBER)
    session.commit()
    context = orga.current_context(session, user.id)
    assert context.organization == first  # no choice yet: the first one
    assert context.organizations == (first, second)

    chosen = orga.choose_organization(session, user.id, second.id)
    assert chosen.organization == second
    assert chosen.membership.role is Role.MEMBER
    assert not chosen.is_admin
    session.commit()
    with sessions() as fresh:
        remembered = orga.current_context(fresh, user.id)
        assert remembered.organization == second
        assert not remembered.is_admin
        assert remembered.organizations == (first, second)


def test_choosing_a_foreign_organization_is_refused_and_not_remembered(session, factories):
    mine, foreign = factories.organization(), factories.organization()
    user = factories.user(password=None)
    factories.membership(mine, user)
    with pytest.raises(PermissionDeniedError):
        orga.choose_organization(session, user.id, foreign.id)
    assert orga.current_context(session, user.id).organization == mine


def test_disabled_membership_gives_no_access(session, factories):
    first, second = factories.organization(), factories.organization()
    user = factories.user(password=None)
    membership_first = factories.membership(first, user, Role.ADMIN)
    membership_second = factories.membership(second, user)
    orga.choose_organization(session, user.id, first.id)
    disable(session, membership_first)
    # The remembered organization is no longer accessible: fall back to the other one.
    context = orga.current_context(session, user.id)
    assert context.organization == second
    with pytest.raises(PermissionDeniedError):
        orga.context_for(session, user.id, first.id)
    disable(session, membership_second)
    with pytest.raises(OrgaAccessDeniedError):
        orga.current_context(session, user.id)


def test_accept_terms(session, factories):
    school = factories.organization()
    user = factories.user(password=None)
    factories.membership(school, user)
    assert orga.current_context(session, user.id).needs_terms
    orga.accept_terms(session, user.id)
    session.commit()
    assert not orga.current_context(session, user.id).needs_terms
    assert users_repo.get(session, user.id).pix_orga_terms_accepted


def test_non_member_cannot_accept_terms(session, factories):
    user = factories.user(password=None)
    with pytest.raises(OrgaAccessDeniedError):
        orga.accept_terms(session, user.id)
    session.commit()
    assert not users_repo.get(session, user.id).pix_orga_terms_accepted

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from pixorga_core.domain.learners import LearnerRecord, Sex
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.organizations import OrganizationType
from pixorga_core.domain.users import PIX_IDENTITY_PROVIDER, LoginAttempts
from pixorga_core.errors import NotFoundError
from pixorga_core.storage.models import MembershipRow, OrganizationLearnerRow
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import users as users_repo

PARIS_SUMMER = timezone(timedelta(hours=2))
#: 10:30 in Paris in summer is 08:30 UTC.
LOCAL_NOW = datetime(2026, 9, 1, 10, 30, 15, 123456, tzinfo=PARIS_SUMMER)
BIRTHDATE = date(2011, 3, 14)


def assert_utc(value: datetime | None, expected: datetime) -> None:
    assert value is not None
    assert value.tzinfo is not None
    assert value.utcoffset() == timedelta(0)
    assert value == expected
    assert value.hour == expected.astimezone(UTC).hour


def add_user(session, email: str | None = "camille@ecole.test", username: str | None = None):
    return users_repo.add(
        session,
        first_name="Camille",
        last_name="Durand",
        email=email,
        username=username,
        cgu_accepted=True,
        now=LOCAL_NOW,
    )


# -- datetimes -------------------------------------------------------------------------------------


def test_datetimes_come_back_timezone_aware_utc(session, sessions):
    organization = organizations_repo.add(
        session,
        name="Collège",
        type=OrganizationType.SCO,
        uai="0752387M",
        email=None,
        is_managing_students=True,
        identity_provider=None,
        now=LOCAL_NOW,
    )
    user = add_user(session)
    memberships_repo.upsert(
        session, organization_id=organization.id, user_id=user.id, role=Role.ADMIN, now=LOCAL_NOW
    )
    learner = learners_repo.add(
        session,
        organization_id=organization.id,
        record=LearnerRecord(
            national_student_id="123456789AA", first_name="Léa", last_name="Moreau"
        ),
        now=LOCAL_NOW,
    )
    blocked_until = LOCAL_NOW + timedelta(minutes=2)
    users_repo.save_login_attempts(
        session,
        LoginAttempts(user_id=user.id, failure_count=10, temporary_blocked_until=blocked_until),
    )
    session.commit()

    with sessions() as fresh:
        assert_utc(organizations_repo.get(fresh, organization.id).created_at, LOCAL_NOW)
        assert_utc(users_repo.get(fresh, user.id).created_at, LOCAL_NOW)
        membership = memberships_repo.find_active(fresh, organization.id, user.id)
        assert membership is not None
        assert_utc(membership.created_at, LOCAL_NOW)
        row = fresh.get(OrganizationLearnerRow, learner.id)
        assert row is not None
        assert_utc(learners_repo.to_domain(row).updated_at, LOCAL_NOW)
        attempts = users_repo.get_login_attempts(fresh, user.id)
        assert_utc(attempts.temporary_blocked_until, blocked_until)
        assert attempts.failure_count == 10


def test_naive_datetimes_are_refused(session):
    with pytest.raises(StatementError) as info:
        users_repo.add(
            session,
            first_name="Camille",
            last_name="Durand",
            email="camille@ecole.test",
            username=None,
            cgu_accepted=True,
            now=datetime(2026, 9, 1, 10, 30),
        )
    assert isinstance(info.value.orig, ValueError)
    assert "naive" in str(info.value.orig)


# -- users -----------------------------------------------------------------------------------------


def test_email_and_username_are_unique_whatever_their_case(session):
    add_user(session, email="camille@ecole.test", username="camille.durand0101")
    with pytest.raises(IntegrityError), session.begin_nested():
        add_user(session, email="Camille@Ecole.TEST")
    with pytest.raises(IntegrityError), session.begin_nested():
        add_user(session, email=None, username="CAMILLE.Durand0101")
    # Several users may have neither an e-mail nor a username.
    add_user(session, email=None)
    add_user(session, email=None)
    session.commit()


def test_find_by_login_and_existence_checks(session):
    with_email = add_user(session, email="Camille@Ecole.test")
    with_username = add_user(session, email=None, username="Lea.Moreau1403")
    assert with_email.email == "camille@ecole.test"
    assert with_username.username == "lea.moreau1403"
    assert users_repo.find_by_login(session, " CAMILLE@ecole.test ") == with_email
    assert users_repo.find_by_login(session, "LEA.MOREAU1403") == with_username
    assert users_repo.find_by_login(session, "nobody@ecole.test") is None
    assert users_repo.find_by_login(session, "   ") is None
    assert users_repo.email_exists(session, " CAMILLE@ecole.test")
    assert not users_repo.email_exists(session, "lea.moreau1403")
    assert users_repo.username_exists(session, "Lea.Moreau1403")
    assert not users_repo.username_exists(session, "camille@ecole.test")
    with pytest.raises(NotFoundError):
        users_repo.get(session, with_username.id + 100)


def test_password_method_round_trip(session):
    user = add_user(session)
    assert users_repo.get_password_method(session, user.id) is None
    method = users_repo.add_password_method(
        session, user_id=user.id, password_hash="hash-1", must_change_password=True, now=LOCAL_NOW
    )
    assert method.identity_provider == PIX_IDENTITY_PROVIDER
    users_repo.update_password_hash(session, method.id, "hash-2", LOCAL_NOW)
    session.commit()
    stored = users_repo.get_password_method(session, user.id)
    assert stored is not None
    assert stored.password_hash == "hash-2"
    assert stored.must_change_password
    assert "hash-2" not in repr(stored)
    # One password method per user.
    with pytest.raises(IntegrityError):
        users_repo.add_password_method(
            session, user_id=user.id, password_hash="h", must_change_password=False, now=LOCAL_NOW
        )


def test_terms_acceptance(session):
    user = add_user(session)
    assert not user.pix_orga_terms_accepted
    users_repo.set_pix_orga_terms_accepted(session, user.id)
    assert users_repo.get(session, user.id).pix_orga_terms_accepted
    with pytest.raises(NotFoundError):
        users_repo.set_pix_orga_terms_accepted(session, 4242)


def test_login_attempts_default_and_update(session):
    user = add_user(session)
    assert users_repo.get_login_attempts(session, user.id) == LoginAttempts(user_id=user.id)
    users_repo.save_login_attempts(session, LoginAttempts(user_id=user.id, failure_count=3))
    users_repo.save_login_attempts(
        session, LoginAttempts(user_id=user.id, failure_count=4, blocked_at=LOCAL_NOW)
    )
    session.commit()
    stored = users_repo.get_login_attempts(session, user.id)
    assert stored.failure_count == 4
    assert stored.blocked_at == LOCAL_NOW


# -- organizations ---------------------------------------------------------------------------------


def test_organizations_by_uai_and_by_ids(session, factories):
    first = factories.organization(uai="0752387M")
    second = factories.organization(uai="0931434D")
    assert organizations_repo.find_by_uai(session, "0752387M") == [first]
    assert organizations_repo.find_by_uai(session, "0140070A") == []
    assert organizations_repo.get_many(session, [first.id, second.id]) == {
        first.id: first,
        second.id: second,
    }
    assert organizations_repo.get_many(session, []) == {}
    with pytest.raises(NotFoundError):
        organizations_repo.get(session, 4242)


# -- memberships -----------------------------------------------------------------------------------


def test_membership_upsert_reactivates_a_disabled_membership(session, factories):
    organization = factories.organization()
    user = factories.user(password=None)
    admin = factories.user(password=None)
    created = memberships_repo.upsert(
        session, organization_id=organization.id, user_id=user.id, role=Role.MEMBER, now=LOCAL_NOW
    )
    assert created.is_active
    row = session.get(MembershipRow, created.id)
    assert row is not None
    row.disabled_at = LOCAL_NOW
    session.flush()
    assert memberships_repo.find_active(session, organization.id, user.id) is None
    assert memberships_repo.count_active(session, organization.id) == 0
    assert memberships_repo.list_active_for_user(session, user.id) == []

    later = LOCAL_NOW + timedelta(days=1)
    reactivated = memberships_repo.upsert(
        session,
        organization_id=organization.id,
        user_id=user.id,
        role=Role.ADMIN,
        now=later,
        updated_by_user_id=admin.id,
    )
    session.commit()
    assert reactivated.id == created.id
    assert reactivated.is_active
    assert reactivated.is_admin
    assert reactivated.updated_by_user_id == admin.id
    assert memberships_repo.find_active(session, organization.id, user.id) == reactivated
    assert memberships_repo.count_active(session, organization.id) == 1


def test_membership_upsert_does_not_duplicate(session, factories):
    organization = factories.organization()
    user = factories.user(password=None)
    first = factories.membership(organization, user, Role.ADMIN)
    second = factories.membership(organization, user, Role.MEMBER)
    assert first.id == second.id
    assert second.role is Role.MEMBER
    assert memberships_repo.count_active(session, organization.id) == 1


def test_active_memberships_of_a_user_are_sorted_by_organization(session, factories):
    user = factories.user(password=None)
    other_user = factories.user(password=None)
    first, second = factories.organization(), factories.organization()
    factories.membership(second, user)
    factories.membership(first, user)
    factories.membership(first, other_user)
    memberships = memberships_repo.list_active_for_user(session, user.id)
    assert [m.organization_id for m in memberships] == [first.id, second.id]


def test_current_organization(session, factories):
    user = factories.user(password=None)
    first, second = factories.organization(), factories.organization()
    assert memberships_repo.get_current_organization_id(session, user.id) is None
    memberships_repo.set_current_organization_id(session, user.id, first.id)
    memberships_repo.set_current_organization_id(session, user.id, second.id)
    session.commit()
    assert memberships_repo.get_current_organization_id(session, user.id) == second.id


# -- learners --------------------------------------------------------------------------------------


def test_learner_round_trip(session, factories):
    organization = factories.organization()
    learner = factories.learner(
        organization,
        middle_name="Rose",
        preferred_last_name="Dubois",
        sex=Sex.FEMALE,
        birthdate=BIRTHDATE,
        mef_code="10010012110",
    )
    session.commit()
    (stored,) = learners_repo.list_enabled_by_birthdate(session, organization.id, BIRTHDATE)
    assert stored == learner
    assert stored.sex is Sex.FEMALE
    assert stored.first_names == ("Léa", "Rose")


def test_candidates_are_enabled_learners_of_the_organization_born_that_day(session, factories):
    school, other_school = factories.organization(), factories.organization()
    expected = [factories.learner(school), factories.learner(school)]
    factories.learner(school, birthdate=BIRTHDATE + timedelta(days=1))
    factories.learner(other_school)
    disabled = factories.learner(school)
    row = session.get(OrganizationLearnerRow, disabled.id)
    assert row is not None
    row.is_disabled = True
    session.flush()
    found = learners_repo.list_enabled_by_birthdate(session, school.id, BIRTHDATE)
    assert [learner.id for learner in found] == [learner.id for learner in expected]


def test_national_student_id_is_unique_per_organization(session, factories):
    school, other_school = factories.organization(), factories.organization()
    factories.learner(school, national_student_id="123456789AA")
    factories.learner(other_school, national_student_id="123456789AA")
    with pytest.raises(IntegrityError):
        factories.learner(school, national_student_id="123456789AA")

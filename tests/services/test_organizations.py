from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from pixorga_core.domain.memberships import Role
from pixorga_core.domain.organizations import OrganizationType
from pixorga_core.errors import AlreadyExistsError, InvalidInputError, NotFoundError
from pixorga_core.services.organizations import NewOrganization, add_member, create_organization
from pixorga_core.storage.models import MembershipRow, OrganizationRow
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def new(**overrides) -> NewOrganization:
    values = {"name": "Collège Victor Hugo", "uai": "0752387M", "email": "ce.0752387m@ac-paris.fr"}
    values.update(overrides)
    return NewOrganization(**values)


def count_organizations(session) -> int:
    return session.scalar(select(func.count()).select_from(OrganizationRow))


def test_create_normalises_uai_name_and_email(session, sessions):
    created = create_organization(
        session,
        new(name="  Collège   Victor Hugo ", uai=" 0752387m ", email=" CE.0752387M@AC-Paris.fr "),
        now=NOW,
    )
    session.commit()
    assert created.uai == "0752387M"
    assert created.name == "Collège Victor Hugo"
    assert created.email == "ce.0752387m@ac-paris.fr"
    assert created.type is OrganizationType.SCO
    assert created.is_managing_students
    with sessions() as fresh:
        assert organizations_repo.find_by_uai(fresh, "0752387M") == [created]


def test_organization_without_email(session):
    created = create_organization(
        session,
        new(email=None, type=OrganizationType.SCO_1D, is_managing_students=False),
        now=NOW,
    )
    assert created.email is None
    assert created.type is OrganizationType.SCO_1D
    assert not created.is_managing_students


@pytest.mark.parametrize("uai", ["0752387A", "0752387", "123ABC", "0992387M", ""])
@pytest.mark.sqlite_only
def test_bad_uai_is_refused(session, uai):
    with pytest.raises(InvalidInputError) as info:
        create_organization(session, new(uai=uai), now=NOW)
    assert set(info.value.field_errors) == {"uai"}
    assert f"« {uai} »" in info.value.field_errors["uai"]
    assert "lettre clé" in info.value.field_errors["uai"]
    assert count_organizations(session) == 0


@pytest.mark.parametrize("email", ["pas-une-adresse", "ce@ac-paris", "ce @ac-paris.fr"])
@pytest.mark.sqlite_only
def test_bad_email_is_refused(session, email):
    with pytest.raises(InvalidInputError) as info:
        create_organization(session, new(email=email), now=NOW)
    assert set(info.value.field_errors) == {"email"}
    assert "n'est pas valide" in info.value.field_errors["email"]
    assert count_organizations(session) == 0


def test_every_error_at_once(session):
    with pytest.raises(InvalidInputError) as info:
        create_organization(session, new(name="  ", uai="0752387Z", email="nope"), now=NOW)
    assert info.value.field_errors == {
        "name": "Le nom de l'établissement n'est pas renseigné.",
        "uai": info.value.field_errors["uai"],
        "email": "L'adresse e-mail « nope » n'est pas valide.",
    }
    assert "0752387Z" in info.value.field_errors["uai"]
    assert count_organizations(session) == 0


def test_name_too_long(session):
    with pytest.raises(InvalidInputError) as info:
        create_organization(session, new(name="C" * 256), now=NOW)
    assert info.value.field_errors == {
        "name": "Le nom de l'établissement ne doit pas dépasser 255 caractères."
    }


def test_duplicate_uai_is_refused(session):
    create_organization(session, new(), now=NOW)
    with pytest.raises(AlreadyExistsError) as info:
        create_organization(session, new(name="Autre collège", uai="0752387m"), now=NOW)
    assert "0752387M" in info.value.message
    assert count_organizations(session) == 1


def test_uai_of_an_archived_organization_can_be_reused(session):
    archived = create_organization(session, new(), now=NOW)
    session.get(OrganizationRow, archived.id).archived_at = NOW
    session.flush()
    again = create_organization(session, new(name="Collège Victor Hugo (nouveau)"), now=NOW)
    assert again.id != archived.id
    assert len(organizations_repo.find_by_uai(session, "0752387M")) == 2


def test_add_member_and_reactivate(session, factories):
    school = factories.organization()
    user, admin = factories.user(password=None), factories.user(password=None)
    membership = add_member(session, school.id, user.id, Role.MEMBER, now=NOW)
    session.get(MembershipRow, membership.id).disabled_at = NOW
    session.flush()
    again = add_member(session, school.id, user.id, Role.ADMIN, by_user_id=admin.id, now=NOW)
    assert again.id == membership.id
    assert again.is_admin
    assert again.updated_by_user_id == admin.id
    assert memberships_repo.count_active(session, school.id) == 1


def test_add_member_to_unknown_organization_or_user(session, factories):
    school = factories.organization()
    user = factories.user(password=None)
    with pytest.raises(NotFoundError):
        add_member(session, school.id + 100, user.id, Role.MEMBER, now=NOW)
    with pytest.raises(NotFoundError):
        add_member(session, school.id, user.id + 100, Role.MEMBER, now=NOW)
    assert memberships_repo.count_active(session, school.id) == 0

"""The rights table of :mod:`pixorga_core.access`, walked action by action for anonymous, member,
administrator, administrator of another school, and members of an archived school (pix-rules §2,
§7); the command line's system context; the one French message of each refusal."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest

from pixorga_core import access
from pixorga_core.access import Action, SystemContext, Who
from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.organizations import Organization, OrganizationType
from pixorga_core.errors import PermissionDeniedError

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
OWNER_ID, OTHER_ID = 10, 11


@attrs.frozen(kw_only=True)
class Context:
    """What the app's guard builds (the shape of OrgaContext that access reads)."""

    organization: Organization
    membership: Membership


def school(organization_id: int = 1, **overrides: object) -> Organization:
    values: dict[str, object] = {
        "id": organization_id,
        "name": "Collège Victor-Hugo",
        "type": OrganizationType.SCO,
        "uai": "0751234A",
        "email": None,
        "is_managing_students": True,
        "identity_provider": None,
        "archived_at": None,
        "created_at": NOW,
    }
    values.update(overrides)
    return Organization(**values)  # type: ignore[arg-type]


def member_of(organization: Organization, role: Role, user_id: int = OWNER_ID) -> Context:
    membership = Membership(
        id=user_id,
        organization_id=organization.id,
        user_id=user_id,
        role=role,
        disabled_at=None,
        created_at=NOW,
    )
    return Context(organization=organization, membership=membership)


SCHOOL = school()
ARCHIVED = school(archived_at=NOW)
#: actor -> the context it asks with (all about SCHOOL, except "other_admin").
ACTORS: dict[str, Context | None] = {
    "anonymous": None,
    "member": member_of(SCHOOL, Role.MEMBER),
    "admin": member_of(SCHOOL, Role.ADMIN),
    # An administrator of school 2 whose context is used against school 1's membership rules:
    # their membership does not belong to the organization asked about.
    "other_admin": Context(
        organization=SCHOOL, membership=member_of(school(2), Role.ADMIN).membership
    ),
    "archived_member": member_of(ARCHIVED, Role.MEMBER),
    "archived_admin": member_of(ARCHIVED, Role.ADMIN),
}

#: Expected: actor -> the actions it may do on SCHOOL (pix-rules §2 and §7), the campaign
#: actions being asked about a campaign someone else owns.
ADMIN_ONLY = {
    Action.SEE_INVITATIONS,
    Action.INVITE_MEMBERS,
    Action.RESEND_INVITATION,
    Action.CANCEL_INVITATION,
    Action.CHANGE_ROLE,
    Action.REMOVE_MEMBER,
    Action.UNBLOCK_MEMBER,
    Action.LEAVE,
    Action.IMPORT_LEARNERS,
}
OWNER_OR_ADMIN = {Action.EDIT_CAMPAIGN, Action.ARCHIVE_CAMPAIGN, Action.DELETE_CAMPAIGN}
ANY_MEMBER = set(Action) - ADMIN_ONLY - OWNER_OR_ADMIN
ALLOWED: dict[str, set[Action]] = {
    "anonymous": set(),
    "member": ANY_MEMBER,
    "admin": set(Action),
    "other_admin": set(),
    "archived_member": set(),
    "archived_admin": set(),
}


def test_every_action_has_exactly_one_right():
    assert set(access.RIGHTS) == set(Action)
    assert {a for a, r in access.RIGHTS.items() if r.who is Who.MEMBERS} == ANY_MEMBER


@pytest.mark.parametrize("actor", sorted(ACTORS))
@pytest.mark.parametrize("action", list(Action))
def test_rights_table(actor, action):
    context = ACTORS[actor]
    expected = action in ALLOWED[actor]
    assert access.allowed(context, action, owner_id=OTHER_ID) is expected
    if expected:
        access.require(context, action, owner_id=OTHER_ID)
    else:
        with pytest.raises(PermissionDeniedError) as refused:
            access.require(context, action, owner_id=OTHER_ID)
        assert refused.value.message == access.refusal(context, action, owner_id=OTHER_ID)


@pytest.mark.parametrize("action", sorted(OWNER_OR_ADMIN))
def test_the_owner_of_a_campaign_manages_it(action):
    member = ACTORS["member"]
    assert access.allowed(member, action, owner_id=OWNER_ID)
    assert not access.allowed(member, action, owner_id=OTHER_ID)
    assert not access.allowed(member, action)  # no campaign named: administrators only
    assert access.allowed(ACTORS["admin"], action)
    assert not access.allowed(ACTORS["archived_member"], action, owner_id=OWNER_ID)


@pytest.mark.parametrize("action", list(Action))
def test_the_command_line_acts_with_every_right(action):
    operator = SystemContext(organization=school(is_managing_students=False), operator="test")
    assert access.allowed(operator, action)
    assert access.acting_user_id(operator) is None


def test_each_refusal_says_why_in_french():
    def reason(actor: str, action: Action, **kwargs: object) -> str | None:
        return access.refusal(ACTORS[actor], action, **kwargs)  # type: ignore[arg-type]

    assert reason("anonymous", Action.SEE_MEMBERS) == (
        "Vous devez être connecté pour effectuer cette action."
    )
    assert reason("other_admin", Action.SEE_MEMBERS) == (
        "Vous n'êtes pas membre de cet établissement."
    )
    assert reason("archived_admin", Action.SEE_MEMBERS) == "Cet espace Pix Orga est archivé."
    assert reason("member", Action.INVITE_MEMBERS) == (
        "Seuls les administrateurs de l'espace peuvent effectuer cette action."
    )
    assert reason("member", Action.LEAVE).startswith("Seuls les administrateurs peuvent quitter")
    assert reason("member", Action.IMPORT_LEARNERS) == (
        "Seuls les administrateurs de l'établissement peuvent importer la liste des élèves."
    )
    assert "propriétaire de la campagne" in reason("member", Action.EDIT_CAMPAIGN)


def test_a_school_not_managing_its_pupils_has_no_import_and_no_pupil_accounts():
    other = school(is_managing_students=False)
    admin, member = member_of(other, Role.ADMIN), member_of(other, Role.MEMBER)
    for context in (admin, member):
        assert access.refusal(context, Action.IMPORT_LEARNERS) == (
            "Cet établissement ne gère pas de liste d'élèves : l'import n'est pas possible."
        )
        assert not access.allowed(context, Action.MANAGE_LEARNER_ACCOUNTS)
        assert access.allowed(context, Action.SEE_LEARNERS)
    assert access.allowed(member_of(SCHOOL, Role.MEMBER), Action.MANAGE_LEARNER_ACCOUNTS)


def test_a_disabled_membership_gives_no_right():
    admin = ACTORS["admin"]
    assert admin is not None
    gone = attrs.evolve(admin, membership=attrs.evolve(admin.membership, disabled_at=NOW))
    assert not any(access.allowed(gone, action) for action in Action)

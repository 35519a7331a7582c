"""Who may do what in an organization: the rights of pix-rules §2 and §7, as data, in one place.

Every Orga use case receives the context the app's guard built once for the request (an
:class:`~pixorga_core.services.orga.OrgaContext`) and asks :func:`require` before it acts; pages
ask :func:`allowed` to show or hide what the user may do. Nothing else computes a right. The
table :data:`RIGHTS` maps each :class:`Action` to who may do it:

================================================  ==============  ============================
Action                                            Administrateur  Membre
================================================  ==============  ============================
See the members                                   yes             yes
See, invite, resend, cancel invitations           yes             no
Change a role, remove a member                    yes             no
Unblock a member's blocked login                  yes             no
Leave the organization (another admin remains)    yes             no
Import the pupils (school managing its pupils)    yes             no
See the pupils                                    yes             yes
Manage pupil accounts (school managing pupils)    yes             yes
See the campaigns, run one as a preview           yes             yes
See the problems reported on a campaign's tests   yes             yes
Create a campaign                                 yes             yes
Edit, archive, delete a campaign                  yes             its owner only
See results, export them                          yes             yes
================================================  ==============  ============================

An archived organization refuses every action. A command-line operator works with full rights
through an explicit :class:`SystemContext`, never by skipping the check. The design follows
datasette's ``default_actions.py`` and ``Datasette.allowed()``: actions are declared once, and one
function answers.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol

import attrs

from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.organizations import Organization
from pixorga_core.errors import PermissionDeniedError

__all__ = [
    "RIGHTS",
    "Action",
    "Actor",
    "MemberContext",
    "Right",
    "SystemContext",
    "Who",
    "acting_user_id",
    "allowed",
    "refusal",
    "require",
]

NOT_LOGGED_IN = "Vous devez être connecté pour effectuer cette action."
NOT_A_MEMBER = "Vous n'êtes pas membre de cet établissement."
ARCHIVED = "Cet espace Pix Orga est archivé."
ADMINS_ONLY = "Seuls les administrateurs de l'espace peuvent effectuer cette action."
LEAVE_ADMINS_ONLY = (
    "Seuls les administrateurs peuvent quitter l'espace eux-mêmes ; demandez à un administrateur "
    "de vous retirer de l'équipe."
)
IMPORT_ADMINS_ONLY = (
    "Seuls les administrateurs de l'établissement peuvent importer la liste des élèves."
)
NOT_MANAGING_STUDENTS = (
    "Cet établissement ne gère pas de liste d'élèves : l'import n'est pas possible."
)
NO_PUPIL_ACCOUNTS = (
    "Cet établissement ne gère pas de liste d'élèves : il n'y a pas de comptes élèves à gérer."
)
CAMPAIGN_ADMINS_OR_OWNER = (
    "Seuls les administrateurs de l'espace et le propriétaire de la campagne peuvent effectuer "
    "cette action."
)


class Action(enum.StrEnum):
    """Everything a member of an organization may be allowed to do."""

    SEE_MEMBERS = "see-members"
    SEE_INVITATIONS = "see-invitations"
    INVITE_MEMBERS = "invite-members"
    RESEND_INVITATION = "resend-invitation"
    CANCEL_INVITATION = "cancel-invitation"
    CHANGE_ROLE = "change-role"
    REMOVE_MEMBER = "remove-member"
    UNBLOCK_MEMBER = "unblock-member"
    LEAVE = "leave"
    SEE_LEARNERS = "see-learners"
    IMPORT_LEARNERS = "import-learners"
    MANAGE_LEARNER_ACCOUNTS = "manage-learner-accounts"
    SEE_CAMPAIGNS = "see-campaigns"
    SEE_CHALLENGE_REPORTS = "see-challenge-reports"
    CREATE_CAMPAIGN = "create-campaign"
    EDIT_CAMPAIGN = "edit-campaign"
    ARCHIVE_CAMPAIGN = "archive-campaign"
    DELETE_CAMPAIGN = "delete-campaign"
    SEE_RESULTS = "see-results"
    EXPORT_RESULTS = "export-results"


class Who(enum.Enum):
    """Which members an action is open to."""

    MEMBERS = "members"  #: any active member
    ADMINS = "admins"  #: administrators only
    ADMINS_OR_OWNER = "admins-or-owner"  #: administrators, and the owner of the object


@attrs.frozen(kw_only=True)
class Right:
    """Who may do an action, and the French reason given to those who may not."""

    who: Who
    #: The refusal for a member whose role does not suffice (unused for :attr:`Who.MEMBERS`).
    refusal: str = ADMINS_ONLY
    #: Only in a SCO school that manages its pupils; else this refusal.
    managing_students: str | None = None


#: The rights table (pix-rules §2; campaigns §7): one row per action.
RIGHTS: Mapping[Action, Right] = MappingProxyType(
    {
        Action.SEE_MEMBERS: Right(who=Who.MEMBERS),
        Action.SEE_INVITATIONS: Right(who=Who.ADMINS),
        Action.INVITE_MEMBERS: Right(who=Who.ADMINS),
        Action.RESEND_INVITATION: Right(who=Who.ADMINS),
        Action.CANCEL_INVITATION: Right(who=Who.ADMINS),
        Action.CHANGE_ROLE: Right(who=Who.ADMINS),
        Action.REMOVE_MEMBER: Right(who=Who.ADMINS),
        Action.UNBLOCK_MEMBER: Right(who=Who.ADMINS),
        Action.LEAVE: Right(who=Who.ADMINS, refusal=LEAVE_ADMINS_ONLY),
        Action.SEE_LEARNERS: Right(who=Who.MEMBERS),
        Action.IMPORT_LEARNERS: Right(
            who=Who.ADMINS, refusal=IMPORT_ADMINS_ONLY, managing_students=NOT_MANAGING_STUDENTS
        ),
        Action.MANAGE_LEARNER_ACCOUNTS: Right(who=Who.MEMBERS, managing_students=NO_PUPIL_ACCOUNTS),
        Action.SEE_CAMPAIGNS: Right(who=Who.MEMBERS),
        Action.SEE_CHALLENGE_REPORTS: Right(who=Who.MEMBERS),
        Action.CREATE_CAMPAIGN: Right(who=Who.MEMBERS),
        Action.EDIT_CAMPAIGN: Right(who=Who.ADMINS_OR_OWNER, refusal=CAMPAIGN_ADMINS_OR_OWNER),
        Action.ARCHIVE_CAMPAIGN: Right(who=Who.ADMINS_OR_OWNER, refusal=CAMPAIGN_ADMINS_OR_OWNER),
        Action.DELETE_CAMPAIGN: Right(who=Who.ADMINS_OR_OWNER, refusal=CAMPAIGN_ADMINS_OR_OWNER),
        Action.SEE_RESULTS: Right(who=Who.MEMBERS),
        Action.EXPORT_RESULTS: Right(who=Who.MEMBERS),
    }
)


class MemberContext(Protocol):
    """A member at work in an organization (:class:`~pixorga_core.services.orga.OrgaContext`)."""

    @property
    def organization(self) -> Organization: ...

    @property
    def membership(self) -> Membership: ...


@attrs.frozen(kw_only=True)
class SystemContext:
    """An operator working from the command line, with every right, in one organization.

    ``operator`` says who acts (``"pixorga import-siecle"``), for logs and records.
    """

    organization: Organization
    operator: str


#: Whoever asks: a member, the system, or nobody logged in (``None``).
Actor = MemberContext | SystemContext | None


def acting_user_id(context: Actor) -> int | None:
    """The id of the user who acts, to record who did what (``None`` for the system)."""
    if context is None or isinstance(context, SystemContext):
        return None
    return context.membership.user_id


def refusal(context: Actor, action: Action, *, owner_id: int | None = None) -> str | None:
    """The French reason why ``context`` may not do ``action``; ``None`` when it may.

    :param owner_id: for the campaign actions, the user id of the campaign's owner.
    """
    right = RIGHTS[action]
    if context is None:
        return NOT_LOGGED_IN
    if isinstance(context, SystemContext):
        return None
    organization, membership = context.organization, context.membership
    if not membership.is_active or membership.organization_id != organization.id:
        return NOT_A_MEMBER
    if organization.is_archived:
        return ARCHIVED
    if right.managing_students is not None and not organization.is_sco_managing_students:
        return right.managing_students
    if right.who is Who.MEMBERS or membership.role is Role.ADMIN:
        return None
    if right.who is Who.ADMINS_OR_OWNER and owner_id is not None:
        return None if owner_id == membership.user_id else right.refusal
    return right.refusal


def allowed(context: Actor, action: Action, *, owner_id: int | None = None) -> bool:
    """Whether ``context`` may do ``action`` (for pages: show the button or not)."""
    return refusal(context, action, owner_id=owner_id) is None


def require(context: Actor, action: Action, *, owner_id: int | None = None) -> None:
    """Check that ``context`` may do ``action`` (for services, before they act).

    :raises PermissionDeniedError: with the French reason.
    """
    reason = refusal(context, action, owner_id=owner_id)
    if reason is not None:
        raise PermissionDeniedError(reason)

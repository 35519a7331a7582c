"""« Campagnes »: creating, listing, editing, archiving and deleting campaigns (pix-rules §7).

Every use case receives the :class:`~pixorga_core.services.orga.OrgaContext` of the request and
asks :func:`pixorga_core.access.require` first (editing, archiving and deleting with the
campaign's ``owner_id``). A campaign stores the referential (id and version), the target profile
and the algorithm it runs; :mod:`pixorga_core.services.campaign_targets` lists what a campaign may
test and says whether a stored one can still run (re-exported here: :func:`unavailable_reason`,
:func:`participation_refusal`).
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core import paths
from pixorga_core.access import Action, Actor, allowed, require
from pixorga_core.domain.campaigns import (
    CODE_DIGITS,
    CODE_LETTERS,
    DEFAULT_ALGORITHM,
    EXTERNAL_ID_LABEL_MAX,
    LANDING_TEXT_MAX,
    NAME_MAX,
    TITLE_MAX,
    Campaign,
)
from pixorga_core.domain.users import User
from pixorga_core.errors import InvalidInputError, NotFoundError, PixorgaError
from pixorga_core.facade import Hooks
from pixorga_core.names import collapse_spaces
from pixorga_core.services.campaign_targets import (
    ARCHIVED_REFUSAL,
    DELETED_REFUSAL,
    TargetChoice,
    algorithm_choices,
    participation_refusal,
    target_choices,
    target_label,
    target_value,
    unavailable_reason,
)
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import assessments as assessments_repo
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.storage.repositories import users as users_repo
from pixorga_core.storage.repositories.campaigns import CampaignCounts, CampaignListRow

CAMPAIGN_NOT_FOUND = "Cette campagne est introuvable."
NAME_REQUIRED = "Veuillez donner un nom à la campagne."
NAME_TOO_LONG = f"Le nom de la campagne ne doit pas dépasser {NAME_MAX} caractères."
TARGET_REQUIRED = "Veuillez choisir ce que vous souhaitez tester."
TARGET_UNKNOWN = "Ce que vous souhaitez tester n'est pas disponible : choisissez dans la liste."
EXTERNAL_ID_LABEL_REQUIRED = "Veuillez indiquer le libellé de l'identifiant demandé."
EXTERNAL_ID_LABEL_TOO_LONG = (
    f"Le libellé de l'identifiant ne doit pas dépasser {EXTERNAL_ID_LABEL_MAX} caractères."
)
TITLE_TOO_LONG = f"Le titre du parcours ne doit pas dépasser {TITLE_MAX} caractères."
LANDING_TEXT_TOO_LONG = (
    f"Le texte de la page d'accueil ne doit pas dépasser {LANDING_TEXT_MAX:_} caractères.".replace(
        "_", " "
    )
)
ALGORITHM_UNKNOWN = "Cet algorithme n'est pas disponible : choisissez dans la liste."
OWNER_NOT_MEMBER = "Le propriétaire doit être un membre de l'équipe."
ALREADY_ARCHIVED = "Cette campagne est déjà archivée."
NOT_ARCHIVED = "Cette campagne n'est pas archivée."

__all__ = [
    "ARCHIVED_REFUSAL",
    "DELETED_REFUSAL",
    "CampaignEdit",
    "CampaignFilter",
    "CampaignForm",
    "CampaignView",
    "CodeSpaceExhaustedError",
    "TargetChoice",
    "algorithm_choices",
    "archive_campaign",
    "campaign_view",
    "create_campaign",
    "delete_campaign",
    "generate_code",
    "list_campaigns",
    "owner_choices",
    "participation_refusal",
    "target_choices",
    "target_label",
    "target_value",
    "unarchive_campaign",
    "unavailable_reason",
    "update_campaign",
]

#: Codes drawn before giving up (9 × 10¹⁰ codes: a second draw is already rare).
CODE_ATTEMPTS = 20


class CodeSpaceExhaustedError(PixorgaError):
    code = "CAMPAIGN_CODE_UNAVAILABLE"
    default_message = "Aucun code de campagne libre n'a pu être tiré : réessayez."


def generate_code() -> str:
    """A campaign code: 6 letters without I, L, O, then 3 digits from 2 to 9 (``QWERTY234``),
    drawn with :mod:`secrets` (a code must not be guessable from another)."""
    letters = "".join(secrets.choice(CODE_LETTERS) for _ in range(6))
    digits = "".join(secrets.choice(CODE_DIGITS) for _ in range(3))
    return letters + digits


# --- creation ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CampaignForm:
    """« Créer une campagne » as typed. ``target`` is a :attr:`TargetChoice.value`; an empty
    ``algorithm`` means the default."""

    name: str = ""
    target: str = ""
    asks_external_id: bool = False
    external_id_label: str = ""
    title: str = ""
    landing_text: str = ""
    algorithm: str = ""


def _optional(value: str) -> str | None:
    cleaned = value.strip()
    return cleaned or None


def _check_texts(
    errors: dict[str, str], *, name: str, title: str | None, landing_text: str | None
) -> None:
    if not name:
        errors["name"] = NAME_REQUIRED
    elif len(name) > NAME_MAX:
        errors["name"] = NAME_TOO_LONG
    if title is not None and len(title) > TITLE_MAX:
        errors["title"] = TITLE_TOO_LONG
    if landing_text is not None and len(landing_text) > LANDING_TEXT_MAX:
        errors["landing_text"] = LANDING_TEXT_TOO_LONG


def _new_row(hooks: Hooks, form: CampaignForm) -> campaigns_repo.NewCampaignRow:
    errors: dict[str, str] = {}
    name = collapse_spaces(form.name)
    title = _optional(collapse_spaces(form.title))
    landing_text = _optional(form.landing_text.replace("\r\n", "\n"))
    _check_texts(errors, name=name, title=title, landing_text=landing_text)
    choice = None
    if not form.target:
        errors["target"] = TARGET_REQUIRED
    else:
        choice = next((c for c in target_choices(hooks) if c.value == form.target), None)
        if choice is None:
            errors["target"] = TARGET_UNKNOWN
    label = collapse_spaces(form.external_id_label) if form.asks_external_id else ""
    if form.asks_external_id and not label:
        errors["external_id_label"] = EXTERNAL_ID_LABEL_REQUIRED
    elif len(label) > EXTERNAL_ID_LABEL_MAX:
        errors["external_id_label"] = EXTERNAL_ID_LABEL_TOO_LONG
    algorithm = form.algorithm or DEFAULT_ALGORITHM
    if algorithm not in hooks.assessment_algorithms():
        if form.algorithm or not len(hooks.assessment_algorithms()):
            errors["algorithm"] = ALGORITHM_UNKNOWN
        else:  # no choice was offered and the default is not installed: the only one there is
            algorithm = hooks.assessment_algorithms().names()[0]
    if errors or choice is None:
        raise InvalidInputError(field_errors=errors)
    return campaigns_repo.NewCampaignRow(
        name=name,
        title=title,
        landing_text=landing_text,
        external_id_label=label or None,
        referential_id=choice.referential.id,
        referential_version=choice.referential.version,
        target_profile_id=choice.profile.id,
        algorithm=algorithm,
    )


def create_campaign(
    session: Session,
    hooks: Hooks,
    context: OrgaContext,
    form: CampaignForm,
    *,
    now: datetime | None = None,
    draw_code: Callable[[], str] = generate_code,
) -> Campaign:
    """« Créer la campagne »: any member; the creator is its owner.

    The code is drawn until one is free: the UNIQUE constraint decides (inside a SAVEPOINT),
    so two teachers creating at once never get the same code.

    :raises InvalidInputError: ``field_errors`` by field (``name``, ``target``,
        ``external_id_label``, ``title``, ``landing_text``, ``algorithm``).
    """
    require(context, Action.CREATE_CAMPAIGN)
    new = _new_row(hooks, form)
    now = now or datetime.now(UTC)
    for _ in range(CODE_ATTEMPTS):
        campaign = campaigns_repo.insert_if_code_free(
            session,
            new,
            code=draw_code(),
            organization_id=context.organization.id,
            creator_id=context.user.id,
            now=now,
        )
        if campaign is not None:
            return campaign
    raise CodeSpaceExhaustedError


# --- list and page -----------------------------------------------------------------------------


class CampaignFilter(enum.StrEnum):
    """« Mes campagnes » / « Toutes les campagnes » (values used in page addresses)."""

    MINE = "mes-campagnes"
    ALL = "toutes"


def list_campaigns(
    session: Session,
    context: OrgaContext,
    *,
    which: CampaignFilter = CampaignFilter.ALL,
    archived: bool = False,
) -> list[CampaignListRow]:
    """The organization's campaigns, alphabetical; « Mes campagnes »: those the user owns."""
    require(context, Action.SEE_CAMPAIGNS)
    return campaigns_repo.list_for_organization(
        session,
        context.organization.id,
        archived=archived,
        owner_id=context.user.id if which is CampaignFilter.MINE else None,
    )


@attrs.frozen(kw_only=True)
class CampaignView:
    """The campaign page: the campaign, who made and owns it, its counts and what it tests."""

    campaign: Campaign
    creator: User
    owner: User
    counts: CampaignCounts
    target_label: str
    link: str
    #: Why it cannot run here (French), or None.
    problem: str | None
    can_manage: bool


def campaign_of(
    session: Session, context: Actor, campaign_id: int, action: Action = Action.SEE_CAMPAIGNS
) -> Campaign:
    """The organization's campaign ``campaign_id``, once ``context`` may do ``action`` on it.

    The one look-up of a school's campaign by its id, for every use case (details, results,
    reports, export).

    :raises PermissionDeniedError: ``context`` may not do ``action``.
    :raises NotFoundError: no such campaign in the organization, or a deleted one.
    """
    require(context, action)
    assert context is not None  # require refused nobody logged in
    campaign = campaigns_repo.get(session, campaign_id)
    if (
        campaign is None
        or campaign.organization_id != context.organization.id
        or campaign.is_deleted
    ):
        raise NotFoundError(CAMPAIGN_NOT_FOUND)
    return campaign


def _locked(session: Session, context: OrgaContext, campaign_id: int) -> Campaign:
    campaign_of(session, context, campaign_id)
    campaign = campaigns_repo.lock(session, campaign_id)
    if campaign is None or campaign.is_deleted:
        raise NotFoundError(CAMPAIGN_NOT_FOUND)
    return campaign


def campaign_view(
    session: Session, hooks: Hooks, context: OrgaContext, campaign_id: int, *, base_url: str
) -> CampaignView:
    """The « Détails » of one campaign of the organization (any member)."""
    require(context, Action.SEE_CAMPAIGNS)
    campaign = campaign_of(session, context, campaign_id)
    users = {u.id: u for u in _users(session, {campaign.creator_id, campaign.owner_id})}
    return CampaignView(
        campaign=campaign,
        creator=users[campaign.creator_id],
        owner=users[campaign.owner_id],
        counts=campaigns_repo.counts(session, campaign.id),
        target_label=target_label(hooks, campaign),
        link=paths.campaign_link(base_url, campaign.code),
        problem=unavailable_reason(hooks, campaign),
        can_manage=allowed(context, Action.EDIT_CAMPAIGN, owner_id=campaign.owner_id),
    )


def _users(session: Session, user_ids: set[int]) -> list[User]:
    return [users_repo.get(session, user_id) for user_id in sorted(user_ids)]


def owner_choices(session: Session, context: OrgaContext) -> list[User]:
    """The active members a campaign may be handed to, by last then first name."""
    require(context, Action.SEE_MEMBERS)
    organization_id = context.organization.id
    total = memberships_repo.count_active(session, organization_id)
    rows = memberships_repo.page_active_members(session, organization_id, limit=total, offset=0)
    return [user for _, user in rows]


# --- edit, archive, delete ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CampaignEdit:
    """« Modifier »: only these can change (pix-rules §7)."""

    name: str = ""
    title: str = ""
    landing_text: str = ""
    owner_id: int | None = None


def update_campaign(
    session: Session, context: OrgaContext, campaign_id: int, edit: CampaignEdit
) -> Campaign:
    """« Modifier »: the owner or an administrator; a new owner must be an active member."""
    campaign = campaign_of(session, context, campaign_id)
    require(context, Action.EDIT_CAMPAIGN, owner_id=campaign.owner_id)
    campaign = _locked(session, context, campaign_id)
    require(context, Action.EDIT_CAMPAIGN, owner_id=campaign.owner_id)
    errors: dict[str, str] = {}
    name = collapse_spaces(edit.name)
    title = _optional(collapse_spaces(edit.title))
    landing_text = _optional(edit.landing_text.replace("\r\n", "\n"))
    _check_texts(errors, name=name, title=title, landing_text=landing_text)
    owner_id = campaign.owner_id if edit.owner_id is None else edit.owner_id
    if owner_id != campaign.owner_id and (
        memberships_repo.find_active(session, context.organization.id, owner_id) is None
    ):
        errors["owner"] = OWNER_NOT_MEMBER
    if errors:
        raise InvalidInputError(field_errors=errors)
    return campaigns_repo.update(
        session,
        campaign.id,
        name=name,
        title=title,
        landing_text=landing_text,
        owner_id=owner_id,
    )


def archive_campaign(
    session: Session, context: OrgaContext, campaign_id: int, *, now: datetime | None = None
) -> Campaign:
    """« Archiver »: the owner or an administrator; it then refuses new participations."""
    campaign = campaign_of(session, context, campaign_id)
    require(context, Action.ARCHIVE_CAMPAIGN, owner_id=campaign.owner_id)
    campaign = _locked(session, context, campaign_id)
    if campaign.is_archived:
        raise InvalidInputError(ALREADY_ARCHIVED, code="CAMPAIGN_ALREADY_ARCHIVED")
    return campaigns_repo.set_archived(
        session, campaign.id, by_user_id=context.user.id, now=now or datetime.now(UTC)
    )


def unarchive_campaign(session: Session, context: OrgaContext, campaign_id: int) -> Campaign:
    """« Désarchiver »: the owner or an administrator."""
    campaign = campaign_of(session, context, campaign_id)
    require(context, Action.ARCHIVE_CAMPAIGN, owner_id=campaign.owner_id)
    campaign = _locked(session, context, campaign_id)
    if not campaign.is_archived:
        raise InvalidInputError(NOT_ARCHIVED, code="CAMPAIGN_NOT_ARCHIVED")
    return campaigns_repo.set_archived(session, campaign.id, by_user_id=None, now=None)


def delete_campaign(
    session: Session, context: OrgaContext, campaign_id: int, *, now: datetime | None = None
) -> None:
    """« Supprimer »: the owner or an administrator. A soft delete: the campaign disappears and
    its participations are deleted and anonymised (account, pupil and external id cleared)."""
    campaign = campaign_of(session, context, campaign_id)
    require(context, Action.DELETE_CAMPAIGN, owner_id=campaign.owner_id)
    campaign = _locked(session, context, campaign_id)
    now = now or datetime.now(UTC)
    participations_repo.delete_and_anonymise_for_campaign(
        session, campaign.id, by_user_id=context.user.id, now=now
    )
    assessments_repo.anonymise_for_campaign(session, campaign.id)
    campaigns_repo.soft_delete(session, campaign.id, by_user_id=context.user.id, now=now)

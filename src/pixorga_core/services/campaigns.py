"""« Campagnes »: creating, listing, editing, archiving and deleting campaigns (pix-rules §7).

Every use case receives the :class:`~pixorga_core.services.orga.OrgaContext` of the request and
asks :func:`pixorga_core.access.require` first (editing, archiving and deleting with the
campaign's ``owner_id``). A campaign stores the referential (id and version), the target profile
and the algorithm it runs; :func:`unavailable_reason` says, in French, when what it needs is no
longer installed, and :func:`participation_refusal` when it refuses new participations.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core import paths
from pixorga_core.access import Action, allowed, require
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
from pixorga_core.domain.referential import Referential, TargetProfile
from pixorga_core.domain.users import User
from pixorga_core.errors import (
    InvalidInputError,
    NotFoundError,
    PixorgaError,
    ReferentialNotFoundError,
    TargetProfileNotFoundError,
)
from pixorga_core.facade import Hooks
from pixorga_core.names import collapse_spaces
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
ARCHIVED_REFUSAL = "Cette campagne est archivée : elle n'accepte plus de participants."
DELETED_REFUSAL = "Cette campagne a été supprimée."
REFERENTIAL_GONE = (
    "Le référentiel de cette campagne ({referential}) n'est plus installé sur ce serveur : "
    "la campagne n'accepte plus de participants. Contactez l'administrateur de pixorga."
)
PROFILE_GONE = (
    "Le profil cible de cette campagne ({profile}) n'existe plus dans le référentiel installé : "
    "la campagne n'accepte plus de participants. Contactez l'administrateur de pixorga."
)
ALGORITHM_GONE = (
    "L'algorithme de cette campagne ({algorithm}) n'est plus installé sur ce serveur : "
    "la campagne n'accepte plus de participants. Contactez l'administrateur de pixorga."
)
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


# --- what a campaign may test, and with which algorithm ---------------------------------------


@attrs.frozen(kw_only=True)
class TargetChoice:
    """One entry of « Que souhaitez-vous tester ? »; ``value`` is what the form sends."""

    value: str
    label: str
    #: The heading the entry is listed under (None: the competences, listed first).
    group: str | None
    referential: Referential = attrs.field(repr=False, eq=False)
    profile: TargetProfile = attrs.field(repr=False, eq=False)


def target_value(referential_id: str, target_profile_id: str) -> str:
    return f"{referential_id}:{target_profile_id}"


def _code_key(code: str) -> tuple[tuple[int, str], ...]:
    """``"1.10"`` after ``"1.9"``: numbers compared as numbers."""
    return tuple((int(part), "") if part.isdigit() else (0, part) for part in code.split("."))


def _competence_of(referential: Referential, profile: TargetProfile) -> tuple[str, str] | None:
    """(code, ``"1.1 - Mener une recherche…"``) when the profile is exactly one whole
    competence."""
    wanted = frozenset(profile.skill_ids)
    for competence in referential.competences:
        skills = referential.skills_by_competence.get(competence.id, ())
        if skills and frozenset(s.id for s in skills) == wanted:
            return competence.code, f"{competence.code} - {competence.name}"
    return None


def target_choices(hooks: Hooks) -> list[TargetChoice]:
    """The competences of every registered referential (by code), then their other target
    profiles, under the referential's name."""
    competences: list[tuple[tuple[tuple[int, str], ...], int, TargetChoice]] = []
    others: list[TargetChoice] = []
    for referential, profile in hooks.referentials().target_profiles():
        value = target_value(referential.id, profile.id)
        competence = _competence_of(referential, profile)
        if competence is not None:
            code, label = competence
            choice = TargetChoice(
                value=value, label=label, group=None, referential=referential, profile=profile
            )
            competences.append((_code_key(code), len(competences), choice))
        else:
            others.append(
                TargetChoice(
                    value=value,
                    label=profile.name,
                    group=f"Profils cibles — {referential.name}",
                    referential=referential,
                    profile=profile,
                )
            )
    return [*(choice for _, _, choice in sorted(competences, key=lambda c: c[:2])), *others]


def target_label(hooks: Hooks, campaign: Campaign) -> str:
    """What the campaign tests, as the create form named it (the stored ids when not installed)."""
    for choice in target_choices(hooks):
        if choice.value == target_value(campaign.referential_id, campaign.target_profile_id):
            return choice.label
    return f"{campaign.target_profile_id} ({campaign.referential_id})"


def algorithm_choices(hooks: Hooks) -> list[tuple[str, str]]:
    """The registered algorithms as (name, label), the default first."""
    found = [(a.name, a.label) for a in hooks.assessment_algorithms()]
    return sorted(found, key=lambda item: item[0] != DEFAULT_ALGORITHM)


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


def unavailable_reason(hooks: Hooks, campaign: Campaign) -> str | None:
    """Why the campaign cannot run on this server (its referential, target profile or algorithm
    is no longer installed), in French; ``None`` when it can."""
    try:
        hooks.referentials().find_target_profile(
            campaign.target_profile_id, referential_id=campaign.referential_id
        )
    except ReferentialNotFoundError:
        return REFERENTIAL_GONE.format(referential=campaign.referential_id)
    except TargetProfileNotFoundError:
        return PROFILE_GONE.format(profile=campaign.target_profile_id)
    if campaign.algorithm not in hooks.assessment_algorithms():
        return ALGORITHM_GONE.format(algorithm=campaign.algorithm)
    return None


def participation_refusal(hooks: Hooks, campaign: Campaign) -> str | None:
    """Why the campaign refuses new participations (deleted, archived, not installed)."""
    if campaign.is_deleted:
        return DELETED_REFUSAL
    if campaign.is_archived:
        return ARCHIVED_REFUSAL
    return unavailable_reason(hooks, campaign)


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


def _campaign_of(session: Session, context: OrgaContext | None, campaign_id: int) -> Campaign:
    """The organization's campaign ``campaign_id`` (any member may see it)."""
    require(context, Action.SEE_CAMPAIGNS)
    assert context is not None
    campaign = campaigns_repo.get(session, campaign_id)
    if (
        campaign is None
        or campaign.organization_id != context.organization.id
        or campaign.is_deleted
    ):
        raise NotFoundError(CAMPAIGN_NOT_FOUND)
    return campaign


def _locked(session: Session, context: OrgaContext, campaign_id: int) -> Campaign:
    _campaign_of(session, context, campaign_id)
    campaign = campaigns_repo.lock(session, campaign_id)
    if campaign is None or campaign.is_deleted:
        raise NotFoundError(CAMPAIGN_NOT_FOUND)
    return campaign


def campaign_view(
    session: Session, hooks: Hooks, context: OrgaContext, campaign_id: int, *, base_url: str
) -> CampaignView:
    """The « Détails » of one campaign of the organization (any member)."""
    require(context, Action.SEE_CAMPAIGNS)
    campaign = _campaign_of(session, context, campaign_id)
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
    campaign = _campaign_of(session, context, campaign_id)
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
    campaign = _campaign_of(session, context, campaign_id)
    require(context, Action.ARCHIVE_CAMPAIGN, owner_id=campaign.owner_id)
    campaign = _locked(session, context, campaign_id)
    if campaign.is_archived:
        raise InvalidInputError(ALREADY_ARCHIVED, code="CAMPAIGN_ALREADY_ARCHIVED")
    return campaigns_repo.set_archived(
        session, campaign.id, by_user_id=context.user.id, now=now or datetime.now(UTC)
    )


def unarchive_campaign(session: Session, context: OrgaContext, campaign_id: int) -> Campaign:
    """« Désarchiver »: the owner or an administrator."""
    campaign = _campaign_of(session, context, campaign_id)
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
    campaign = _campaign_of(session, context, campaign_id)
    require(context, Action.DELETE_CAMPAIGN, owner_id=campaign.owner_id)
    campaign = _locked(session, context, campaign_id)
    now = now or datetime.now(UTC)
    participations_repo.delete_and_anonymise_for_campaign(
        session, campaign.id, by_user_id=context.user.id, now=now
    )
    assessments_repo.anonymise_for_campaign(session, campaign.id)
    campaigns_repo.soft_delete(session, campaign.id, by_user_id=context.user.id, now=now)

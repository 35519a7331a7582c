"""The pupil declares who they are: a campaign code, an identity, the pupil it designates.

Part of the pupil's way in (:mod:`pixorga_core.services.participations` builds on it): the
campaign a code names (typed in any case, spaces and dashes ignored), the declaration (a
birthdate in one field or three), the identity-matching hook among the enabled pupils of the
campaign's school born that day, and the refusals (:class:`JoinRefusedError`, a French message
saying what to do), raised before anything is written. The matched pupil row is locked
(``SELECT … FOR UPDATE``) until the transaction ends.
"""

from __future__ import annotations

import enum
import re
from datetime import date

import attrs
from sqlalchemy.orm import Session

from pixorga_core.domain.campaigns import Campaign, is_code_shaped, normalize_code
from pixorga_core.domain.learners import OrganizationLearner
from pixorga_core.domain.matching import DeclaredIdentity, MatchOutcome
from pixorga_core.domain.organizations import Organization
from pixorga_core.domain.users import User
from pixorga_core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from pixorga_core.facade import Hooks
from pixorga_core.names import collapse_spaces, person_name_errors
from pixorga_core.services.campaign_targets import participation_refusal, unavailable_reason
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import users as users_repo

CODE_NOT_FOUND = "Ce code est introuvable. Vérifiez-le auprès de votre enseignant."
CODE_REQUIRED = "Saisissez le code du parcours donné par votre enseignant."
BIRTHDATE_REQUIRED = "Saisissez votre date de naissance."
BIRTHDATE_INVALID = "Saisissez une date de naissance valide, au format JJ/MM/AAAA."
NO_MATCH = (
    "Nous n'avons trouvé aucun élève de {school} avec ces informations. Vérifiez vos "
    "informations (prénom, nom et date de naissance tels que l'établissement les connaît) ou "
    "contactez votre enseignant."
)
LEARNER_DISABLED = (
    "Vous ne faites plus partie de la liste des élèves de {school} : vous ne pouvez pas "
    "rejoindre ce parcours. Contactez votre enseignant."
)
ALREADY_LINKED = (
    "Un compte existe déjà pour cet élève dans l'établissement : {login}. Connectez-vous avec ce "
    "compte (« J'ai déjà un compte »). Si vous avez oublié votre mot de passe, votre enseignant "
    "peut le réinitialiser."
)


class JoinRefusal(enum.StrEnum):
    """Why a pupil may not join: the ``code`` of the :class:`JoinRefusedError`."""

    CAMPAIGN_CLOSED = "CAMPAIGN_CLOSED"  #: archived, deleted, or not installed here
    NO_MATCH = "LEARNER_NOT_FOUND"
    LEARNER_DISABLED = "LEARNER_DISABLED"
    LEARNER_ALREADY_LINKED = "LEARNER_ALREADY_LINKED"
    ACCOUNT_LINKED_TO_ANOTHER_LEARNER = "ACCOUNT_LINKED_TO_ANOTHER_LEARNER"
    ALREADY_PARTICIPATED = "ALREADY_PARTICIPATED"


class JoinRefusedError(PermissionDeniedError):
    """The pupil may not join the campaign; ``refusal`` says why, the message what to do."""

    code = "JOIN_REFUSED"

    def __init__(self, refusal: JoinRefusal, message: str) -> None:
        super().__init__(message, code=refusal.value)
        self.refusal = refusal


class CampaignCodeNotFoundError(NotFoundError):
    code = "CAMPAIGN_CODE_NOT_FOUND"
    default_message = CODE_NOT_FOUND


# --- the campaign a code names -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CampaignEntry:
    """A campaign as a pupil reaches it, with its school and why it refuses pupils (or None)."""

    campaign: Campaign
    organization: Organization
    refusal: str | None
    #: Why it cannot run on this server at all (referential or algorithm gone), or None.
    problem: str | None = None

    @property
    def heading(self) -> str:
        return self.campaign.title or self.campaign.name

    @property
    def can_be_previewed(self) -> bool:
        """Whether a member may run it as a preview (« Tester la campagne »): an archived
        campaign may be, a deleted one or one that cannot run here may not."""
        return not self.campaign.is_deleted and self.problem is None


def find_campaign(session: Session, hooks: Hooks, typed_code: str) -> CampaignEntry:
    """The campaign of a code typed in any case, spaces and dashes ignored.

    :raises InvalidInputError: nothing typed.
    :raises CampaignCodeNotFoundError: no campaign has that code.
    """
    code = normalize_code(typed_code)
    if not code:
        raise InvalidInputError(CODE_REQUIRED, field_errors={"code": CODE_REQUIRED})
    campaign = campaigns_repo.find_by_code(session, code) if is_code_shaped(code) else None
    if campaign is None:
        raise CampaignCodeNotFoundError
    organization = organizations_repo.get(session, campaign.organization_id)
    return CampaignEntry(
        campaign=campaign,
        organization=organization,
        refusal=participation_refusal(hooks, campaign),
        problem=unavailable_reason(hooks, campaign),
    )


def open_campaign(session: Session, hooks: Hooks, code: str) -> CampaignEntry:
    entry = find_campaign(session, hooks, code)
    if entry.refusal is not None:
        raise JoinRefusedError(JoinRefusal.CAMPAIGN_CLOSED, entry.refusal)
    return entry


# --- the identity a pupil declares -------------------------------------------------------------

_DATE_SEPARATORS = re.compile(r"[\s/.\-]+")


def parse_birthdate(text: str = "", *, day: str = "", month: str = "", year: str = "") -> date:
    """A birthdate typed as one field (``23/06/2011``, ``23 06 2011``, ``23-06-2011``) or as
    three (day, month, year).

    :raises InvalidInputError: ``field_errors["birthdate"]``.
    """
    parts = [p for p in (day.strip(), month.strip(), year.strip()) if p]
    if not parts:
        parts = [p for p in _DATE_SEPARATORS.split(text.strip()) if p]
        if len(parts) == 1 and len(parts[0]) == 8 and parts[0].isdigit():  # 23062011
            parts = [parts[0][:2], parts[0][2:4], parts[0][4:]]
    if not parts:
        raise InvalidInputError(field_errors={"birthdate": BIRTHDATE_REQUIRED})
    try:
        d, m, y = (int(p) for p in parts)
        if not 1900 <= y <= 2100:
            raise ValueError
        return date(y, m, d)
    except ValueError:
        raise InvalidInputError(field_errors={"birthdate": BIRTHDATE_INVALID}) from None


def declaration(
    first_name: str,
    last_name: str,
    birthdate: str = "",
    *,
    day: str = "",
    month: str = "",
    year: str = "",
) -> DeclaredIdentity:
    """« Je m'inscris »: the declared identity, checked field by field.

    :raises InvalidInputError: ``field_errors`` for ``first_name``, ``last_name``, ``birthdate``.
    """
    first, last = collapse_spaces(first_name), collapse_spaces(last_name)
    errors = person_name_errors(first, last)
    parsed: date | None = None
    try:
        parsed = parse_birthdate(birthdate, day=day, month=month, year=year)
    except InvalidInputError as exc:
        errors.update(exc.field_errors)
    if errors or parsed is None:
        raise InvalidInputError(field_errors=errors)
    return DeclaredIdentity(first_name=first, last_name=last, birthdate=parsed)


def obfuscate(user: User) -> str:
    """An account's login, shown to whoever declares its pupil: ``a***.t***2306``,
    ``a***@exemple.fr``, or the words « un compte Médiacentre » for a single sign-on account."""
    if user.username:
        match = re.fullmatch(r"([^.]*)\.(.*?)(\d*)", user.username)
        if match:
            first, last, digits = match.groups()
            return f"{first[:1]}***.{last[:1]}***{digits}"
        return f"{user.username[:1]}***"
    if user.email and "@" in user.email:
        local, domain = user.email.split("@", 1)
        return f"{local[:1]}***@{domain}"
    return "un compte Médiacentre (GAR)"


def matched_learner(
    session: Session, hooks: Hooks, entry: CampaignEntry, declared: DeclaredIdentity
) -> OrganizationLearner:
    """The enabled pupil of the campaign's school the declaration designates, locked.

    :raises JoinRefusedError: no pupil matches, or the one matching is disabled.
    """
    organization = entry.organization
    school = organization.name
    candidates = learners_repo.list_enabled_by_birthdate(
        session, organization.id, declared.birthdate
    )
    result = hooks.match_learner(declared, candidates)
    if result.outcome is not MatchOutcome.MATCHED or result.learner is None:
        disabled = learners_repo.list_disabled_by_birthdate(
            session, organization.id, declared.birthdate
        )
        if disabled and hooks.match_learner(declared, disabled).outcome is MatchOutcome.MATCHED:
            raise JoinRefusedError(
                JoinRefusal.LEARNER_DISABLED, LEARNER_DISABLED.format(school=school)
            )
        raise JoinRefusedError(JoinRefusal.NO_MATCH, NO_MATCH.format(school=school))
    learner = learners_repo.lock(session, result.learner.id)
    if learner is None or learner.is_disabled:
        raise JoinRefusedError(JoinRefusal.LEARNER_DISABLED, LEARNER_DISABLED.format(school=school))
    return learner


def refuse_if_linked(session: Session, learner: OrganizationLearner, user_id: int | None) -> None:
    if learner.user_id is not None and learner.user_id != user_id:
        owner = users_repo.get(session, learner.user_id)
        raise JoinRefusedError(
            JoinRefusal.LEARNER_ALREADY_LINKED, ALREADY_LINKED.format(login=obfuscate(owner))
        )

"""The pupil's way in: from a campaign code to a participation (pix-rules §4.1, §4.4, §5, §7).

A campaign of a school that manages its pupils is *closed*: only its imported pupils join it,
each with their own account. A pupil declares who they are (first name, last name, birthdate);
the identity-matching hook picks the pupil among the school's enabled pupils born that day;
then either a new account is created for that pupil (a username generated from the **imported**
data, or an e-mail address, and a password under the policy), linked and logged in, or the
logged-in account is linked. The participation starts (STARTED) once the external identifier is
given, when the campaign asks for one; the test itself is :mod:`pixorga_core.services.assessments`.

Every refusal raises a :class:`JoinRefusedError` (a French message saying what to do) before
anything is written. The pupil row is locked while it is decided (``SELECT … FOR UPDATE``) and
the link is a conditional UPDATE, so two joins of one pupil at once make one account and one
participation; usernames are inserted in a SAVEPOINT and generated again on a UNIQUE violation.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.domain.campaigns import (
    EXTERNAL_ID_MAX,
    Campaign,
    CampaignParticipation,
    ParticipationStatus,
    is_code_shaped,
    normalize_code,
)
from pixorga_core.domain.learners import OrganizationLearner
from pixorga_core.domain.matching import DeclaredIdentity, MatchOutcome
from pixorga_core.domain.organizations import Organization
from pixorga_core.domain.users import User
from pixorga_core.emails import is_valid_email, normalize_email
from pixorga_core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from pixorga_core.facade import Hooks
from pixorga_core.names import collapse_spaces, person_name_errors
from pixorga_core.services import passwords
from pixorga_core.services.campaigns import participation_refusal
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import participations as participations_repo
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
ACCOUNT_LINKED_TO_ANOTHER = (
    "Votre compte est déjà rattaché à un autre élève de {school}. Déconnectez-vous, puis "
    "connectez-vous avec le compte de cet élève, ou contactez votre enseignant."
)
ALREADY_PARTICIPATED = (
    "Vous avez déjà participé à ce parcours et envoyé vos résultats : retrouvez-le dans "
    "« Mes parcours »."
)
PARTICIPATED_WITH_ANOTHER_ACCOUNT = (
    "Cet élève a déjà participé à ce parcours avec un autre compte. Contactez votre enseignant."
)
USERNAME_UNAVAILABLE = "Aucun identifiant libre n'a pu être créé : rechargez la page et réessayez."
EMAIL_REQUIRED = "Saisissez votre adresse e-mail."
EMAIL_INVALID = "Votre adresse e-mail n'est pas valide."
EMAIL_TAKEN = "Cette adresse e-mail est déjà enregistrée, connectez-vous."
EXTERNAL_ID_REQUIRED = "Saisissez votre {label}."
EXTERNAL_ID_TOO_LONG = f"Ne dépassez pas {EXTERNAL_ID_MAX} caractères."
#: Usernames tried when the one proposed was taken meanwhile (a UNIQUE violation).
USERNAME_ATTEMPTS = 10


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

    @property
    def heading(self) -> str:
        return self.campaign.title or self.campaign.name


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
    )


def _open(session: Session, hooks: Hooks, code: str) -> CampaignEntry:
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


def _matched_learner(
    session: Session, hooks: Hooks, entry: CampaignEntry, declared: DeclaredIdentity
) -> OrganizationLearner:
    """The enabled pupil of the campaign's school the declaration designates, locked."""
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


def _refuse_if_linked(session: Session, learner: OrganizationLearner, user_id: int | None) -> None:
    if learner.user_id is not None and learner.user_id != user_id:
        owner = users_repo.get(session, learner.user_id)
        raise JoinRefusedError(
            JoinRefusal.LEARNER_ALREADY_LINKED, ALREADY_LINKED.format(login=obfuscate(owner))
        )


@attrs.frozen(kw_only=True)
class Match:
    """A declaration matched: the pupil, and the username their new account would get."""

    entry: CampaignEntry
    learner: OrganizationLearner
    proposed_username: str


def _is_taken(session: Session) -> Callable[[str], bool]:
    return lambda name: users_repo.username_exists(session, name)


def match_declaration(
    session: Session, hooks: Hooks, code: str, declared: DeclaredIdentity
) -> Match:
    """Who the declaration designates, for a pupil not logged in, and the identifier an account
    would get (generated by the account-creation hook from the imported data).

    :raises JoinRefusedError: the campaign is closed; no pupil matches; the pupil is disabled;
        an account is already linked to the pupil (its login obfuscated in the message).
    """
    entry = _open(session, hooks, code)
    learner = _matched_learner(session, hooks, entry, declared)
    _refuse_if_linked(session, learner, None)
    return Match(
        entry=entry,
        learner=learner,
        proposed_username=hooks.generate_username(learner, _is_taken(session)),
    )


# --- the participation -------------------------------------------------------------------------


class JoinStep(enum.StrEnum):
    """What the pupil does next."""

    DECLARE = "declare"  #: « Je m'inscris »: first name, last name, birthdate
    EXTERNAL_ID = "external-id"  #: the identifier the campaign asks for
    TEST = "test"  #: the participation exists: on to the test


@attrs.frozen(kw_only=True)
class JoinOutcome:
    step: JoinStep
    entry: CampaignEntry
    learner: OrganizationLearner | None = None
    participation: CampaignParticipation | None = None


def _clean_external_id(entry: CampaignEntry, external_id: str | None) -> str | None:
    if not entry.campaign.asks_external_id or external_id is None:
        return None
    value = collapse_spaces(external_id)
    label = entry.campaign.external_id_label or "identifiant"
    if not value:
        message = EXTERNAL_ID_REQUIRED.format(label=label.lower())
        raise InvalidInputError(field_errors={"external_id": message})
    if len(value) > EXTERNAL_ID_MAX:
        raise InvalidInputError(field_errors={"external_id": EXTERNAL_ID_TOO_LONG})
    return value


def _existing(
    session: Session, entry: CampaignEntry, learner: OrganizationLearner, user_id: int
) -> CampaignParticipation | None:
    """The pupil's participation in the campaign, if any; refused when already shared or made
    with another account."""
    mine = participations_repo.find_for_user(session, entry.campaign.id, user_id)
    if mine is not None and mine.status is ParticipationStatus.SHARED:
        raise JoinRefusedError(JoinRefusal.ALREADY_PARTICIPATED, ALREADY_PARTICIPATED)
    if mine is not None:
        return mine
    theirs = participations_repo.find_for_learner(session, entry.campaign.id, learner.id)
    if theirs is not None:
        raise JoinRefusedError(JoinRefusal.ALREADY_PARTICIPATED, PARTICIPATED_WITH_ANOTHER_ACCOUNT)
    return None


def _participate(
    session: Session,
    entry: CampaignEntry,
    learner: OrganizationLearner,
    user_id: int,
    external_id: str | None,
    now: datetime,
) -> JoinOutcome:
    existing = _existing(session, entry, learner, user_id)
    if existing is None and entry.campaign.asks_external_id and external_id is None:
        return JoinOutcome(step=JoinStep.EXTERNAL_ID, entry=entry, learner=learner)
    participation = existing or participations_repo.insert_if_new(
        session,
        campaign_id=entry.campaign.id,
        user_id=user_id,
        organization_learner_id=learner.id,
        external_id=external_id,
        now=now,
    )
    if participation is None:  # started by a parallel request meanwhile
        participation = _existing(session, entry, learner, user_id)
    assert participation is not None
    return JoinOutcome(
        step=JoinStep.TEST, entry=entry, learner=learner, participation=participation
    )


def join_as_user(
    session: Session,
    hooks: Hooks,
    code: str,
    user_id: int,
    *,
    declared: DeclaredIdentity | None = None,
    external_id: str | None = None,
    now: datetime | None = None,
) -> JoinOutcome:
    """« Je commence » for a logged-in account.

    Linked to a pupil of the campaign's school: the participation starts (or goes on), once the
    external identifier is given when the campaign asks for one. Not linked yet: the declaration
    is asked (:attr:`JoinStep.DECLARE`), then matched and the account linked to the pupil.

    :raises JoinRefusedError: the campaign is closed; the pupil is disabled, not found, or
        linked to another account; the account is linked to another pupil of the school; the
        results were already sent.
    :raises InvalidInputError: the external identifier is empty or too long.
    """
    now = now or datetime.now(UTC)
    entry = _open(session, hooks, code)
    school = entry.organization.name
    clean_id = _clean_external_id(entry, external_id)
    linked = learners_repo.list_for_user(session, entry.organization.id, user_id)
    if declared is not None:
        learner = _matched_learner(session, hooks, entry, declared)
        if any(other.id != learner.id for other in linked):
            raise JoinRefusedError(
                JoinRefusal.ACCOUNT_LINKED_TO_ANOTHER_LEARNER,
                ACCOUNT_LINKED_TO_ANOTHER.format(school=school),
            )
        _refuse_if_linked(session, learner, user_id)
        if learner.user_id is None:
            if not learners_repo.link_user(session, learner.id, user_id, now=now):
                learner = learners_repo.lock(session, learner.id) or learner
                _refuse_if_linked(session, learner, user_id)
            learner = attrs.evolve(learner, user_id=user_id)
    elif linked:
        learner = learners_repo.lock(session, linked[0].id) or linked[0]
        if learner.is_disabled:
            raise JoinRefusedError(
                JoinRefusal.LEARNER_DISABLED, LEARNER_DISABLED.format(school=school)
            )
    else:
        return JoinOutcome(step=JoinStep.DECLARE, entry=entry)
    return _participate(session, entry, learner, user_id, clean_id, now)


# --- a new account for the pupil ---------------------------------------------------------------


class AccountKind(enum.StrEnum):
    """« Je m'inscris avec : Mon adresse e-mail / Mon identifiant »."""

    USERNAME = "identifiant"
    EMAIL = "email"


@attrs.frozen(kw_only=True)
class AccountForm:
    kind: AccountKind = AccountKind.USERNAME
    email: str = ""
    password: str = attrs.field(default="", repr=False)


@attrs.frozen(kw_only=True)
class NewAccount:
    """The account made for the pupil, and where the pupil goes next."""

    user: User
    outcome: JoinOutcome
    #: The proposed identifier was taken meanwhile: the account got another one (show it).
    username_changed: bool = False


def _account_errors(session: Session, form: AccountForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    if form.kind is AccountKind.EMAIL:
        email = normalize_email(form.email)
        if not email:
            errors["email"] = EMAIL_REQUIRED
        elif not is_valid_email(email):
            errors["email"] = EMAIL_INVALID
        elif users_repo.email_exists(session, email):
            errors["email"] = EMAIL_TAKEN
    violation = passwords.policy_violation(form.password)
    if violation:
        errors["password"] = violation
    return errors


def _insert_user(
    session: Session,
    hooks: Hooks,
    learner: OrganizationLearner,
    form: AccountForm,
    proposed_username: str,
    now: datetime,
) -> tuple[User, bool]:
    def insert(email: str | None, username: str | None) -> User | None:
        return users_repo.add_if_free(
            session,
            first_name=learner.first_name,
            last_name=learner.last_name,
            email=email,
            username=username,
            cgu_accepted=False,
            now=now,
        )

    if form.kind is AccountKind.EMAIL:
        user = insert(normalize_email(form.email), None)
        if user is None:  # the same address signed up at the same moment
            raise InvalidInputError(field_errors={"email": EMAIL_TAKEN})
        return user, False
    collided: set[str] = set()
    candidate = proposed_username
    for _ in range(USERNAME_ATTEMPTS):
        if not users_repo.username_exists(session, candidate):
            user = insert(None, candidate)
            if user is not None:
                return user, candidate != proposed_username
        collided.add(candidate)
        candidate = hooks.generate_username(
            learner, lambda name: name in collided or users_repo.username_exists(session, name)
        )
    raise InvalidInputError(USERNAME_UNAVAILABLE, field_errors={"password": USERNAME_UNAVAILABLE})


def create_account_and_join(
    session: Session,
    hooks: Hooks,
    code: str,
    declared: DeclaredIdentity,
    form: AccountForm,
    *,
    proposed_username: str | None = None,
    external_id: str | None = None,
    now: datetime | None = None,
) -> NewAccount:
    """« Je m'inscris »: create the pupil's account, link it and start the participation, in the
    caller's transaction (the caller logs the account in).

    The declaration is matched again (the pupil row locked): a pupil who was linked, disabled
    or removed meanwhile is refused. The username is ``proposed_username`` (the one shown) when
    still free, else a new one from the hook.

    :raises InvalidInputError: the e-mail or the password (``field_errors``).
    :raises JoinRefusedError: as :func:`match_declaration`.
    """
    now = now or datetime.now(UTC)
    entry = _open(session, hooks, code)
    learner = _matched_learner(session, hooks, entry, declared)
    _refuse_if_linked(session, learner, None)
    clean_id = _clean_external_id(entry, external_id)
    errors = _account_errors(session, form)
    if errors:
        raise InvalidInputError(field_errors=errors)
    proposed = proposed_username or hooks.generate_username(learner, _is_taken(session))
    user, changed = _insert_user(session, hooks, learner, form, proposed, now)
    users_repo.add_password_method(
        session,
        user_id=user.id,
        password_hash=passwords.hash_password(form.password),
        must_change_password=False,
        now=now,
    )
    linked = learners_repo.link_user(session, learner.id, user.id, now=now)
    assert linked, "the pupil row is locked and had no account"
    learner = attrs.evolve(learner, user_id=user.id)
    hooks.account_created(session, user=user, learner=learner)
    outcome = _participate(session, entry, learner, user.id, clean_id, now)
    return NewAccount(user=user, outcome=outcome, username_changed=changed)


# --- « Mes parcours » ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class MyCampaign:
    participation: CampaignParticipation
    campaign: Campaign

    @property
    def heading(self) -> str:
        return self.campaign.title or self.campaign.name

    @property
    def can_resume(self) -> bool:
        return self.participation.status is not ParticipationStatus.SHARED


def my_campaigns(session: Session, user_id: int) -> list[MyCampaign]:
    """The account's participations not deleted, the latest first, with their campaigns (deleted
    campaigns left out)."""
    found = []
    for participation in participations_repo.list_for_user(session, user_id):
        campaign = campaigns_repo.get(session, participation.campaign_id)
        if campaign is not None and not campaign.is_deleted:
            found.append(MyCampaign(participation=participation, campaign=campaign))
    return found


def is_pupil(session: Session, user_id: int) -> bool:
    """Whether the account belongs to a pupil: linked to an imported pupil, or participating."""
    return learners_repo.is_linked_anywhere(session, user_id) or bool(
        participations_repo.list_for_user(session, user_id)
    )

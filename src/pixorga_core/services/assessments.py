"""The pupil's adaptive test, step by step, with its whole state in the database (pix-rules §7, §9).

A test is found from the campaign code and the logged-in account: a pupil's participation and its
assessment, or a member's preview (« Tester la campagne », an assessment with no participation).
:func:`step_of` says which page the pupil is on (the rules, a challenge, a checkpoint every five
answers, the end); every write is a POST use case here: :func:`start`, :func:`answer`,
:func:`continue_test`, :func:`report_problem`, :func:`share_results`, :func:`restart_preview`.

Nothing lives in the process: the current challenge is stored on the assessment when it is drawn,
the algorithm's random generator is seeded from the assessment id and its answer count, and an
answer is written only if the assessment is still at the count and current challenge the request
read (:func:`pixorga_core.storage.repositories.assessments.record_answer`), with its knowledge
elements, in the request's one transaction. A double submit, a second tab or the back button
therefore store one answer; the late request gets :attr:`AnswerOutcome.STALE` and is sent to where
the pupil is.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping
from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.access import Action, require
from pixorga_core.domain import results as domain_results
from pixorga_core.domain.assessments import Answer, AnswerStatus, AssessmentState, KnowledgeElement
from pixorga_core.domain.campaigns import (
    REPORT_TEXT_MAX,
    Assessment,
    Campaign,
    CampaignParticipation,
    ParticipationStatus,
    is_code_shaped,
    normalize_code,
)
from pixorga_core.domain.referential import Challenge, ChallengeType, Referential, Tutorial
from pixorga_core.engine import service as engine
from pixorga_core.engine.answers import Response, check_answer
from pixorga_core.engine.knowledge import knowledge_for_answer
from pixorga_core.engine.shuffle import option_order
from pixorga_core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from pixorga_core.facade import Hooks
from pixorga_core.registries import AssessmentAlgorithm
from pixorga_core.services import orga
from pixorga_core.services.campaigns import unavailable_reason
from pixorga_core.storage.repositories import assessments as assessments_repo
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import participations as participations_repo

#: A checkpoint (« Vos réponses ») after every this many answers.
CHECKPOINT_EVERY = 5
#: Seconds allowed past a timed challenge's time for the request to arrive.
TIMER_GRACE_SECONDS = 2

CAMPAIGN_NOT_FOUND = "Ce code est introuvable. Vérifiez-le auprès de votre enseignant."
NO_PARTICIPATION = "Vous ne participez pas à cette campagne."
DISABLED_PUPIL = (
    "Votre inscription dans cet établissement est désactivée : vous ne pouvez plus répondre "
    "ni envoyer vos résultats. Contactez votre enseignant."
)
ARCHIVED = (
    "Cette campagne est archivée : vous ne pouvez plus répondre ni envoyer vos résultats. "
    "Contactez votre enseignant."
)
UNKNOWN_CHALLENGE = "Cette question ne fait pas partie de votre parcours."
NOT_CURRENT = "Vous avez déjà répondu à cette question : voici où vous en êtes."
UNKNOWN_OPTION = "Cette réponse ne correspond à aucune proposition de la question."
REPORT_EMPTY = "Décrivez le problème en quelques mots."
REPORT_TOO_LONG = f"Votre message ne doit pas dépasser {REPORT_TEXT_MAX} caractères."
NOT_FINISHED = "Votre parcours n'est pas terminé : terminez-le avant d'envoyer vos résultats."
ALREADY_SHARED = "Vos résultats ont déjà été envoyés."
PREVIEW_NO_SHARING = "Ceci est un aperçu : les résultats ne sont envoyés à personne."


class Step(enum.StrEnum):
    """The page a test is on."""

    RULES = "rules"  #: not started: the rules screens and « Je commence »
    CHALLENGE = "challenge"  #: a challenge is shown
    CHECKPOINT = "checkpoint"  #: « Vos réponses », every five answers
    END = "end"  #: « Vous maîtrisez N % des compétences testées »


class AnswerOutcome(enum.StrEnum):
    STORED = "stored"  #: the answer was written
    STALE = "stale"  #: the challenge was not the current one any more: nothing was written


@attrs.frozen(kw_only=True)
class Parcours:
    """One test as a request finds it: the campaign, the participation (None for a preview), the
    stored assessment (None before « Je commence ») and the referential it runs on."""

    campaign: Campaign
    user_id: int
    participation: CampaignParticipation | None
    assessment: Assessment | None
    referential: Referential
    #: Why answers and sharing are refused now (French), or None.
    refusal: str | None

    @property
    def is_preview(self) -> bool:
        return self.participation is None

    @property
    def title(self) -> str:
        return self.campaign.title or self.campaign.name


@attrs.frozen(kw_only=True)
class Submission:
    """What the challenge form sent. ``choices`` are 1-based positions on the page (mapped back
    to the stored proposal numbers through the pupil's shuffle); ``fields`` a QROCM's values."""

    challenge_id: str
    skipped: bool = False
    choices: tuple[str, ...] = ()
    text: str = ""
    fields: Mapping[str, str] = attrs.field(factory=dict)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# -- finding a test ----------------------------------------------------------------------------


def _campaign(session: Session, code: str) -> Campaign:
    normalized = normalize_code(code)
    campaign = (
        campaigns_repo.find_by_code(session, normalized) if is_code_shaped(normalized) else None
    )
    if campaign is None or campaign.is_deleted:
        raise NotFoundError(CAMPAIGN_NOT_FOUND)
    return campaign


def _referential(hooks: Hooks, campaign: Campaign) -> Referential:
    problem = unavailable_reason(hooks, campaign)
    if problem is not None:
        raise NotFoundError(problem)
    return hooks.referentials().find_referential(campaign.referential_id)


def find_test(session: Session, hooks: Hooks, *, code: str, user_id: int) -> Parcours:
    """The pupil's test in the campaign ``code``.

    :raises NotFoundError: no such campaign (or not installed here), or the account has no
        participation in it (code ``NO_PARTICIPATION``: the app sends the pupil to the landing).
    """
    campaign = _campaign(session, code)
    participation = participations_repo.find_for_user(session, campaign.id, user_id)
    if participation is None:
        raise NotFoundError(NO_PARTICIPATION, code="NO_PARTICIPATION")
    referential = _referential(hooks, campaign)
    assessment = assessments_repo.for_participation(session, participation.id)
    return Parcours(
        campaign=campaign,
        user_id=user_id,
        participation=participation,
        assessment=assessment,
        referential=referential,
        refusal=_refusal(session, campaign, participation),
    )


def find_preview(session: Session, hooks: Hooks, *, code: str, user_id: int) -> Parcours:
    """A member's preview of the campaign ``code`` (any member of its organization).

    :raises OrgaAccessDeniedError: the user is not a member of the campaign's organization.
    """
    campaign = _campaign(session, code)
    context = orga.context_for(session, user_id, campaign.organization_id)
    require(context, Action.SEE_CAMPAIGNS)
    referential = _referential(hooks, campaign)
    return Parcours(
        campaign=campaign,
        user_id=user_id,
        participation=None,
        assessment=assessments_repo.latest_preview(session, campaign.id, user_id),
        referential=referential,
        refusal=None,
    )


def _refusal(
    session: Session, campaign: Campaign, participation: CampaignParticipation
) -> str | None:
    if campaign.is_archived:
        return ARCHIVED
    if participation.organization_learner_id is not None:
        learners = learners_repo.get_many(session, [participation.organization_learner_id])
        if not learners or learners[0].is_disabled:
            return DISABLED_PUPIL
    return None


def _require_open(test: Parcours) -> None:
    if test.refusal is not None:
        raise PermissionDeniedError(test.refusal)


def step_of(test: Parcours) -> Step:
    """The page the test is on, from its stored state alone."""
    assessment = test.assessment
    if assessment is None:
        return Step.RULES
    if assessment.is_completed:
        return Step.END
    if assessment.current_challenge_id is not None:
        return Step.CHALLENGE
    return Step.RULES if assessment.answer_count == 0 else Step.CHECKPOINT


# -- the engine's state, from the database -----------------------------------------------------


def engine_state(session: Session, test: Parcours, assessment: Assessment) -> AssessmentState:
    """The engine's state of ``assessment``, rebuilt from its stored answers and knowledge
    elements (those of challenges or skills no longer in the referential are left out)."""
    campaign = test.campaign
    state = engine.start_assessment(
        test.referential,
        campaign.target_profile_id,
        algorithm=campaign.algorithm,
        assessment_id=assessment.id,
    )
    answers = tuple(
        Answer(challenge_id=a.challenge_id, status=a.status, value=a.value)
        for a in assessments_repo.answers(session, assessment.id)
        if a.challenge_id in state.challenges_by_id
    )
    elements = tuple(
        KnowledgeElement(
            skill_id=k.skill_id, status=k.status, source=k.source, earned_pix=k.earned_pix
        )
        for k in assessments_repo.knowledge_elements(session, assessment.id)
        if k.skill_id in state.skills_by_id
    )
    return attrs.evolve(state, answers=answers, knowledge_elements=elements)


def _algorithm(hooks: Hooks, test: Parcours) -> AssessmentAlgorithm:
    """The campaign's algorithm, with the campaign's own options."""
    campaign = test.campaign
    return hooks.assessment_algorithms().configured(campaign.algorithm, campaign.algorithm_options)


def _draw(
    session: Session,
    hooks: Hooks,
    test: Parcours,
    assessment: Assessment,
    now: datetime,
    state: AssessmentState | None = None,
) -> None:
    """Draw and store the next challenge, or end the test (participation TO_SHARE).

    ``state``: the engine's state of ``assessment`` when the caller has it (an answer extends
    the state it read with what it wrote), else rebuilt from the database."""
    state = state or engine_state(session, test, assessment)
    algorithm = _algorithm(hooks, test)
    chosen = engine.next_challenge(algorithm, state, random.Random(assessment.rng_seed))  # noqa: S311 - replayable, not secret
    if chosen is not None:
        assessments_repo.set_current_challenge(
            session,
            assessment.id,
            answer_count=assessment.answer_count,
            challenge_id=chosen.id,
            now=now,
        )
        return
    if assessments_repo.complete(session, assessment.id, now=now) and test.participation:
        participations_repo.set_status(session, test.participation.id, ParticipationStatus.TO_SHARE)


def current_challenge(test: Parcours) -> Challenge | None:
    assessment = test.assessment
    if assessment is None or assessment.current_challenge_id is None:
        return None
    return test.referential.challenges_by_id.get(assessment.current_challenge_id)


def shuffled(test: Parcours, challenge: Challenge) -> tuple[int, ...]:
    """The stored proposal numbers (1-based) in the order this pupil sees them."""
    assert test.assessment is not None
    order = option_order(test.assessment.id, challenge.id, len(challenge.proposals))
    return tuple(i + 1 for i in order)


def seconds_left(test: Parcours, challenge: Challenge, now: datetime | None = None) -> int | None:
    """For a timed challenge, the seconds left (never below 0); None when not timed."""
    assessment = test.assessment
    if challenge.timer_seconds is None or assessment is None:
        return None
    started = assessment.current_challenge_started_at
    if started is None:
        return challenge.timer_seconds
    spent = (_now(now) - _aware(started)).total_seconds()
    return max(0, int(challenge.timer_seconds - spent))


# -- the steps ---------------------------------------------------------------------------------


def start(session: Session, hooks: Hooks, test: Parcours, *, now: datetime | None = None) -> None:
    """« Je commence »: create the assessment if needed and draw the first challenge. Once
    started, a second « Je commence » (another tab) changes nothing."""
    _require_open(test)
    when = _now(now)
    assessment = test.assessment
    if assessment is None:
        participation_id = test.participation.id if test.participation else None
        created = assessments_repo.create(
            session,
            campaign_id=test.campaign.id,
            user_id=test.user_id,
            participation_id=participation_id,
            now=when,
        )
        if created is None:  # another request created it first
            return
        assessment = created
    if step_of(attrs.evolve(test, assessment=assessment)) is Step.RULES:
        _draw(session, hooks, test, assessment, when)


def continue_test(
    session: Session, hooks: Hooks, test: Parcours, *, now: datetime | None = None
) -> None:
    """« Continuer mon parcours » after a checkpoint: draw the next challenge (once)."""
    _require_open(test)
    if test.assessment is not None and step_of(test) is Step.CHECKPOINT:
        _draw(session, hooks, test, test.assessment, _now(now))


def _response(test: Parcours, challenge: Challenge, submission: Submission) -> Response:
    if submission.skipped:
        return None
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        order = shuffled(test, challenge)
        chosen: list[int] = []
        for raw in submission.choices:
            position = int(raw) if raw.strip().isdigit() and len(raw) < 6 else 0
            if not 1 <= position <= len(order):
                raise InvalidInputError(UNKNOWN_OPTION, code="INVALID_ANSWER")
            chosen.append(order[position - 1])
        if challenge.type is ChallengeType.QCU:
            return chosen[0] if len(chosen) == 1 else ",".join(map(str, chosen))
        return chosen
    if challenge.type is ChallengeType.QROC:
        return submission.text
    return dict(submission.fields)


def answer(
    session: Session,
    hooks: Hooks,
    test: Parcours,
    submission: Submission,
    *,
    now: datetime | None = None,
) -> AnswerOutcome:
    """« Je valide » or « Je passe » on ``submission.challenge_id``.

    The answer and its knowledge elements are written, and the next challenge drawn (or the
    checkpoint reached, or the test ended), only if the challenge is still the current one;
    otherwise :attr:`AnswerOutcome.STALE` and nothing is written. An answer past a timed
    challenge's time counts as wrong (``timed_out``).

    :raises PermissionDeniedError: the campaign is archived or the pupil disabled.
    :raises InvalidInputError: a challenge not in the parcours, an option that does not exist, an
        answer too long (``ANSWER_TOO_LONG``) or not fitting the challenge.
    """
    _require_open(test)
    when = _now(now)
    assessment = test.assessment
    if submission.challenge_id not in test.referential.challenges_by_id:
        raise InvalidInputError(UNKNOWN_CHALLENGE, code="CHALLENGE_NOT_IN_ASSESSMENT")
    if assessment is None or assessment.current_challenge_id != submission.challenge_id:
        return AnswerOutcome.STALE
    state = engine_state(session, test, assessment)
    challenge = state.challenges_by_id.get(submission.challenge_id)
    if challenge is None:
        raise InvalidInputError(UNKNOWN_CHALLENGE, code="CHALLENGE_NOT_IN_ASSESSMENT")
    checked = check_answer(challenge, _response(test, challenge, submission))
    started = assessment.current_challenge_started_at
    spent = int((when - _aware(started)).total_seconds()) if started else None
    timed_out = (
        challenge.timer_seconds is not None
        and spent is not None
        and spent > challenge.timer_seconds + TIMER_GRACE_SECONDS
        and checked.status is not AnswerStatus.SKIPPED
    )
    status = AnswerStatus.KO if timed_out else checked.status
    elements = knowledge_for_answer(state, challenge, status)
    record = assessments_repo.record_answer(
        session,
        assessment.id,
        answer_count=assessment.answer_count,
        answer=assessments_repo.NewAnswer(
            challenge_id=challenge.id,
            status=status,
            value=checked.value,
            time_spent=spent,
            timed_out=timed_out,
        ),
        knowledge_elements=elements,
        now=when,
    )
    if record is None:
        return AnswerOutcome.STALE
    moved = attrs.evolve(
        assessment,
        answer_count=assessment.answer_count + 1,
        current_challenge_id=None,
        current_challenge_started_at=None,
    )
    # What engine_state would now read back from the database, without reading it again.
    after = attrs.evolve(
        state,
        answers=(
            *state.answers,
            Answer(challenge_id=challenge.id, status=status, value=record.value),
        ),
        knowledge_elements=(*state.knowledge_elements, *elements),
    )
    if moved.answer_count % CHECKPOINT_EVERY != 0:
        _draw(session, hooks, test, moved, when, after)
    else:
        # The checkpoint comes first, unless the test is over: then the end page.
        ended = engine.next_challenge(
            _algorithm(hooks, test),
            after,
            random.Random(moved.rng_seed),  # noqa: S311 - replayable, not secret
        )
        if ended is None:
            _draw(session, hooks, test, moved, when, after)
    return AnswerOutcome.STORED


def report_problem(
    session: Session, test: Parcours, *, challenge_id: str, text: str, now: datetime | None = None
) -> None:
    """« Signaler un problème » on a challenge of this test (shown now or answered)."""
    assessment = test.assessment
    shown: set[str] = set()
    if assessment is not None:
        shown = {a.challenge_id for a in assessments_repo.answers(session, assessment.id)}
        if assessment.current_challenge_id:
            shown.add(assessment.current_challenge_id)
    if assessment is None or challenge_id not in shown:
        raise InvalidInputError(UNKNOWN_CHALLENGE, code="CHALLENGE_NOT_IN_ASSESSMENT")
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInputError(REPORT_EMPTY, field_errors={"report": REPORT_EMPTY})
    if len(cleaned) > REPORT_TEXT_MAX:
        raise InvalidInputError(REPORT_TOO_LONG, field_errors={"report": REPORT_TOO_LONG})
    assessments_repo.add_report(
        session, assessment.id, challenge_id=challenge_id, text=cleaned, now=_now(now)
    )


def restart_preview(
    session: Session, hooks: Hooks, test: Parcours, *, now: datetime | None = None
) -> None:
    """A new preview assessment (the previous one is kept, counted nowhere)."""
    if not test.is_preview:
        raise PermissionDeniedError(PREVIEW_NO_SHARING)
    start(session, hooks, attrs.evolve(test, assessment=None), now=now)


# -- what the pupil sees of their answers ------------------------------------------------------


@attrs.frozen(kw_only=True)
class AnswerReview:
    """One question of « Vos réponses »: the verdict, the expected answer, the tutorials."""

    challenge: Challenge
    status: AnswerStatus
    value: str | None
    expected: str
    tutorials: tuple[Tutorial, ...]


def expected_answer(challenge: Challenge) -> str:
    """The right answer as a pupil reads it (the proposals' text, not their numbers)."""
    solution = challenge.solution
    if challenge.type is ChallengeType.QCU and isinstance(solution, int):
        return challenge.proposals[solution - 1]
    if challenge.type is ChallengeType.QCM and isinstance(solution, tuple):
        return " ; ".join(challenge.proposals[int(i) - 1] for i in solution)
    if challenge.type is ChallengeType.QROC and isinstance(solution, tuple):
        return str(solution[0]) if solution else ""
    return " ; ".join(f"{f.label} {f.solution[0] if f.solution else ''}" for f in challenge.fields)


def _tutorials(referential: Referential, skill_id: str) -> tuple[Tutorial, ...]:
    return tuple(t for t in referential.tutorials if skill_id in t.skill_ids)


def review(
    session: Session, test: Parcours, *, last: int | None = CHECKPOINT_EVERY
) -> list[AnswerReview]:
    """The ``last`` answers (all when None), for the checkpoint."""
    if test.assessment is None:
        return []
    records = assessments_repo.answers(session, test.assessment.id)
    chosen = records[-last:] if last else records
    by_id = test.referential.challenges_by_id
    return [
        AnswerReview(
            challenge=by_id[a.challenge_id],
            status=a.status,
            value=a.value,
            expected=expected_answer(by_id[a.challenge_id]),
            tutorials=_tutorials(test.referential, by_id[a.challenge_id].skill_id),
        )
        for a in chosen
        if a.challenge_id in by_id
    ]


#: The end page's result types (computed by :mod:`pixorga_core.domain.results`).
CompetenceResult = domain_results.CompetenceResult
Results = domain_results.ParticipationResult


def result_target(test: Parcours) -> domain_results.ResultTarget:
    """What the test's campaign targets, grouped for results."""
    profile = test.referential.target_profile(test.campaign.target_profile_id)
    return domain_results.target_of(test.referential, profile)


def results(session: Session, test: Parcours) -> Results:
    """« Vous maîtrisez N % »: the live knowledge elements of the test on its target."""
    assert test.assessment is not None
    state = engine_state(session, test, test.assessment)
    return domain_results.compute_result(result_target(test), state.knowledge_elements)


def share_results(session: Session, test: Parcours, *, now: datetime | None = None) -> None:
    """« J'envoie mes résultats »: SHARED, with the knowledge elements snapshotted now."""
    if test.participation is None:
        raise PermissionDeniedError(PREVIEW_NO_SHARING)
    _require_open(test)
    if test.participation.is_shared:
        raise InvalidInputError(ALREADY_SHARED, code="ALREADY_SHARED")
    if test.assessment is None or not test.assessment.is_completed:
        raise InvalidInputError(NOT_FINISHED, code="NOT_FINISHED")
    outcome = results(session, test)
    shared = participations_repo.share(
        session,
        test.participation.id,
        knowledge_elements=assessments_repo.knowledge_elements(session, test.assessment.id),
        mastery_rate=outcome.mastery_rate,
        validated_skills_count=outcome.validated,
        total_skills_count=outcome.total,
        pix_score=outcome.pix_score,
        validated_by_competence={c.competence_id: c.validated for c in outcome.competences},
        now=_now(now),
    )
    if shared is None:
        raise InvalidInputError(ALREADY_SHARED, code="ALREADY_SHARED")

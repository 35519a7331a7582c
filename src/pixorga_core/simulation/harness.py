"""Running simulated pupils through the engine, and scoring each algorithm against the truth.

Every simulated assessment goes through :mod:`pixorga_core.engine.service` — the code path the
web app uses: ``next_challenge`` (timed, the algorithm's choice validated), then
``apply_answer`` (answer checked, knowledge elements inferred). The same pupils, drawn from the
seed, take the assessment with each algorithm.

Mastery decision on a skill at any point: its knowledge element when it has one (validated →
mastered); otherwise, if the algorithm estimates ability (see
:class:`~pixorga_core.registries.AbilityEstimator`), mastered when the estimate reaches the
skill's difficulty; otherwise not mastered.

Who the pupils are is a :class:`~pixorga_core.simulation.pupils.Population`; algorithms may be
given labels, so that one algorithm with several sets of options is compared with itself. Per
algorithm the summary also holds the mean final standard error (for a
:class:`~pixorga_core.registries.PrecisionEstimator`), the exposure of the challenges and the
test overlap (:mod:`pixorga_core.simulation.scoring`); each run keeps its challenges, answers,
and the estimate and standard error after every answer.
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable, Mapping, Sequence

import attrs

from pixorga_core.domain.assessments import AnswerStatus, AssessmentState
from pixorga_core.domain.referential import Referential, Skill
from pixorga_core.engine import service
from pixorga_core.engine.knowledge import earned_pix, validated_skill_ids
from pixorga_core.registries import AbilityEstimator, AssessmentAlgorithm, PrecisionEstimator
from pixorga_core.simulation.pupils import (
    Model,
    Population,
    Responder,
    SimulatedPupil,
    draw_pupils,
    right_response,
    wrong_response,
)
from pixorga_core.simulation.scoring import ProfileArrays, exposure, share_by_skill


@attrs.frozen
class PupilRun:
    """One simulated pupil's assessment with one algorithm."""

    algorithm: str
    pupil: int
    true_ability: float
    estimated_ability: float | None
    questions: int
    accuracy: float  #: share of target skills whose final mastery decision is right
    pix: float
    selection_seconds: tuple[float, ...]  #: one per call to next_challenge (the last says stop)
    accuracy_by_question: tuple[float, ...]  #: accuracy after 0, 1, 2 … answers
    correct_by_skill: Mapping[str, bool]
    validated_skills: int = 0  #: target skills validated at the end
    challenge_ids: tuple[str, ...] = ()  #: the challenges given, in order
    rights: tuple[bool, ...] = ()  #: was each answer right?
    estimates: tuple[float | None, ...] = ()  #: the ability estimate after 0, 1, 2 … answers
    standard_errors: tuple[float | None, ...] = ()  #: its standard error, likewise

    @property
    def standard_error(self) -> float | None:
        """The standard error of the final estimate (None: the algorithm gives none)."""
        return self.standard_errors[-1] if self.standard_errors else None


@attrs.frozen
class AlgorithmSummary:
    algorithm: str
    pupils: int
    questions_mean: float
    questions_p90: float
    accuracy_mean: float
    estimate_rmse: float | None
    estimate_bias: float | None
    selection_ms_mean: float
    selection_ms_p95: float
    accuracy_by_skill: Mapping[str, float]
    accuracy_curve: tuple[float, ...]  #: mean accuracy after 0, 1, 2 … answers
    standard_error_mean: float | None = None  #: mean final standard error
    exposure_max: float = math.nan  #: highest share of pupils given one challenge
    unused_share: float = math.nan  #: share of the profile's challenges given to nobody
    overlap: float = math.nan  #: mean share of a test two pupils have in common
    selection_ms_max: float = math.nan


@attrs.frozen
class SimulationResult:
    referential_id: str
    target_profile_id: str
    model: Model
    seed: int
    skills: tuple[Skill, ...]
    runs: tuple[PupilRun, ...]
    summaries: tuple[AlgorithmSummary, ...]
    population: Population = attrs.field(factory=Population)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``, linear between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def simulate(
    referential: Referential,
    target_profile_id: str,
    algorithms: Sequence[AssessmentAlgorithm],
    *,
    pupils: int,
    seed: int,
    model: Model = Model.RASCH,
    clock: Callable[[], float] = time.perf_counter,
    population: Population | None = None,
    labels: Sequence[str] | None = None,
    strategy: Responder | None = None,
) -> SimulationResult:
    """Simulate ``pupils`` pupils taking the assessment with each algorithm, and score them.

    ``population`` says who the pupils are (default: :class:`Population`'s); ``labels`` names
    each algorithm in the result (default: its ``name``), and must then be distinct. With a
    ``strategy``, pupils do not read: they answer by its rule
    (:class:`pixorga_core.simulation.guessing.GuessingStrategy`) instead of by the IRT model.
    """
    names = list(labels) if labels is not None else [a.name for a in algorithms]
    if len(names) != len(algorithms) or (labels is not None and len(set(names)) != len(names)):
        msg = "simulate: give one distinct label per algorithm"
        raise ValueError(msg)
    first = service.start_assessment(referential, target_profile_id)
    skills = first.target_skills
    difficulty = _skill_difficulties(first)
    tube_ids = sorted({s.tube_id for s in skills})
    who = population if population is not None else Population()
    drawn = draw_pupils(pupils, tube_ids, random.Random(f"pupils-{seed}"), who)
    arrays = ProfileArrays.of(skills, difficulty)
    runs: list[PupilRun] = []
    summaries = []
    for algorithm, label in zip(algorithms, names, strict=True):
        mine = [
            _run(
                referential,
                target_profile_id,
                algorithm,
                p,
                model,
                seed,
                difficulty,
                clock,
                label,
                arrays,
                strategy,
            )
            for p in drawn
        ]
        runs.extend(mine)
        summaries.append(_summary(label, mine, skills, len(first.challenges)))
    return SimulationResult(
        referential_id=referential.id,
        target_profile_id=target_profile_id,
        model=model,
        seed=seed,
        skills=skills,
        runs=tuple(runs),
        summaries=tuple(summaries),
        population=who,
    )


def _skill_difficulties(state: AssessmentState) -> dict[str, float]:
    grouped: dict[str, list[float]] = {}
    for challenge in state.challenges:
        grouped.setdefault(challenge.skill_id, []).append(challenge.irt_difficulty)
    return {skill_id: statistics.fmean(values) for skill_id, values in grouped.items()}


def _run(
    referential: Referential,
    profile_id: str,
    algorithm: AssessmentAlgorithm,
    pupil: SimulatedPupil,
    model: Model,
    seed: int,
    difficulty: Mapping[str, float],
    clock: Callable[[], float],
    label: str | None = None,
    arrays: ProfileArrays | None = None,
    strategy: Responder | None = None,
) -> PupilRun:
    label = label if label is not None else algorithm.name
    state = service.start_assessment(referential, profile_id, algorithm=algorithm.name)
    # The algorithm's name, not the label: option sets of one algorithm draw the same numbers.
    rng = random.Random(f"select-{seed}-{algorithm.name}-{pupil.index}")
    answers_rng = random.Random(f"answers-{seed}-{pupil.index}")
    estimator = algorithm if isinstance(algorithm, AbilityEstimator) else None
    precision = algorithm if isinstance(algorithm, PrecisionEstimator) else None
    if arrays is None:
        arrays = ProfileArrays.of(state.target_skills, difficulty)
    scorer = arrays.scorer(pupil)
    estimates: list[float | None] = []
    errors: list[float | None] = []
    given: list[str] = []
    rights: list[bool] = []

    def share(current: AssessmentState) -> float:
        """Accuracy of the decisions on ``current``; records the estimate and its error."""
        estimate = estimator.estimate_ability(current) if estimator is not None else None
        estimates.append(estimate)
        errors.append(precision.standard_error(current) if precision is not None else None)
        return scorer.share(scorer.correct(current, estimate))

    timings: list[float] = []
    curve = [share(state)]
    while True:
        start = clock()
        challenge = service.next_challenge(algorithm, state, rng)
        timings.append(clock() - start)
        if challenge is None:
            break
        skill = state.skills_by_id[challenge.skill_id]
        if strategy is not None:
            response = strategy.respond(challenge, f"{seed}-{pupil.index}", answers_rng)
            state = service.apply_answer(state, challenge.id, response)
            right = state.answers[-1].status is AnswerStatus.OK
        else:
            right = answers_rng.random() < pupil.success_probability(challenge, skill, model)
            response = right_response(challenge) if right else wrong_response(challenge)
            state = service.apply_answer(state, challenge.id, response)
        given.append(challenge.id)
        rights.append(right)
        curve.append(share(state))
    estimate = estimates[-1]
    correct = scorer.by_skill(scorer.correct(state, estimate))
    return PupilRun(
        algorithm=label,
        pupil=pupil.index,
        true_ability=pupil.ability,
        estimated_ability=estimate,
        questions=len(state.answers),
        accuracy=curve[-1],
        pix=earned_pix(state),
        selection_seconds=tuple(timings),
        accuracy_by_question=tuple(curve),
        correct_by_skill=correct,
        validated_skills=len(validated_skill_ids(state) & {s.id for s in state.target_skills}),
        challenge_ids=tuple(given),
        rights=tuple(rights),
        estimates=tuple(estimates),
        standard_errors=tuple(errors),
    )


def _summary(
    name: str, runs: Sequence[PupilRun], skills: Sequence[Skill], challenges: int = 0
) -> AlgorithmSummary:
    questions = [float(r.questions) for r in runs]
    errors = [r.estimated_ability - r.true_ability for r in runs if r.estimated_ability is not None]
    timings = [t * 1000 for r in runs for t in r.selection_seconds]
    final_errors = [r.standard_error for r in runs if r.standard_error is not None]
    exposed = exposure([r.challenge_ids for r in runs], challenges)
    longest = max((len(r.accuracy_by_question) for r in runs), default=0)
    curve = tuple(
        statistics.fmean(
            r.accuracy_by_question[min(k, len(r.accuracy_by_question) - 1)] for r in runs
        )
        for k in range(longest)
    )
    return AlgorithmSummary(
        algorithm=name,
        pupils=len(runs),
        questions_mean=statistics.fmean(questions) if questions else math.nan,
        questions_p90=percentile(questions, 90),
        accuracy_mean=statistics.fmean(r.accuracy for r in runs) if runs else math.nan,
        estimate_rmse=math.sqrt(statistics.fmean(e * e for e in errors)) if errors else None,
        estimate_bias=statistics.fmean(errors) if errors else None,
        selection_ms_mean=statistics.fmean(timings) if timings else math.nan,
        selection_ms_p95=percentile(timings, 95),
        accuracy_by_skill=share_by_skill([r.correct_by_skill for r in runs], skills),
        accuracy_curve=curve,
        standard_error_mean=statistics.fmean(final_errors) if final_errors else None,
        exposure_max=exposed.max_rate,
        unused_share=exposed.unused_share,
        overlap=exposed.overlap,
        selection_ms_max=max(timings, default=math.nan),
    )

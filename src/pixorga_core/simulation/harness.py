"""Running simulated pupils through the engine, and scoring each algorithm against the truth.

Every simulated assessment goes through :mod:`pixorga_core.engine.service` — the code path the
web app uses: ``next_challenge`` (timed, the algorithm's choice validated), then
``apply_answer`` (answer checked, knowledge elements inferred). The same pupils, drawn from the
seed, take the assessment with each algorithm.

Mastery decision on a skill at any point: its knowledge element when it has one (validated →
mastered); otherwise, if the algorithm estimates ability (see
:class:`~pixorga_core.registries.AbilityEstimator`), mastered when the estimate reaches the
skill's difficulty; otherwise not mastered.
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable, Mapping, Sequence

import attrs

from pixorga_core.domain.assessments import AssessmentState, KnowledgeElementStatus
from pixorga_core.domain.referential import Referential, Skill
from pixorga_core.engine import service
from pixorga_core.engine.knowledge import earned_pix, validated_skill_ids
from pixorga_core.registries import AbilityEstimator, AssessmentAlgorithm
from pixorga_core.simulation.pupils import (
    Model,
    Responder,
    SimulatedPupil,
    draw_pupils,
    right_response,
    wrong_response,
)


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


@attrs.frozen
class SimulationResult:
    referential_id: str
    target_profile_id: str
    model: Model
    seed: int
    skills: tuple[Skill, ...]
    runs: tuple[PupilRun, ...]
    summaries: tuple[AlgorithmSummary, ...]


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
    strategy: Responder | None = None,
) -> SimulationResult:
    """Simulate ``pupils`` pupils taking the assessment with each algorithm, and score them.

    With a ``strategy``, pupils do not read: they answer by its rule
    (:class:`pixorga_core.simulation.guessing.GuessingStrategy`) instead of by the IRT model.
    """
    first = service.start_assessment(referential, target_profile_id)
    skills = first.target_skills
    difficulty = _skill_difficulties(first)
    tube_ids = sorted({s.tube_id for s in skills})
    population = draw_pupils(pupils, tube_ids, random.Random(f"pupils-{seed}"))
    runs: list[PupilRun] = []
    summaries = []
    for algorithm in algorithms:
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
                strategy,
            )
            for p in population
        ]
        runs.extend(mine)
        summaries.append(_summary(algorithm.name, mine, skills))
    return SimulationResult(
        referential_id=referential.id,
        target_profile_id=target_profile_id,
        model=model,
        seed=seed,
        skills=skills,
        runs=tuple(runs),
        summaries=tuple(summaries),
    )


def _skill_difficulties(state: AssessmentState) -> dict[str, float]:
    grouped: dict[str, list[float]] = {}
    for challenge in state.challenges:
        grouped.setdefault(challenge.skill_id, []).append(challenge.irt_difficulty)
    return {skill_id: statistics.fmean(values) for skill_id, values in grouped.items()}


def _decisions(
    state: AssessmentState, estimate: float | None, difficulty: Mapping[str, float]
) -> dict[str, bool]:
    known = state.knowledge_by_skill
    decided = {}
    for skill in state.target_skills:
        ke = known.get(skill.id)
        if ke is not None:
            decided[skill.id] = ke.status is KnowledgeElementStatus.VALIDATED
        elif estimate is not None and skill.id in difficulty:
            decided[skill.id] = estimate >= difficulty[skill.id]
        else:
            decided[skill.id] = False
    return decided


def _run(
    referential: Referential,
    profile_id: str,
    algorithm: AssessmentAlgorithm,
    pupil: SimulatedPupil,
    model: Model,
    seed: int,
    difficulty: Mapping[str, float],
    clock: Callable[[], float],
    strategy: Responder | None = None,
) -> PupilRun:
    state = service.start_assessment(referential, profile_id, algorithm=algorithm.name)
    rng = random.Random(f"select-{seed}-{algorithm.name}-{pupil.index}")
    answers_rng = random.Random(f"answers-{seed}-{pupil.index}")
    estimator = algorithm if isinstance(algorithm, AbilityEstimator) else None
    truth = {
        s.id: pupil.masters(s, difficulty[s.id]) for s in state.target_skills if s.id in difficulty
    }

    def accuracy(current: AssessmentState) -> tuple[float, dict[str, bool], float | None]:
        estimate = estimator.estimate_ability(current) if estimator is not None else None
        decided = _decisions(current, estimate, difficulty)
        correct = {sid: decided[sid] == truth.get(sid, False) for sid in decided}
        share = sum(correct.values()) / len(correct) if correct else 0.0
        return share, correct, estimate

    timings: list[float] = []
    curve = [accuracy(state)[0]]
    while True:
        start = clock()
        challenge = service.next_challenge(algorithm, state, rng)
        timings.append(clock() - start)
        if challenge is None:
            break
        skill = state.skills_by_id[challenge.skill_id]
        if strategy is not None:
            response = strategy.respond(challenge, f"{seed}-{pupil.index}", answers_rng)
        else:
            right = answers_rng.random() < pupil.success_probability(challenge, skill, model)
            response = right_response(challenge) if right else wrong_response(challenge)
        state = service.apply_answer(state, challenge.id, response)
        curve.append(accuracy(state)[0])
    final, correct, estimate = accuracy(state)
    return PupilRun(
        algorithm=algorithm.name,
        pupil=pupil.index,
        true_ability=pupil.ability,
        estimated_ability=estimate,
        questions=len(state.answers),
        accuracy=final,
        pix=earned_pix(state),
        selection_seconds=tuple(timings),
        accuracy_by_question=tuple(curve),
        correct_by_skill=correct,
        validated_skills=len(validated_skill_ids(state) & {s.id for s in state.target_skills}),
    )


def _summary(name: str, runs: Sequence[PupilRun], skills: Sequence[Skill]) -> AlgorithmSummary:
    questions = [float(r.questions) for r in runs]
    errors = [r.estimated_ability - r.true_ability for r in runs if r.estimated_ability is not None]
    timings = [t * 1000 for r in runs for t in r.selection_seconds]
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
        accuracy_by_skill={
            s.id: statistics.fmean(r.correct_by_skill.get(s.id, False) for r in runs)
            for s in skills
        }
        if runs
        else {},
        accuracy_curve=curve,
    )

"""Flash: the reference system's IRT algorithm (2-parameter logistic model).

P(right | θ) = 1 / (1 + exp(a·(b − θ))) with the challenge's discriminant ``a`` and difficulty
``b``. The ability θ is estimated on a grid from −9 to 9 (81 points, step 0.225) starting at 0:
for each answer in order, the likelihood of all answers so far is multiplied by a Gaussian prior
(variance 1.5) centred on the previous estimate, normalised, and the new θ is the posterior mean.
The error rate is √(posterior variance − (9/80)²/12).

Selection: one challenge per skill (a skill answered once is not proposed again), scored by its
Fisher information a²·p·(1 − p) at the current θ; one of the 5 best is drawn from ``rng``.
Optionally, after a warm-up, competences that must be covered come first (see :class:`Flash`).
The assessment ends when no challenge is left or after ``max_challenges`` answers.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import ClassVar

import attrs

from pixorga_core.domain.assessments import AnswerStatus, AssessmentState
from pixorga_core.domain.referential import Challenge

GRID_START, GRID_STOP, GRID_POINTS = -9.0, 9.0, 81
GRID_STEP = (GRID_STOP - GRID_START) / (GRID_POINTS - 1)
GRID = tuple(GRID_START + i * GRID_STEP for i in range(GRID_POINTS))
PRIOR_VARIANCE = 1.5
DEFAULT_ABILITY = 0.0
DEFAULT_ERROR_RATE = 5.0
ERROR_RATE_CLASS_INTERVAL = 9 / 80
#: How many of the most informative challenges the next one is drawn from.
TOP_CHALLENGES = 5
#: Answers after which a Flash assessment stops, unless configured otherwise.
DEFAULT_MAX_CHALLENGES = 20


def success_probability(theta: float, discriminant: float, difficulty: float) -> float:
    exponent = discriminant * (difficulty - theta)
    if exponent > 700:
        return 0.0
    return 1.0 / (1.0 + math.exp(exponent))


def fisher_information(theta: float, challenge: Challenge) -> float:
    a = challenge.irt_discriminant
    p = success_probability(theta, a, challenge.irt_difficulty)
    return a * a * p * (1.0 - p)


@attrs.frozen
class Estimate:
    ability: float
    error_rate: float


#: One answer as the estimate sees it: (discriminant, difficulty, right?).
_Key = tuple[tuple[float, float, bool], ...]


@attrs.frozen
class _Posterior:
    likelihood: tuple[float, ...]
    posterior: tuple[float, ...]
    theta: float


#: Posteriors by answer sequence. Each state extends the previous one's answers by one, so the
#: estimate costs one grid pass per answer instead of one per answer so far. Bounded; pure.
_CACHE: dict[_Key, _Posterior] = {}
_CACHE_LIMIT = 50_000
_START = _Posterior(
    likelihood=(1.0,) * GRID_POINTS, posterior=(1.0 / GRID_POINTS,) * GRID_POINTS, theta=0.0
)


def _step(before: _Posterior, discriminant: float, difficulty: float, right: bool) -> _Posterior:
    likelihood = []
    for point, value in zip(GRID, before.likelihood, strict=True):
        p = success_probability(point, discriminant, difficulty)
        likelihood.append(value * (p if right else 1.0 - p))
    theta = before.theta
    weights = [
        lk * math.exp(-((point - theta) ** 2) / (2 * PRIOR_VARIANCE))
        for point, lk in zip(GRID, likelihood, strict=True)
    ]
    total = sum(weights)
    if total <= 0.0:  # every grid point ruled out: keep the previous estimate
        return _Posterior(tuple(likelihood), before.posterior, theta)
    posterior = tuple(w / total for w in weights)
    mean = sum(point * w for point, w in zip(GRID, posterior, strict=True))
    return _Posterior(tuple(likelihood), posterior, mean)


def _posterior(key: _Key) -> _Posterior:
    known, current = len(key), None
    while known and current is None:
        current = _CACHE.get(key[:known])  # get, not "in" then []: another thread may clear
        if current is None:
            known -= 1
    if current is None:
        current = _START
    for index in range(known, len(key)):
        current = _step(current, *key[index])
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key[: index + 1]] = current
    return current


def estimate(answers: Sequence[tuple[Challenge, bool]]) -> Estimate:
    """θ and its error rate after ``answers`` (challenge, right?), in the order given."""
    if not answers:
        return Estimate(DEFAULT_ABILITY, DEFAULT_ERROR_RATE)
    key = tuple((c.irt_discriminant, c.irt_difficulty, right) for c, right in answers)
    result = _posterior(key)
    theta = result.theta
    variance = sum(
        w * (point - theta) ** 2 for point, w in zip(GRID, result.posterior, strict=True)
    )
    corrected = variance - ERROR_RATE_CLASS_INTERVAL**2 / 12.0
    return Estimate(theta, math.sqrt(corrected) if corrected > 0 else 0.0)


def answered_pairs(state: AssessmentState) -> list[tuple[Challenge, bool]]:
    by_id = state.challenges_by_id
    return [
        (by_id[a.challenge_id], a.status is AnswerStatus.OK)
        for a in state.answers
        if a.challenge_id in by_id
    ]


@attrs.frozen
class Flash:
    """The IRT algorithm (follows :class:`~pixorga_core.registries.AssessmentAlgorithm`).

    ``warm_up`` and ``forced_competences`` are the reference system's options: once ``warm_up``
    answers are given, as long as a competence of ``forced_competences`` has no answer after the
    warm-up, only challenges of such competences are proposed (each forced competence is covered
    once after the warm-up). Both are off by default.
    """

    name: ClassVar[str] = "flash"
    label: ClassVar[str] = "Flash (IRT à deux paramètres)"

    max_challenges: int = attrs.field(default=DEFAULT_MAX_CHALLENGES)
    top: int = TOP_CHALLENGES
    warm_up: int = attrs.field(default=0)
    forced_competences: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @max_challenges.validator
    def _positive(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 1:
            msg = f"flash: max_challenges must be at least 1, not {value}"
            raise ValueError(msg)

    @warm_up.validator
    def _not_negative(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 0:
            msg = f"flash: warm_up must be 0 or more, not {value}"
            raise ValueError(msg)

    def candidates(self, state: AssessmentState) -> list[Challenge]:
        """Challenges of skills not answered yet, in referential order (forced ones first)."""
        answered_skills = state.answered_skill_ids
        remaining = [c for c in state.challenges if c.skill_id not in answered_skills]
        if not self.forced_competences or len(state.answers) < self.warm_up:
            return remaining
        skills, by_id = state.skills_by_id, state.challenges_by_id

        def competence(challenge: Challenge) -> str | None:
            skill = skills.get(challenge.skill_id)
            return skill.competence_id if skill is not None else None

        covered = {
            competence(by_id[a.challenge_id])
            for a in state.answers[self.warm_up :]
            if a.challenge_id in by_id
        }
        missing = [c for c in self.forced_competences if c not in covered]
        if not missing:
            return remaining
        return [c for c in remaining if competence(c) in missing]

    def next_challenge(self, state: AssessmentState, rng: random.Random) -> Challenge | None:
        if len(state.answers) >= self.max_challenges:
            return None
        remaining = self.candidates(state)
        if not remaining:
            return None
        theta = estimate(answered_pairs(state)).ability
        ranked = sorted(remaining, key=lambda c: -fisher_information(theta, c))
        return rng.choice(ranked[: self.top])

    def estimate_ability(self, state: AssessmentState) -> float:
        return estimate(answered_pairs(state)).ability

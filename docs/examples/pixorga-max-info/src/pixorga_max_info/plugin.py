"""A maximum-information adaptive algorithm with a fixed-length stop.

After each answer it estimates the pupil's ability θ (expected a posteriori, standard normal
prior, 2PL model with each challenge's discriminant and difficulty), then proposes the
challenge with the largest Fisher information at θ among the skills not answered yet. It stops
after ``length`` answers (or when no skill is left).

Its option comes from the settings file::

    [plugins.max_info]
    length = 12
"""

from __future__ import annotations

import math
import random
from typing import ClassVar

import attrs

from pixorga_core import hookimpl
from pixorga_core.config import Settings
from pixorga_core.domain.assessments import AnswerStatus, AssessmentState
from pixorga_core.domain.referential import Challenge
from pixorga_core.registries import AlgorithmRegistry

#: Abilities the posterior is computed on: -6 to 6 by 0.1.
GRID = tuple(-6 + 0.1 * i for i in range(121))


def probability_right(theta: float, challenge: Challenge) -> float:
    """2PL: P(right | θ) = 1 / (1 + exp(a·(b − θ)))."""
    exponent = challenge.irt_discriminant * (challenge.irt_difficulty - theta)
    return 1 / (1 + math.exp(min(exponent, 700.0)))


def information(theta: float, challenge: Challenge) -> float:
    """Fisher information of the challenge at θ: a²·p·(1 − p)."""
    p = probability_right(theta, challenge)
    return challenge.irt_discriminant**2 * p * (1 - p)


@attrs.frozen
class MaxInfo:
    """Follows :class:`pixorga_core.registries.AssessmentAlgorithm` (and ``AbilityEstimator``)."""

    name: ClassVar[str] = "max-info"
    label: ClassVar[str] = "Information maximale, longueur fixe"

    length: int = 15

    def estimate_ability(self, state: AssessmentState) -> float:
        """Expected a posteriori θ; the simulator scores it and uses it for mastery decisions."""
        log_posterior = [-(theta**2) / 2 for theta in GRID]  # standard normal prior
        for answer in state.answers:
            challenge = state.challenges_by_id[answer.challenge_id]
            right = answer.status is AnswerStatus.OK  # wrong and skipped both count as wrong
            for i, theta in enumerate(GRID):
                p = probability_right(theta, challenge)
                log_posterior[i] += math.log(max(p if right else 1 - p, 1e-300))
        top = max(log_posterior)
        weights = [math.exp(value - top) for value in log_posterior]
        return sum(t * w for t, w in zip(GRID, weights, strict=True)) / sum(weights)

    def next_challenge(self, state: AssessmentState, rng: random.Random) -> Challenge | None:
        if len(state.answers) >= self.length:
            return None  # None ends the assessment
        answered = state.answered_skill_ids
        candidates = [c for c in state.challenges if c.skill_id not in answered]
        if not candidates:
            return None
        theta = self.estimate_ability(state)
        scores = [information(theta, c) for c in candidates]
        best = max(scores)
        ties = [c for c, s in zip(candidates, scores, strict=True) if math.isclose(s, best)]
        # Every random draw comes from rng, so that a run can be replayed from its seed.
        return rng.choice(ties)


@hookimpl
def pixorga_register_assessment_algorithms(registry: AlgorithmRegistry, settings: Settings) -> None:
    options = settings.plugin_options("max_info")
    registry.add(MaxInfo(length=int(options.get("length", 15))))

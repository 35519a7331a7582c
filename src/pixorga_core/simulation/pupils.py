"""Simulated pupils: a true ability (and a true level per tube), answers drawn from an IRT model.

A pupil has an ability θ and, for each tube, an offset: their ability on a tube is θ + offset.
They master a skill when that ability reaches the skill's difficulty (the mean IRT difficulty of
its challenges, ``level − 4.5`` by default); this is the truth mastery decisions are scored
against. They answer a challenge right with probability 1 / (1 + exp(a·(b − ability))), where
``b`` is the challenge's difficulty and ``a`` its discriminant under the ``2pl`` model, 1 under
the ``rasch`` model.
"""

from __future__ import annotations

import enum
import math
import random
from collections.abc import Mapping, Sequence
from typing import Protocol

import attrs

from pixorga_core.domain.referential import Challenge, ChallengeType, Skill
from pixorga_core.engine.answers import Response

#: Ability distribution of simulated pupils: around level 3.5 (θ = −1), standard deviation 1.2.
ABILITY_MEAN, ABILITY_SD = -1.0, 1.2
#: Standard deviation of a pupil's per-tube offset.
TUBE_SD = 0.5
WRONG_TEXT = "je ne sais pas"


class Model(enum.StrEnum):
    RASCH = "rasch"  #: discriminant 1 for every challenge
    TWO_PL = "2pl"  #: the challenges' own discriminants


class Responder(Protocol):
    """A pupil who answers by a rule rather than by the IRT model (see ``guessing``)."""

    def respond(
        self, challenge: Challenge, assessment_seed: str, rng: random.Random
    ) -> Response: ...


@attrs.frozen
class SimulatedPupil:
    index: int
    ability: float
    tube_offsets: Mapping[str, float]

    def tube_ability(self, tube_id: str) -> float:
        return self.ability + self.tube_offsets.get(tube_id, 0.0)

    def masters(self, skill: Skill, skill_difficulty: float) -> bool:
        return self.tube_ability(skill.tube_id) >= skill_difficulty

    def success_probability(self, challenge: Challenge, skill: Skill, model: Model) -> float:
        a = challenge.irt_discriminant if model is Model.TWO_PL else 1.0
        exponent = a * (challenge.irt_difficulty - self.tube_ability(skill.tube_id))
        return 1.0 / (1.0 + math.exp(min(exponent, 700.0)))


def draw_pupils(count: int, tube_ids: Sequence[str], rng: random.Random) -> list[SimulatedPupil]:
    """``count`` pupils with abilities and tube offsets drawn from ``rng``."""
    return [
        SimulatedPupil(
            index=i,
            ability=rng.gauss(ABILITY_MEAN, ABILITY_SD),
            tube_offsets={t: rng.gauss(0.0, TUBE_SD) for t in tube_ids},
        )
        for i in range(count)
    ]


def right_response(challenge: Challenge) -> Response:
    """A response the engine will find right."""
    if challenge.type is ChallengeType.QCU:
        assert isinstance(challenge.solution, int)
        return challenge.solution
    if challenge.type is ChallengeType.QCM:
        assert isinstance(challenge.solution, tuple)
        return [int(i) for i in challenge.solution]
    if challenge.type is ChallengeType.QROC:
        assert isinstance(challenge.solution, tuple)
        return str(challenge.solution[0])
    return {field.key: field.solution[0] for field in challenge.fields}


def wrong_response(challenge: Challenge) -> Response:
    """A response the engine will find wrong."""
    if challenge.type is ChallengeType.QCU:
        assert isinstance(challenge.solution, int)
        return challenge.solution % len(challenge.proposals) + 1
    if challenge.type is ChallengeType.QCM:
        assert isinstance(challenge.solution, tuple)
        return [int(challenge.solution[0])]
    if challenge.type is ChallengeType.QROC:
        return WRONG_TEXT
    return {field.key: WRONG_TEXT for field in challenge.fields}

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
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import attrs

from pixorga_core.domain.referential import Challenge, ChallengeType, Skill
from pixorga_core.engine.answers import Response

#: Ability distribution of simulated pupils: around level 3.5 (θ = −1), standard deviation 1.2.
ABILITY_MEAN, ABILITY_SD = -1.0, 1.2
#: Standard deviation of a pupil's per-tube offset.
TUBE_SD = 0.5
WRONG_TEXT = "je ne sais pas"


class Responder(Protocol):
    """A pupil who answers by a rule rather than by the IRT model (see ``guessing``)."""

    def respond(
        self, challenge: Challenge, assessment_seed: str, rng: random.Random
    ) -> Response: ...


class Model(enum.StrEnum):
    RASCH = "rasch"  #: discriminant 1 for every challenge
    TWO_PL = "2pl"  #: the challenges' own discriminants


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


def _not_negative(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value >= 0:
        msg = f"{attribute.name} must be 0 or more, not {value}"
        raise ValueError(msg)


def _optional_tuple(values: Iterable[float] | None) -> tuple[float, ...] | None:
    return None if values is None else tuple(values)


@attrs.frozen(kw_only=True)
class Population:
    """Who the simulated pupils are: θ ~ N(mean, sd), or given; tube offsets ~ N(0, tube_sd).

    With ``abilities``, pupil *i* has ability ``abilities[i % len(abilities)]`` (a file of
    abilities, ``pixorga simulate --abilities``); the tube offsets are still drawn.
    """

    ability_mean: float = ABILITY_MEAN
    ability_sd: float = attrs.field(default=ABILITY_SD, validator=_not_negative)
    tube_sd: float = attrs.field(default=TUBE_SD, validator=_not_negative)
    abilities: tuple[float, ...] | None = attrs.field(default=None, converter=_optional_tuple)

    def describe(self) -> str:
        drawn = (
            f"{len(self.abilities)} given abilities"
            if self.abilities is not None
            else f"θ ~ N({self.ability_mean:g}, {self.ability_sd:g}²)"
        )
        return f"{drawn}, tube offsets ~ N(0, {self.tube_sd:g}²)"


def draw_pupils(
    count: int,
    tube_ids: Sequence[str],
    rng: random.Random,
    population: Population | None = None,
) -> list[SimulatedPupil]:
    """``count`` pupils with abilities and tube offsets drawn from ``rng``."""
    population = population if population is not None else Population()
    given = population.abilities
    pupils = []
    for i in range(count):
        if given:
            ability = given[i % len(given)]
        else:
            ability = rng.gauss(population.ability_mean, population.ability_sd)
        sd = population.tube_sd
        offsets = {t: rng.gauss(0.0, sd) for t in tube_ids} if sd > 0 else {}
        pupils.append(SimulatedPupil(index=i, ability=ability, tube_offsets=offsets))
    return pupils


def read_abilities(text: str) -> tuple[float, ...]:
    """Abilities from a file's text: one number a line, or a CSV whose ``ability`` (or
    ``theta``, else first) column holds them; blank lines and ``#`` comments are skipped.

    :raises ValueError: a value is not a number, or there is none.
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    column = 0
    if lines and not _is_number(lines[0].split(",")[0]):
        header = [h.strip().lower() for h in lines.pop(0).split(",")]
        column = next((header.index(h) for h in ("ability", "theta") if h in header), 0)
    values = []
    for number, line in enumerate(lines, start=1):
        cell = line.split(",")[column].strip() if "," in line else line
        if not _is_number(cell):
            msg = f"abilities: {cell!r} (value {number}) is not a number"
            raise ValueError(msg)
        values.append(float(cell))
    if not values:
        msg = "abilities: no value found"
        raise ValueError(msg)
    return tuple(values)


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


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

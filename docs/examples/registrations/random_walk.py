"""An assessment algorithm for experiments: proposes unanswered challenges in random order.

Its only option comes from the settings file (or ``PIXORGA_PLUGINS_RANDOM_WALK_MAX_CHALLENGES``)::

    [plugins.random_walk]
    max_challenges = 20
"""

from __future__ import annotations

import random
from typing import ClassVar

import attrs

from pixorga_core import hookimpl
from pixorga_core.config import Settings
from pixorga_core.domain.assessments import AssessmentState
from pixorga_core.domain.referential import Challenge
from pixorga_core.registries import AlgorithmRegistry


@attrs.frozen(kw_only=True)
class RandomWalkOptions:
    """The ``[plugins.random_walk]`` table, typed: a typo or a wrong type is refused, named."""

    max_challenges: int = 20


@attrs.frozen
class RandomWalk:
    """Follows :class:`pixorga_core.registries.AssessmentAlgorithm`."""

    name: ClassVar[str] = "random-walk"
    label: ClassVar[str] = "Épreuves au hasard (expérimental)"

    max_challenges: int = 20

    def next_challenge(self, state: AssessmentState, rng: random.Random) -> Challenge | None:
        if len(state.answers) >= self.max_challenges:
            return None  # None ends the assessment
        answered = {answer.challenge_id for answer in state.answers}
        remaining = [c for c in state.challenges if c.id not in answered]
        # Every random draw comes from rng, so that a run can be replayed from its seed.
        return rng.choice(remaining) if remaining else None


@hookimpl
def pixorga_register_assessment_algorithms(registry: AlgorithmRegistry, settings: Settings) -> None:
    options = settings.plugin_options("random_walk", RandomWalkOptions)
    registry.add(RandomWalk(max_challenges=options.max_challenges))

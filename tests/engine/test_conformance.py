"""Both core algorithms pass the conformance kit, and the kit catches a broken algorithm."""

from __future__ import annotations

import random

import pytest

from pixorga_core.engine.flash import Flash
from pixorga_core.engine.smart_random import SmartRandom
from pixorga_core.testing import AlgorithmConformance


class TestSmartRandom(AlgorithmConformance):
    algorithm = SmartRandom()
    option_sets = (
        {"stop_confidence": "0.7"},
        {"stop_confidence": "0.9", "min_challenges": "5"},
        {"max_challenges": "6"},
        {"stop_confidence": "0.8", "max_challenges": "10"},
    )
    invalid_option_sets = (
        {"stop_confidence": "0.4"},
        {"stop_confidence": "1"},
        {"min_challenges": "-1"},
        {"max_challenges": "0"},
        {"max_challenges": "beaucoup"},
    )


class TestFlash(AlgorithmConformance):
    option_sets = (
        {"max_error": "0.5", "min_challenges": "4", "max_challenges": "40"},
        {"top": "1", "max_error": "0.8"},
        {"recentre_prior": "false", "prior_mean": "-1", "prior_variance": "2"},
        {"grid_min": "-4", "grid_max": "4", "grid_points": "33"},
        {"warm_up": "2", "forced_competences": "c2+c3"},
    )
    invalid_option_sets = (
        {"max_error": "-0.1"},
        {"top": "0"},
        {"grid_max": "-10"},
        {"recentre_prior": "peut-être"},
        {"max_challenges": "0"},
    )

    def make_algorithm(self):
        return Flash(max_challenges=12)


class TestFlashWithoutALimit(AlgorithmConformance):
    # Never stops early: it must still end when every skill is answered.
    algorithm = Flash(max_challenges=10_000)


class TestFlashWithForcedCompetences(AlgorithmConformance):
    # The conformance referential's competences are c1, c2 and c3.
    algorithm = Flash(max_challenges=15, warm_up=2, forced_competences=("c3", "c1"))


class RepeatsItself:
    name = "repeats"
    label = "Repose la même question"

    def next_challenge(self, state, rng):
        return state.challenges[0] if state.challenges else None


class UsesTheGlobalRandom:
    name = "global-random"
    label = "Hasard global"

    def next_challenge(self, state, rng):
        answered = state.answered_skill_ids
        left = [c for c in state.challenges if c.skill_id not in answered]
        return random.choice(left) if left else None


class NeverStops:
    name = "never-stops"
    label = "Sans fin"

    def next_challenge(self, state, rng):
        answered = state.answered_challenge_ids
        left = [c for c in state.challenges if c.id not in answered]
        return left[0] if left else state.challenges[0]


@pytest.mark.parametrize(
    ("algorithm", "check", "words"),
    [
        (RepeatsItself(), "test_never_picks_an_answered_skill_and_stops", "already answered"),
        (UsesTheGlobalRandom(), "test_is_deterministic_under_a_seed", "assert"),
        (NeverStops(), "test_never_picks_an_answered_skill_and_stops", "already answered"),
    ],
)
def test_the_kit_catches_a_broken_algorithm(algorithm, check, words):
    kit = type("Kit", (AlgorithmConformance,), {"algorithm": algorithm})()
    referential = kit.build_referential()
    method = getattr(kit, check)
    args = ["always-right"] if check == "test_never_picks_an_answered_skill_and_stops" else []
    with pytest.raises(AssertionError) as info:
        method(referential, *args)
    assert words in str(info.value)


class TestFlashWithAPrecisionStop(AlgorithmConformance):
    algorithm = Flash(max_error=0.5, min_challenges=3, max_challenges=40, top=1)


class TestFlashWithAFixedPriorAndAnotherGrid(AlgorithmConformance):
    algorithm = Flash(
        recentre_prior=False,
        prior_mean=-1.0,
        prior_variance=1.0,
        grid_min=-5,
        grid_max=5,
        grid_points=41,
        top=3,
    )

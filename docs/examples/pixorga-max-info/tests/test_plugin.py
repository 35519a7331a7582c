from __future__ import annotations

import random

from pixorga_max_info import plugin

from pixorga_core import create_plugin_manager
from pixorga_core.engine import service
from pixorga_core.engine.flash import Flash
from pixorga_core.simulation.harness import simulate
from pixorga_core.simulation.synthetic import synthetic_referential
from pixorga_core.testing import AlgorithmConformance


class TestConformance(AlgorithmConformance):
    """pixorga's checks: stops, respects the profile, never repeats a skill, replayable."""

    def make_algorithm(self):
        return plugin.MaxInfo(length=10)


def test_registers_through_the_hook(hooks, pm):
    pm.register(plugin, name="max_info")
    algorithm = hooks.assessment_algorithms().get("max-info")
    assert algorithm.length == 15


def test_conforms_to_the_hook_specs():
    pm = create_plugin_manager(load_entrypoints=False, plugins=[plugin])
    assert pm.is_registered(plugin)


def test_stops_after_length_answers():
    referential = synthetic_referential(skills=60, competences=2)
    state = service.start_assessment(referential, "all", algorithm="max-info")
    algorithm, rng = plugin.MaxInfo(length=4), random.Random(0)
    while (challenge := service.next_challenge(algorithm, state, rng)) is not None:
        state = service.apply_answer(state, challenge.id, 1)
    assert len(state.answers) == 4


def test_simulation_against_flash():
    # The same simulated pupils take both algorithms, through the engine the web app uses.
    referential = synthetic_referential(skills=60, competences=2)
    algorithms = [plugin.MaxInfo(length=10), Flash(max_challenges=10)]
    result = simulate(referential, "all", algorithms, pupils=20, seed=1)
    max_info, flash = result.summaries
    assert max_info.questions_mean == flash.questions_mean == 10
    assert max_info.estimate_rmse is not None

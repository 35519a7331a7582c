from __future__ import annotations

import itertools
import math
import random

import attrs
import pytest

from pixorga_core.domain.assessments import AnswerStatus
from pixorga_core.engine.answers import check_answer
from pixorga_core.engine.flash import Flash
from pixorga_core.engine.smart_random import SmartRandom
from pixorga_core.errors import PluginError
from pixorga_core.simulation.harness import percentile, simulate
from pixorga_core.simulation.pupils import (
    Model,
    SimulatedPupil,
    draw_pupils,
    right_response,
    wrong_response,
)
from pixorga_core.simulation.synthetic import synthetic_referential


def fake_clock(step=0.001):
    ticks = itertools.count()
    return lambda: next(ticks) * step


@pytest.fixture(scope="module")
def result(mini):
    return simulate(
        mini,
        "competence-1-1",
        [SmartRandom(), Flash(max_challenges=8)],
        pupils=30,
        seed=5,
        clock=fake_clock(),
    )


def test_one_run_per_pupil_and_algorithm(result):
    assert [s.algorithm for s in result.summaries] == ["smart-random", "flash"]
    assert len(result.runs) == 60
    by_pupil = {}
    for run in result.runs:
        by_pupil.setdefault(run.pupil, set()).add(run.true_ability)
    assert all(len(abilities) == 1 for abilities in by_pupil.values())  # the same pupils


def test_run_figures_are_consistent(result, mini):
    skills = len(mini.target_profile("competence-1-1").skill_ids)
    for run in result.runs:
        assert 1 <= run.questions <= (8 if run.algorithm == "flash" else skills)
        assert len(run.selection_seconds) == run.questions + 1  # the last call says stop
        assert len(run.accuracy_by_question) == run.questions + 1
        assert run.accuracy_by_question[-1] == run.accuracy
        assert set(run.correct_by_skill) == set(mini.target_profile("competence-1-1").skill_ids)
        assert run.accuracy == pytest.approx(sum(run.correct_by_skill.values()) / skills)
        assert run.estimated_ability is not None


def test_summaries(result):
    for summary in result.summaries:
        runs = [r for r in result.runs if r.algorithm == summary.algorithm]
        questions = sorted(r.questions for r in runs)
        assert summary.questions_mean == pytest.approx(sum(questions) / len(questions))
        assert questions[0] <= summary.questions_p90 <= questions[-1]
        errors = [r.estimated_ability - r.true_ability for r in runs]
        assert summary.estimate_bias == pytest.approx(sum(errors) / len(errors))
        assert summary.estimate_rmse == pytest.approx(
            math.sqrt(sum(e * e for e in errors) / len(errors))
        )
        # The fake clock ticks 1 ms per reading: every selection "takes" 1 ms.
        assert summary.selection_ms_mean == pytest.approx(1.0)
        assert summary.selection_ms_p95 == pytest.approx(1.0)
        assert summary.accuracy_mean == pytest.approx(sum(r.accuracy for r in runs) / len(runs))
        assert all(0 <= v <= 1 for v in summary.accuracy_by_skill.values())
        assert summary.accuracy_curve[-1] == pytest.approx(summary.accuracy_mean)
        assert len(summary.accuracy_curve) == max(r.questions for r in runs) + 1
    assert result.summaries[1].questions_mean == 8


def test_a_seed_replays_the_same_simulation(mini, result):
    again = simulate(
        mini,
        "competence-1-1",
        [SmartRandom(), Flash(max_challenges=8)],
        pupils=30,
        seed=5,
        clock=fake_clock(),
    )
    assert again == result
    other = simulate(mini, "competence-1-1", [SmartRandom()], pupils=30, seed=6)
    assert [r.true_ability for r in other.runs] != [r.true_ability for r in result.runs[:30]]


def test_models(mini):
    rasch = simulate(mini, "tout", [Flash()], pupils=5, seed=1, model=Model.RASCH)
    two_pl = simulate(mini, "tout", [Flash()], pupils=5, seed=1, model=Model.TWO_PL)
    assert rasch.model is Model.RASCH
    assert two_pl.model is Model.TWO_PL
    # ch-veille-4-b has discriminant 1.7: only the 2pl model uses it.
    challenge = mini.challenges_by_id["ch-veille-4-b"]
    skill = mini.skills_by_id[challenge.skill_id]
    pupil = SimulatedPupil(index=0, ability=0.5, tube_offsets={})
    p_rasch = pupil.success_probability(challenge, skill, Model.RASCH)
    p_2pl = pupil.success_probability(challenge, skill, Model.TWO_PL)
    assert p_rasch == pytest.approx(1 / (1 + math.exp(-0.2 - 0.5)))
    assert p_2pl == pytest.approx(1 / (1 + math.exp(1.7 * (-0.2 - 0.5))))


def test_truth_per_tube():
    pupil = SimulatedPupil(index=0, ability=-1.0, tube_offsets={"t": 0.6})
    assert pupil.tube_ability("t") == pytest.approx(-0.4)
    assert pupil.tube_ability("other") == -1.0
    skill = synthetic_referential(skills=6, competences=1).skills[0]
    assert pupil.masters(skill, -1.5) is True
    assert pupil.masters(attrs.evolve(skill, tube_id="t"), -0.3) is False


def test_pupils_are_drawn_from_the_seed():
    first = draw_pupils(50, ["a", "b"], random.Random(1))
    assert first == draw_pupils(50, ["a", "b"], random.Random(1))
    abilities = [p.ability for p in first]
    assert -2.5 < sum(abilities) / len(abilities) < 0.5
    assert set(first[0].tube_offsets) == {"a", "b"}


def test_right_and_wrong_responses_for_every_challenge_type(mini):
    for challenge in mini.challenges:
        assert check_answer(challenge, right_response(challenge)).status is AnswerStatus.OK
        assert check_answer(challenge, wrong_response(challenge)).status is AnswerStatus.KO


def test_a_faulty_algorithm_fails_the_simulation_as_in_the_app(mini):
    class Faulty:
        name = "faulty"
        label = "Défaillant"

        def next_challenge(self, state, rng):
            return state.challenges[0]  # again and again

    with pytest.raises(PluginError, match=r"'faulty' chose challenge '\S+' again"):
        simulate(mini, "choisis", [Faulty()], pupils=1, seed=0)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([1, 2, 3, 4, 5], 50, 3), ([1, 2, 3, 4, 5], 90, 4.6), ([7], 95, 7), ([0, 10], 25, 2.5)],
)
def test_percentile(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)
    assert math.isnan(percentile([], 50))


def test_synthetic_referential():
    referential = synthetic_referential(skills=700)
    assert len(referential.skills) == 700
    assert len(referential.challenges) == 1400
    assert len(referential.target_profile("all").skill_ids) == 700
    assert len(referential.competences) == 16
    assert sum(len(p.skill_ids) for p in referential.target_profiles[1:]) == 700
    for skills in referential.skills_by_tube.values():
        levels = [s.level for s in skills]
        assert len(set(levels)) == len(levels)
        assert all(1 <= level <= 8 for level in levels)
    assert synthetic_referential(skills=700) == referential
    with pytest.raises(ValueError, match="skills_per_tube"):
        synthetic_referential(skills_per_tube=9)


def test_an_algorithm_without_an_estimate(mini):
    from pixorga_core.simulation.report import comparison_table

    class InOrder:
        name = "in-order"
        label = "Dans l'ordre"

        def next_challenge(self, state, rng):
            answered = state.answered_skill_ids
            return next((c for c in state.challenges if c.skill_id not in answered), None)

    result = simulate(mini, "choisis", [InOrder()], pupils=4, seed=2)
    (summary,) = result.summaries
    assert summary.estimate_rmse is None
    assert summary.estimate_bias is None
    assert summary.questions_mean == 2
    assert all(run.estimated_ability is None for run in result.runs)
    line = comparison_table(result).splitlines()[3].split()
    assert line[:3] == ["in-order", "2.0", "2.0"]
    assert line[5:7] == ["n/a", "n/a"]

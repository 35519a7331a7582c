from __future__ import annotations

import math
import random

import pytest

from pixorga_core.config import Settings
from pixorga_core.defaults.algorithms import flash_from_settings
from pixorga_core.domain.assessments import AssessmentState
from pixorga_core.domain.referential import Challenge, ChallengeType, Skill
from pixorga_core.engine import service
from pixorga_core.engine.flash import (
    DEFAULT_ERROR_RATE,
    GRID,
    Flash,
    estimate,
    fisher_information,
    success_probability,
)
from pixorga_core.errors import ConfigurationError


def challenge(cid, difficulty, discriminant=1.0, skill=None):
    return Challenge(
        id=cid,
        skill_id=skill or f"s-{cid}",
        type=ChallengeType.QCU,
        proposals=("oui", "non"),
        solution=1,
        discriminant=discriminant,
        difficulty=difficulty,
    )


def state_of(challenges):
    skills = {c.skill_id for c in challenges}
    return AssessmentState(
        assessment_id=None,
        algorithm="flash",
        target_skills=tuple(
            Skill(id=s, name=s, tube_id=s, competence_id="c", difficulty=3) for s in sorted(skills)
        ),
        challenges=tuple(challenges),
    )


def test_grid_runs_from_minus_9_to_9_by_0_225():
    assert len(GRID) == 81
    assert (GRID[0], GRID[-1]) == (-9.0, 9.0)
    assert GRID[1] - GRID[0] == pytest.approx(0.225)


def test_two_parameter_logistic():
    assert success_probability(0.0, 1.0, 0.0) == 0.5
    assert success_probability(1.0, 2.0, 0.0) == pytest.approx(1 / (1 + math.exp(-2)))
    assert success_probability(-400.0, 2.0, 0.0) == 0.0
    c = challenge("q", 0.5, 1.5)
    p = success_probability(0.5, 1.5, 0.5)
    assert fisher_information(0.5, c) == pytest.approx(1.5**2 * p * (1 - p))


def test_no_answer_gives_the_defaults():
    result = estimate([])
    assert (result.ability, result.error_rate) == (0.0, DEFAULT_ERROR_RATE)


def test_one_answer_is_the_mean_of_the_posterior_with_a_gaussian_prior_on_zero():
    c = challenge("q", 1.0, 1.3)
    for right in (True, False):
        weights = []
        for theta in GRID:
            p = 1 / (1 + math.exp(1.3 * (1.0 - theta)))
            weights.append((p if right else 1 - p) * math.exp(-(theta**2) / 3.0))
        mean = sum(t * w for t, w in zip(GRID, weights, strict=True)) / sum(weights)
        variance = sum(w * (t - mean) ** 2 for t, w in zip(GRID, weights, strict=True)) / sum(
            weights
        )
        result = estimate([(c, right)])
        assert result.ability == pytest.approx(mean)
        assert result.error_rate == pytest.approx(math.sqrt(variance - (9 / 80) ** 2 / 12))


def test_answers_move_the_estimate_and_narrow_it():
    easy, hard = challenge("e", -1.0), challenge("h", 2.0)
    right_right = estimate([(easy, True), (hard, True)])
    right_wrong = estimate([(easy, True), (hard, False)])
    assert right_right.ability > right_wrong.ability > estimate([(easy, False)]).ability
    assert estimate([(easy, True)]).error_rate > right_right.error_rate
    # Symmetry of the model around 0.
    assert estimate([(challenge("z", 0.0), True)]).ability == pytest.approx(
        -estimate([(challenge("z", 0.0), False)]).ability
    )


def test_the_prior_follows_the_previous_estimate():
    # Same answers, other order: the prior is re-centred after each one, so order matters.
    a, b = challenge("a", -2.0), challenge("b", 2.0)
    assert estimate([(a, True), (b, False)]).ability != pytest.approx(
        estimate([(b, False), (a, True)]).ability
    )


def test_selection_draws_among_the_five_most_informative_challenges():
    challenges = [
        challenge(f"q{i}", d) for i, d in enumerate([-3, -1, 0.1, 0, -0.2, 0.3, 2, 4, 0.5])
    ]
    state = state_of(challenges)
    picks = {Flash().next_challenge(state, random.Random(seed)).id for seed in range(60)}
    # At θ = 0 the most informative are the closest difficulties: 0, 0.1, -0.2, 0.3, 0.5.
    assert picks == {"q3", "q2", "q4", "q5", "q8"}


def test_discriminant_weighs_in_the_information():
    sharp, blunt = challenge("sharp", 1.0, 2.5), challenge("blunt", 0.0, 0.3)
    state = state_of([sharp, blunt])
    assert Flash(top=1).next_challenge(state, random.Random(0)).id == "sharp"


def test_a_skill_answered_once_is_not_proposed_again():
    first, twin = challenge("a", 0.0, skill="s"), challenge("b", 0.0, skill="s")
    other = challenge("c", 3.0)
    state = service.apply_answer(state_of([first, twin, other]), "a", 1)
    assert Flash().candidates(state) == [other]
    assert Flash().next_challenge(state, random.Random(0)).id == "c"


def test_stops_after_max_challenges_or_when_nothing_is_left():
    challenges = [challenge(f"q{i}", 0.0) for i in range(4)]
    state = state_of(challenges)
    flash = Flash(max_challenges=2)
    for _ in range(2):
        chosen = flash.next_challenge(state, random.Random(1))
        state = service.apply_answer(state, chosen.id, 1)
    assert flash.next_challenge(state, random.Random(1)) is None
    state = state_of(challenges[:1])
    state = service.apply_answer(state, "q0", 2)
    assert Flash().next_challenge(state, random.Random(1)) is None


def test_options_come_from_the_settings():
    default = flash_from_settings(Settings())
    assert (default.max_challenges, default.warm_up, default.forced_competences) == (20, 0, ())
    settings = Settings(
        plugins={"flash": {"max_challenges": 35, "warm_up": 2, "forced_competences": ["1.1"]}}
    )
    flash = flash_from_settings(settings)
    assert (flash.max_challenges, flash.warm_up, flash.forced_competences) == (35, 2, ("1.1",))


@pytest.mark.parametrize(
    "options",
    [
        {"max_challenges": 0},
        {"max_challenges": "beaucoup"},
        {"warm_up": -1},
        {"forced_competences": "1.1"},
        {"forced_competences": [1, 2]},
    ],
)
def test_bad_options_are_refused(options):
    with pytest.raises(ConfigurationError, match=r"\[plugins\.flash\]: max_challenges must be"):
        flash_from_settings(Settings(plugins={"flash": options}))


def test_forced_competences_are_covered_once_after_the_warm_up(mini):
    flash = Flash(warm_up=1, forced_competences=("2.1",))
    state = service.start_assessment(mini, "tout", algorithm="flash")
    everything = flash.candidates(state)
    assert flash.candidates(state) == Flash().candidates(state)  # still warming up
    state = service.apply_answer(state, "ch-moteur-1-a", 2)
    # Warm-up over, no answer in 2.1 since: only 2.1 challenges.
    forced = flash.candidates(state)
    assert forced
    assert {mini.skills_by_id[c.skill_id].competence_id for c in forced} == {"2.1"}
    state = service.apply_answer(state, forced[0].id, 1)
    # 2.1 is covered: everything not answered is back.
    answered = {"1.1-moteur-1", forced[0].skill_id}
    assert flash.candidates(state) == [c for c in everything if c.skill_id not in answered]


def test_without_forced_competences_the_warm_up_changes_nothing(mini):
    state = service.start_assessment(mini, "tout", algorithm="flash")
    state = service.apply_answer(state, "ch-moteur-1-a", 2)
    assert Flash(warm_up=5).candidates(state) == Flash().candidates(state)


def test_registered_algorithms(hooks):
    registry = hooks.assessment_algorithms()
    assert registry.names()[:2] == ["smart-random", "flash"]
    assert registry.get("flash").max_challenges == 20


def test_estimate_ability(mini):
    state = service.start_assessment(mini, "competence-1-1", algorithm="flash")
    assert Flash().estimate_ability(state) == 0.0
    state = service.apply_answer(state, "ch-moteur-6-a", 1)  # right on a level-6 challenge
    assert Flash().estimate_ability(state) > 0.5


def test_the_estimate_does_not_depend_on_what_was_computed_before():
    from pixorga_core.engine import flash

    answers = [(challenge(f"q{i}", d, 1 + i / 10), i % 2 == 0) for i, d in enumerate([0, 1, -1, 2])]
    warm = [estimate(answers[:k]) for k in range(1, 5)]
    flash._CACHE.clear()
    assert estimate(answers) == warm[-1]
    flash._CACHE.clear()
    assert [estimate(answers[:k]) for k in range(1, 5)] == warm
    # Another sequence sharing a prefix gets its own result.
    other = [*answers[:2], (challenge("x", 3.0), False)]
    assert estimate(other) != estimate(answers[:3])

from __future__ import annotations

import math
import random
import re

import attrs
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
    ("options", "words"),
    [
        ({"max_challenges": 0}, "plugins.flash.max_challenges must be at least 1, not 0"),
        ({"max_challenges": "beaucoup"}, "plugins.flash.max_challenges"),
        ({"warm_up": -1}, "plugins.flash.warm_up must be at least 0, not -1"),
        ({"forced_competences": "1.1"}, "plugins.flash.forced_competences"),
        ({"forced_competences": [1, 2]}, "plugins.flash.forced_competences"),
        ({"max_error": -0.4}, "plugins.flash.max_error must be a positive number"),
        ({"prior_variance": 0}, "plugins.flash.prior_variance must be a positive number"),
        ({"grid_min": 2.0, "grid_max": 1.0}, "plugins.flash.grid_max must be above grid_min"),
        ({"grid_points": 2}, "plugins.flash.grid_points must be at least 3"),
        ({"top": 0}, "plugins.flash.top must be at least 1"),
        ({"max_chalenges": 3}, "max_chalenges"),
    ],
)
def test_bad_options_are_refused(options, words):
    # Typed plugin options (issue #18): the messages name the key, as for every plugin.
    with pytest.raises(ConfigurationError, match=re.escape(words)):
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
    answers = [(challenge(f"q{i}", d, 1 + i / 10), i % 2 == 0) for i, d in enumerate([0, 1, -1, 2])]
    warm = [estimate(answers[:k]) for k in range(1, 5)]
    flash = Flash()
    state = state_of([c for c, _ in answers])
    states = [state]
    for c, right in answers:
        states.append(service.apply_answer(states[-1], c.id, 1 if right else 2))
    assert flash.estimate(states[-1]) == pytest.approx(warm[-1])  # cold: from scratch
    assert [flash.estimate(s) for s in states[1:]] == [pytest.approx(w) for w in warm]
    fresh = Flash()
    assert [fresh.estimate(s) for s in states[1:]] == [pytest.approx(w) for w in warm]
    # Another sequence sharing a prefix gets its own result.
    other = [*answers[:2], (challenge("x", 3.0), False)]
    assert estimate(other) != estimate(answers[:3])


def test_defaults_are_the_reference_systems():
    flash = Flash()
    assert (flash.max_challenges, flash.min_challenges, flash.max_error, flash.top) == (
        20,
        0,
        None,
        5,
    )
    assert (flash.prior_mean, flash.prior_variance, flash.recentre_prior) == (0.0, 1.5, True)
    assert (flash.grid_min, flash.grid_max, flash.grid_points) == (-9.0, 9.0, 81)
    assert flash_from_settings(Settings()) == flash


def _play(flash, challenges, right):
    state = state_of(challenges)
    while (chosen := flash.next_challenge(state, random.Random(3))) is not None:
        state = service.apply_answer(state, chosen.id, 1 if right(chosen) else 2)
    return state


def test_max_error_stops_once_the_error_rate_is_reached():
    challenges = [challenge(f"q{i}", (i % 13) / 3 - 2, 1.5) for i in range(60)]
    state = _play(
        Flash(max_error=0.6, max_challenges=60), challenges, lambda c: c.irt_difficulty < 0.3
    )
    flash = Flash()
    assert flash.estimate(state).error_rate <= 0.6
    before = attrs.evolve(state, answers=state.answers[:-1])
    assert flash.estimate(before).error_rate > 0.6
    assert 1 < len(state.answers) < 60
    longer = _play(
        Flash(max_error=0.6, min_challenges=len(state.answers) + 4, max_challenges=60),
        challenges,
        lambda c: c.irt_difficulty < 0.3,
    )
    assert len(longer.answers) == len(state.answers) + 4


def test_top_one_takes_the_most_informative_and_ties_in_referential_order():
    challenges = [challenge(f"q{i}", d) for i, d in enumerate([1.0, 0.5, -0.5, 0.5, 2.0])]
    state = state_of(challenges)
    picks = {Flash(top=1).next_challenge(state, random.Random(seed)).id for seed in range(20)}
    assert picks == {"q1"}  # q1 and q3 tie: the first in referential order wins


def test_top_indices_is_a_stable_sort_cut_at_top():
    import numpy as np

    from pixorga_core.engine.flash import top_indices

    rng = random.Random(5)
    for _ in range(200):
        scores = [rng.choice([0.1, 0.2, 0.3, rng.random()]) for _ in range(rng.randint(1, 30))]
        top = rng.randint(1, 8)
        expected = sorted(range(len(scores)), key=lambda i: -scores[i])[:top]
        assert list(top_indices(np.array(scores), top)) == expected


def test_a_fixed_prior_gives_the_plain_expected_a_posteriori():
    answers = [
        (challenge(f"q{i}", d, 1.2), r)
        for i, (d, r) in enumerate([(0, True), (1, True), (2, False)])
    ]
    flash = Flash(recentre_prior=False, prior_mean=0.5, prior_variance=1.0, grid_points=161)
    state = state_of([c for c, _ in answers])
    for c, right in answers:
        state = service.apply_answer(state, c.id, 1 if right else 2)
    grid = [-9 + 18 * i / 160 for i in range(161)]
    weights = []
    for theta in grid:
        w = math.exp(-((theta - 0.5) ** 2) / 2)
        for c, right in answers:
            p = 1 / (1 + math.exp(1.2 * (c.irt_difficulty - theta)))
            w *= p if right else 1 - p
        weights.append(w)
    mean = sum(t * w for t, w in zip(grid, weights, strict=True)) / sum(weights)
    assert flash.estimate_ability(state) == pytest.approx(mean)
    assert Flash().estimate_ability(state) != pytest.approx(mean)


def test_options_from_text_as_on_the_command_line():
    flash = Flash().with_options(
        {"max_error": "0.4", "max_challenges": "30", "recentre_prior": "no"}
    )
    assert (flash.max_error, flash.max_challenges, flash.recentre_prior) == (0.4, 30, False)
    assert flash.with_options({"max_error": "none"}).max_error is None
    assert Flash().with_options({"forced_competences": "1.1+2.1"}).forced_competences == (
        "1.1",
        "2.1",
    )
    with pytest.raises(
        ConfigurationError, match=r"flash: unknown option maxerror .*from --algorithm"
    ):
        Flash().with_options({"maxerror": "0.4"}, origin="--algorithm")
    with pytest.raises(ConfigurationError, match=r"flash.top must be at least 1"):
        Flash().with_options({"top": "0"})
    with pytest.raises(ConfigurationError, match=r"flash.top='beaucoup' is not a number"):
        Flash().with_options({"top": "beaucoup"})


def test_new_options_come_from_the_settings_and_the_environment():
    settings = Settings(plugins={"flash": {"max_error": 0.4, "top": 1, "grid_points": 41}})
    flash = flash_from_settings(settings)
    assert (flash.max_error, flash.top, flash.grid_points) == (0.4, 1, 41)


def test_the_posterior_cache_is_bounded_whatever_the_number_of_pupils():
    from pixorga_core.engine.posterior import POSTERIOR_CACHE_BYTES

    flash = Flash()
    challenges = [challenge(f"q{i}", (i % 17) / 4 - 2, 1 + (i % 5) / 5) for i in range(40)]
    base = state_of(challenges)
    rng = random.Random(0)
    for _pupil in range(3000):
        state = base
        for c in rng.sample(challenges, 8):
            state = service.apply_answer(state, c.id, rng.choice([1, 2]))
            flash.estimate(state)
    cache = flash._posteriors
    assert 0 < cache.bytes <= POSTERIOR_CACHE_BYTES
    small = Flash()
    small._posteriors.max_bytes = 20_000
    for _pupil in range(50):
        state = base
        for c in rng.sample(challenges, 8):
            state = service.apply_answer(state, c.id, rng.choice([1, 2]))
            assert small.estimate(state) == pytest.approx(flash.estimate(state))
    assert small._posteriors.bytes <= 20_000

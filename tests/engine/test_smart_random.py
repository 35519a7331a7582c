from __future__ import annotations

import math
import random
import re

import pytest

from pixorga_core.domain.assessments import AssessmentState
from pixorga_core.domain.referential import Challenge, ChallengeType, Skill
from pixorga_core.engine import service
from pixorga_core.engine.smart_random import SmartRandom, estimate_level, logistic, select_skills

RIGHT, WRONG = 1, 2


def make_state(tubes, timed=(), no_challenge=()):
    """tubes: {tube: [levels]}; every skill gets one QCU (answer 1 is right)."""
    skills, challenges = [], []
    for tube, levels in tubes.items():
        for level in levels:
            skill = Skill(
                id=f"{tube}{level}",
                name=f"@{tube}{level}",
                tube_id=tube,
                competence_id="c",
                difficulty=level,
            )
            skills.append(skill)
            if skill.id in no_challenge:
                continue
            challenges.append(
                Challenge(
                    id=f"q-{skill.id}",
                    skill_id=skill.id,
                    type=ChallengeType.QCU,
                    proposals=("oui", "non"),
                    solution=1,
                    skill_level=level,
                    timer_seconds=30 if skill.id in timed else None,
                )
            )
    return AssessmentState(
        assessment_id=None,
        algorithm="smart-random",
        target_skills=tuple(skills),
        challenges=tuple(challenges),
    )


def ids(selection):
    return sorted(s.id for s in selection.skills)


def answer(state, skill_id, response):
    return service.apply_answer(state, f"q-{skill_id}", response)


# -- first challenge --------------------------------------------------------------------------


def test_first_challenge_is_at_level_2_of_an_easy_tube():
    state = make_state({"hard": [1, 2, 3, 4, 5], "easy": [1, 2, 3], "other": [1, 2, 3]})
    selection = select_skills(state)
    assert ids(selection) == ["easy2", "other2"]
    assert selection.level == 2


def test_first_challenge_avoids_timed_skills_and_falls_back_to_the_easiest_level():
    state = make_state({"hard": [1, 2, 5], "easy": [1, 2, 3]}, timed={"easy2"})
    assert ids(select_skills(state)) == ["easy1"]


def test_first_challenge_without_easy_tubes_takes_any_tube():
    state = make_state({"a": [1, 2, 6], "b": [3, 4, 5]})
    assert ids(select_skills(state)) == ["a2"]
    state = make_state({"a": [1, 3, 6], "b": [3, 4, 5]})
    assert ids(select_skills(state)) == ["a1"]


def test_first_challenge_may_be_timed_when_every_candidate_is():
    state = make_state({"a": [1, 2]}, timed={"a1", "a2"})
    assert ids(select_skills(state)) == ["a2"]


def test_skills_without_a_challenge_are_neither_proposed_nor_counted_in_their_tube():
    # Without a challenge, "a5" does not make tube a hard: a stays an easy tube.
    state = make_state({"a": [1, 2, 5], "b": [1, 2, 4]}, no_challenge={"a5"})
    assert ids(select_skills(state)) == ["a2"]


# -- level estimate ---------------------------------------------------------------------------


def test_estimate_with_only_the_virtual_answers_is_the_middle_level():
    # 1 - σ(L) - σ(L - 7) = 0 at L = 3.5.
    assert estimate_level(make_state({"a": [1, 2, 3]})) == 3.5


def reference_level(outcomes):
    """The argmax written out: levels 0.5…7.5, virtual answers (0, 1) and (7, 0)."""
    outcomes = [*outcomes, (0, 1), (7, 0)]

    def score(level):
        return -abs(sum(o - 1 / (1 + math.exp(-(level - d))) for d, o in outcomes))

    return max((0.5 * i for i in range(1, 16)), key=score)


@pytest.mark.parametrize(
    "answers",
    [
        [("a5", RIGHT)],
        [("a5", WRONG)],
        [("a2", RIGHT), ("b6", RIGHT)],
        [("a2", WRONG), ("b3", WRONG)],
        [("a5", RIGHT), ("b6", RIGHT), ("c7", RIGHT)],
        [("a1", WRONG), ("b1", WRONG), ("c1", WRONG)],
    ],
)
def test_estimate_follows_the_direct_answers(answers):
    state = make_state({t: list(range(1, 8)) for t in "abc"})
    outcomes = []
    for skill_id, response in answers:
        state = answer(state, skill_id, response)
        outcomes.append((int(skill_id[1:]), 1 if response == RIGHT else 0))
    assert estimate_level(state) == reference_level(outcomes)


def test_inferred_knowledge_does_not_move_the_estimate():
    state = answer(make_state({"a": list(range(1, 8))}), "a6", RIGHT)  # infers a1 to a5
    assert estimate_level(state) == reference_level([(6, 1)])


# -- next challenges --------------------------------------------------------------------------


def test_next_skills_are_at_most_two_levels_above_the_estimate():
    state = make_state({"a": [1, 2, 3, 4, 5, 6, 7, 8], "b": [4, 5, 6, 7, 8]})
    state = answer(state, "b4", WRONG)  # b4+ invalidated; level drops
    selection = select_skills(state)
    assert all(s.difficulty <= selection.level + 2 for s in selection.skills)
    assert selection.skills


def test_easy_tubes_come_first_while_they_have_untested_skills():
    state = make_state({"easy": [1, 2, 3], "hard": [1, 2, 3, 4]})
    state = answer(state, "easy2", RIGHT)  # easy3 is left in the easy tube
    assert ids(select_skills(state)) == ["easy3"]
    state = answer(state, "easy3", RIGHT)
    assert {s.tube_id for s in select_skills(state).skills} == {"hard"}


def test_no_timed_skill_right_after_a_timed_challenge():
    tubes = {"a": [1, 2, 3, 4, 5, 6], "b": [1, 2, 3, 4, 5, 6]}
    # After an untimed b2, the best skill is a4, timed here.
    untimed = answer(make_state(tubes, timed={"a4"}), "b2", RIGHT)
    assert ids(select_skills(untimed)) == ["a4"]
    # After a timed b2, the same state drops a4 and the other timed skills.
    after_timed = answer(make_state(tubes, timed={"a4", "b2", "b4"}), "b2", RIGHT)
    chosen = ids(select_skills(after_timed))
    assert chosen
    assert not {"a4", "b4"} & set(chosen)


def test_after_a_timed_challenge_a_timed_skill_is_kept_if_nothing_else_is_left():
    state = make_state({"a": [1, 2]}, timed={"a1", "a2"})
    state = answer(state, "a2", WRONG)  # a2 invalidated: only a1 is left, timed
    assert ids(select_skills(state)) == ["a1"]


def test_the_skills_with_the_highest_reward_are_kept():
    state = make_state({"a": [1, 2, 3, 4, 5, 6, 7], "b": [5, 6]})
    state = answer(state, "b5", RIGHT)
    selection = select_skills(state)
    level = selection.level

    def reward(d):
        p = logistic(level - d)
        return p * d + (1 - p) * (7 - d + 1)  # whole tube a untested: d easier-or-equal, 8-d harder

    candidates = [d for d in range(1, 8) if d <= level + 2]
    best = max(reward(d) for d in candidates)
    expected = {f"a{d}" for d in candidates if reward(d) == best}
    # b6 (b5 is assessed) rewards p + (1 - p) = 1, less than any skill of the untested tube a.
    assert set(ids(selection)) == expected


def test_the_assessment_ends_when_every_skill_is_assessed():
    state = make_state({"a": [1, 2, 3]})
    state = answer(state, "a3", RIGHT)  # validates a1 and a2 by inference
    assert select_skills(state).skills == ()
    assert SmartRandom().next_challenge(state, random.Random(0)) is None


def test_a_challenge_is_drawn_from_the_rng_among_the_best_skills():
    state = make_state({t: [1, 2, 3] for t in "abcdef"})
    picks = {SmartRandom().next_challenge(state, random.Random(seed)).id for seed in range(40)}
    assert picks == {f"q-{t}2" for t in "abcdef"}


def test_estimate_ability_is_the_level_on_the_irt_scale():
    state = make_state({"a": [1, 2, 3]})
    assert SmartRandom().estimate_ability(state) == 2 - 4.5
    assert (
        SmartRandom().estimate_ability(answer(state, "a2", RIGHT))
        == estimate_level(answer(state, "a2", RIGHT)) - 4.5
    )


def test_the_early_stop_is_off_by_default_and_checked():
    from pixorga_core.errors import ConfigurationError

    assert SmartRandom().stop_confidence is None
    assert SmartRandom().with_options({"stop_confidence": "0.8"}).stop_confidence == 0.8
    for bad in ("0.5", "1", "beaucoup"):
        with pytest.raises(ConfigurationError, match="stop_confidence"):
            SmartRandom().with_options({"stop_confidence": bad})


def test_the_early_stop_ends_when_no_remaining_skill_is_in_doubt(mini):
    from pixorga_core.engine import service
    from pixorga_core.engine.smart_random import decided_by_the_estimate, estimate_level
    from pixorga_core.simulation.pupils import right_response, wrong_response

    algorithm, plain = SmartRandom(stop_confidence=0.7), SmartRandom()
    early = 0
    for seed in range(30):
        rng, answers = random.Random(seed), random.Random(100 + seed)
        state = service.start_assessment(mini, "competence-1-1", algorithm="smart-random")
        ability = answers.uniform(1, 6)
        while (chosen := algorithm.next_challenge(state, rng)) is not None:
            right = answers.random() < logistic(ability - chosen.skill_level)
            response = right_response(chosen) if right else wrong_response(chosen)
            state = service.apply_answer(state, chosen.id, response)
        if plain.next_challenge(state, random.Random(0)) is None:
            continue  # nothing left anyway
        early += 1
        assert decided_by_the_estimate(state, 0.7)
        level = estimate_level(state)
        for skill in state.target_skills:
            if skill.id not in state.knowledge_by_skill:
                p = logistic(level - skill.difficulty)
                assert p >= 0.7 or p <= 0.3
        # min_challenges holds it back.
        longer = SmartRandom(stop_confidence=0.7, min_challenges=len(state.answers) + 1)
        assert longer.next_challenge(state, random.Random(0)) is not None
    assert early >= 5


def test_options_come_from_the_settings_and_the_environment():
    from pixorga_core.config import Settings
    from pixorga_core.defaults.algorithms import smart_random_from_settings

    assert smart_random_from_settings(Settings()) == SmartRandom()
    settings = Settings(plugins={"smart-random": {"stop_confidence": 0.7, "max_challenges": 12}})
    configured = smart_random_from_settings(settings)
    assert (configured.stop_confidence, configured.min_challenges) == (0.7, 0)
    assert configured.max_challenges == 12
    assert configured.with_options({"min_challenges": "3"}).stop_confidence == 0.7


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (
            {"stop_confidence": 1.5},
            "plugins.smart-random.stop_confidence must be between 0.5 and 1",
        ),
        ({"min_challenges": -2}, "plugins.smart-random.min_challenges must be at least 0"),
        ({"max_challenges": 0}, "plugins.smart-random.max_challenges must be at least 1, not 0"),
        ({"stop_confidense": 0.7}, "stop_confidense"),
    ],
)
def test_bad_options_in_the_settings_are_refused(options, words):
    from pixorga_core.config import Settings
    from pixorga_core.defaults.algorithms import smart_random_from_settings
    from pixorga_core.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match=re.escape(words)):
        smart_random_from_settings(Settings(plugins={"smart-random": options}))


def test_max_challenges_ends_the_assessment(mini):
    algorithm = SmartRandom(max_challenges=2)
    state = service.start_assessment(mini, mini.target_profiles[0].id)
    for _ in range(2):
        chosen = algorithm.next_challenge(state, random.Random(1))
        assert chosen is not None
        state = service.apply_answer(state, chosen.id, 1)
    assert algorithm.next_challenge(state, random.Random(1)) is None

"""The engine service: bad input and faulty algorithms are refused; the state is unchanged."""

from __future__ import annotations

import copy
import random

import attrs
import pytest

from pixorga_core.domain.assessments import AnswerStatus
from pixorga_core.engine import service
from pixorga_core.engine.smart_random import SmartRandom
from pixorga_core.errors import InvalidInputError, NotFoundError, PluginError
from pixorga_core.hooks import hookimpl


@pytest.fixture
def state(mini):
    started = service.start_assessment(mini, "competence-1-1", assessment_id=7)
    return service.apply_answer(started, "ch-moteur-2-a", 3)


def test_start_assessment(mini):
    state = service.start_assessment(mini, "decouverte", algorithm="flash", assessment_id=3)
    assert state.algorithm == "flash"
    assert (state.referential_id, state.target_profile_id, state.assessment_id) == (
        "mini",
        "decouverte",
        3,
    )
    assert [s.id for s in state.target_skills] == list(mini.target_profile("decouverte").skill_ids)
    assert {c.skill_id for c in state.challenges} == set(
        mini.target_profile("decouverte").skill_ids
    )
    assert service.start_assessment(mini, "decouverte").algorithm == "smart-random"


def test_start_assessment_on_a_missing_profile(mini):
    with pytest.raises(NotFoundError) as info:
        service.start_assessment(mini, "inconnu")
    assert info.value.code == "TARGET_PROFILE_NOT_FOUND"
    assert "« inconnu »" in info.value.message


def test_apply_answer_records_the_answer(state):
    assert state.answers[-1].challenge_id == "ch-moteur-2-a"
    assert state.answers[-1].status is AnswerStatus.OK
    assert state.answers[-1].value == "3"
    assert state.answered_skill_ids == {"1.1-moteur-2"}


@pytest.mark.parametrize(
    ("challenge_id", "response", "code"),
    [
        ("ch-inconnu", 1, "CHALLENGE_NOT_IN_ASSESSMENT"),
        ("ch-courriel-1", 1, "CHALLENGE_NOT_IN_ASSESSMENT"),  # outside the target profile
        ("ch-moteur-2-a", 1, "CHALLENGE_ALREADY_ANSWERED"),
        ("ch-source-3-b", "x" * 100_000, "ANSWER_TOO_LONG"),
        ("ch-moteur-4-b", [1, 7], "INVALID_ANSWER"),  # a QCM proposal that does not exist
        ("ch-moteur-1-a", 9, "INVALID_ANSWER"),
    ],
)
def test_bad_answers_are_refused_and_leave_the_state_unchanged(state, challenge_id, response, code):
    before = copy.deepcopy(state)
    with pytest.raises(InvalidInputError) as info:
        service.apply_answer(state, challenge_id, response)
    assert info.value.code == code
    assert challenge_id[:20] in info.value.message
    assert state == before
    assert attrs.asdict(state) == attrs.asdict(before)


class Returns:
    """A throwaway algorithm returning what it is told (or raising it)."""

    label = "Test"

    def __init__(self, name, result):
        self.name = name
        self.result = result

    def next_challenge(self, state, rng):
        if isinstance(self.result, Exception):
            raise self.result
        return self.result(state) if callable(self.result) else self.result


def test_next_challenge_returns_the_states_own_challenge(state):
    algorithm = Returns("copycat", lambda s: attrs.evolve(s.challenges[3]))
    chosen = service.next_challenge(algorithm, state, random.Random(0))
    assert chosen is state.challenges[3]


def test_next_challenge_none_ends_the_assessment(state):
    assert service.next_challenge(Returns("done", None), state, random.Random(0)) is None


@pytest.mark.parametrize(
    ("result", "words"),
    [
        (ZeroDivisionError("division by zero"), "raised ZeroDivisionError: division by zero"),
        (InvalidInputError("oups"), "raised InvalidInputError: oups"),
        (lambda s: s.challenges_by_id["ch-moteur-2-a"], "chose challenge 'ch-moteur-2-a' again"),
        ("ch-moteur-1-a", "returned 'ch-moteur-1-a', not a Challenge or None"),
    ],
)
def test_a_faulty_algorithm_is_named_and_the_state_unchanged(state, result, words):
    before = copy.deepcopy(state)
    with pytest.raises(PluginError) as info:
        service.next_challenge(Returns("faulty", result), state, random.Random(0))
    assert info.value.plugin == "faulty"
    assert "assessment algorithm 'faulty'" in info.value.message
    assert words in info.value.message
    assert state == before


def test_a_challenge_outside_the_target_profile_is_refused(mini, state):
    outside = mini.challenges_by_id["ch-courriel-1"]
    with pytest.raises(PluginError) as info:
        service.next_challenge(Returns("wanderer", outside), state, random.Random(0))
    assert info.value.message == (
        "assessment algorithm 'wanderer' chose challenge 'ch-courriel-1', which is outside the "
        "target profile competence-1-1 of this assessment"
    )


class FaultyPlugin:
    @hookimpl
    def pixorga_register_assessment_algorithms(self, registry):
        registry.add(Returns("broken", RuntimeError("boom")))


def test_algorithms_come_from_the_hook_and_plugin_failures_name_them(pm, hooks, mini):
    pm.register(FaultyPlugin())
    assert hooks.assessment_algorithms().names() == ["broken", "smart-random", "flash"]
    state = service.start_assessment(mini, "choisis", algorithm="broken")
    broken = hooks.assessment_algorithms().get(state.algorithm)
    with pytest.raises(
        PluginError, match="assessment algorithm 'broken' raised RuntimeError: boom"
    ):
        service.next_challenge(broken, state, random.Random(0))
    default = service.start_assessment(mini, "choisis")
    assert isinstance(hooks.assessment_algorithms().get(default.algorithm), SmartRandom)
    unknown = service.start_assessment(mini, "choisis", algorithm="nope")
    with pytest.raises(PluginError, match="no assessment algorithm named 'nope'"):
        hooks.assessment_algorithms().get(unknown.algorithm)


def test_states_are_read_only(state):
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        state.answers = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        state.skills_by_id["x"] = None  # type: ignore[index]

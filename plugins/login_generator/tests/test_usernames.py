from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

import pluggy
import pytest

from pixorga_core import hookimpl
from pixorga_core.domain.learners import LearnerRecord
from pixorga_core.errors import PluginError
from pixorga_core.facade import Hooks
from pixorga_login_generator import plugin
from pixorga_login_generator.usernames import (
    FALLBACK_PART,
    MAX_ATTEMPTS,
    USERNAME_PATTERN,
    generate_username,
)


def learner(
    first_name: str = "Jean-Élie",
    last_name: str = "Dupont-Moretti",
    birthdate: date | None = date(2010, 3, 7),
) -> LearnerRecord:
    return LearnerRecord(
        national_student_id="123456789AB",
        first_name=first_name,
        last_name=last_name,
        birthdate=birthdate,
    )


class TakenNames:
    """An ``is_taken`` that records every candidate it is asked about."""

    def __init__(self, taken: Callable[[str], bool]) -> None:
        self._taken = taken
        self.asked: list[str] = []

    def __call__(self, candidate: str) -> bool:
        self.asked.append(candidate)
        return self._taken(candidate)


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20100307)


def test_first_name_dot_last_name_then_day_and_month(rng: random.Random) -> None:
    is_taken = TakenNames(lambda _: False)

    username = generate_username(learner(), is_taken, rng=rng)

    assert username == "jeanelie.dupontmoretti0703"
    assert is_taken.asked == ["jeanelie.dupontmoretti0703"]


@pytest.mark.parametrize(
    ("birthdate", "suffix"),
    [(date(2011, 12, 25), "2512"), (date(2012, 1, 1), "0101"), (date(2009, 10, 31), "3110")],
)
def test_day_then_month_zero_padded(rng: random.Random, birthdate: date, suffix: str) -> None:
    username = generate_username(learner("Léa", "Moreau", birthdate), lambda _: False, rng=rng)

    assert username == f"lea.moreau{suffix}"


def test_ligature_is_dropped_not_expanded(rng: random.Random) -> None:
    username = generate_username(learner("Cocœ", "Œuvray"), lambda _: False, rng=rng)

    assert username == "coc.uvray0703"


def test_apostrophes_spaces_and_digits_vanish(rng: random.Random) -> None:
    username = generate_username(learner("  Marie Ange ", "d'Artagnan 2"), lambda _: False, rng=rng)

    assert username == "marieange.dartagnan0703"
    assert USERNAME_PATTERN.fullmatch(username)


@pytest.mark.parametrize(
    ("first_name", "last_name", "expected"),
    [
        ("Алёна", "Dupont", f"{FALLBACK_PART}.dupont0703"),
        ("Léa", "王", f"lea.{FALLBACK_PART}0703"),
        ("---", "2024", f"{FALLBACK_PART}.{FALLBACK_PART}0703"),
    ],
)
def test_name_that_normalises_to_nothing_uses_the_fallback_part(
    rng: random.Random, first_name: str, last_name: str, expected: str
) -> None:
    username = generate_username(learner(first_name, last_name), lambda _: False, rng=rng)

    assert username == expected
    assert USERNAME_PATTERN.fullmatch(username)


def test_no_birthdate_gives_four_random_digits() -> None:
    first = generate_username(learner(birthdate=None), lambda _: False, rng=random.Random(1))
    again = generate_username(learner(birthdate=None), lambda _: False, rng=random.Random(1))

    assert USERNAME_PATTERN.fullmatch(first)
    assert first.startswith("jeanelie.dupontmoretti")
    assert first == again  # the digits come from the injected generator only


def test_long_names_are_cut(rng: random.Random) -> None:
    username = generate_username(learner("A" * 300, "B" * 300), lambda _: False, rng=rng)

    assert username == "a" * 100 + "." + "b" * 100 + "0703"


def test_taken_name_gets_four_random_digits(rng: random.Random) -> None:
    is_taken = TakenNames(lambda candidate: candidate == "jeanelie.dupontmoretti0703")

    username = generate_username(learner(), is_taken, rng=rng)

    assert username != "jeanelie.dupontmoretti0703"
    assert username.startswith("jeanelie.dupontmoretti")
    assert USERNAME_PATTERN.fullmatch(username)
    assert is_taken.asked == ["jeanelie.dupontmoretti0703", username]


def test_keeps_drawing_until_a_name_is_free(rng: random.Random) -> None:
    is_taken = TakenNames(lambda _: len(is_taken.asked) <= 5)

    username = generate_username(learner(), is_taken, rng=rng)

    assert len(is_taken.asked) == 6
    assert is_taken.asked[-1] == username
    assert USERNAME_PATTERN.fullmatch(username)


def test_gives_up_after_the_cap(rng: random.Random) -> None:
    is_taken = TakenNames(lambda _: True)

    with pytest.raises(PluginError, match=r"jeanelie\.dupontmoretti") as excinfo:
        generate_username(learner(), is_taken, rng=rng)

    assert len(is_taken.asked) == MAX_ATTEMPTS
    assert excinfo.value.plugin == "login_generator"


def test_cap_can_be_lowered(rng: random.Random) -> None:
    is_taken = TakenNames(lambda _: True)

    with pytest.raises(PluginError):
        generate_username(learner(), is_taken, rng=rng, max_attempts=3)

    assert len(is_taken.asked) == 3


def test_last_attempt_may_succeed(rng: random.Random) -> None:
    is_taken = TakenNames(lambda _: len(is_taken.asked) < 3)

    username = generate_username(learner(), is_taken, rng=rng, max_attempts=3)

    assert is_taken.asked[-1] == username
    assert len(is_taken.asked) == 3


def test_cap_below_one_is_refused(rng: random.Random) -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        generate_username(learner(), lambda _: False, rng=rng, max_attempts=0)


# -- through the hooks facade --------------------------------------------------------------------


@pytest.fixture
def registered(pm: pluggy.PluginManager) -> pluggy.PluginManager:
    pm.register(plugin)
    return pm


@pytest.mark.usefixtures("registered")
def test_facade_generates_the_username(hooks: Hooks) -> None:
    assert hooks.generate_username(learner(), lambda _: False) == "jeanelie.dupontmoretti0703"


@pytest.mark.usefixtures("registered")
def test_facade_avoids_a_taken_username(hooks: Hooks) -> None:
    taken = {"jeanelie.dupontmoretti0703"}

    username = hooks.generate_username(learner(), taken.__contains__)

    assert username not in taken
    assert USERNAME_PATTERN.fullmatch(username)


def test_another_plugin_answers_first(registered: pluggy.PluginManager, hooks: Hooks) -> None:
    class School:
        @hookimpl
        def pixorga_generate_username(self, learner: LearnerRecord) -> str:
            return "custom.name0000"

    registered.register(School())

    assert hooks.generate_username(learner(), lambda _: False) == "custom.name0000"


def test_without_the_plugin_no_username_is_generated(hooks: Hooks) -> None:
    with pytest.raises(PluginError, match="pixorga_generate_username"):
        hooks.generate_username(learner(), lambda _: False)

from __future__ import annotations

import random

import pluggy
import pytest

from pixorga_core.facade import Hooks
from pixorga_login_generator import plugin
from pixorga_login_generator.passwords import (
    LETTERS,
    TEMPORARY_PASSWORD_PATTERN,
    generate_temporary_password,
)


def test_alphabet_is_the_lowercase_letters_without_i_l_o() -> None:
    assert LETTERS == "abcdefghjkmnpqrstuvwxyz"
    assert len(LETTERS) == 23


@pytest.mark.parametrize("seed", range(20))
def test_six_letters_then_two_digits(seed: int) -> None:
    password = generate_temporary_password(rng=random.Random(seed))

    assert len(password) == 8
    assert all(c in LETTERS for c in password[:6])
    assert password[6:].isdigit()
    assert TEMPORARY_PASSWORD_PATTERN.fullmatch(password)


def test_never_contains_i_l_or_o() -> None:
    rng = random.Random(0)
    letters_seen = set("".join(generate_temporary_password(rng=rng)[:6] for _ in range(2000)))

    assert letters_seen.isdisjoint("ilo")
    assert letters_seen == set(LETTERS)  # and every other letter does come up


def test_same_generator_state_same_password() -> None:
    assert generate_temporary_password(rng=random.Random(7)) == generate_temporary_password(
        rng=random.Random(7)
    )


def test_default_generator_gives_different_passwords() -> None:
    passwords = {generate_temporary_password() for _ in range(50)}

    assert len(passwords) > 1
    assert all(TEMPORARY_PASSWORD_PATTERN.fullmatch(p) for p in passwords)


def test_pattern_rejects_ambiguous_letters() -> None:
    assert TEMPORARY_PASSWORD_PATTERN.fullmatch("kqzdwe07")
    for bad in ("kqzdwi07", "kqzdwl07", "kqzdwo07", "KQZDWE07", "kqzdw007", "kqzdwe7"):
        assert not TEMPORARY_PASSWORD_PATTERN.fullmatch(bad), bad


def test_facade_generates_a_temporary_password(pm: pluggy.PluginManager, hooks: Hooks) -> None:
    pm.register(plugin)

    assert TEMPORARY_PASSWORD_PATTERN.fullmatch(hooks.generate_temporary_password())

"""Pupils who do not read (``pixorga simulate --strategy``) and what they earn (#17)."""

from __future__ import annotations

import random
import statistics

import pytest
from click.testing import CliRunner

from pixorga_core.cli import build_cli
from pixorga_core.defaults.referentials import demo_directory
from pixorga_core.domain.referential import Challenge, ChallengeType
from pixorga_core.engine.answers import is_right
from pixorga_core.engine.shuffle import option_order
from pixorga_core.engine.smart_random import SmartRandom
from pixorga_core.referentials import load_referential
from pixorga_core.simulation.guessing import GuessingStrategy
from pixorga_core.simulation.harness import simulate

QCU = Challenge(
    id="q",
    skill_id="s",
    type=ChallengeType.QCU,
    proposals=("court", "une proposition bien plus longue", "moyenne", "x"),
    solution=2,
)
QCM = Challenge(
    id="m",
    skill_id="s",
    type=ChallengeType.QCM,
    proposals=("a", "bbbb", "cc", "ddd"),
    solution=(2, 4),
)


def test_parse_knows_the_strategies():
    assert GuessingStrategy.parse("always-option-3").name == "always-option-3"
    assert not GuessingStrategy.parse("random", shuffle=False).shuffle
    for name in ("always-option-0", "always", "shortest-option"):
        with pytest.raises(ValueError, match="unknown strategy"):
            GuessingStrategy.parse(name)


def test_longest_option_finds_the_longest_whatever_the_order():
    rng = random.Random(0)
    for seed in range(20):
        strategy = GuessingStrategy("longest-option")
        assert strategy.respond(QCU, str(seed), rng) == 2
        assert strategy.respond(QCM, str(seed), rng) == [2, 4]


def test_always_option_n_picks_the_displayed_position():
    rng = random.Random(0)
    order = option_order("7", "q", 4)
    assert GuessingStrategy("always-option-1").respond(QCU, "7", rng) == order[0] + 1
    assert GuessingStrategy("always-option-1", shuffle=False).respond(QCU, "7", rng) == 1
    assert GuessingStrategy("always-option-9", shuffle=False).respond(QCU, "7", rng) == 4
    assert GuessingStrategy("always-option-4", shuffle=False).respond(QCM, "7", rng) == [1, 4]


def test_random_answers_fit_the_challenge():
    rng = random.Random(0)
    strategy = GuessingStrategy("random")
    for seed in range(50):
        assert 1 <= strategy.respond(QCU, str(seed), rng) <= 4
        chosen = strategy.respond(QCM, str(seed), rng)
        assert len(chosen) >= 2
        assert len(set(chosen)) == len(chosen)
    open_question = Challenge(id="o", skill_id="s", type=ChallengeType.QROC, solution=("x",))
    assert not is_right(open_question, strategy.respond(open_question, "1", rng))


def _mean_pix(referential, name):
    result = simulate(
        referential,
        "competence-1-1",
        [SmartRandom()],
        pupils=120,
        seed=1,
        strategy=GuessingStrategy(name),
    )
    return statistics.fmean(run.pix for run in result.runs)


def test_on_competence_1_1_the_longest_option_earns_no_more_than_random_guessing_and_a_half():
    demo = load_referential(demo_directory())
    guessing = _mean_pix(demo, "random")
    assert 0 < guessing < 12
    assert _mean_pix(demo, "longest-option") <= 1.5 * guessing
    assert _mean_pix(demo, "always-option-1") <= 1.5 * guessing


def test_the_command_prints_a_table_per_strategy(settings, hooks, with_mini):
    result = CliRunner().invoke(
        build_cli(settings, hooks),
        [
            "simulate",
            "--target-profile", "competence-1-1",
            "--referential", "mini",
            "--algorithm", "smart-random",
            "--pupils", "5",
            "--strategy", "random",
            "--strategy", "longest-option",
            "--no-shuffle",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("pupils who do not read, target profile competence-1-1")
    assert lines[2].split() == [
        "strategy", "shuffled", "algorithm", "pupils",
        "pix", "mean", "skills", "mean", "pix", "max",
    ]  # fmt: skip
    assert [line.split()[:4] for line in lines[3:5]] == [
        ["random", "no", "smart-random", "5"],
        ["longest-option", "no", "smart-random", "5"],
    ]


def test_the_command_refuses_an_unknown_strategy(settings, hooks, with_mini):
    result = CliRunner().invoke(
        build_cli(settings, hooks),
        ["simulate", "--target-profile", "competence-1-1", "--referential", "mini",
         "--strategy", "shortest"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "unknown strategy 'shortest'" in result.output

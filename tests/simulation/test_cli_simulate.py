from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from pixorga_core.cli import build_cli

REFERENTIALS = Path(__file__).resolve().parent.parent / "referentials"


@pytest.fixture
def run(settings, hooks):
    def invoke(*args):
        return CliRunner().invoke(build_cli(settings, hooks), list(args))

    return invoke


def test_simulate_compares_algorithms_and_writes_csv_and_plot(run, with_mini, tmp_path):
    result = run(
        "simulate",
        "--algorithm", "smart-random",
        "--algorithm", "flash",
        "--target-profile", "competence-1-1",
        "--referential", "mini",  # the demo referential has a competence-1-1 too
        "--pupils", "25",
        "--seed", "3",
        "--csv", str(tmp_path / "runs.csv"),
        "--plot", str(tmp_path / "accuracy.png"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "25 simulated pupils, target profile competence-1-1 (13 skills, referential mini), "
        "model rasch, seed 3"
    )
    assert lines[2].split() == [
        "algorithm", "questions", "mean", "p90", "mastery", "accuracy", "estimate", "RMSE",
        "bias", "selection", "ms", "mean", "p95",
    ]  # fmt: skip
    assert lines[3].startswith("smart-random ")
    assert lines[4].startswith("flash ")
    assert "mastery-decision accuracy per skill" in result.output
    assert "1.1-veille-4" in result.output
    with (tmp_path / "runs.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 50
    assert {r["algorithm"] for r in rows} == {"smart-random", "flash"}
    with (tmp_path / "runs-skills.csv").open(encoding="utf-8") as stream:
        assert len(list(csv.DictReader(stream))) == 13
    with (tmp_path / "runs-curve.csv").open(encoding="utf-8") as stream:
        curve = list(csv.DictReader(stream))
    assert list(curve[0]) == ["questions", "smart-random", "flash"]
    assert [int(row["questions"]) for row in curve] == list(range(len(curve)))
    assert (tmp_path / "accuracy.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote {tmp_path / 'accuracy.png'}" in result.output


def test_simulate_defaults_to_every_registered_algorithm(run, with_mini):
    result = run("simulate", "--target-profile", "choisis", "--pupils", "3", "--model", "2pl")
    assert result.exit_code == 0, result.output
    assert "model 2pl, seed 0" in result.output
    assert [line.split()[0] for line in result.output.splitlines()[3:5]] == [
        "smart-random",
        "flash",
    ]


def test_simulate_is_replayable(run, with_mini):
    args = ("simulate", "--target-profile", "tout", "--pupils", "10", "--seed", "9")
    first, second = run(*args), run(*args)

    def without_times(output):
        return [line.split()[:7] for line in output.splitlines()]

    assert without_times(first.output) == without_times(second.output)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--algorithm", "nope"), "no assessment algorithm named 'nope'"),
        (("--referential", "autre"), "no referential with id 'autre'"),
    ],
)
def test_simulate_refuses_unknown_names(run, with_mini, args, message):
    result = run("simulate", "--target-profile", "choisis", *args)
    assert result.exit_code == 1
    assert message in result.output


def test_simulate_on_an_unknown_profile_lists_the_known_ones(run, with_mini):
    result = run("simulate", "--target-profile", "nope")
    assert result.exit_code == 1
    assert "no registered referential has the target profile 'nope'" in result.output
    assert "mini:competence-1-1" in result.output


def test_referentials_list(run, with_mini):
    result = run("referentials", "list")
    assert result.exit_code == 0
    assert "mini  Mini-référentiel de test  (2 competences, 21 skills, 25 challenges)" in (
        result.output
    )
    assert "decouverte" in result.output


def test_referentials_check_a_valid_directory(run):
    result = run("referentials", "check", str(REFERENTIALS / "mini"))
    assert result.exit_code == 0
    assert "mini: valid (2 competences, 5 tubes, 21 skills, 25 challenges" in result.output
    assert "warning: tube 1.1-veille: levels [2, 3, 4]" in result.output


def test_referentials_check_lists_every_problem(run):
    result = run("referentials", "check", str(REFERENTIALS / "broken" / "missing-skill"))
    assert result.exit_code == 1
    assert "competences/1.1.json: $.challenges[1].skill (id 'q3'): unknown skill 't-3'" in (
        result.output
    )

"""`pixorga simulate` with populations and algorithm options; `pixorga referentials from-bank`."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from pixorga_core.cli import build_cli
from pixorga_core.commands.simulation import parse_algorithm
from pixorga_core.errors import InvalidInputError

BANK = "id,a,b\n" + "".join(f"q{i},{1 + i % 5 / 5},{(i % 13) / 3 - 2:.3f}\n" for i in range(60))


@pytest.fixture
def run(settings, hooks):
    def invoke(*args):
        return CliRunner().invoke(build_cli(settings, hooks), list(args))

    return invoke


@pytest.fixture
def bank_dir(run, tmp_path):
    (tmp_path / "bank.csv").write_text(BANK, encoding="utf-8")
    result = run(
        "referentials", "from-bank", str(tmp_path / "bank.csv"), "--output", str(tmp_path / "ref")
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"wrote {tmp_path / 'ref'}: referential bank (60 items, 60 skills"
    )
    return tmp_path / "ref"


def test_parse_algorithm():
    assert parse_algorithm("flash") == ("flash", {})
    assert parse_algorithm("flash:max_error=0.4, top=1") == (
        "flash",
        {"max_error": "0.4", "top": "1"},
    )
    with pytest.raises(InvalidInputError, match="key=value"):
        parse_algorithm("flash:max_error")
    with pytest.raises(InvalidInputError, match="given twice"):
        parse_algorithm("flash:top=1,top=2")


def test_simulate_a_bank_with_options_and_a_population(run, bank_dir, tmp_path):
    result = run(
        "simulate", "--referential-dir", str(bank_dir), "--target-profile", "all",
        "--algorithm", "flash:max_error=0.6,max_challenges=60", "--algorithm", "flash",
        "--pupils", "12", "--seed", "4", "--model", "2pl",
        "--ability-mean", "0", "--ability-sd", "1", "--tube-sd", "0",
        "--csv", str(tmp_path / "r.csv"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(
        "12 simulated pupils, target profile all (60 skills, referential bank)"
    )
    assert lines[3].startswith("flash:max_error=0.6,max_challenges=60 ")
    assert lines[4].startswith("flash ")
    assert "pupils: θ ~ N(0, 1²), tube offsets ~ N(0, 0²)" in result.output
    assert "final SE mean" in result.output
    with (tmp_path / "r-steps.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert {r["algorithm"] for r in rows} == {"flash:max_error=0.6,max_challenges=60", "flash"}
    finals = {}
    for row in rows:
        finals[row["algorithm"], row["pupil"]] = float(row["standard_error"])
    assert all(se <= 0.6 for (name, _), se in finals.items() if name != "flash")


def test_abilities_from_a_file_set_the_number_of_pupils(run, bank_dir, tmp_path):
    (tmp_path / "ab.csv").write_text("ability\n-1\n0\n1.5\n", encoding="utf-8")
    result = run(
        "simulate", "--referential-dir", str(bank_dir), "--target-profile", "all",
        "--algorithm", "flash:max_challenges=5", "--abilities", str(tmp_path / "ab.csv"),
        "--csv", str(tmp_path / "r.csv"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 simulated pupils")
    with (tmp_path / "r.csv").open(encoding="utf-8") as stream:
        assert [float(r["true_ability"]) for r in csv.DictReader(stream)] == [-1.0, 0.0, 1.5]


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("flash:maxerror=0.4", "flash: unknown option maxerror"),
        ("flash:max_error=-1", "flash.max_error must be a positive number"),
        ("smart-random:top=1", "smart-random: unknown option top"),
        ("nope", "no assessment algorithm named 'nope'"),
    ],
)
def test_bad_algorithm_specs_are_refused(run, bank_dir, spec, words):
    result = run(
        "simulate", "--referential-dir", str(bank_dir), "--target-profile", "all",
        "--algorithm", spec, "--pupils", "1",
    )  # fmt: skip
    assert result.exit_code != 0
    assert words in result.output


def test_a_bad_bank_is_refused_and_nothing_is_written(run, tmp_path):
    (tmp_path / "bank.csv").write_text("id,a\nq1,1\n", encoding="utf-8")
    result = run(
        "referentials", "from-bank", str(tmp_path / "bank.csv"), "--output", str(tmp_path / "ref")
    )
    assert result.exit_code != 0
    assert "missing: b" in result.output
    assert not (tmp_path / "ref").exists()


def test_the_bank_referential_is_valid_json(bank_dir):
    main = json.loads((bank_dir / "referential.json").read_text(encoding="utf-8"))
    assert main["format"] == "pixorga-referential/1"
    assert [p["id"] for p in main["target_profiles"]] == ["all", "competence-bank"]

"""The open harness (issue #18): populations, labelled algorithms with options, precision,
exposure and overlap, the per-step CSV, item banks as referentials."""

from __future__ import annotations

import csv
import math
import random
import statistics

import pytest

from pixorga_core.engine.flash import Flash
from pixorga_core.engine.smart_random import SmartRandom
from pixorga_core.errors import InvalidInputError
from pixorga_core.referentials.bank import bank_documents, write_documents
from pixorga_core.referentials.loader import load_referential
from pixorga_core.simulation.harness import simulate
from pixorga_core.simulation.pupils import Model, Population, draw_pupils, read_abilities
from pixorga_core.simulation.report import precision_table, write_csv
from pixorga_core.simulation.scoring import exposure


def bank_text(items=120, seed=3, extra=""):
    rng = random.Random(seed)
    rows = [f"id,a,b{extra and ',' + extra}"]
    for i in range(items):
        row = f"Item {i},{rng.uniform(0.8, 2.0):.3f},{rng.gauss(0, 1.5):.3f}"
        rows.append(row + ("," + "0.2" if extra == "c" else ""))
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bank")
    write_documents(bank_documents(bank_text(), referential_id="bank", name="Banque"), directory)
    return load_referential(directory)


def test_a_population_is_drawn_as_asked():
    pupils = draw_pupils(
        2000, ["t1", "t2"], random.Random(1), Population(ability_mean=0.5, ability_sd=0.3)
    )
    abilities = [p.ability for p in pupils]
    assert statistics.fmean(abilities) == pytest.approx(0.5, abs=0.03)
    assert statistics.stdev(abilities) == pytest.approx(0.3, abs=0.03)
    flat = draw_pupils(3, ["t1"], random.Random(1), Population(tube_sd=0))
    assert all(p.tube_offsets == {} and p.tube_ability("t1") == p.ability for p in flat)
    given = draw_pupils(5, ["t1"], random.Random(1), Population(abilities=[1.0, -2.0]))
    assert [p.ability for p in given] == [1.0, -2.0, 1.0, -2.0, 1.0]


def test_the_default_population_is_the_former_one():
    # The same seed draws the same pupils as before populations existed.
    old = random.Random(4)
    expected = [
        (old.gauss(-1.0, 1.2), {t: old.gauss(0.0, 0.5) for t in ("a", "b")}) for _ in range(3)
    ]
    pupils = draw_pupils(3, ["a", "b"], random.Random(4))
    assert [(p.ability, dict(p.tube_offsets)) for p in pupils] == expected


def test_abilities_files():
    assert read_abilities("0.5\n-1\n\n# comment\n2e-1\n") == (0.5, -1.0, 0.2)
    assert read_abilities("pupil,theta\n1,0.5\n2,-1.5\n") == (0.5, -1.5)
    with pytest.raises(ValueError, match=r"'x' .* is not a number"):
        read_abilities("ability\n0.5\nx\n")
    with pytest.raises(ValueError, match="no value"):
        read_abilities("ability\n")


def test_an_item_bank_becomes_a_referential(bank):
    assert len(bank.challenges) == len(bank.skills) == len(bank.tubes) == 120
    assert {p.id for p in bank.target_profiles} == {"all", "competence-bank"}
    first = bank.challenges_by_id["item-0"]
    rng = random.Random(3)
    assert (first.irt_discriminant, first.irt_difficulty) == (
        round(rng.uniform(0.8, 2.0), 3),
        round(rng.gauss(0, 1.5), 3),
    )
    skill = bank.skills_by_id[first.skill_id]
    assert skill.difficulty == min(8, max(1, round(first.irt_difficulty + 4.5)))


def test_a_bank_with_skills_and_tubes(tmp_path):
    text = (
        "id,a,b,skill,tube,competence\n"
        "q1,1.0,-2.0,s1,t1,c1\nq2,1.2,-1.8,s1,t1,c1\nq3,1.0,-1.7,s2,t1,c1\nq4,1.5,3.0,s3,t2,c2\n"
    )
    write_documents(bank_documents(text, referential_id="b2", name="B"), tmp_path)
    referential = load_referential(tmp_path)
    levels = {s.id: (s.tube_id, s.difficulty) for s in referential.skills}
    # s1 (mean b −1.9) and s2 (−1.7) both round to level 3 in t1: the harder moves up.
    assert levels == {"s1": ("t1", 3), "s2": ("t1", 4), "s3": ("t2", 8)}
    assert {p.id for p in referential.target_profiles} == {"all", "competence-c1", "competence-c2"}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("id,a\nq1,1\n", "missing: b"),
        ("id,a,b\nq1,x,0\n", "line 2: a 'x' is not a number"),
        ("id,a,b\nq1,0,0\n", "a must be > 0"),
        ("id,a,b,c\nq1,1,0,1.5\n", "c must be in [0, 1)"),
        ("id,a,b\nq1,1,0\nQ1,1,0\n", "id 'q1' twice"),
        ("id,a,b\n", "no item"),
        ("id,a,b,tube\n" + "".join(f"q{i},1,{i - 4},t\n" for i in range(9)), "at most 8"),
    ],
)
def test_bad_banks_are_refused(text, words):
    with pytest.raises(InvalidInputError, match=__import__("re").escape(words)):
        bank_documents(text, referential_id="x", name="x")


def test_guessing_is_kept_aside_and_counted():
    documents = bank_documents(bank_text(5, extra="c"), referential_id="x", name="x")
    assert documents.guessing == 5
    challenge = documents.competences["competences/bank.json"]["challenges"][0]
    assert challenge["x-guessing"] == 0.2


@pytest.fixture(scope="module")
def compared(bank):
    return simulate(
        bank,
        "all",
        [
            Flash(max_error=0.5, max_challenges=120),
            Flash(max_error=0.5, max_challenges=120, top=1),
            SmartRandom(),
        ],
        labels=["flash:max_error=0.5", "flash:max_error=0.5,top=1", "smart-random"],
        pupils=40,
        seed=2,
        model=Model.TWO_PL,
        population=Population(ability_mean=0, ability_sd=1, tube_sd=0),
    )


def test_labelled_algorithms_and_precision(compared):
    flash, best, smart = compared.summaries
    assert [s.algorithm for s in compared.summaries] == [
        "flash:max_error=0.5", "flash:max_error=0.5,top=1", "smart-random"
    ]  # fmt: skip
    for summary in (flash, best):
        assert summary.standard_error_mean is not None
        assert summary.standard_error_mean <= 0.5
        assert summary.questions_mean < 20
    assert smart.standard_error_mean is None
    for run in compared.runs:
        assert len(run.estimates) == len(run.standard_errors) == run.questions + 1
        assert len(run.challenge_ids) == len(run.rights) == run.questions
        assert run.estimates[-1] == run.estimated_ability
        if run.algorithm.startswith("flash"):
            assert run.standard_error <= 0.5 < run.standard_errors[-2]
    assert "pupils: θ ~ N(0, 1²), tube offsets ~ N(0, 0²)" in precision_table(compared)


def test_labels_must_be_distinct(bank):
    with pytest.raises(ValueError, match="distinct label"):
        simulate(bank, "all", [Flash(), Flash()], labels=["a", "a"], pupils=1, seed=0)


def test_exposure_and_overlap():
    figures = exposure([["a", "b"], ["a", "c"], ["a", "b"]], challenges=5)
    assert figures.max_rate == 1.0
    assert figures.unused_share == pytest.approx(2 / 5)
    # Pairs share 1, 2 and 1 challenges of 2: overlap 4 / 6.
    assert figures.overlap == pytest.approx(4 / 6)
    assert math.isnan(exposure([], challenges=5).overlap)


def test_exposure_in_the_summaries(compared, bank):
    flash, best, _ = compared.summaries
    runs = [r for r in compared.runs if r.algorithm == best.algorithm]
    used = {c for r in runs for c in r.challenge_ids}
    assert best.unused_share == pytest.approx(1 - len(used) / len(bank.challenges))
    assert 0 < flash.overlap < best.overlap <= 1  # the randomesque draw shares less


def test_the_steps_csv(compared, tmp_path):
    paths = write_csv(compared, tmp_path / "r.csv")
    steps = tmp_path / "r-steps.csv"
    assert steps in paths
    with steps.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == sum(r.questions + 1 for r in compared.runs)
    first = next(r for r in compared.runs if r.algorithm == "flash:max_error=0.5")
    mine = [
        row
        for row in rows
        if row["algorithm"] == first.algorithm and row["pupil"] == str(first.pupil)
    ]
    assert [row["challenge"] for row in mine] == ["", *first.challenge_ids]
    assert [row["right"] for row in mine[1:]] == [str(int(r)) for r in first.rights]
    assert float(mine[-1]["standard_error"]) == pytest.approx(first.standard_error, abs=1e-4)
    assert mine[0]["standard_error"] == "5.0000"

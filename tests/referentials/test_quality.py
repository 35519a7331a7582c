from __future__ import annotations

from pathlib import Path

import attrs

from pixorga_core.domain.referential import ChallengeType, Tolerance
from pixorga_core.referentials import load_referential
from pixorga_core.referentials.quality import quality_problems
from pixorga_core.simulation.synthetic import synthetic_referential

MINI = Path(__file__).resolve().parent / "mini"


def test_reports_each_broken_rule():
    # The mini referential follows the rules but one: a tube that starts at level 2.
    assert quality_problems(load_referential(MINI)) == [
        "tube 1.1-veille: levels [2, 3, 4], expected from 1 up to at least 4"
    ]


def test_a_synthetic_referential_has_no_tutorial():
    referential = synthetic_referential(skills=12, competences=1, skills_per_tube=6)
    problems = quality_problems(referential)
    assert "tube c1-t1: no tutorial" in problems
    assert not [p for p in problems if p.startswith(("competence", "skill"))]
    single = synthetic_referential(skills=6, competences=1, skills_per_tube=6)
    assert "competence c1: 1 tube(s), at least 2 expected" in quality_problems(single)


def test_a_numeric_answer_with_the_typo_tolerance_is_reported():
    referential = load_referential(MINI)
    challenge = next(c for c in referential.challenges if c.type is ChallengeType.QROC)
    numeric = attrs.evolve(challenge, solution=("4000",), tolerances=frozenset(Tolerance))
    strict = attrs.evolve(numeric, id="strict", tolerances=frozenset({Tolerance.T1, Tolerance.T2}))
    others = tuple(c for c in referential.challenges if c.id != challenge.id)
    problems = quality_problems(attrs.evolve(referential, challenges=(*others, numeric, strict)))
    expected = f"challenge {challenge.id}: numeric answer checked with the typo tolerance t3"
    assert expected in problems
    assert not [p for p in problems if p.startswith("challenge strict")]

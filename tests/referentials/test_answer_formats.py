"""The answer formats of issue #17 in the files: QROCM-dep, number, examples."""

from __future__ import annotations

import pytest

from pixorga_core.domain.referential import AnswerExamples, ChallengeType, NumberFormat
from pixorga_core.engine.answers import is_right
from pixorga_core.errors import ReferentialError
from pixorga_core.referentials import load_referential

C11 = "competences/1.1.json"


def _challenge(docs, challenge_id):
    return next(c for c in docs["1.1.json"]["challenges"] if c["id"] == challenge_id)


def _dependent(main, docs):
    qrocm = _challenge(docs, "ch-veille-4-b")
    qrocm["type"] = "QROCM-dep"
    qrocm["min_correct"] = 1
    qrocm["examples"] = {
        "accepted": [{field["key"]: field["solution"][0] for field in qrocm["fields"]}],
        "refused": [{}],
    }
    qroc = _challenge(docs, "ch-moteur-2-b")
    qroc["solution"] = ["4000"]
    qroc["tolerances"] = ["t1", "t2"]
    qroc["number"] = {"units": ["px", "pixels"]}
    qroc["examples"] = {"accepted": ["4 000 px"], "refused": ["4001"]}


def test_a_dependent_multi_field_challenge_and_a_number_format_load(mini_copy):
    referential = load_referential(mini_copy(_dependent))
    dependent = referential.challenges_by_id["ch-veille-4-b"]
    assert dependent.type is ChallengeType.QROCM_DEP
    assert dependent.min_correct == 1
    first = dependent.fields[0]
    assert dependent.examples == AnswerExamples(
        accepted=((tuple((f.key, f.solution[0]) for f in dependent.fields)),), refused=((),)
    )
    last = dependent.fields[-1]
    assert is_right(dependent, {first.key: last.solution[0]})  # any field, one is enough
    qroc = referential.challenges_by_id["ch-moteur-2-b"]
    assert qroc.number == NumberFormat(units=("px", "pixels"))
    assert is_right(qroc, "4 000 pixels")
    assert not is_right(qroc, "4001")


def test_number_true_has_no_unit(mini_copy):
    def mutate(main, docs):
        _challenge(docs, "ch-moteur-2-b")["number"] = True

    referential = load_referential(mini_copy(mutate))
    assert referential.challenges_by_id["ch-moteur-2-b"].number == NumberFormat()


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (
            lambda d: _challenge(d, "ch-veille-4-b").update(type="QROCM-dep", min_correct=9),
            "$.challenges[16].min_correct",
            "min_correct 9 is more than the",
        ),
        (
            lambda d: _challenge(d, "ch-moteur-1-a").update(number=True),
            "$.challenges[0]",
            "",
        ),
        (
            lambda d: _challenge(d, "ch-moteur-1-a").update(examples={"accepted": ["1"]}),
            "$.challenges[0]",
            "",
        ),
        (
            lambda d: _challenge(d, "ch-moteur-2-b").update(min_correct=1),
            "$.challenges[6]",
            "",
        ),
        (
            lambda d: _challenge(d, "ch-moteur-2-b").update(examples={"accepted": [{"a": "b"}]}),
            "$.challenges[6].examples.accepted[0]",
            "a QROC example is a text",
        ),
        (
            lambda d: _challenge(d, "ch-veille-4-b").update(examples={"refused": [{"zz": "b"}]}),
            "$.challenges[16].examples.refused[0]",
            "unknown field key 'zz'",
        ),
        (
            lambda d: _challenge(d, "ch-moteur-2-b").update(number={"unit": ["px"]}),
            "$.challenges[6]",
            "",
        ),
    ],
)
def test_misplaced_answer_keys_are_refused(mini_copy, mutate, path, words):
    with pytest.raises(ReferentialError) as info:
        load_referential(mini_copy(lambda main, docs: mutate(docs)))
    problems = [p for p in info.value.problems if p.file == C11]
    assert problems, info.value
    assert any(p.path.startswith(path) and words in p.message for p in problems), problems

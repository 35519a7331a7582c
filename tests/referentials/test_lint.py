"""The referential linter: guessable keys, example answers, Markdown, duplicates (#17)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from pixorga_core.domain.referential import (
    AnswerExamples,
    Challenge,
    ChallengeType,
    Competence,
    Document,
    Field,
    Referential,
    Skill,
)
from pixorga_core.engine.answers import is_right
from pixorga_core.referentials import load_referential
from pixorga_core.referentials.guessability import (
    duplicate_problems,
    guessability_problems,
    key_is_strictly_longest,
    position_test,
)
from pixorga_core.referentials.lint import example_problems, lint, markdown_problems

MINI = Path(__file__).resolve().parent / "mini"
SKILLS = (
    Skill(id="a1", name="a1", tube_id="ta", competence_id="1.1", difficulty=1),
    Skill(id="b1", name="b1", tube_id="tb", competence_id="2.1", difficulty=1),
)
COMPETENCES = (
    Competence(id="1.1", area_id="1", code="1.1", name="Un"),
    Competence(id="2.1", area_id="2", code="2.1", name="Deux"),
)


def _referential(*challenges: Challenge) -> Referential:
    return Referential(
        id="t", name="t", skills=SKILLS, competences=COMPETENCES, challenges=challenges
    )


def _qcu(ident: str, solution: int, proposals=("aa", "bb", "cc", "dd"), skill="a1"):
    return Challenge(
        id=ident,
        skill_id=skill,
        type=ChallengeType.QCU,
        instruction=f"Question {ident} ?",
        proposals=tuple(proposals),
        solution=solution,
    )


def test_keys_always_in_the_first_two_positions_are_reported():
    challenges = [_qcu(f"q{i}", 1 + i % 2) for i in range(21)]
    problems = guessability_problems(_referential(*challenges))
    assert any(
        p.startswith("competence 1.1: single-choice key positions are not spread evenly")
        and "keys per position 1: 11, 2: 10, 3: 0, 4: 0" in p
        for p in problems
    )
    assert any(p.startswith("referential t: single-choice key positions") for p in problems)


def test_keys_spread_over_the_positions_pass():
    challenges = [_qcu(f"q{i}", 1 + i % 4) for i in range(20)]
    assert guessability_problems(_referential(*challenges)) == []


def test_a_few_questions_are_not_enough_to_reject_uniformity():
    challenges = [_qcu(f"q{i}", 1) for i in range(3)]
    assert guessability_problems(_referential(*challenges)) == []


def test_position_test_weights_questions_by_their_number_of_proposals():
    observed, p_value = position_test([(2, [1]), (2, [2]), (4, [3]), (4, [4])])
    assert observed == [1, 1, 1, 1]
    assert p_value > 0.5


def test_multiple_choice_key_sets_always_including_option_1_are_reported():
    challenges = [
        Challenge(
            id=f"m{i}",
            skill_id="a1",
            type=ChallengeType.QCM,
            instruction=f"Cochez {i}",
            proposals=("a", "b", "c", "d", "e"),
            solution=(1, 2),
        )
        for i in range(12)
    ]
    problems = guessability_problems(_referential(*challenges))
    assert any("multiple-choice key sets are not spread evenly" in p for p in problems)


def test_a_key_longest_in_more_than_a_third_is_reported():
    long_key = ("la réponse longue et détaillée", "non", "peut-être", "jamais")
    challenges = [
        _qcu("q1", 1, long_key),
        _qcu("q2", 2, ("aa", "bb", "cc", "dd")),
        _qcu("q3", 3, ("a", "b", "c", "d")),
        _qcu("q4", 4, ("abc", "abc", "abc", "abcd")),
    ]
    assert key_is_strictly_longest(challenges[0])
    assert not key_is_strictly_longest(challenges[1])  # equal lengths: not strictly
    problems = guessability_problems(_referential(*challenges))
    assert (
        "competence 1.1: the key is strictly the longest proposal in 2 of 4 single-choice "
        "questions (more than a third): q1, q4"
    ) in problems
    assert guessability_problems(_referential(*challenges[:3])) == []


def test_the_same_question_in_two_competences_is_reported():
    first = _qcu("q1", 1, ("Le droit à l'effacement", "b", "c", "d"))
    second = attrs.evolve(first, id="q2", skill_id="b1")
    third = attrs.evolve(first, id="q3")  # same competence: not a duplicate across competences
    assert duplicate_problems(_referential(first, third, second)) == [
        "challenges q1 and q2: same instruction in two competences",
        "challenges q1 and q2: same key set in two competences",
    ]


QROC = Challenge(
    id="o1",
    skill_id="a1",
    type=ChallengeType.QROC,
    instruction="Qui ?",
    solution=("Inès Morel",),
    examples=AnswerExamples(accepted=("ines morel", "Mme Morel"), refused=("Ines Morell", "x")),
)


def test_example_answers_run_through_the_checker():
    assert example_problems(_referential(QROC), is_right) == [
        "challenge o1: the checker refuses the example « Mme Morel »",
        "challenge o1: the checker accepts the example « Ines Morell »",
    ]
    fixed = attrs.evolve(
        QROC,
        solution=("Inès Morel", "Mme Morel"),
        examples=AnswerExamples(accepted=("Mme Morel",), refused=("x",)),
    )
    assert example_problems(_referential(fixed), is_right) == []


def test_an_open_question_without_examples_is_reported():
    bare = attrs.evolve(QROC, examples=None)
    half = attrs.evolve(QROC, id="o2", examples=AnswerExamples(accepted=("Inès Morel",)))
    problems = example_problems(_referential(bare, half), is_right)
    assert [p.split(":")[0] for p in problems] == ["challenge o1", "challenge o2"]
    assert all("list example answers, accepted and refused" in p for p in problems)


def test_field_examples_are_mappings():
    challenge = Challenge(
        id="f1",
        skill_id="a1",
        type=ChallengeType.QROCM_DEP,
        instruction="Deux villes",
        fields=(
            Field(key="a", label="A", solution=("Paris",)),
            Field(key="b", label="B", solution=("Lyon",)),
        ),
        examples=AnswerExamples(
            accepted=((("a", "Lyon"), ("b", "Paris")),), refused=((("a", "Lyon"), ("b", "Lyon")),)
        ),
    )
    assert example_problems(_referential(challenge), is_right) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Cliquez [ici](http://x.example)", "the link [ici](http://x.example) hides its address"),
        ("![logo](logo.png)", "Markdown image"),
        ("```\ncode\n", "a fenced code block is not closed"),
    ],
)
def test_markdown_outside_the_subset_is_reported(text, problem):
    challenge = attrs.evolve(_qcu("q1", 1), document=Document(title="Page", content=text))
    problems = markdown_problems(_referential(challenge))
    assert len(problems) == 1
    assert problems[0].startswith("challenge q1: ")
    assert problem in problems[0]


@pytest.mark.parametrize(
    "text",
    [
        "[http://x.example](http://x.example)",
        "Adresse : http://x.example",
        "```\nprint(1)\n```",
        "~~~\nx\n~~~",
    ],
)
def test_markdown_of_the_subset_passes(text):
    challenge = attrs.evolve(_qcu("q1", 1), instruction=text)
    assert markdown_problems(_referential(challenge)) == []


def test_lint_includes_the_quality_rules():
    problems = lint(load_referential(MINI), is_right)
    assert "tube 1.1-veille: levels [2, 3, 4], expected from 1 up to at least 4" in problems


def test_check_strict_fails_on_a_warning_and_passes_on_the_demo(settings, hooks):
    from click.testing import CliRunner

    from pixorga_core.cli import build_cli
    from pixorga_core.defaults.referentials import demo_directory

    cli = build_cli(settings, hooks)
    mini = CliRunner().invoke(cli, ["referentials", "check", "--strict", str(MINI)])
    assert mini.exit_code == 1
    assert "warning: tube 1.1-veille: levels [2, 3, 4]" in mini.output
    assert "warning(s)" in mini.output
    demo = CliRunner().invoke(cli, ["referentials", "check", "--strict", str(demo_directory())])
    assert demo.exit_code == 0, demo.output
    assert "warning" not in demo.output

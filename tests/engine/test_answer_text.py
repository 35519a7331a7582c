"""The typed-answer checker: typography, independent tolerances, numbers, QROCM-dep (#17)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pixorga_core.domain.assessments import AnswerStatus
from pixorga_core.domain.referential import (
    Challenge,
    ChallengeType,
    Field,
    NumberFormat,
    Tolerance,
)
from pixorga_core.engine.answer_text import normalize, parse_number, typography
from pixorga_core.engine.answers import check_answer, matches

T1, T2, T3 = Tolerance.T1, Tolerance.T2, Tolerance.T3
NONE: frozenset[Tolerance] = frozenset()
ALL = frozenset({T1, T2, T3})
OK, KO = AnswerStatus.OK, AnswerStatus.KO


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("e\u0301te\u0301", "été"),  # NFC: e + combining acute
        ("a\u00a0b", "a b"),  # non-breaking space
        ("a\u202fb", "a b"),  # narrow non-breaking space
        ("a\u2009b", "a b"),  # thin space
        ("a\u200bb", "ab"),  # zero-width space
        ("“énergie”", '"énergie"'),
        ("« énergie renouvelable »", '"énergie renouvelable"'),
        ("«\u202fénergie\u202f»", '"énergie"'),
        ("„Wort“", '"Wort"'),
        ("l’école", "l'école"),
        ("l‘école", "l'école"),
        ("–publicité", "-publicité"),
        ("—publicité", "-publicité"),
        ("−3", "-3"),  # minus sign
        ("  x  ", "x"),
    ],
)
def test_typography_is_normalised_before_every_comparison(text, expected):
    assert typography(text) == expected


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("e\u0301te\u0301", "été"),
        ("l’école", "l'école"),
        ("« énergie renouvelable »", '"énergie renouvelable"'),
        ("“énergie renouvelable”", '"énergie renouvelable"'),
        ("–publicité", "-publicité"),
        ("25\u00a0000", "25 000"),
    ],
)
def test_even_an_exact_comparison_normalises_typography(text, accepted):
    assert matches(text, [accepted], NONE)


@pytest.mark.parametrize(
    ("tolerances", "text", "accepted", "right"),
    [
        # t1: case, accents, every space
        ({T1}, "a b c d e", "abcde", True),
        ({T1}, "a\u00a0b\u202fc", "abc", True),
        ({T1}, "site: ademe.example", "site:ademe.example", True),
        ({T1}, "ÉCOLE", "école", True),
        ({T1}, "ecole.", "école", False),  # punctuation still counts
        ({T1}, "Mme Morel", "mme morel", True),
        # t2 alone: punctuation and symbols removed, case and spaces kept
        ({T2}, "Île-de-France", "ÎledeFrance", True),
        ({T2}, "Île-de-France", "îledefrance", False),  # t2 does not fold case
        ({T2}, "a_b$c^d=e~f", "abcdef", True),
        ({T2}, "R.G.P.D.", "RGPD", True),
        ({T2}, "filetype:pdf.", "filetypepdf", True),
        ({T2}, "a b", "ab", False),  # t2 does not remove spaces
        ({T2}, "a - b", "a b", True),  # ... but collapses those the removal doubles
        # t1 + t2
        ({T1, T2}, "R.G.P.D.", "rgpd", True),
        ({T1, T2}, "filetype: pdf", "filetype:pdf", True),
        ({T1, T2}, "4 h 15", "4h15", True),
        ({T1, T2}, "4h 15", "4 h 15", True),
        ({T1, T2}, "Ines Morel", "Inès Morel", True),
        ({T1, T2}, "autorisation-sortie", "autorisation sortie", True),
        ({T1, T2}, "« énergie renouvelable »", "énergie renouvelable", True),
        ({T1, T2}, "energie", "énergie renouvelable", False),
        # t3
        ({T3}, "Inès Morle", "Inès Morel", True),
        ({T1, T2, T3}, "ines morle", "Inès Morel", True),
        ({T1, T2, T3}, "Lucas", "Inès Morel", False),
        # none
        (set(), "Paris", "Paris", True),
        (set(), "paris", "Paris", False),
        (set(), "Paris ", "Paris", True),  # stripped
    ],
)
def test_tolerances_are_independent(tolerances, text, accepted, right):
    assert matches(text, [accepted], frozenset(tolerances)) is right


def test_normalize_applies_t1_then_t2():
    assert normalize(" Île-de-France ! ", frozenset({T1})) == "ile-de-france!"
    assert normalize(" Île-de-France ! ", frozenset({T2})) == "ÎledeFrance"
    assert normalize(" Île-de-France ! ", frozenset({T1, T2})) == "iledefrance"
    assert normalize(" Île-de-France ! ", NONE) == "Île-de-France !"


@pytest.mark.parametrize(
    ("text", "units", "value"),
    [
        ("25000", (), Decimal(25000)),
        ("25 000", (), Decimal(25000)),
        ("25\u202f000", (), Decimal(25000)),
        ("25\u00a0000", (), Decimal(25000)),
        ("123,0", (), Decimal(123)),
        ("123.0", (), Decimal(123)),
        ("3,5", (), Decimal("3.5")),
        ("-4", (), Decimal(-4)),
        ("−4", (), Decimal(-4)),
        ("trois", (), Decimal(3)),
        ("Dix-sept", (), Decimal(17)),
        ("4000 px", ("px", "pixels"), Decimal(4000)),
        ("4000px", ("px", "pixels"), Decimal(4000)),
        ("4000 PIXELS", ("px", "pixels"), Decimal(4000)),
        ("255 min.", ("min", "minutes"), Decimal(255)),
        ("4000 px", (), None),  # a unit the challenge does not name
        ("4000 cm", ("px",), None),
        ("4 h 15", ("min",), None),
        ("deux mille", (), None),
        ("", (), None),
        ("1 2", (), None),  # not groups of three
    ],
)
def test_parse_number(text, units, value):
    assert parse_number(text, NumberFormat(units=units)) == value


def _qroc(solution, number=None, tolerances=ALL):
    return Challenge(
        id="n",
        skill_id="s",
        type=ChallengeType.QROC,
        solution=tuple(solution),
        number=number,
        tolerances=frozenset(tolerances),
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("4000", OK),
        ("4 000", OK),
        ("4000 px", OK),
        ("4 000 pixels", OK),
        ("4000,0", OK),
        ("4001", KO),  # a number is never a typo
        ("400", KO),
        ("4000 cm", KO),
        ("quatre mille", KO),
    ],
)
def test_a_numeric_challenge_compares_numbers_with_its_units(text, status):
    challenge = _qroc(["4000"], NumberFormat(units=("px", "pixel", "pixels")))
    assert check_answer(challenge, text).status is status


def test_a_numeric_challenge_still_accepts_its_text_variants():
    challenge = _qroc(["255", "4 h 15"], NumberFormat(units=("min", "minutes")))
    for text in ("255", "255 minutes", "4h15", "4 h 15", "4h 15"):
        assert check_answer(challenge, text).status is OK, text
    assert check_answer(challenge, "4 h 30").status is KO


def test_without_the_number_format_numbers_are_text():
    assert check_answer(_qroc(["25000"], tolerances=NONE), "25 000").status is KO
    assert check_answer(_qroc(["25000"], NumberFormat(), NONE), "25 000").status is OK
    assert check_answer(_qroc(["3"], NumberFormat()), "trois").status is OK


DEP = Challenge(
    id="dep",
    skill_id="s",
    type=ChallengeType.QROCM_DEP,
    fields=(
        Field(key="a", label="Un", solution=("Paris",)),
        Field(key="b", label="Deux", solution=("Lyon",)),
        Field(key="c", label="Trois", solution=("Marseille", "Marseilles")),
    ),
)


@pytest.mark.parametrize(
    ("response", "min_correct", "status"),
    [
        ({"a": "Paris", "b": "Lyon", "c": "Marseille"}, None, OK),
        ({"a": "Marseille", "b": "paris", "c": "Lyon"}, None, OK),  # any order
        ({"a": "Lyon", "b": "Lyon", "c": "Paris"}, None, KO),  # each group counted once
        ({"a": "Lyon", "b": "Lyon", "c": "Paris"}, 2, OK),
        ({"a": "Lyon", "b": "", "c": ""}, 2, KO),
        ({"a": "Lyon", "b": "Nice", "c": "Marseilles"}, 2, OK),
        ({"a": "Nice", "b": "Lille", "c": "Lyon"}, 2, KO),
        ({"a": "Lyon"}, 1, OK),
        ({}, 1, KO),
    ],
)
def test_qrocm_dep_counts_each_right_answer_once_in_any_order(response, min_correct, status):
    import attrs

    challenge = attrs.evolve(DEP, min_correct=min_correct)
    assert check_answer(challenge, response).status is status


def test_qrocm_dep_matches_answers_to_groups_at_best():
    # "Paris" fits two groups: a greedy first choice would leave "Lutèce" unmatched.
    challenge = Challenge(
        id="dep2",
        skill_id="s",
        type=ChallengeType.QROCM_DEP,
        fields=(
            Field(key="a", label="Un", solution=("Paris", "Lutèce")),
            Field(key="b", label="Deux", solution=("Paris",)),
        ),
    )
    assert check_answer(challenge, {"a": "Lutece", "b": "Paris"}).status is OK
    assert check_answer(challenge, {"a": "Paris", "b": "Lutece"}).status is OK
    assert check_answer(challenge, {"a": "Paris", "b": "Paris"}).status is OK

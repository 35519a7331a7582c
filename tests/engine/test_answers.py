from __future__ import annotations

import pytest

from pixorga_core.domain.assessments import AnswerStatus
from pixorga_core.domain.referential import Challenge, ChallengeType, Field, Tolerance
from pixorga_core.engine.answers import MAX_ANSWER_LENGTH, check_answer, matches, normalize
from pixorga_core.errors import InvalidInputError

OK, KO, SKIPPED = AnswerStatus.OK, AnswerStatus.KO, AnswerStatus.SKIPPED
T1, T2, T3 = Tolerance.T1, Tolerance.T2, Tolerance.T3

QCU = Challenge(
    id="qcu", skill_id="s", type=ChallengeType.QCU, proposals=("a", "b", "c"), solution=2
)
QCM = Challenge(
    id="qcm", skill_id="s", type=ChallengeType.QCM, proposals=("a", "b", "c", "d"), solution=(1, 3)
)
QROC = Challenge(
    id="qroc", skill_id="s", type=ChallengeType.QROC, solution=("Île-de-France", "IDF")
)
QROCM = Challenge(
    id="qrocm",
    skill_id="s",
    type=ChallengeType.QROCM,
    fields=(
        Field(key="ville", label="Ville", solution=("Paris",)),
        Field(key="fleuve", label="Fleuve", solution=("la Seine", "Seine")),
    ),
)


@pytest.mark.parametrize(
    ("response", "status", "value"),
    [(2, OK, "2"), ("2", OK, "2"), (" 2 ", OK, "2"), (1, KO, "1"), ([3], KO, "3")],
)
def test_qcu(response, status, value):
    checked = check_answer(QCU, response)
    assert (checked.status, checked.value) == (status, value)


@pytest.mark.parametrize(
    ("response", "status", "value"),
    [
        ([1, 3], OK, "1,3"),
        ([3, 1], OK, "1,3"),
        ("3, 1", OK, "1,3"),
        ([1, 3, 3], OK, "1,3"),
        ([1], KO, "1"),
        ([1, 2, 3], KO, "1,2,3"),
        ([], KO, ""),
    ],
)
def test_qcm_is_right_only_with_exactly_the_right_proposals(response, status, value):
    checked = check_answer(QCM, response)
    assert (checked.status, checked.value) == (status, value)


@pytest.mark.parametrize("challenge", [QCU, QCM, QROC, QROCM])
def test_skipped_answer(challenge):
    checked = check_answer(challenge, None)
    assert (checked.status, checked.value) == (SKIPPED, None)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Île-de-France", OK),
        ("ile de france", OK),  # t1 accents and case, t2 punctuation
        ("  ÎLE-DE-FRANCE  ", OK),
        ("Ile-de-Frnace", OK),  # t3: two edits in 13 letters
        ("idf", OK),
        ("Normandie", KO),
        ("", KO),
        ("IDF.", OK),
        ("IFD", KO),  # two edits in three letters is too much
    ],
)
def test_qroc_with_every_tolerance(text, status):
    assert check_answer(QROC, text).status is status
    assert check_answer(QROC, text).value == text


@pytest.mark.parametrize(
    ("tolerances", "text", "right"),
    [
        (set(), "Île-de-France", True),
        (set(), "île-de-france", False),
        ({T1}, "île-de-france", True),
        ({T1}, "ile  de  france", False),  # punctuation still counts
        ({T1}, "ILE-DE-FRANCE", True),
        ({T1, T2}, "ile de france", True),
        ({T1, T2}, "ile de frnace", False),  # no typo allowed without t3
        ({T1, T3}, "ile-de-frnace", True),
        ({T3}, "Île-de-Frnace", True),
        ({T3}, "île-de-france", True),  # two edits: within the typo allowance
        ({T3}, "ILE-DE-FRANCE", False),  # t3 alone does not ignore case
    ],
)
def test_each_tolerance_on_its_own(tolerances, text, right):
    assert matches(text, ["Île-de-France"], frozenset(tolerances)) is right


def test_t1_folds_ligatures_and_removes_every_space():
    # Issue #17: t1 removes every space and t2 removes punctuation (it used to make spaces).
    assert normalize("  Œuvre   d'ART\t", frozenset({T1})) == "oeuvred'art"
    assert normalize("Œuvre d'art !", frozenset({T1, T2})) == "oeuvredart"


def test_an_answer_made_of_punctuation_still_needs_the_punctuation():
    assert matches("-", ["-"], frozenset({T1, T2}))
    assert not matches("+", ["-"], frozenset({T1, T2}))
    assert not matches("", ["-"], frozenset({T1, T2}))


def test_qrocm_is_right_only_when_every_field_is():
    right = check_answer(QROCM, {"ville": "paris", "fleuve": "Seine"})
    assert right.status is OK
    assert right.value == "ville=paris\nfleuve=Seine"
    assert check_answer(QROCM, {"ville": "Paris", "fleuve": "Loire"}).status is KO
    assert check_answer(QROCM, {"ville": "Paris"}).status is KO


@pytest.mark.parametrize("challenge", [QROC, QCU, QCM])
def test_an_answer_of_100_000_characters_is_refused(challenge):
    with pytest.raises(InvalidInputError) as info:
        check_answer(challenge, "a" * 100_000)
    assert info.value.code == "ANSWER_TOO_LONG"
    assert f"« {challenge.id} »" in info.value.message
    assert f"100000 caractères, {MAX_ANSWER_LENGTH} au plus" in info.value.message


def test_a_qrocm_field_of_100_000_characters_is_refused():
    with pytest.raises(InvalidInputError) as info:
        check_answer(QROCM, {"ville": "Paris", "fleuve": "x" * 100_000})
    assert info.value.code == "ANSWER_TOO_LONG"


def test_an_answer_of_the_maximum_length_is_checked():
    assert check_answer(QROC, "a" * MAX_ANSWER_LENGTH).status is KO


@pytest.mark.parametrize(
    ("challenge", "response", "words"),
    [
        (QCU, 4, "la proposition 4 n'existe pas (il y en a 3)"),
        (QCU, 0, "la proposition 0 n'existe pas"),
        (QCU, [1, 2], "une seule proposition"),
        (QCU, "b", "« b » n'est pas un numéro de proposition"),
        (QCU, True, "le numéro d'une proposition est attendu"),
        (QCM, [1, 9], "la proposition 9 n'existe pas (il y en a 4)"),
        (QCM, "1,x", "« x » n'est pas un numéro"),
        (QCM, list(range(2000)), "trop de propositions"),
        (QROC, 3, "une réponse écrite"),
        (QROCM, "Paris", "une réponse par champ"),
        (QROCM, {"pays": "France"}, "le champ « pays » n'existe pas"),
        (QROCM, {"ville": 3}, "chaque champ attend du texte"),
    ],
)
def test_a_response_that_does_not_fit_the_challenge_is_refused(challenge, response, words):
    with pytest.raises(InvalidInputError) as info:
        check_answer(challenge, response)
    assert info.value.code == "INVALID_ANSWER"
    assert words in info.value.message
    assert f"l'épreuve « {challenge.id} »" in info.value.message

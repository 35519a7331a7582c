from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest

from pixorga_core.defaults.matching import pixorga_match_learner
from pixorga_core.domain.learners import OrganizationLearner
from pixorga_core.domain.matching import DeclaredIdentity, MatchOutcome, MatchResult

BIRTHDATE = date(2011, 3, 14)
NOW = datetime(2026, 9, 1, tzinfo=UTC)
_ids = itertools.count(1)


def learner(
    first_name: str,
    last_name: str,
    *,
    middle_name: str | None = None,
    third_name: str | None = None,
    preferred_last_name: str | None = None,
) -> OrganizationLearner:
    n = next(_ids)
    return OrganizationLearner(
        id=n,
        organization_id=1,
        national_student_id=f"{n:09d}AA",
        first_name=first_name,
        middle_name=middle_name,
        third_name=third_name,
        last_name=last_name,
        preferred_last_name=preferred_last_name,
        birthdate=BIRTHDATE,
        created_at=NOW,
        updated_at=NOW,
    )


def match(first: str, last: str, candidates: list[OrganizationLearner]) -> MatchResult:
    declared = DeclaredIdentity(first_name=first, last_name=last, birthdate=BIRTHDATE)
    return pixorga_match_learner(declared=declared, candidates=candidates)


def assert_matched(result: MatchResult, expected: OrganizationLearner) -> None:
    assert result.outcome is MatchOutcome.MATCHED, result.reason
    assert result.learner is expected


@pytest.fixture
def classmates() -> list[OrganizationLearner]:
    return [
        learner("Tom", "Martin"),
        learner("Jean-Éric", "de La Fontaine"),
        learner("Matthieu", "Dupont"),
        learner("Marie", "Lefèvre", middle_name="Camille", third_name="Odile"),
        learner("Inès", "Martin", preferred_last_name="Dubois"),
        learner("Jean-Bapti", "Roux"),
        learner("Bengamen", "Petit"),
    ]


def by_first(classmates, first_name):
    return next(c for c in classmates if c.first_name == first_name)


def test_exact_match(classmates):
    result = match("Tom", "Martin", classmates)
    assert_matched(result, by_first(classmates, "Tom"))
    assert "0.0" in result.reason


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("jean eric", "DE LA FONTAINE"),
        ("Jean-Eric", "Delafontaine"),
        ("JEAN ÉRIC", "de la fontaine"),
        ("  jean.eric ", "De-La-Fontaine"),
        ("Jéan'Éric", "dè là fontàine"),
    ],
)
def test_accents_hyphens_spaces_and_case_are_ignored(classmates, first, last):
    result = match(first, last, classmates)
    assert_matched(result, by_first(classmates, "Jean-Éric"))
    assert "0.0" in result.reason  # exact after normalisation, first pass


def test_typo_within_a_quarter_of_the_typed_length(classmates):
    # "mathieu" -> "matthieu": 1 edit over 7 letters; "dupond" -> "dupont": 1 over 6.
    result = match("Mathieu", "Dupond", classmates)
    assert_matched(result, by_first(classmates, "Matthieu"))
    assert "0.25" in result.reason


def test_ratio_of_exactly_a_quarter_is_accepted(classmates):
    # "benjamin" -> "bengamen": 2 edits over 8 letters = 0.25.
    assert_matched(match("Benjamin", "Petit", classmates), by_first(classmates, "Bengamen"))


def test_ratio_above_a_quarter_is_refused():
    # "benjamin" -> "bongamen": 3 edits over 8 letters.
    result = match("Benjamin", "Petit", [learner("Bongamen", "Petit")])
    assert result.outcome is MatchOutcome.NOT_FOUND
    assert result.learner is None


def test_ratio_is_relative_to_the_typed_name():
    candidate = learner("Jean-Bapti", "Roux")
    # Typed "jeanbaptiste" (12 letters) vs "jeanbapti": 3 edits / 12 = 0.25 -> accepted...
    assert_matched(match("Jean-Baptiste", "Roux", [candidate]), candidate)
    # ...but typed "jeanbapti" (9 letters) vs "jeanbaptiste": 3 / 9 > 0.25 -> refused.
    reverse = learner("Jean-Baptiste", "Roux")
    assert match("Jean-Bapti", "Roux", [reverse]).outcome is MatchOutcome.NOT_FOUND


def test_last_name_typo_is_tolerated(classmates):
    assert_matched(match("Tom", "Martim", classmates), by_first(classmates, "Tom"))


@pytest.mark.parametrize(("typed", "slot"), [("Camille", 2), ("Odile", 3)])
def test_second_and_third_given_names(classmates, typed, slot):
    result = match(typed, "Lefevre", classmates)
    assert_matched(result, by_first(classmates, "Marie"))
    assert f"slot {slot}" in result.reason


def test_usage_name(classmates):
    assert_matched(match("Ines", "Dubois", classmates), by_first(classmates, "Inès"))
    # The birth name still works.
    assert_matched(match("Inès", "Martin", classmates), by_first(classmates, "Inès"))


def test_given_name_slot_is_not_mixed_with_another_pupils_last_name(classmates):
    # "Camille" is Marie Lefèvre's second name: with another pupil's last name, no match.
    assert match("Camille", "Martin", classmates).outcome is MatchOutcome.NOT_FOUND


def test_twins_with_similar_names_are_ambiguous():
    twins = [learner("Maxence", "Bernard"), learner("Maxance", "Bernard")]
    # "maxince" is one edit away from both.
    result = match("Maxince", "Bernard", twins)
    assert result.outcome is MatchOutcome.AMBIGUOUS
    assert result.learner is None
    assert result.reason


def test_homonyms_are_ambiguous():
    homonyms = [learner("Léa", "Moreau"), learner("Lea", "Moreau")]
    assert match("Léa", "Moreau", homonyms).outcome is MatchOutcome.AMBIGUOUS


def test_exact_match_beats_a_close_twin():
    twin_a, twin_b = learner("Maxence", "Bernard"), learner("Maxance", "Bernard")
    assert_matched(match("Maxence", "Bernard", [twin_a, twin_b]), twin_a)
    assert_matched(match("Maxance", "Bernard", [twin_a, twin_b]), twin_b)


def test_first_name_slot_wins_over_a_second_name():
    first = learner("Camille", "Leroy")
    other = learner("Marie", "Leroy", middle_name="Camille")
    result = match("Camille", "Leroy", [other, first])
    assert_matched(result, first)
    assert "slot 1" in result.reason


def test_no_candidates_is_not_found():
    result = match("Léa", "Moreau", [])
    assert result.outcome is MatchOutcome.NOT_FOUND
    assert "date de naissance" in result.reason


def test_too_far_is_not_found(classmates):
    result = match("Zoé", "Girard", classmates)
    assert result.outcome is MatchOutcome.NOT_FOUND
    assert result.learner is None


@pytest.mark.parametrize(("first", "last"), [("", "Martin"), ("Tom", "  "), ("---", "Martin")])
def test_empty_names_after_normalisation_are_not_found(classmates, first, last):
    assert match(first, last, classmates).outcome is MatchOutcome.NOT_FOUND


def test_through_the_facade(hooks, classmates):
    declared = DeclaredIdentity(first_name="Camille", last_name="LEFEVRE", birthdate=BIRTHDATE)
    result = hooks.match_learner(declared, classmates)
    assert_matched(result, by_first(classmates, "Marie"))


def test_match_result_invariants(classmates):
    with pytest.raises(ValueError):
        MatchResult(outcome=MatchOutcome.MATCHED)
    with pytest.raises(ValueError):
        MatchResult(outcome=MatchOutcome.NOT_FOUND, learner=classmates[0])

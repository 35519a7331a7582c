from __future__ import annotations

import pytest

from pixorga_core.domain.assessments import (
    AnswerStatus,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)
from pixorga_core.engine import service
from pixorga_core.engine.knowledge import (
    competence_level,
    competence_results,
    earned_pix,
    mastery_rate,
)

VALIDATED, INVALIDATED = KnowledgeElementStatus.VALIDATED, KnowledgeElementStatus.INVALIDATED
DIRECT, INFERRED = KnowledgeElementSource.DIRECT, KnowledgeElementSource.INFERRED


def elements(state):
    return {ke.skill_id: (ke.status, ke.source) for ke in state.knowledge_elements}


@pytest.fixture
def start(mini):
    return service.start_assessment(mini, "competence-1-1")


def test_a_right_answer_validates_the_easier_skills_of_the_tube(start):
    state = service.apply_answer(start, "ch-moteur-4-a", 1 + 4 % 3)
    assert state.answers[-1].status is AnswerStatus.OK
    assert elements(state) == {
        "1.1-moteur-4": (VALIDATED, DIRECT),
        "1.1-moteur-1": (VALIDATED, INFERRED),
        "1.1-moteur-2": (VALIDATED, INFERRED),
        "1.1-moteur-3": (VALIDATED, INFERRED),
    }


def test_a_wrong_answer_invalidates_the_harder_skills_of_the_tube(start):
    state = service.apply_answer(start, "ch-source-2-a", 1)
    assert elements(state) == {
        "1.1-source-2": (INVALIDATED, DIRECT),
        "1.1-source-3": (INVALIDATED, INFERRED),
        "1.1-source-5": (INVALIDATED, INFERRED),
    }
    assert earned_pix(state) == 0


def test_a_skipped_answer_counts_as_wrong(start):
    state = service.apply_answer(start, "ch-veille-3-a", None)
    assert state.answers[-1].status is AnswerStatus.SKIPPED
    assert elements(state) == {
        "1.1-veille-3": (INVALIDATED, DIRECT),
        "1.1-veille-4": (INVALIDATED, INFERRED),
    }


def test_skills_already_assessed_are_never_reassessed(start):
    state = service.apply_answer(start, "ch-moteur-3-a", 2)  # wrong: 3 to 6 invalidated
    before = state.knowledge_elements
    state = service.apply_answer(state, "ch-moteur-5-a", 3)  # right, but 5 is already assessed
    assert state.knowledge_elements == before
    state = service.apply_answer(state, "ch-moteur-2-a", 3)  # right: validates 2 and 1 only
    assert elements(state)["1.1-moteur-2"] == (VALIDATED, DIRECT)
    assert elements(state)["1.1-moteur-1"] == (VALIDATED, INFERRED)
    assert elements(state)["1.1-moteur-3"] == (INVALIDATED, DIRECT)


def test_inference_stays_inside_the_target_profile(mini):
    state = service.start_assessment(mini, "decouverte")  # moteur and courriel up to level 3
    state = service.apply_answer(state, "ch-moteur-1-a", 3)  # wrong
    assert sorted(elements(state)) == ["1.1-moteur-1", "1.1-moteur-2", "1.1-moteur-3"]


def test_pix_mastery_and_levels_per_competence(mini):
    state = service.start_assessment(mini, "tout")
    state = service.apply_answer(state, "ch-moteur-6-a", 1)  # right: moteur 1-6 validated
    state = service.apply_answer(state, "ch-courriel-4", 1)  # right: courriel 1-4
    state = service.apply_answer(state, "ch-forum-1", 2)  # wrong: forum 1-4 invalidated
    results = {r.competence_id: r for r in competence_results(state)}
    # 1.1: pix of moteur 1 to 6 = 8 per level shared by 2, 3, 3, 2, 2 and 1 skills.
    assert results["1.1"].validated_skills == 6
    assert results["1.1"].target_skills == 13
    assert results["1.1"].pix == pytest.approx(4 + 8 / 3 + 8 / 3 + 4 + 4 + 8)
    assert results["1.1"].level == 3
    assert results["2.1"].pix == pytest.approx(4 * 4)  # 8 pix per level shared by two tubes
    assert results["2.1"].level == 2
    assert results["2.1"].mastery_rate == 0.5
    assert earned_pix(state) == pytest.approx(results["1.1"].pix + results["2.1"].pix)
    assert mastery_rate(state) == pytest.approx(10 / 21)


@pytest.mark.parametrize(
    ("pix", "level"), [(0, 0), (7.99, 0), (8, 1), (23.9999999999, 3), (47.5, 5), (80, 7)]
)
def test_competence_level_is_one_per_8_pix_capped(pix, level):
    assert competence_level(pix) == level

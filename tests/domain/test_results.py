from __future__ import annotations

import attrs

from pixorga_core.domain.assessments import (
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)
from pixorga_core.domain.referential import (
    Area,
    Competence,
    Referential,
    Skill,
    TargetProfile,
    Tube,
)
from pixorga_core.domain.results import compute_result, percent, progression, rate, target_of

V, X = KnowledgeElementStatus.VALIDATED, KnowledgeElementStatus.INVALIDATED


def _skill(sid: str, tube: str, competence: str, level: int) -> Skill:
    return Skill(
        id=sid, name=f"@{sid}", tube_id=tube, competence_id=competence, difficulty=level,
        pix_value=2.0,
    )  # fmt: skip


REFERENTIAL = Referential(
    id="r",
    name="R",
    areas=(Area(id="a1", code="1", name="Information"), Area(id="a2", code="2", name="Comm")),
    competences=(
        Competence(id="c11", area_id="a1", code="1.1", name="Chercher"),
        Competence(id="c21", area_id="a2", code="2.1", name="Interagir"),
        Competence(id="c12", area_id="a1", code="1.2", name="Gérer"),
    ),
    tubes=(
        Tube(id="t1", competence_id="c11", name="@web", title="Le web"),
        Tube(id="t2", competence_id="c21", name="@mail"),
    ),
    skills=(
        _skill("s3", "t1", "c11", 3),
        _skill("s1", "t1", "c11", 1),
        _skill("s2", "t1", "c11", 2),
        _skill("m1", "t2", "c21", 1),
        _skill("out", "t2", "c21", 5),
    ),
    target_profiles=(TargetProfile(id="p", name="P", skill_ids=("s1", "s2", "s3", "m1")),),
)


def _ke(skill_id: str, status: KnowledgeElementStatus) -> KnowledgeElement:
    pix = 2.0 if status is V else 0.0
    return KnowledgeElement(
        skill_id=skill_id, status=status, source=KnowledgeElementSource.DIRECT, earned_pix=pix
    )


def test_the_target_groups_skills_by_competence_area_and_tube_in_referential_order() -> None:
    target = target_of(REFERENTIAL, REFERENTIAL.target_profile("p"))
    assert target.targeted == 4
    assert [(c.code, c.skill_ids) for c in target.competences] == [
        ("1.1", ("s1", "s2", "s3")),
        ("2.1", ("m1",)),
    ]
    assert [(a.code, a.targeted) for a in target.areas] == [("1", 3), ("2", 1)]
    assert [(t.label, [s.id for s in t.skills]) for t in target.tubes] == [
        ("Le web", ["s1", "s2", "s3"]),
        ("@mail", ["m1"]),
    ]
    assert target.tubes[0].levels == (1, 2, 3)


def test_a_result_counts_validated_evaluated_and_targeted_skills_of_the_target_only() -> None:
    target = target_of(REFERENTIAL, REFERENTIAL.target_profile("p"))
    result = compute_result(
        target, [_ke("s1", V), _ke("s2", X), _ke("m1", V), _ke("out", V), _ke("gone", V)]
    )
    assert (result.validated, result.evaluated, result.targeted) == (2, 3, 4)
    assert result.percent == 50
    assert result.mastery_rate == 0.5
    assert result.pix_score == 4
    assert result.competences_tested == 2
    first, second = result.competences
    assert (first.code, first.validated, first.evaluated, first.targeted, first.percent) == (
        "1.1", 1, 2, 3, 33,
    )  # fmt: skip
    assert (second.area_name, second.percent) == ("Comm", 100)
    assert [(a.code, a.validated, a.targeted) for a in result.areas] == [("1", 1, 3), ("2", 1, 1)]
    assert result.skill_status("s1") is V
    assert result.skill_status("s2") is X
    assert result.skill_status("s3") is None
    assert result.failed_skill_ids == {"s2"}


def test_a_result_with_no_knowledge_is_zero_and_a_repeated_skill_counts_once() -> None:
    target = target_of(REFERENTIAL, REFERENTIAL.target_profile("p"))
    assert compute_result(target, []).percent == 0
    twice = compute_result(target, [_ke("s1", X), _ke("s1", V)])
    assert (twice.validated, twice.evaluated) == (1, 1)


def test_a_profile_naming_skills_the_referential_lost_targets_the_others() -> None:
    profile = attrs.evolve(REFERENTIAL.target_profile("p"), skill_ids=("s1", "lost"))
    assert target_of(REFERENTIAL, profile).targeted == 1


def test_rates_percentages_and_progression() -> None:
    assert rate(1, 3) == 1 / 3
    assert rate(1, 0) == 0.0
    assert percent(2, 3) == 67
    assert percent(5, 0) == 0
    assert progression(completed=True, evaluated=0, targeted=10) == 1.0
    assert progression(completed=False, evaluated=1, targeted=3) == 0.333
    assert progression(completed=False, evaluated=0, targeted=0) == 0.0

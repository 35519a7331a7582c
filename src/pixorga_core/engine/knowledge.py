"""Knowledge elements: what each answer establishes, with inference inside the tube.

An answer on a target skill that is not assessed yet creates a *direct* knowledge element
(validated when the answer is right; invalidated when wrong or skipped). A validated answer also
validates every easier target skill of the same tube, a failed one invalidates every harder one
(*inferred* elements). A skill already assessed, directly or by inference, is never re-assessed.
Validated elements earn the skill's pix value.
"""

from __future__ import annotations

import math

import attrs

from pixorga_core.domain.assessments import (
    AnswerStatus,
    AssessmentState,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)
from pixorga_core.domain.referential import PIX_PER_LEVEL, Challenge, Skill

#: Highest competence level a pupil can reach (the reference system caps placement levels).
MAX_REACHABLE_LEVEL = 7


def knowledge_for_answer(
    state: AssessmentState, challenge: Challenge, status: AnswerStatus
) -> tuple[KnowledgeElement, ...]:
    """The knowledge elements an answer to ``challenge`` adds to ``state`` (maybe none)."""
    skill = state.skills_by_id.get(challenge.skill_id)
    assessed = state.knowledge_by_skill
    if skill is None or skill.id in assessed:
        return ()
    validated = status is AnswerStatus.OK
    created = [_element(skill, validated, KnowledgeElementSource.DIRECT)]
    for other in state.skills_by_tube.get(skill.tube_id, ()):
        if other.id == skill.id or other.id in assessed:
            continue
        if validated and other.difficulty < skill.difficulty:
            created.append(_element(other, True, KnowledgeElementSource.INFERRED))
        elif not validated and other.difficulty > skill.difficulty:
            created.append(_element(other, False, KnowledgeElementSource.INFERRED))
    return tuple(created)


def _element(skill: Skill, validated: bool, source: KnowledgeElementSource) -> KnowledgeElement:
    status = KnowledgeElementStatus.VALIDATED if validated else KnowledgeElementStatus.INVALIDATED
    return KnowledgeElement(
        skill_id=skill.id,
        status=status,
        source=source,
        earned_pix=skill.pix_value if validated else 0.0,
    )


@attrs.frozen
class CompetenceResult:
    """Where a pupil stands on one competence of the target profile."""

    competence_id: str
    target_skills: int
    validated_skills: int
    pix: float
    level: int

    @property
    def mastery_rate(self) -> float:
        """Validated skills ÷ target skills of the competence (0 to 1)."""
        return self.validated_skills / self.target_skills if self.target_skills else 0.0


def validated_skill_ids(state: AssessmentState) -> frozenset[str]:
    return frozenset(
        ke.skill_id
        for ke in state.knowledge_elements
        if ke.status is KnowledgeElementStatus.VALIDATED
    )


def earned_pix(state: AssessmentState) -> float:
    """Pix earned in the assessment: the pix values of its validated skills."""
    return math.fsum(ke.earned_pix for ke in state.knowledge_elements)


def mastery_rate(state: AssessmentState) -> float:
    """Validated target skills ÷ target skills (0 to 1), as in the campaign results."""
    if not state.target_skills:
        return 0.0
    return len(validated_skill_ids(state) & state.skills_by_id.keys()) / len(state.target_skills)


def competence_level(pix: float, max_level: int = MAX_REACHABLE_LEVEL) -> int:
    """A competence's level: one per 8 pix, capped at ``max_level``."""
    return min(max_level, math.floor(pix / PIX_PER_LEVEL + 1e-9))


def competence_results(state: AssessmentState) -> tuple[CompetenceResult, ...]:
    """Per competence of the target profile, in profile order: skills, validated, pix, level."""
    validated = validated_skill_ids(state)
    totals: dict[str, list[float]] = {}
    for skill in state.target_skills:
        total = totals.setdefault(skill.competence_id, [0, 0, 0.0])
        total[0] += 1
        if skill.id in validated:
            total[1] += 1
            total[2] += skill.pix_value
    return tuple(
        CompetenceResult(
            competence_id=competence,
            target_skills=int(count),
            validated_skills=int(done),
            pix=pix,
            level=competence_level(pix),
        )
        for competence, (count, done, pix) in totals.items()
    )

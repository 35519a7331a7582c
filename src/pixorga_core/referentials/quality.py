"""The content quality rules of the format (not errors: a referential may break them).

Every competence has at least two tubes; every tube has a skill at level 1 and one at level 4 or
above, and at least one tutorial; every skill has at least one challenge.
"""

from __future__ import annotations

from pixorga_core.domain.referential import Referential

MIN_TUBES_PER_COMPETENCE = 2
MIN_TOP_LEVEL_OF_A_TUBE = 4


def quality_problems(referential: Referential) -> list[str]:
    """Every quality rule ``referential`` breaks, one sentence each (empty when it follows all)."""
    problems = []
    tubes_by_competence: dict[str, list[str]] = {}
    for tube in referential.tubes:
        tubes_by_competence.setdefault(tube.competence_id, []).append(tube.id)
    for competence in referential.competences:
        count = len(tubes_by_competence.get(competence.id, []))
        if count < MIN_TUBES_PER_COMPETENCE:
            problems.append(
                f"competence {competence.id}: {count} tube(s), at least "
                f"{MIN_TUBES_PER_COMPETENCE} expected"
            )
    tutored = {tutorial.tube_id for tutorial in referential.tutorials}
    for tube in referential.tubes:
        levels = [s.level for s in referential.skills_by_tube.get(tube.id, ())]
        if not levels or min(levels) != 1 or max(levels) < MIN_TOP_LEVEL_OF_A_TUBE:
            problems.append(
                f"tube {tube.id}: levels {levels}, expected from 1 up to at least "
                f"{MIN_TOP_LEVEL_OF_A_TUBE}"
            )
        if tube.id not in tutored:
            problems.append(f"tube {tube.id}: no tutorial")
    problems.extend(
        f"skill {skill.id}: no challenge"
        for skill in referential.skills
        if skill.id not in referential.challenges_by_skill
    )
    return problems

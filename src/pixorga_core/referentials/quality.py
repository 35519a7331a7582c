"""The content quality rules of the format (not errors: a referential may break them).

Every competence has at least two tubes; every tube has a skill at level 1 and one at level 4 or
above, and at least one tutorial; every skill has at least one challenge; no open answer made
of a number is checked with the typo tolerance t3 (which would accept "4001" for "4000").
"""

from __future__ import annotations

from pixorga_core.domain.referential import Challenge, ChallengeType, Referential, Tolerance

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
    problems.extend(
        f"challenge {challenge.id}: numeric answer checked with the typo tolerance t3"
        for challenge in referential.challenges
        if Tolerance.T3 in challenge.tolerances and _has_numeric_answer(challenge)
    )
    return problems


def _has_numeric_answer(challenge: Challenge) -> bool:
    if challenge.type is ChallengeType.QROC and isinstance(challenge.solution, tuple):
        answers = [str(answer) for answer in challenge.solution]
    elif challenge.type is ChallengeType.QROCM:
        answers = [answer for field in challenge.fields for answer in field.solution]
    else:
        return False
    return any(character.isdigit() for answer in answers for character in answer)

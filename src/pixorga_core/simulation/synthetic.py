"""Synthetic referentials of any size, for benchmarks and for the algorithm conformance kit.

The content is meaningless (every challenge is a QCU whose right proposal is the first) but the
structure is realistic: competences of several tubes, tubes of skills at distinct levels between
1 and 8, one or more challenges per skill (some timed), IRT parameters spread around the level.
"""

from __future__ import annotations

import random

from pixorga_core.domain.referential import (
    DIFFICULTY_OFFSET,
    PIX_PER_LEVEL,
    Area,
    Challenge,
    ChallengeType,
    Competence,
    Referential,
    Skill,
    TargetProfile,
    Tube,
)


def synthetic_referential(
    *,
    skills: int = 700,
    competences: int = 16,
    skills_per_tube: int = 6,
    challenges_per_skill: int = 2,
    timed_share: float = 0.1,
    seed: int = 0,
    referential_id: str = "synthetic",
) -> Referential:
    """A referential of ``skills`` skills, with a target profile ``all`` and one per competence.

    Target profile ids: ``all``, and ``competence-<n>`` for n = 1 … ``competences``.
    """
    if skills < 1 or competences < 1 or not 1 <= skills_per_tube <= 8:
        msg = "skills and competences must be ≥ 1, skills_per_tube between 1 and 8"
        raise ValueError(msg)
    rng = random.Random(seed)
    competence_ids = [f"c{n}" for n in range(1, competences + 1)]
    tubes: list[Tube] = []
    skill_rows: list[tuple[str, str, str, int]] = []  # (skill, tube, competence, level)
    remaining, t = skills, 0
    while remaining > 0:
        size = min(skills_per_tube, remaining)
        competence = competence_ids[t % competences]
        tube_id = f"{competence}-t{t + 1}"
        tubes.append(Tube(id=tube_id, competence_id=competence, name=f"@tube{t + 1}"))
        levels = sorted(rng.sample(range(1, 9), size))
        levels[0] = 1 if size > 1 else levels[0]
        skill_rows.extend((f"{tube_id}-s{level}", tube_id, competence, level) for level in levels)
        remaining -= size
        t += 1
    per_level: dict[tuple[str, int], int] = {}
    for _, _, competence, level in skill_rows:
        per_level[competence, level] = per_level.get((competence, level), 0) + 1
    skill_objects = tuple(
        Skill(
            id=sid,
            name=f"@{tube}{level}",
            tube_id=tube,
            competence_id=competence,
            difficulty=level,
            pix_value=PIX_PER_LEVEL / per_level[competence, level],
        )
        for sid, tube, competence, level in skill_rows
    )
    challenges = tuple(
        Challenge(
            id=f"{skill.id}-q{k + 1}",
            skill_id=skill.id,
            type=ChallengeType.QCU,
            instruction=f"Question {k + 1} de l'acquis {skill.name}.",
            proposals=("Bonne réponse", "Mauvaise réponse", "Autre mauvaise réponse"),
            solution=1,
            timer_seconds=60 if rng.random() < timed_share else None,
            discriminant=round(rng.uniform(0.6, 2.0), 3),
            difficulty=round(skill.difficulty - DIFFICULTY_OFFSET + rng.gauss(0, 0.3), 3),
            skill_level=skill.difficulty,
        )
        for skill in skill_objects
        for k in range(challenges_per_skill)
    )
    by_competence: dict[str, list[str]] = {}
    for skill in skill_objects:
        by_competence.setdefault(skill.competence_id, []).append(skill.id)
    every = tuple(s.id for s in skill_objects)
    profiles = [TargetProfile(id="all", name="Tous les acquis", skill_ids=every)]
    profiles.extend(
        TargetProfile(
            id=f"competence-{n}",
            name=f"Compétence {n}",
            skill_ids=tuple(by_competence.get(cid, ())),
        )
        for n, cid in enumerate(competence_ids, start=1)
        if by_competence.get(cid)
    )
    return Referential(
        id=referential_id,
        name=f"Référentiel synthétique ({skills} acquis)",
        version=f"seed-{seed}",
        areas=(Area(id="a1", code="1", name="Domaine synthétique"),),
        competences=tuple(
            Competence(id=cid, area_id="a1", code=str(n), name=f"Compétence {n}")
            for n, cid in enumerate(competence_ids, start=1)
        ),
        tubes=tuple(tubes),
        skills=skill_objects,
        challenges=challenges,
        target_profiles=tuple(profiles),
    )

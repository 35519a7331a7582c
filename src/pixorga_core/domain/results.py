"""A participation's results on its campaign's target (pix-rules §8), as pure functions.

:class:`ResultTarget` is what a campaign targets, grouped the way results are shown: its skills,
its competences (with their area) and its tubes, in referential order, built once per target
profile by :func:`target_of`. :func:`compute_result` turns a participation's knowledge elements
(the snapshot taken at sharing, or the live ones of the pupil's end page: anything with a
``skill_id`` and a ``status``) into a :class:`ParticipationResult`: validated, evaluated and
targeted skill counts, the mastery rate and percentage (« Vous maîtrisez N % »), and the same
counts per competence and per area. Knowledge elements on skills outside the target are ignored.

Every percentage here is :func:`percent` (validated ÷ targeted, rounded to a whole number) and
every rate :func:`rate` (0 to 1), so the end page, the teacher's pages and the export agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import attrs

from pixorga_core.domain.assessments import KnowledgeElementStatus
from pixorga_core.domain.referential import Referential, Skill, TargetProfile, Tube

#: Decimals of a progression (pix-rules §8).
PROGRESSION_DECIMALS = 3


class SkillKnowledge(Protocol):
    """What results read of a knowledge element (a live one, a stored one or a snapshot)."""

    @property
    def skill_id(self) -> str: ...

    @property
    def status(self) -> KnowledgeElementStatus: ...

    @property
    def earned_pix(self) -> float: ...


def rate(validated: int | float, targeted: int) -> float:
    """``validated ÷ targeted`` (0 to 1); 0 when nothing is targeted."""
    return validated / targeted if targeted else 0.0


def percent(validated: int | float, targeted: int) -> int:
    """``validated ÷ targeted`` as a whole percentage (0 when nothing is targeted)."""
    return round(100 * validated / targeted) if targeted else 0


def progression(*, completed: bool, evaluated: int, targeted: int) -> float:
    """Progression of a participation (pix-rules §8): 1 once the test is completed, else the
    evaluated target skills ÷ the target skills, to 3 decimals."""
    if completed:
        return 1.0
    return round(min(1.0, rate(evaluated, targeted)), PROGRESSION_DECIMALS)


# --- the target ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TargetCompetence:
    """One competence of the target, with the target skills it holds."""

    competence_id: str
    code: str
    name: str
    area_id: str
    area_code: str
    area_name: str
    skill_ids: tuple[str, ...]

    @property
    def targeted(self) -> int:
        return len(self.skill_ids)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@attrs.frozen(kw_only=True)
class TargetArea:
    """One area (domaine) of the target, with the target skills it holds."""

    area_id: str
    code: str
    name: str
    skill_ids: tuple[str, ...]

    @property
    def targeted(self) -> int:
        return len(self.skill_ids)


@attrs.frozen(kw_only=True)
class TargetTube:
    """One tube of the target: its target skills, easiest first (their levels)."""

    tube: Tube
    competence_id: str
    skills: tuple[Skill, ...]

    @property
    def tube_id(self) -> str:
        return self.tube.id

    @property
    def label(self) -> str:
        return self.tube.title or self.tube.name

    @property
    def levels(self) -> tuple[int, ...]:
        """The distinct levels of its target skills, lowest first."""
        return tuple(sorted({s.difficulty for s in self.skills}))


@attrs.frozen(kw_only=True)
class ResultTarget:
    """What a campaign targets, as results group it (referential order)."""

    referential_id: str
    target_profile_id: str
    skills: tuple[Skill, ...]
    competences: tuple[TargetCompetence, ...]
    areas: tuple[TargetArea, ...]
    tubes: tuple[TargetTube, ...]

    @property
    def targeted(self) -> int:
        return len(self.skills)

    @property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.skills)


def target_of(referential: Referential, profile: TargetProfile) -> ResultTarget:
    """The target of ``profile`` in ``referential``: the skills of the profile that the
    referential knows, in profile order, grouped by competence and area (referential order) and
    by tube (easiest skill first)."""
    skills = tuple(
        referential.skills_by_id[s] for s in profile.skill_ids if s in referential.skills_by_id
    )
    wanted = {s.id for s in skills}
    competences: list[TargetCompetence] = []
    for competence in referential.competences:
        ids = tuple(s.id for s in skills if s.competence_id == competence.id)
        if ids:
            area = referential.areas_by_id.get(competence.area_id)
            competences.append(
                TargetCompetence(
                    competence_id=competence.id,
                    code=competence.code,
                    name=competence.name,
                    area_id=competence.area_id,
                    area_code=area.code if area else "",
                    area_name=area.name if area else competence.area_id,
                    skill_ids=ids,
                )
            )
    areas: list[TargetArea] = []
    for area in referential.areas:
        ids = tuple(i for c in competences if c.area_id == area.id for i in c.skill_ids)
        if ids:
            areas.append(TargetArea(area_id=area.id, code=area.code, name=area.name, skill_ids=ids))
    tubes: list[TargetTube] = []
    for tube in referential.tubes:
        in_tube = tuple(s for s in referential.skills_by_tube.get(tube.id, ()) if s.id in wanted)
        if in_tube:
            tubes.append(TargetTube(tube=tube, competence_id=tube.competence_id, skills=in_tube))
    return ResultTarget(
        referential_id=referential.id,
        target_profile_id=profile.id,
        skills=skills,
        competences=tuple(competences),
        areas=tuple(areas),
        tubes=tuple(tubes),
    )


# --- one participation's result --------------------------------------------------------------


class _ShareOfTarget:
    """``percent`` and ``mastery_rate`` of validated ÷ targeted skills, for the result types."""

    __slots__ = ()
    validated: int
    targeted: int

    @property
    def total(self) -> int:
        """The targeted skills (the end page's name)."""
        return self.targeted

    @property
    def percent(self) -> int:
        """The mastery percentage, « Vous maîtrisez N % »."""
        return percent(self.validated, self.targeted)

    @property
    def mastery_rate(self) -> float:
        """Validated target skills ÷ target skills, 0 to 1 (stored at sharing)."""
        return rate(self.validated, self.targeted)


@attrs.frozen(kw_only=True)
class CompetenceResult(_ShareOfTarget):
    """A participation's counts on one competence of the target."""

    competence_id: str
    code: str
    name: str
    area_code: str
    area_name: str
    validated: int
    evaluated: int
    targeted: int


@attrs.frozen(kw_only=True)
class AreaResult(_ShareOfTarget):
    """A participation's counts on one area (domaine) of the target."""

    area_id: str
    code: str
    name: str
    validated: int
    targeted: int


@attrs.frozen(kw_only=True)
class ParticipationResult(_ShareOfTarget):
    """A participation's result: « Acquis validés » / « Acquis évalués », « Score »."""

    validated: int
    evaluated: int
    targeted: int
    pix_score: int
    competences: tuple[CompetenceResult, ...]
    areas: tuple[AreaResult, ...] = ()
    #: Target skill ids validated, and evaluated but not validated (failed).
    validated_skill_ids: frozenset[str] = frozenset()
    failed_skill_ids: frozenset[str] = frozenset()

    @property
    def competences_tested(self) -> int:
        """Competences with at least one evaluated skill (« Compétences testées »)."""
        return sum(1 for c in self.competences if c.evaluated)

    def skill_status(self, skill_id: str) -> KnowledgeElementStatus | None:
        """The status of one target skill (None: not tested)."""
        if skill_id in self.validated_skill_ids:
            return KnowledgeElementStatus.VALIDATED
        if skill_id in self.failed_skill_ids:
            return KnowledgeElementStatus.INVALIDATED
        return None


def compute_result(
    target: ResultTarget, knowledge: Iterable[SkillKnowledge]
) -> ParticipationResult:
    """The result of one participation from its knowledge elements (one per skill; when a skill
    comes twice the last one counts). Skills outside the target are ignored."""
    wanted = target.skill_ids
    statuses: dict[str, KnowledgeElementStatus] = {}
    pix: dict[str, float] = {}
    for element in knowledge:
        if element.skill_id in wanted:
            statuses[element.skill_id] = element.status
            pix[element.skill_id] = element.earned_pix
    validated = frozenset(
        s for s, status in statuses.items() if status is KnowledgeElementStatus.VALIDATED
    )
    failed = frozenset(statuses) - validated
    competences = tuple(
        CompetenceResult(
            competence_id=c.competence_id,
            code=c.code,
            name=c.name,
            area_code=c.area_code,
            area_name=c.area_name,
            validated=sum(1 for s in c.skill_ids if s in validated),
            evaluated=sum(1 for s in c.skill_ids if s in statuses),
            targeted=c.targeted,
        )
        for c in target.competences
    )
    areas = tuple(
        AreaResult(
            area_id=a.area_id,
            code=a.code,
            name=a.name,
            validated=sum(1 for s in a.skill_ids if s in validated),
            targeted=a.targeted,
        )
        for a in target.areas
    )
    return ParticipationResult(
        validated=len(validated),
        evaluated=len(statuses),
        targeted=target.targeted,
        pix_score=round(sum(pix[s] for s in validated)),
        competences=competences,
        areas=areas,
        validated_skill_ids=validated,
        failed_skill_ids=failed,
    )

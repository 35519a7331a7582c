"""The competence framework: areas, competences, tubes, skills, challenges, tutorials, profiles.

A :class:`Referential` is what a referential directory (see :doc:`/referential-format`) loads
into; algorithms see its skills and challenges through an
:class:`~pixorga_core.domain.assessments.AssessmentState`. Every class is an immutable value;
:class:`Referential` builds its lookup indexes once, on first use.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping

import attrs

#: IRT difficulty of a challenge whose file gives none: ``skill level - 4.5``.
DIFFICULTY_OFFSET = 4.5
#: Pix a competence gives per level, shared equally among its skills of that level.
PIX_PER_LEVEL = 8.0
#: Levels a skill may have.
MIN_LEVEL, MAX_LEVEL = 1, 8


class ChallengeType(enum.StrEnum):
    QCU = "QCU"  #: one right proposal
    QCM = "QCM"  #: several right proposals
    QROC = "QROC"  #: one short open answer
    QROCM = "QROCM"  #: several short open answers, each checked against its own field
    #: several short open answers whose right answers may come in any order ("dependent"):
    #: each field's accepted answers form a group, each group is counted once, and the
    #: challenge is right when at least ``min_correct`` groups are matched.
    QROCM_DEP = "QROCM-dep"


class Tolerance(enum.StrEnum):
    """How forgiving the check of an open answer (QROC, QROCM, QROCM-dep) is.

    The three are independent (t2 without t1 is allowed); every comparison, even without
    any, first normalises the typography (see :mod:`pixorga_core.engine.answer_text`).
    """

    T1 = "t1"  #: ignore case and accents, and remove every space
    T2 = "t2"  #: remove punctuation and symbols (hyphens, underscores, ``$ ^ = ~`` …)
    T3 = "t3"  #: accept a small typo (Levenshtein distance ≤ 25 % of the right answer)


ALL_TOLERANCES: frozenset[Tolerance] = frozenset(Tolerance)


@attrs.frozen(kw_only=True)
class Area:
    """A "domaine" (1 Informations et données …)."""

    id: str
    code: str
    name: str


@attrs.frozen(kw_only=True)
class Competence:
    """A "compétence" (1.1 Mener une recherche et une veille d'information …)."""

    id: str
    area_id: str
    code: str
    name: str


@attrs.frozen(kw_only=True)
class Tube:
    """A "sujet": skills of one topic, ordered by difficulty."""

    id: str
    competence_id: str
    name: str
    title: str = ""
    description: str = ""


@attrs.frozen(kw_only=True)
class Skill:
    """An "acquis": one thing to master, at a difficulty (level) of 1 to 8 within a tube."""

    id: str
    name: str
    tube_id: str
    competence_id: str
    difficulty: int
    pix_value: float = 0.0
    hint: str | None = None

    @property
    def level(self) -> int:
        """The difficulty, under the name the file format uses."""
        return self.difficulty


@attrs.frozen(kw_only=True)
class Illustration:
    """An inline SVG picture and its mandatory text alternative."""

    alt: str
    svg: str


@attrs.frozen(kw_only=True)
class Document:
    """Everything a pupil needs to answer offline: a page, an e-mail, a table… (Markdown)."""

    title: str
    content: str


@attrs.frozen(kw_only=True)
class Field:
    """One blank of a QROCM (or QROCM-dep) challenge."""

    key: str
    label: str
    solution: tuple[str, ...]


@attrs.frozen(kw_only=True)
class NumberFormat:
    """An open answer compared as a number ("25 000" = "25000", "123,0" = "123").

    ``units`` are the units a pupil may write after the number ("4000 px"); an empty tuple
    accepts the number alone.
    """

    units: tuple[str, ...] = ()


#: An example answer: the typed text (QROC) or ``(field key, text)`` pairs (QROCM, QROCM-dep).
ExampleAnswer = str | tuple[tuple[str, str], ...]


@attrs.frozen(kw_only=True)
class AnswerExamples:
    """Answers the checker must accept and ones it must refuse (run by the linter)."""

    accepted: tuple[ExampleAnswer, ...] = ()
    refused: tuple[ExampleAnswer, ...] = ()


@attrs.frozen(kw_only=True)
class Challenge:
    """An "épreuve" assessing one skill.

    ``solution`` is the 1-based index of the right proposal (QCU), the indexes of the right
    proposals (QCM) or the accepted answers (QROC); a QROCM or QROCM-dep holds its solutions
    in ``fields``. ``min_correct`` is how many fields of a QROCM-dep must be right (None: all);
    ``number`` says open answers are compared as numbers; ``examples`` are answers the
    referential linter runs through the checker.
    ``discriminant`` and ``difficulty`` are the 2PL parameters; :attr:`irt_discriminant` and
    :attr:`irt_difficulty` give them with their defaults applied.
    """

    id: str
    skill_id: str
    type: ChallengeType
    timer_seconds: int | None = None
    discriminant: float | None = None
    difficulty: float | None = None
    instruction: str = ""
    proposals: tuple[str, ...] = ()
    solution: int | tuple[int, ...] | tuple[str, ...] | None = None
    fields: tuple[Field, ...] = ()
    tolerances: frozenset[Tolerance] = ALL_TOLERANCES
    min_correct: int | None = None
    number: NumberFormat | None = None
    examples: AnswerExamples | None = None
    placeholder: str | None = None
    illustration: Illustration | None = None
    document: Document | None = None
    #: Level of the skill, so that the IRT defaults need no lookup (0 when unknown).
    skill_level: int = 0

    @property
    def is_timed(self) -> bool:
        return self.timer_seconds is not None

    @property
    def irt_discriminant(self) -> float:
        return 1.0 if self.discriminant is None else self.discriminant

    @property
    def irt_difficulty(self) -> float:
        if self.difficulty is not None:
            return self.difficulty
        return self.skill_level - DIFFICULTY_OFFSET


@attrs.frozen(kw_only=True)
class Tutorial:
    """A short, self-contained lesson attached to skills of one tube."""

    id: str
    tube_id: str
    skill_ids: tuple[str, ...]
    title: str
    content: str
    duration_minutes: int | None = None


@attrs.frozen(kw_only=True)
class TargetProfile:
    """A named set of skills a campaign assesses ("profil cible")."""

    id: str
    name: str
    skill_ids: tuple[str, ...]
    description: str = ""


@attrs.frozen(kw_only=True)
class Referential:
    """A competence framework published under an ``id``, with its lookup indexes.

    Collections keep the order of the files. The ``*_by_id`` mappings and the per-tube,
    per-competence and per-skill groupings are computed once, on first use.
    """

    id: str
    name: str
    skills: tuple[Skill, ...] = ()
    challenges: tuple[Challenge, ...] = ()
    version: str = ""
    language: str = "fr"
    areas: tuple[Area, ...] = ()
    competences: tuple[Competence, ...] = ()
    tubes: tuple[Tube, ...] = ()
    tutorials: tuple[Tutorial, ...] = ()
    target_profiles: tuple[TargetProfile, ...] = ()

    @functools.cached_property
    def skills_by_id(self) -> Mapping[str, Skill]:
        return {skill.id: skill for skill in self.skills}

    @functools.cached_property
    def challenges_by_id(self) -> Mapping[str, Challenge]:
        return {challenge.id: challenge for challenge in self.challenges}

    @functools.cached_property
    def tubes_by_id(self) -> Mapping[str, Tube]:
        return {tube.id: tube for tube in self.tubes}

    @functools.cached_property
    def competences_by_id(self) -> Mapping[str, Competence]:
        return {competence.id: competence for competence in self.competences}

    @functools.cached_property
    def areas_by_id(self) -> Mapping[str, Area]:
        return {area.id: area for area in self.areas}

    @functools.cached_property
    def target_profiles_by_id(self) -> Mapping[str, TargetProfile]:
        return {profile.id: profile for profile in self.target_profiles}

    @functools.cached_property
    def skills_by_tube(self) -> Mapping[str, tuple[Skill, ...]]:
        """Skills of each tube, easiest first."""
        grouped: dict[str, list[Skill]] = {}
        for skill in self.skills:
            grouped.setdefault(skill.tube_id, []).append(skill)
        return {k: tuple(sorted(v, key=lambda s: s.difficulty)) for k, v in grouped.items()}

    @functools.cached_property
    def skills_by_competence(self) -> Mapping[str, tuple[Skill, ...]]:
        grouped: dict[str, list[Skill]] = {}
        for skill in self.skills:
            grouped.setdefault(skill.competence_id, []).append(skill)
        return {k: tuple(v) for k, v in grouped.items()}

    @functools.cached_property
    def challenges_by_skill(self) -> Mapping[str, tuple[Challenge, ...]]:
        grouped: dict[str, list[Challenge]] = {}
        for challenge in self.challenges:
            grouped.setdefault(challenge.skill_id, []).append(challenge)
        return {k: tuple(v) for k, v in grouped.items()}

    @functools.cached_property
    def tutorials_by_skill(self) -> Mapping[str, tuple[Tutorial, ...]]:
        grouped: dict[str, list[Tutorial]] = {}
        for tutorial in self.tutorials:
            for skill_id in tutorial.skill_ids:
                grouped.setdefault(skill_id, []).append(tutorial)
        return {k: tuple(v) for k, v in grouped.items()}

    def target_profile(self, profile_id: str) -> TargetProfile:
        """The target profile ``profile_id``; :class:`KeyError` names the known ones."""
        try:
            return self.target_profiles_by_id[profile_id]
        except KeyError:
            known = ", ".join(self.target_profiles_by_id) or "none"
            msg = f"referential {self.id!r} has no target profile {profile_id!r} (known: {known})"
            raise KeyError(msg) from None

    @functools.cached_property
    def _profile_parts(
        self,
    ) -> dict[TargetProfile, tuple[tuple[Skill, ...], tuple[Challenge, ...]]]:
        return {}

    def _parts(self, profile: TargetProfile) -> tuple[tuple[Skill, ...], tuple[Challenge, ...]]:
        # Once per profile: every assessment of a profile then shares the same tuples (and the
        # engine's look-ups and arrays built on them).
        parts = self._profile_parts.get(profile)
        if parts is None:
            wanted = set(profile.skill_ids)
            parts = (
                tuple(self.skills_by_id[skill_id] for skill_id in profile.skill_ids),
                tuple(c for c in self.challenges if c.skill_id in wanted),
            )
            self._profile_parts[profile] = parts
        return parts

    def profile_skills(self, profile: TargetProfile) -> tuple[Skill, ...]:
        return self._parts(profile)[0]

    def profile_challenges(self, profile: TargetProfile) -> tuple[Challenge, ...]:
        return self._parts(profile)[1]

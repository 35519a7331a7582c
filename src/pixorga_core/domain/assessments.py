"""Assessment state: what an adaptive algorithm sees when it picks the next challenge."""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from pixorga_core.domain.referential import Challenge, Skill

_T = TypeVar("_T")


class AnswerStatus(enum.StrEnum):
    OK = "ok"
    KO = "ko"
    SKIPPED = "skipped"


class KnowledgeElementStatus(enum.StrEnum):
    VALIDATED = "validated"
    INVALIDATED = "invalidated"


class KnowledgeElementSource(enum.StrEnum):
    DIRECT = "direct"  #: the skill's own challenge was answered
    INFERRED = "inferred"  #: deduced from an answer on another skill of the tube


@attrs.frozen(kw_only=True)
class Answer:
    """A pupil's answer to one challenge, as the engine checked it.

    ``value`` is the answer as given, in a canonical text form (``"2"``, ``"1,3"``, the typed
    text, or one ``key=value`` line per QROCM field); None when skipped.
    """

    challenge_id: str
    status: AnswerStatus
    value: str | None = None


@attrs.frozen(kw_only=True)
class KnowledgeElement:
    """What an assessment established about one skill."""

    skill_id: str
    status: KnowledgeElementStatus
    source: KnowledgeElementSource
    earned_pix: float = 0.0


class Lookups:
    """Look-ups of one target profile (its skills and challenges), computed once, on first use.

    The states of one assessment share them: :func:`attrs.evolve` hands them on, and a state
    whose skills or challenges are other objects gets its own.
    """

    __slots__ = (
        "_challenges_by_id",
        "_memo",
        "_skills_by_id",
        "_skills_by_tube",
        "challenges",
        "skills",
    )

    def __init__(self, skills: tuple[Skill, ...], challenges: tuple[Challenge, ...]) -> None:
        self.skills = skills
        self.challenges = challenges
        self._skills_by_id: Mapping[str, Skill] | None = None
        self._challenges_by_id: Mapping[str, Challenge] | None = None
        self._skills_by_tube: Mapping[str, tuple[Skill, ...]] | None = None
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, build: Callable[[Lookups], _T]) -> _T:
        """``build(self)``, computed once per profile under ``key``: an algorithm's own look-ups
        (name the key after the algorithm). ``build`` must depend on the profile only."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo.setdefault(key, build(self))
        return typing.cast("_T", found)

    def fits(self, skills: tuple[Skill, ...], challenges: tuple[Challenge, ...]) -> bool:
        return self.skills is skills and self.challenges is challenges

    # Derived data, not part of a state's value: every Lookups is equal to every other, and a
    # copy (copy.deepcopy, pickle) starts empty.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lookups)

    def __hash__(self) -> int:
        return 0

    def __reduce__(self) -> tuple[type[Lookups], tuple[tuple[Skill, ...], tuple[Challenge, ...]]]:
        return (Lookups, (self.skills, self.challenges))

    @property
    def skills_by_id(self) -> Mapping[str, Skill]:
        if self._skills_by_id is None:
            self._skills_by_id = MappingProxyType({s.id: s for s in self.skills})
        return self._skills_by_id

    @property
    def skills_by_tube(self) -> Mapping[str, tuple[Skill, ...]]:
        if self._skills_by_tube is None:
            grouped: dict[str, list[Skill]] = {}
            for skill in self.skills:
                grouped.setdefault(skill.tube_id, []).append(skill)
            self._skills_by_tube = MappingProxyType({k: tuple(v) for k, v in grouped.items()})
        return self._skills_by_tube

    @property
    def challenges_by_id(self) -> Mapping[str, Challenge]:
        if self._challenges_by_id is None:
            self._challenges_by_id = MappingProxyType({c.id: c for c in self.challenges})
        return self._challenges_by_id


def _lookups(state: AssessmentState) -> Lookups:
    return Lookups(state.target_skills, state.challenges)


@attrs.frozen(kw_only=True)
class AssessmentState:
    """A snapshot of one assessment in progress, handed to the selection algorithm.

    ``target_skills`` is the campaign's target profile; ``challenges`` the challenges that may be
    proposed (those of the target skills); ``answers`` and ``knowledge_elements`` are in the order
    they were produced. A state never changes: the engine
    (:func:`pixorga_core.engine.service.apply_answer`) returns a new one for each answer, so a
    failed step leaves the previous state as it was.

    The ``*_by_id`` mappings are computed once per assessment (:class:`Lookups`), the id sets
    once per state, on first use.
    """

    assessment_id: int | None
    algorithm: str
    target_skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]
    answers: tuple[Answer, ...] = ()
    knowledge_elements: tuple[KnowledgeElement, ...] = ()
    referential_id: str | None = None
    target_profile_id: str | None = None
    lookups: Lookups = attrs.field(
        default=attrs.Factory(_lookups, takes_self=True), eq=False, repr=False
    )

    def _shared(self) -> Lookups:
        if not self.lookups.fits(self.target_skills, self.challenges):  # e.g. a copy
            object.__setattr__(self, "lookups", _lookups(self))
        return self.lookups

    @property
    def skills_by_id(self) -> Mapping[str, Skill]:
        return self._shared().skills_by_id

    @property
    def challenges_by_id(self) -> Mapping[str, Challenge]:
        return self._shared().challenges_by_id

    @property
    def skills_by_tube(self) -> Mapping[str, tuple[Skill, ...]]:
        """Target skills of each tube, in target-profile order."""
        return self._shared().skills_by_tube

    @functools.cached_property
    def answered_challenge_ids(self) -> frozenset[str]:
        return frozenset(answer.challenge_id for answer in self.answers)

    @functools.cached_property
    def answered_skill_ids(self) -> frozenset[str]:
        """Skills one of whose challenges was answered (right, wrong or skipped)."""
        by_id = self.challenges_by_id
        return frozenset(
            by_id[a.challenge_id].skill_id for a in self.answers if a.challenge_id in by_id
        )

    @functools.cached_property
    def knowledge_by_skill(self) -> Mapping[str, KnowledgeElement]:
        """The knowledge element of each assessed skill (directly or by inference)."""
        return MappingProxyType({ke.skill_id: ke for ke in self.knowledge_elements})

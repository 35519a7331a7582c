"""Assessment state: what an adaptive algorithm sees when it picks the next challenge."""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from pixorga_core.domain.referential import Challenge, Skill


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


@attrs.frozen(kw_only=True)
class AssessmentState:
    """A snapshot of one assessment in progress, handed to the selection algorithm.

    ``target_skills`` is the campaign's target profile; ``challenges`` the challenges that may be
    proposed (those of the target skills); ``answers`` and ``knowledge_elements`` are in the order
    they were produced. A state never changes: the engine
    (:func:`pixorga_core.engine.service.apply_answer`) returns a new one for each answer, so a
    failed step leaves the previous state as it was.

    The ``*_by_id`` mappings and id sets below are computed once per state, on first use.
    """

    assessment_id: int | None
    algorithm: str
    target_skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]
    answers: tuple[Answer, ...] = ()
    knowledge_elements: tuple[KnowledgeElement, ...] = ()
    referential_id: str | None = None
    target_profile_id: str | None = None

    @functools.cached_property
    def skills_by_id(self) -> Mapping[str, Skill]:
        return MappingProxyType({skill.id: skill for skill in self.target_skills})

    @functools.cached_property
    def challenges_by_id(self) -> Mapping[str, Challenge]:
        return MappingProxyType({challenge.id: challenge for challenge in self.challenges})

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

"""Assessment state: what an adaptive algorithm sees when it picks the next challenge."""

from __future__ import annotations

import enum

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
    challenge_id: str
    status: AnswerStatus


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
    proposed; ``answers`` and ``knowledge_elements`` are in the order they were produced.
    """

    assessment_id: int | None
    algorithm: str
    target_skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]
    answers: tuple[Answer, ...] = ()
    knowledge_elements: tuple[KnowledgeElement, ...] = ()

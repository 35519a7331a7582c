"""Campaigns, the pupils' participations and their stored assessments (pix-rules §7).

A campaign names the referential (id and version), the target profile and the adaptive
algorithm it runs; a pupil's participation goes STARTED → TO_SHARE (the test is over) → SHARED
(results sent, knowledge elements snapshotted). The assessment holds the test's whole state in
the database: the current challenge and when it was shown, and how many answers were given (the
algorithm's random generator is derived from the assessment id and that count), so that any
process can serve the next request. A preview assessment (« Tester la campagne ») has no
participation and is counted nowhere.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from pixorga_core.domain.assessments import (
    AnswerStatus,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)

#: The algorithm a campaign runs when it names none (Smart Random, pix-rules §9.1).
DEFAULT_ALGORITHM = "smart-random"
#: The letters of a campaign code: the alphabet without I, L and O (read as 1 and 0).
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"
#: The digits of a campaign code: 2 to 9 (no 0 nor 1).
CODE_DIGITS = "23456789"
CODE_LENGTH = 9
_CODE_SHAPE = re.compile(rf"^[{CODE_LETTERS}]{{6}}[{CODE_DIGITS}]{{3}}$")
#: Longest landing-page text (pix-rules §7: customLandingPageText ≤ 5000).
LANDING_TEXT_MAX = 5000
NAME_MAX = 255
TITLE_MAX = 255
EXTERNAL_ID_LABEL_MAX = 255
EXTERNAL_ID_MAX = 255
#: Longest « Signaler un problème » text.
REPORT_TEXT_MAX = 500


def normalize_code(typed: str) -> str:
    """A code as a pupil types it, in the stored form: upper-cased, spaces and dashes dropped."""
    return re.sub(r"[\s\-]+", "", typed).upper()


def is_code_shaped(code: str) -> bool:
    """Whether ``code`` (normalised) has the shape of a campaign code (``QWERTY234``)."""
    return bool(_CODE_SHAPE.match(code))


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@attrs.frozen(kw_only=True)
class Campaign:
    """An assessment campaign of one organization.

    ``external_id_label`` is the label of the identifier asked of pupils before the test
    (« Numéro élève »), None when none is asked. ``algorithm_options`` are the options handed to
    the algorithm (JSON values). A deleted campaign (soft delete) is shown nowhere.
    """

    id: int
    code: str
    name: str
    title: str | None = None
    landing_text: str | None = None
    external_id_label: str | None = None
    referential_id: str
    referential_version: str
    target_profile_id: str
    algorithm: str
    algorithm_options: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_frozen_mapping, hash=False
    )
    organization_id: int
    creator_id: int
    owner_id: int
    created_at: datetime
    archived_at: datetime | None = None
    archived_by: int | None = None
    deleted_at: datetime | None = None
    deleted_by: int | None = None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def asks_external_id(self) -> bool:
        return bool(self.external_id_label)


class ParticipationStatus(enum.StrEnum):
    """Where a participation stands (pix-rules §7)."""

    STARTED = "STARTED"  #: the test is under way
    TO_SHARE = "TO_SHARE"  #: the test is over, the results not sent yet
    SHARED = "SHARED"  #: « J'envoie mes résultats »: the teacher sees them

    @property
    def label(self) -> str:
        return {
            "STARTED": "En cours",
            "TO_SHARE": "En attente d'envoi",
            "SHARED": "Résultats reçus",
        }[self.value]


@attrs.frozen(kw_only=True)
class CampaignParticipation:
    """One pupil's participation in a campaign.

    The mastery fields are computed once, when the results are shared, from the snapshot of
    the knowledge elements taken then. A deleted participation is anonymised: ``user_id``,
    ``organization_learner_id`` and ``external_id`` are cleared.
    """

    id: int
    campaign_id: int
    user_id: int | None
    organization_learner_id: int | None = None
    status: ParticipationStatus = ParticipationStatus.STARTED
    external_id: str | None = None
    created_at: datetime
    shared_at: datetime | None = None
    #: Share of the target skills validated, 0 to 1 (at sharing).
    mastery_rate: float | None = None
    validated_skills_count: int | None = None
    total_skills_count: int | None = None
    pix_score: int | None = None
    #: Validated target skills per competence id, from the snapshot (at sharing).
    validated_by_competence: Mapping[str, int] | None = attrs.field(
        default=None, converter=attrs.converters.optional(_frozen_mapping), hash=False
    )
    deleted_at: datetime | None = None
    deleted_by: int | None = None

    @property
    def is_shared(self) -> bool:
        return self.status is ParticipationStatus.SHARED

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class AssessmentStatus(enum.StrEnum):
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"


@attrs.frozen(kw_only=True)
class Assessment:
    """The stored state of one test: a participation's, or a teacher's preview.

    ``current_challenge_id`` is the challenge shown now (None before the first one is drawn and
    once the test is over); ``current_challenge_started_at`` when it was first shown (a timed
    challenge's countdown is checked against it). ``answer_count`` counts the stored answers:
    with the id it seeds the algorithm's generator, and a step is written only if it still
    holds the count the request read (two tabs, a double submit: one answer).
    """

    id: int
    participation_id: int | None
    campaign_id: int
    #: None once the campaign is deleted (anonymised).
    user_id: int | None
    is_preview: bool = False
    current_challenge_id: str | None = None
    current_challenge_started_at: datetime | None = None
    answer_count: int = 0
    state: AssessmentStatus = AssessmentStatus.STARTED
    created_at: datetime
    completed_at: datetime | None = None

    @property
    def is_completed(self) -> bool:
        return self.state is AssessmentStatus.COMPLETED

    @property
    def rng_seed(self) -> str:
        """The seed of the algorithm's random generator for the next draw."""
        return f"pixorga-assessment:{self.id}:{self.answer_count}"


@attrs.frozen(kw_only=True)
class AnswerRecord:
    """A stored answer: one per (assessment, challenge)."""

    id: int
    assessment_id: int
    challenge_id: str
    status: AnswerStatus
    value: str | None = None
    #: Seconds between the challenge being shown and the answer.
    time_spent: int | None = None
    #: Given after a timed challenge's time was up (then counted wrong).
    timed_out: bool = False
    created_at: datetime


@attrs.frozen(kw_only=True)
class KnowledgeElementRecord:
    """A stored knowledge element: one per (assessment, skill)."""

    id: int
    assessment_id: int
    answer_id: int
    skill_id: str
    status: KnowledgeElementStatus
    source: KnowledgeElementSource
    earned_pix: float = 0.0
    created_at: datetime


@attrs.frozen(kw_only=True)
class KnowledgeElementSnapshot:
    """A knowledge element as it was when the participation's results were shared."""

    participation_id: int
    skill_id: str
    status: KnowledgeElementStatus
    source: KnowledgeElementSource
    earned_pix: float = 0.0
    snapshot_at: datetime


@attrs.frozen(kw_only=True)
class ChallengeReport:
    """« Signaler un problème »: a pupil's short note on one challenge."""

    id: int
    assessment_id: int
    challenge_id: str
    text: str
    created_at: datetime

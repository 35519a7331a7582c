"""Rows with sensible defaults for database tests: :class:`Factories`, the ``factories`` fixture."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import attrs
from sqlalchemy.orm import Session

from pixorga_core.domain.assessments import (
    AnswerStatus,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)
from pixorga_core.domain.campaigns import Campaign, CampaignParticipation, ParticipationStatus
from pixorga_core.domain.learners import LearnerRecord, OrganizationLearner, Sex
from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.organizations import CHECK_ALPHABET, Organization, OrganizationType
from pixorga_core.domain.users import User
from pixorga_core.services import passwords
from pixorga_core.storage.repositories import assessments as assessments_repo
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.storage.repositories import users as users_repo

__all__ = ["TEST_PASSWORD", "Factories", "valid_uai"]

TEST_PASSWORD = "Azerty123"  # noqa: S105 - test accounts only


def valid_uai(number: int) -> str:
    """A UAI with a correct check letter, in Paris (075), built from ``number``."""
    body = f"075{number % 10000:04d}"
    return body + CHECK_ALPHABET[int(body) % 23]


@attrs.define
class Factories:
    """Create rows with sensible defaults, straight through the repositories."""

    session: Session
    now: datetime = attrs.field(factory=lambda: datetime.now(UTC))
    _seq: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1))

    def organization(self, **overrides: Any) -> Organization:
        n = next(self._seq)
        values: dict[str, Any] = {
            "name": f"Collège numéro {n}",
            "type": OrganizationType.SCO,
            "uai": valid_uai(n),
            "email": f"ce.{n}@ecole.test",
            "is_managing_students": True,
            "identity_provider": None,
            "now": self.now,
        }
        values.update(overrides)
        return organizations_repo.add(self.session, **values)

    def user(
        self,
        *,
        password: str | None = TEST_PASSWORD,
        pix_orga_terms_accepted: bool = False,
        **overrides: Any,
    ) -> User:
        n = next(self._seq)
        values: dict[str, Any] = {
            "first_name": "Camille",
            "last_name": f"Durand{n}",
            "email": f"camille.durand{n}@ecole.test",
            "username": None,
            "cgu_accepted": True,
            "now": self.now,
        }
        values.update(overrides)
        user = users_repo.add(self.session, **values)
        if pix_orga_terms_accepted:
            users_repo.set_pix_orga_terms_accepted(self.session, user.id)
            user = users_repo.get(self.session, user.id)
        if password is not None:
            users_repo.add_password_method(
                self.session,
                user_id=user.id,
                password_hash=passwords.hash_password(password),
                must_change_password=False,
                now=self.now,
            )
        return user

    def membership(
        self, organization: Organization, user: User, role: Role = Role.MEMBER
    ) -> Membership:
        return memberships_repo.upsert(
            self.session, organization_id=organization.id, user_id=user.id, role=role, now=self.now
        )

    def learner(self, organization: Organization, **overrides: Any) -> OrganizationLearner:
        n = next(self._seq)
        values: dict[str, Any] = {
            "national_student_id": f"{n:09d}AA",
            "first_name": "Léa",
            "last_name": f"Moreau{n}",
            "sex": Sex.FEMALE,
            "birthdate": date(2011, 3, 14),
            "division": "6A",
        }
        values.update(overrides)
        is_disabled = bool(values.pop("is_disabled", False))
        user_id = values.pop("user_id", None)
        return learners_repo.add(
            self.session,
            organization_id=organization.id,
            record=LearnerRecord(**values),
            now=self.now,
            is_disabled=is_disabled,
            user_id=user_id,
        )

    def participation(
        self,
        campaign: Campaign,
        *,
        learner: OrganizationLearner | None = None,
        user: User | None = None,
        knowledge: Mapping[str, KnowledgeElementStatus] | None = None,
        status: ParticipationStatus = ParticipationStatus.STARTED,
        external_id: str | None = None,
        started_at: datetime | None = None,
        shared_at: datetime | None = None,
    ) -> CampaignParticipation:
        """A participation with its assessment and ``knowledge`` (skill id → status), as one
        stored answer; TO_SHARE completes the assessment, SHARED also snapshots the knowledge
        elements at ``shared_at``. A user is made when none is given."""
        started = started_at or self.now
        if user is None:
            user = self.user(
                password=None,
                first_name=learner.first_name if learner else "Camille",
                last_name=learner.last_name if learner else f"Durand{next(self._seq)}",
            )
        participation = participations_repo.insert_if_new(
            self.session,
            campaign_id=campaign.id,
            user_id=user.id,
            organization_learner_id=learner.id if learner else None,
            external_id=external_id,
            now=started,
        )
        assert participation is not None, "the pupil already takes part in this campaign"
        assessment = assessments_repo.create(
            self.session,
            campaign_id=campaign.id,
            user_id=user.id,
            participation_id=participation.id,
            now=started,
        )
        assert assessment is not None
        elements = [
            KnowledgeElement(
                skill_id=skill_id,
                status=state,
                source=KnowledgeElementSource.DIRECT,
                earned_pix=1.0 if state is KnowledgeElementStatus.VALIDATED else 0.0,
            )
            for skill_id, state in (knowledge or {}).items()
        ]
        if elements:
            assessments_repo.set_current_challenge(
                self.session, assessment.id, answer_count=0, challenge_id="factory", now=started
            )
            assessments_repo.record_answer(
                self.session,
                assessment.id,
                answer_count=0,
                answer=assessments_repo.NewAnswer(
                    challenge_id="factory", status=AnswerStatus.OK, value="1"
                ),
                knowledge_elements=elements,
                now=started,
            )
        if status is ParticipationStatus.STARTED:
            return participation
        assessments_repo.complete(self.session, assessment.id, now=started)
        participation = participations_repo.set_status(
            self.session, participation.id, ParticipationStatus.TO_SHARE
        )
        if status is ParticipationStatus.TO_SHARE:
            return participation
        validated = sum(1 for e in elements if e.status is KnowledgeElementStatus.VALIDATED)
        shared = participations_repo.share(
            self.session,
            participation.id,
            knowledge_elements=assessments_repo.knowledge_elements(self.session, assessment.id),
            mastery_rate=validated / len(elements) if elements else 0.0,
            validated_skills_count=validated,
            total_skills_count=len(elements),
            pix_score=validated,
            now=shared_at or self.now,
        )
        assert shared is not None
        return shared

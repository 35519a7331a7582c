"""The storage of campaigns, participations and assessments: what the constraints and the
conditional writes guarantee (one participation per pupil, one answer per challenge, one step
per answer count), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pixorga_core.domain.assessments import (
    AnswerStatus,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)
from pixorga_core.domain.campaigns import AssessmentStatus, ParticipationStatus
from pixorga_core.storage.repositories import assessments as assessments_repo
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import participations as participations_repo

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
NEW = campaigns_repo.NewCampaignRow(
    name="Classe",
    title=None,
    landing_text=None,
    external_id_label=None,
    referential_id="pix-demo",
    referential_version="2026.11",
    target_profile_id="competence-1-1",
    algorithm="smart-random",
    algorithm_options={"seuil": 0.5, "niveaux": [1, 2]},
)


@pytest.fixture
def world(factories, session):
    school = factories.organization()
    teacher = factories.user(password=None)
    pupil = factories.user(password=None)
    learner = factories.learner(school, user_id=pupil.id)
    campaign = campaigns_repo.insert_if_code_free(
        session, NEW, code="QWERTY234", organization_id=school.id, creator_id=teacher.id, now=T0
    )
    assert campaign is not None
    return {
        "school": school,
        "teacher": teacher,
        "pupil": pupil,
        "learner": learner,
        "campaign": campaign,
    }


def test_a_campaign_keeps_its_options_and_its_code_is_unique(session, world):
    campaign = world["campaign"]
    assert dict(campaign.algorithm_options) == {"seuil": 0.5, "niveaux": [1, 2]}
    assert campaigns_repo.find_by_code(session, "QWERTY234") == campaign
    again = campaigns_repo.insert_if_code_free(
        session,
        NEW,
        code="QWERTY234",
        organization_id=world["school"].id,
        creator_id=world["teacher"].id,
        now=T0,
    )
    assert again is None
    assert campaigns_repo.get(session, campaign.id) == campaign  # the savepoint only rolled back


def join(session, world, **overrides):
    values = {
        "campaign_id": world["campaign"].id,
        "user_id": world["pupil"].id,
        "organization_learner_id": world["learner"].id,
        "external_id": None,
        "now": T0,
    }
    values.update(overrides)
    return participations_repo.insert_if_new(session, **values)


def test_one_participation_per_pupil_and_per_account_while_not_deleted(session, factories, world):
    first = join(session, world)
    assert first is not None
    assert join(session, world) is None
    other_account = factories.user(password=None)
    assert join(session, world, user_id=other_account.id) is None  # same pupil
    assert join(session, world, organization_learner_id=None) is None  # same account
    participations_repo.delete_and_anonymise_for_campaign(
        session, world["campaign"].id, by_user_id=world["teacher"].id, now=T0
    )
    assert join(session, world) is not None  # the deleted one no longer counts


def test_answers_are_stored_once_per_step(session, world):
    participation = join(session, world)
    assert participation is not None
    assessment = assessments_repo.create(
        session,
        campaign_id=world["campaign"].id,
        user_id=world["pupil"].id,
        participation_id=participation.id,
        now=T0,
    )
    assert assessment is not None
    assert (
        assessments_repo.create(
            session,
            campaign_id=world["campaign"].id,
            user_id=world["pupil"].id,
            participation_id=participation.id,
            now=T0,
        )
        is None
    )  # one assessment per participation
    assert assessment.rng_seed == f"pixorga-assessment:{assessment.id}:0"

    assert assessments_repo.set_current_challenge(
        session, assessment.id, answer_count=0, challenge_id="ch1", now=T0
    )
    # A second tab drawing at the same count finds the challenge already drawn.
    assert not assessments_repo.set_current_challenge(
        session, assessment.id, answer_count=0, challenge_id="ch9", now=T0
    )
    current = assessments_repo.get(session, assessment.id)
    assert current is not None
    assert (current.current_challenge_id, current.current_challenge_started_at) == ("ch1", T0)

    answer = assessments_repo.NewAnswer(
        challenge_id="ch1", status=AnswerStatus.OK, value="2", time_spent=12
    )
    knowledge = [
        KnowledgeElement(
            skill_id="s1",
            status=KnowledgeElementStatus.VALIDATED,
            source=KnowledgeElementSource.DIRECT,
            earned_pix=1.5,
        ),
        KnowledgeElement(
            skill_id="s0",
            status=KnowledgeElementStatus.VALIDATED,
            source=KnowledgeElementSource.INFERRED,
        ),
    ]
    stored = assessments_repo.record_answer(
        session, assessment.id, answer_count=0, answer=answer, knowledge_elements=knowledge, now=T0
    )
    assert stored is not None
    # The double submit, the back button, an old page: nothing more is written.
    assert (
        assessments_repo.record_answer(
            session,
            assessment.id,
            answer_count=0,
            answer=answer,
            knowledge_elements=knowledge,
            now=T0,
        )
        is None
    )
    assert (
        assessments_repo.record_answer(
            session,
            assessment.id,
            answer_count=1,
            answer=answer,
            knowledge_elements=knowledge,
            now=T0,
        )
        is None
    )  # ch1 is no longer the current challenge
    assert [a.challenge_id for a in assessments_repo.answers(session, assessment.id)] == ["ch1"]
    kes = assessments_repo.knowledge_elements(session, assessment.id)
    assert [(k.skill_id, k.answer_id, k.earned_pix) for k in kes] == [
        ("s1", stored.id, 1.5),
        ("s0", stored.id, 0.0),
    ]
    moved = assessments_repo.get(session, assessment.id)
    assert moved is not None
    assert (moved.answer_count, moved.current_challenge_id) == (1, None)
    assert moved.rng_seed.endswith(":1")

    assert assessments_repo.complete(session, assessment.id, now=T0 + timedelta(minutes=5))
    assert not assessments_repo.complete(session, assessment.id, now=T0)
    done = assessments_repo.get(session, assessment.id)
    assert done is not None
    assert done.state is AssessmentStatus.COMPLETED
    assert not assessments_repo.set_current_challenge(
        session, assessment.id, answer_count=1, challenge_id="ch2", now=T0
    )

    report = assessments_repo.add_report(
        session, assessment.id, challenge_id="ch1", text="L'image ne s'affiche pas.", now=T0
    )
    assert assessments_repo.reports(session, assessment.id) == [report]


def test_sharing_snapshots_the_knowledge_elements_once(session, world):
    participation = join(session, world)
    assert participation is not None
    assert (
        participations_repo.share(
            session,
            participation.id,
            knowledge_elements=[],
            mastery_rate=0.0,
            validated_skills_count=0,
            total_skills_count=10,
            pix_score=0,
            now=T0,
        )
        is None
    )  # still STARTED
    participations_repo.set_status(session, participation.id, ParticipationStatus.TO_SHARE)
    assessment = assessments_repo.create(
        session,
        campaign_id=world["campaign"].id,
        user_id=world["pupil"].id,
        participation_id=participation.id,
        now=T0,
    )
    assert assessment is not None
    assessments_repo.set_current_challenge(
        session, assessment.id, answer_count=0, challenge_id="ch1", now=T0
    )
    assessments_repo.record_answer(
        session,
        assessment.id,
        answer_count=0,
        answer=assessments_repo.NewAnswer(challenge_id="ch1", status=AnswerStatus.KO, value="1"),
        knowledge_elements=[
            KnowledgeElement(
                skill_id="s1",
                status=KnowledgeElementStatus.INVALIDATED,
                source=KnowledgeElementSource.DIRECT,
            )
        ],
        now=T0,
    )
    kes = assessments_repo.knowledge_elements(session, assessment.id)
    shared = participations_repo.share(
        session,
        participation.id,
        knowledge_elements=kes,
        mastery_rate=0.25,
        validated_skills_count=1,
        total_skills_count=4,
        pix_score=3,
        now=T0,
    )
    assert shared is not None
    assert (shared.status, shared.shared_at, shared.mastery_rate) == (
        ParticipationStatus.SHARED,
        T0,
        0.25,
    )
    assert [
        (s.skill_id, s.status) for s in participations_repo.snapshot(session, participation.id)
    ] == [("s1", KnowledgeElementStatus.INVALIDATED)]
    assert (
        participations_repo.share(
            session,
            participation.id,
            knowledge_elements=kes,
            mastery_rate=1.0,
            validated_skills_count=4,
            total_skills_count=4,
            pix_score=9,
            now=T0,
        )
        is None
    )
    assert len(participations_repo.snapshot(session, participation.id)) == 1

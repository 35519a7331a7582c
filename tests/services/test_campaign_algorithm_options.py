"""A campaign's own algorithm options (``algorithm_options``) drive its pupils' tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pixorga_core.services import assessments
from pixorga_core.services.assessments import AnswerOutcome, Step, Submission
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import participations as participations_repo

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("algorithm", ["smart-random", "flash"])
def test_a_campaign_limited_to_three_answers_ends_after_three(session, hooks, factories, algorithm):
    school, teacher, pupil_account = factories.organization(), factories.user(), factories.user()
    campaign = campaigns_repo.insert_if_code_free(
        session,
        campaigns_repo.NewCampaignRow(
            name="Trois questions",
            title=None,
            landing_text=None,
            external_id_label=None,
            referential_id="pix-demo",
            referential_version="2026.11",
            target_profile_id="competence-1-1",
            algorithm=algorithm,
            algorithm_options={"max_challenges": 3},
        ),
        code="TRAVSQ234",
        organization_id=school.id,
        creator_id=teacher.id,
        now=T0,
    )
    assert campaign is not None
    learner = factories.learner(school)
    participations_repo.insert_if_new(
        session,
        campaign_id=campaign.id,
        user_id=pupil_account.id,
        organization_learner_id=learner.id,
        external_id=None,
        now=T0,
    )

    def load():
        return assessments.find_test(session, hooks, code="TRAVSQ234", user_id=pupil_account.id)

    assessments.start(session, hooks, load(), now=T0)
    for _ in range(3):
        parcours = load()
        challenge = assessments.current_challenge(parcours)
        assert challenge is not None
        skipped = Submission(challenge_id=challenge.id, skipped=True)
        assert assessments.answer(session, hooks, parcours, skipped, now=T0) is AnswerOutcome.STORED
    assert assessments.step_of(load()) is Step.END
    configured = hooks.assessment_algorithms().configured(algorithm, {"max_challenges": 3})
    assert configured.max_challenges == 3  # type: ignore[attr-defined]
    assert hooks.assessment_algorithms().configured(algorithm, {"max_challenges": 3}) is configured

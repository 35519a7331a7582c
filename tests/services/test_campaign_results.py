"""Following a campaign (pix-rules §8) at the service level: the SQL aggregation agrees with the
per-participation computation, the class filter, the snapshot (not the live knowledge) counts,
and the refusals change nothing."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from pixorga_core.domain.assessments import KnowledgeElementSource, KnowledgeElementStatus
from pixorga_core.domain.campaign_results import ParticipantQuery, ParticipantStatus
from pixorga_core.domain.campaigns import KnowledgeElementRecord, ParticipationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.results import compute_result, target_of
from pixorga_core.errors import NotFoundError, PermissionDeniedError
from pixorga_core.facade import Hooks
from pixorga_core.pluginmanager import create_plugin_manager
from pixorga_core.services import campaign_results, campaigns, orga
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.testing import table_snapshot

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def _module_hooks():
    return Hooks(create_plugin_manager(load_entrypoints=False, disabled=()))


@pytest.fixture
def hooks(_module_hooks):
    return _module_hooks


@pytest.fixture(autouse=True)
def _cheap(cheap_hashing):
    return cheap_hashing


def _record(skill_id, status):
    return KnowledgeElementRecord(
        id=0, assessment_id=0, answer_id=0, skill_id=skill_id, status=status,
        source=KnowledgeElementSource.DIRECT, created_at=T0,
    )  # fmt: skip


@pytest.fixture
def world(session, hooks, factories):
    school = factories.organization()
    teacher = factories.user()
    factories.membership(school, teacher, Role.MEMBER)
    context = orga.context_for(session, teacher.id, school.id)
    campaign = campaigns.create_campaign(
        session, hooks, context,
        campaigns.CampaignForm(name="3e", target="pix-demo:competence-1-1"), now=T0,
    )  # fmt: skip
    referential, profile = hooks.referentials().find_target_profile(
        "competence-1-1", referential_id="pix-demo"
    )
    target = target_of(referential, profile)
    rng = random.Random(4)
    snapshots = {}
    for n in range(8):
        learner = factories.learner(school, division="3A" if n % 2 else "3B")
        user = factories.user()
        joined = participations_repo.insert_if_new(
            session, campaign_id=campaign.id, user_id=user.id,
            organization_learner_id=learner.id, external_id=None, now=T0,
        )  # fmt: skip
        assert joined is not None
        if n == 7:
            continue  # still STARTED
        participations_repo.set_status(session, joined.id, ParticipationStatus.TO_SHARE)
        if n == 6:
            continue  # finished, not sent
        records = [
            _record(s.id, rng.choice(list(KnowledgeElementStatus)))
            for s in rng.sample(target.skills, 12)
        ]
        participations_repo.share(
            session, joined.id, knowledge_elements=records, mastery_rate=0,
            validated_skills_count=0, total_skills_count=20, pix_score=0, now=T0,
        )  # fmt: skip
        snapshots[joined.id] = (learner.division, records)
    session.commit()
    return {"context": context, "campaign": campaign, "target": target, "snapshots": snapshots}


@pytest.mark.parametrize("division", [None, "3A"])
def test_collective_results_equal_the_mean_of_the_individual_results(
    session, hooks, world, division
):
    found = campaign_results.collective_results(
        session, hooks, world["context"], world["campaign"].id, division=division
    )
    mine = [
        compute_result(world["target"], records)
        for div, records in world["snapshots"].values()
        if division in (None, div)
    ]
    collective = found.collective
    assert collective is not None
    assert collective.shared == len(mine)
    expected = sum(r.validated for r in mine) / len(mine)
    assert collective.average_validated == pytest.approx(expected)
    assert collective.competences[0].average_validated == pytest.approx(expected)
    assert found.divisions == ("3A", "3B")


def test_the_analysis_counts_the_share_of_pupils_per_level(session, hooks, world):
    found = campaign_results.campaign_analysis(
        session, hooks, world["context"], world["campaign"].id, division=None
    )
    shown = found.analysis
    assert shown is not None
    results = [compute_result(world["target"], r) for _, r in world["snapshots"].values()]
    first_tube = shown.tubes[0]
    level_one_skill = first_tube.tube.skills[0].id
    validated = sum(1 for r in results if level_one_skill in r.validated_skill_ids)
    assert first_tube.levels[0].validated == validated
    assert first_tube.levels[0].shared == len(results)
    assert all(t.percent < 50 for t in shown.priorities)


def test_the_participants_statuses_and_the_shared_detail(session, hooks, world):
    listing = campaign_results.find_participants(
        session, hooks, world["context"], world["campaign"].id, ParticipantQuery()
    )
    statuses = sorted(row.status.value for row in listing.items)
    assert statuses.count(ParticipantStatus.SHARED.value) == 6
    assert statuses.count(ParticipantStatus.TO_SHARE.value) == 1
    assert statuses.count(ParticipantStatus.STARTED.value) == 1
    pid, (_, records) = next(iter(world["snapshots"].items()))
    shown = campaign_results.participant_result(
        session, hooks, world["context"], world["campaign"].id, pid
    )
    assert shown.result == compute_result(world["target"], records)


def test_refusals_change_nothing(session, sessions, hooks, world, factories):
    outsider = factories.user()
    other = factories.organization()
    factories.membership(other, outsider, Role.ADMIN)
    session.commit()
    elsewhere = orga.context_for(session, outsider.id, other.id)
    campaign_id = world["campaign"].id
    before = table_snapshot(sessions)
    with pytest.raises(NotFoundError):
        campaign_results.collective_results(session, hooks, elsewhere, campaign_id, division=None)
    with pytest.raises(NotFoundError):
        campaign_results.participant_result(session, hooks, world["context"], campaign_id, 10**9)
    assert table_snapshot(sessions) == before
    # A participation of another campaign of the same school, under this campaign's address.
    second = campaigns.create_campaign(
        session, hooks, world["context"],
        campaigns.CampaignForm(name="4e", target="pix-demo:competence-1-1"), now=T0,
    )  # fmt: skip
    stray = participations_repo.insert_if_new(
        session, campaign_id=second.id, user_id=outsider.id, organization_learner_id=None,
        external_id=None, now=T0,
    )  # fmt: skip
    session.commit()
    assert stray is not None
    before = table_snapshot(sessions)
    with pytest.raises(NotFoundError):
        campaign_results.participant_result(session, hooks, world["context"], campaign_id, stray.id)
    with pytest.raises(PermissionDeniedError):
        campaign_results.campaign_analysis(session, hooks, None, campaign_id, division=None)  # type: ignore[arg-type]
    assert table_snapshot(sessions) == before

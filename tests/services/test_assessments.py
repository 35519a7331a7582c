"""The pupil's test (pix-rules §7, §9): steps, state in the database, shuffled options, the
checkpoint, timed challenges, the end and sharing, refusals with whole tables unchanged, previews,
and answers at once from many threads."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from pixorga_core.domain.assessments import AnswerStatus
from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.referential import Challenge, ChallengeType
from pixorga_core.engine.shuffle import option_order
from pixorga_core.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from pixorga_core.services import assessments, campaigns, orga
from pixorga_core.services.assessments import AnswerOutcome, Step, Submission
from pixorga_core.storage.repositories import assessments as assessments_repo
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import participations as participations_repo

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
TABLES = (
    "assessments",
    "answers",
    "knowledge_elements",
    "campaign_participations",
    "knowledge_element_snapshots",
    "challenge_reports",
)


@pytest.fixture(autouse=True)
def _cheap(cheap_hashing):
    return cheap_hashing


@attrs.frozen
class World:
    school: object
    teacher: object
    campaign: object


@pytest.fixture
def world(session, hooks, factories):
    school = factories.organization()
    teacher = factories.user(first_name="Claire", last_name="Martin")
    factories.membership(school, teacher, Role.MEMBER)
    context = orga.context_for(session, teacher.id, school.id)
    campaign = campaigns.create_campaign(
        session,
        hooks,
        context,
        campaigns.CampaignForm(name="3e4", target="pix-demo:competence-1-1", title="Recherche"),
        now=T0,
    )
    return World(school=school, teacher=teacher, campaign=campaign)


def join(session, factories, world, **learner):
    """A pupil's account, linked learner and participation (what the join pages create)."""
    user = factories.user()
    pupil = factories.learner(world.school, **learner)
    participation = participations_repo.insert_if_new(
        session,
        campaign_id=world.campaign.id,
        user_id=user.id,
        organization_learner_id=pupil.id,
        external_id=None,
        now=T0,
    )
    assert participation is not None
    return user


def load(session, hooks, world, user):
    return assessments.find_test(session, hooks, code=world.campaign.code, user_id=user.id)


def right(parcours, challenge: Challenge, *, wrong: bool = False) -> Submission:
    """The submission of a pupil who answers ``challenge`` right (or wrong), through the page's
    shuffled positions."""
    order = assessments.shuffled(parcours, challenge)
    if challenge.type is ChallengeType.QCU:
        target = (
            challenge.solution if not wrong else next(i for i in order if i != challenge.solution)
        )
        return Submission(challenge_id=challenge.id, choices=(str(order.index(target) + 1),))
    if challenge.type is ChallengeType.QCM:
        chosen = [] if wrong else [str(order.index(i) + 1) for i in challenge.solution]
        return Submission(challenge_id=challenge.id, choices=tuple(chosen or ["1"]))
    if challenge.type is ChallengeType.QROC:
        return Submission(challenge_id=challenge.id, text="zzz" if wrong else challenge.solution[0])
    return Submission(
        challenge_id=challenge.id,
        fields={f.key: "zzz" if wrong else f.solution[0] for f in challenge.fields},
    )


def step(session, hooks, world, user, *, wrong=False, now=T0):
    parcours = load(session, hooks, world, user)
    if assessments.step_of(parcours) is Step.CHECKPOINT:
        assessments.continue_test(session, hooks, parcours, now=now)
        parcours = load(session, hooks, world, user)
    challenge = assessments.current_challenge(parcours)
    assert challenge is not None
    outcome = assessments.answer(
        session, hooks, parcours, right(parcours, challenge, wrong=wrong), now=now
    )
    assert outcome is AnswerOutcome.STORED
    return challenge


def started(session, hooks, world, user):
    assessments.start(session, hooks, load(session, hooks, world, user), now=T0)
    return load(session, hooks, world, user)


# -- steps and state ---------------------------------------------------------------------------


def test_rules_first_then_one_stored_challenge_shown_on_every_reload(
    session, hooks, factories, world
):
    user = join(session, factories, world)
    parcours = load(session, hooks, world, user)
    assert assessments.step_of(parcours) is Step.RULES
    assert parcours.assessment is None
    assert parcours.title == "Recherche"
    assessments.start(session, hooks, parcours, now=T0)
    first = load(session, hooks, world, user)
    assert assessments.step_of(first) is Step.CHALLENGE
    assert first.assessment.current_challenge_started_at == T0
    again = load(session, hooks, world, user)
    assert again.assessment == first.assessment
    assessments.start(session, hooks, again, now=T0 + timedelta(minutes=1))  # another tab
    assert load(session, hooks, world, user).assessment == first.assessment


def test_an_answer_and_its_knowledge_elements_then_the_next_challenge(
    session, hooks, factories, world
):
    user = join(session, factories, world)
    parcours = started(session, hooks, world, user)
    challenge = step(session, hooks, world, user)
    after = load(session, hooks, world, user)
    (stored,) = assessments_repo.answers(session, after.assessment.id)
    assert (stored.challenge_id, stored.status) == (challenge.id, AnswerStatus.OK)
    elements = assessments_repo.knowledge_elements(session, after.assessment.id)
    assert elements
    assert all(k.answer_id == stored.id for k in elements)
    assert after.assessment.answer_count == 1
    assert after.assessment.current_challenge_id not in (None, challenge.id)
    assert parcours.assessment.id == after.assessment.id


def test_the_draw_is_replayable_from_the_assessment_id_and_count(session, hooks, factories, world):
    user = join(session, factories, world)
    parcours = started(session, hooks, world, user)
    state = assessments.engine_state(session, parcours, attrs.evolve(parcours.assessment))
    import random

    from pixorga_core.engine import service as engine

    algorithm = hooks.assessment_algorithms().get("smart-random")
    redrawn = engine.next_challenge(algorithm, state, random.Random(parcours.assessment.rng_seed))
    assert redrawn.id == parcours.assessment.current_challenge_id


def test_every_draw_is_replayable_from_the_database(session, hooks, factories, world):
    """After each answer the next challenge is drawn from the state the answer extended in
    memory (not read again): it is the one a replay from the stored rows draws."""
    import random

    from pixorga_core.engine import service as engine

    algorithm = hooks.assessment_algorithms().get("smart-random")
    user = join(session, factories, world)
    started(session, hooks, world, user)
    for n in range(12):
        step(session, hooks, world, user, wrong=n % 3 == 1)
        parcours = load(session, hooks, world, user)
        assessment = parcours.assessment
        if assessment.is_completed:
            break
        if assessments.step_of(parcours) is Step.CHECKPOINT:
            assessments.continue_test(session, hooks, parcours)
            assessment = load(session, hooks, world, user).assessment
        state = assessments.engine_state(session, parcours, assessment)
        redrawn = engine.next_challenge(algorithm, state, random.Random(assessment.rng_seed))
        assert redrawn is not None
        assert redrawn.id == assessment.current_challenge_id
    assert n >= 6  # past a checkpoint


def test_every_five_answers_a_checkpoint_with_expected_answers_and_tutorials(
    session, hooks, factories, world
):
    user = join(session, factories, world)
    started(session, hooks, world, user)
    done = [step(session, hooks, world, user, wrong=i % 2 == 1) for i in range(5)]
    parcours = load(session, hooks, world, user)
    assert assessments.step_of(parcours) is Step.CHECKPOINT
    reviews = assessments.review(session, parcours)
    assert [r.challenge.id for r in reviews] == [c.id for c in done]
    assert [r.status for r in reviews] == [AnswerStatus.OK, AnswerStatus.KO] * 2 + [AnswerStatus.OK]
    assert all(r.expected for r in reviews)
    assert any(r.tutorials for r in reviews)
    assessments.continue_test(session, hooks, parcours, now=T0)
    assessments.continue_test(session, hooks, parcours, now=T0)  # twice: one draw
    assert assessments.step_of(load(session, hooks, world, user)) is Step.CHALLENGE


def test_to_the_end_then_sharing_snapshots_the_knowledge_elements(session, hooks, factories, world):
    user = join(session, factories, world)
    started(session, hooks, world, user)
    for _ in range(60):
        parcours = load(session, hooks, world, user)
        if assessments.step_of(parcours) is Step.END:
            break
        step(session, hooks, world, user)
    assert assessments.step_of(parcours) is Step.END
    assert parcours.participation.status is ParticipationStatus.TO_SHARE
    results = assessments.results(session, parcours)
    assert results.percent == 100
    assert results.competences[0].code == "1.1"
    with pytest.raises(PermissionDeniedError):
        assessments.answer(
            session, hooks, attrs.evolve(parcours, refusal="x"), Submission(challenge_id="x")
        )
    assessments.share_results(session, parcours, now=T0 + timedelta(hours=1))
    shared = participations_repo.get(session, parcours.participation.id)
    assert shared.status is ParticipationStatus.SHARED
    assert shared.shared_at == T0 + timedelta(hours=1)
    assert shared.mastery_rate == 1.0
    # The export's counts per competence (issue #15), from what was shared.
    assert shared.validated_by_competence == {
        c.competence_id: c.validated for c in results.competences
    }
    snapshot = participations_repo.snapshot(session, shared.id)
    elements = assessments_repo.knowledge_elements(session, parcours.assessment.id)
    assert sorted(s.skill_id for s in snapshot) == sorted(k.skill_id for k in elements)
    with pytest.raises(InvalidInputError, match="déjà été envoyés"):
        assessments.share_results(session, load(session, hooks, world, user))


def test_sharing_before_the_end_is_refused(session, hooks, factories, world, table_snapshot):
    user = join(session, factories, world)
    parcours = started(session, hooks, world, user)
    before = table_snapshot(*TABLES)
    with pytest.raises(InvalidInputError, match="pas terminé"):
        assessments.share_results(session, parcours)
    assert table_snapshot(*TABLES) == before


# -- shuffled options --------------------------------------------------------------------------


def test_options_are_shuffled_per_assessment_and_stable():
    orders = {option_order(seed, "chal-1", 4) for seed in range(1, 40)}
    assert len(orders) > 5
    assert option_order(7, "chal-1", 4) == option_order(7, "chal-1", 4)
    assert sorted(option_order(7, "chal-1", 4)) == [0, 1, 2, 3]


def test_a_position_on_the_page_maps_back_to_the_stored_number(session, hooks, factories, world):
    user = join(session, factories, world)
    parcours = started(session, hooks, world, user)
    challenge = assessments.current_challenge(parcours)
    order = assessments.shuffled(parcours, challenge)
    assert order == assessments.shuffled(load(session, hooks, world, user), challenge)
    assessments.answer(session, hooks, parcours, right(parcours, challenge), now=T0)
    (stored,) = assessments_repo.answers(session, parcours.assessment.id)
    assert stored.status is AnswerStatus.OK


# -- timed challenges --------------------------------------------------------------------------


def _timed(parcours, seconds=30):
    challenge = assessments.current_challenge(parcours)
    timed = attrs.evolve(challenge, timer_seconds=seconds)
    referential = attrs.evolve(
        parcours.referential,
        challenges=tuple(
            timed if c.id == challenge.id else c for c in parcours.referential.challenges
        ),
    )
    return attrs.evolve(parcours, referential=referential), timed


def test_a_timed_challenge_answered_in_time_counts(session, hooks, factories, world):
    user = join(session, factories, world)
    parcours, timed = _timed(started(session, hooks, world, user))
    assert assessments.seconds_left(parcours, timed, T0 + timedelta(seconds=10)) == 20
    assessments.answer(
        session, hooks, parcours, right(parcours, timed), now=T0 + timedelta(seconds=29)
    )
    (stored,) = assessments_repo.answers(session, parcours.assessment.id)
    assert (stored.status, stored.timed_out, stored.time_spent) == (AnswerStatus.OK, False, 29)


def test_a_right_answer_past_the_time_counts_as_wrong(session, hooks, factories, world):
    user = join(session, factories, world)
    parcours, timed = _timed(started(session, hooks, world, user))
    assessments.answer(
        session, hooks, parcours, right(parcours, timed), now=T0 + timedelta(seconds=45)
    )
    (stored,) = assessments_repo.answers(session, parcours.assessment.id)
    assert (stored.status, stored.timed_out) == (AnswerStatus.KO, True)
    elements = assessments_repo.knowledge_elements(session, parcours.assessment.id)
    assert all(k.status.value == "invalidated" for k in elements)


# -- bad input: refused, whole tables unchanged ------------------------------------------------


@pytest.fixture
def at_challenge(session, hooks, factories, world):
    user = join(session, factories, world)
    started(session, hooks, world, user)
    step(session, hooks, world, user)
    return user


def test_an_answer_to_a_challenge_already_answered_stores_nothing(
    session, hooks, world, at_challenge, table_snapshot
):
    parcours = load(session, hooks, world, at_challenge)
    (done,) = assessments_repo.answers(session, parcours.assessment.id)
    before = table_snapshot(*TABLES)
    late = Submission(challenge_id=done.challenge_id, choices=("1",), text="x")
    assert assessments.answer(session, hooks, parcours, late) is AnswerOutcome.STALE
    assert table_snapshot(*TABLES) == before


def test_an_answer_to_a_challenge_not_current_stores_nothing(
    session, hooks, world, at_challenge, table_snapshot
):
    parcours = load(session, hooks, world, at_challenge)
    other = next(
        c
        for c in parcours.referential.challenges
        if c.id != parcours.assessment.current_challenge_id
    )
    before = table_snapshot(*TABLES)
    submission = Submission(challenge_id=other.id, choices=("1",), text="x")
    assert assessments.answer(session, hooks, parcours, submission) is AnswerOutcome.STALE
    assert table_snapshot(*TABLES) == before


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("forged", "ne fait pas partie"),
        ("option", "aucune proposition"),
        ("option-text", "aucune proposition"),
        ("long", "1000"),
    ],
)
def test_bad_answers_are_refused(
    session, hooks, world, at_challenge, table_snapshot, kind, message
):
    parcours = load(session, hooks, world, at_challenge)
    challenge = assessments.current_challenge(parcours)
    submission = {
        "forged": Submission(challenge_id="rec-forged'--", choices=("1",)),
        "option": Submission(challenge_id=challenge.id, choices=("1", "99")),
        "option-text": Submission(challenge_id=challenge.id, choices=("un",)),
        "long": Submission(
            challenge_id=challenge.id,
            choices=("1" * 100_000,) if challenge.proposals else (),
            text="a" * 100_000,
            fields={f.key: "a" * 100_000 for f in challenge.fields},
        ),
    }[kind]
    if kind == "long" and challenge.proposals:
        message = "aucune proposition"
    before = table_snapshot(*TABLES)
    with pytest.raises(InvalidInputError, match=message):
        assessments.answer(session, hooks, parcours, submission)
    assert table_snapshot(*TABLES) == before


def test_a_hundred_thousand_character_open_answer_is_refused(session, hooks, world, at_challenge):
    parcours = load(session, hooks, world, at_challenge)
    qroc = next(c for c in parcours.referential.challenges if c.type is ChallengeType.QROC)
    from pixorga_core.engine.answers import check_answer

    with pytest.raises(InvalidInputError) as caught:
        check_answer(qroc, "a" * 100_000)
    assert caught.value.code == "ANSWER_TOO_LONG"


@pytest.mark.parametrize("code", ["AAAAAA222", "QWERTY23", "<script>", "", "../../etc"])
def test_a_tampered_code_is_not_found(session, hooks, factories, world, code):
    user = join(session, factories, world)
    with pytest.raises(NotFoundError, match="introuvable"):
        assessments.find_test(session, hooks, code=code, user_id=user.id)


def test_a_code_is_read_in_any_case_with_spaces_and_dashes(session, hooks, factories, world):
    user = join(session, factories, world)
    typed = " " + world.campaign.code[:3].lower() + "-" + world.campaign.code[3:] + " "
    assert assessments.find_test(session, hooks, code=typed, user_id=user.id).campaign.id == (
        world.campaign.id
    )


def test_another_pupils_assessment_is_out_of_reach(session, hooks, factories, world, at_challenge):
    stranger = factories.user()
    with pytest.raises(NotFoundError) as caught:
        assessments.find_test(session, hooks, code=world.campaign.code, user_id=stranger.id)
    assert caught.value.code == "NO_PARTICIPATION"


def test_an_archived_campaign_takes_no_more_answers_nor_sharing(
    session, hooks, world, at_challenge, table_snapshot
):
    campaigns_repo.set_archived(session, world.campaign.id, by_user_id=world.teacher.id, now=T0)
    parcours = load(session, hooks, world, at_challenge)
    assert parcours.refusal == assessments.ARCHIVED
    challenge = assessments.current_challenge(parcours)
    before = table_snapshot(*TABLES)
    with pytest.raises(PermissionDeniedError, match="archivée"):
        assessments.answer(session, hooks, parcours, right(parcours, challenge))
    with pytest.raises(PermissionDeniedError, match="archivée"):
        assessments.share_results(session, parcours)
    assert table_snapshot(*TABLES) == before


def test_a_disabled_pupil_takes_no_more_answers(session, hooks, factories, world, table_snapshot):
    user = join(session, factories, world, is_disabled=True)
    parcours = load(session, hooks, world, user)
    assert parcours.refusal == assessments.DISABLED_PUPIL
    before = table_snapshot(*TABLES)
    with pytest.raises(PermissionDeniedError, match="désactivée"):
        assessments.start(session, hooks, parcours)
    assert table_snapshot(*TABLES) == before


# -- « Signaler un problème » ------------------------------------------------------------------


def test_a_report_is_stored_with_the_challenge(session, hooks, world, at_challenge, table_snapshot):
    parcours = load(session, hooks, world, at_challenge)
    current = parcours.assessment.current_challenge_id
    assessments.report_problem(
        session, parcours, challenge_id=current, text="  L'image ne s'affiche pas "
    )
    (report,) = assessments_repo.reports(session, parcours.assessment.id)
    assert (report.challenge_id, report.text) == (current, "L'image ne s'affiche pas")
    before = table_snapshot(*TABLES)
    for challenge_id, text, message in [
        (current, "x" * 501, "500"),
        (current, "   ", "Décrivez"),
        ("rec-forged", "bonjour", "ne fait pas partie"),
    ]:
        with pytest.raises(InvalidInputError, match=message):
            assessments.report_problem(session, parcours, challenge_id=challenge_id, text=text)
    assert table_snapshot(*TABLES) == before


# -- « Tester la campagne » --------------------------------------------------------------------


def test_a_member_previews_without_a_participation(session, hooks, factories, world):
    preview = assessments.find_preview(
        session, hooks, code=world.campaign.code, user_id=world.teacher.id
    )
    assert preview.is_preview
    assert preview.assessment is None
    assessments.start(session, hooks, preview, now=T0)
    preview = assessments.find_preview(
        session, hooks, code=world.campaign.code, user_id=world.teacher.id
    )
    assert preview.assessment.is_preview
    assert preview.assessment.participation_id is None
    challenge = assessments.current_challenge(preview)
    assessments.answer(session, hooks, preview, right(preview, challenge), now=T0)
    assert participations_repo.list_for_campaign(session, world.campaign.id) == []
    assert campaigns_repo.counts(session, world.campaign.id).participants == 0
    with pytest.raises(PermissionDeniedError, match="aperçu"):
        assessments.share_results(session, preview)
    first = preview.assessment.id
    assessments.restart_preview(session, hooks, preview, now=T0)
    again = assessments.find_preview(
        session, hooks, code=world.campaign.code, user_id=world.teacher.id
    )
    assert again.assessment.id != first
    assert again.assessment.answer_count == 0


def test_a_non_member_cannot_preview(session, hooks, factories, world):
    outsider = factories.user()
    factories.membership(factories.organization(), outsider, Role.ADMIN)
    with pytest.raises(PermissionDeniedError, match="membre"):
        assessments.find_preview(session, hooks, code=world.campaign.code, user_id=outsider.id)


# -- at once, on real threads ------------------------------------------------------------------


def _run(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def test_thirty_pupils_answering_at_once_store_every_answer_once(
    session, sessions, hooks, factories, world
):
    users = [join(session, factories, world) for _ in range(30)]
    for user in users:
        assessments.start(session, hooks, load(session, hooks, world, user), now=T0)
    session.commit()
    barrier = threading.Barrier(len(users))
    failures: list[BaseException] = []

    def pupil(user) -> None:
        try:
            barrier.wait(timeout=60)
            for _ in range(3):
                with sessions() as own, own.begin():
                    step(own, hooks, world, user)
        except BaseException as error:
            failures.append(error)

    _run([threading.Thread(target=pupil, args=(u,)) for u in users])
    assert failures == []
    with sessions() as check:
        for user in users:
            parcours = load(check, hooks, world, user)
            answers = assessments_repo.answers(check, parcours.assessment.id)
            assert len(answers) == 3 == parcours.assessment.answer_count
            assert len({a.challenge_id for a in answers}) == 3


def test_two_tabs_submitting_at_once_store_one_answer(session, sessions, hooks, factories, world):
    user = join(session, factories, world)
    assessments.start(session, hooks, load(session, hooks, world, user), now=T0)
    session.commit()
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def tab() -> None:
        try:
            with sessions() as page:  # the page each tab shows
                parcours = load(page, hooks, world, user)
                submission = right(parcours, assessments.current_challenge(parcours))
            barrier.wait(timeout=30)
            with sessions() as own, own.begin():  # the two submits, at once
                parcours = load(own, hooks, world, user)
                outcomes.append(assessments.answer(own, hooks, parcours, submission, now=T0))
        except BaseException as error:
            outcomes.append(error)

    _run([threading.Thread(target=tab) for _ in range(2)])
    assert sorted(map(str, outcomes)) == sorted(
        map(str, [AnswerOutcome.STORED, AnswerOutcome.STALE])
    )
    with sessions() as check:
        parcours = load(check, hooks, world, user)
        assert len(assessments_repo.answers(check, parcours.assessment.id)) == 1

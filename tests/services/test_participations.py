"""The pupil's way in (pix-rules §4.1, §4.4, §5, §7): a code, the identity declaration, the
account made from the imported data or the account linked, the participation; every refusal
leaves every table as it was; parallel joins make one account and one participation."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest

from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.errors import InvalidInputError, NotFoundError
from pixorga_core.hooks import hookimpl
from pixorga_core.names import normalize_name
from pixorga_core.services import campaigns, orga, participations
from pixorga_core.services.participations import (
    AccountForm,
    AccountKind,
    JoinRefusal,
    JoinRefusedError,
    JoinStep,
)
from pixorga_core.services.passwords import POLICY_MESSAGE
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.storage.repositories import users as users_repo

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
PASSWORD = "Azerty123"
BIRTH = date(2011, 6, 23)


class Usernames:
    """The login_generator plugin's rule, for core tests: ``prenom.nom`` + DDMM, then 4 digits
    counted up from 1000 when taken (a plugin, so the core suite does not import it)."""

    @hookimpl
    def pixorga_generate_username(self, learner, is_taken):
        stem = f"{normalize_name(learner.first_name)}.{normalize_name(learner.last_name)}"
        candidate = stem + learner.birthdate.strftime("%d%m")
        suffix = 1000
        while is_taken(candidate):
            candidate, suffix = f"{stem}{suffix}", suffix + 1
        return candidate


@pytest.fixture(autouse=True)
def _setup(cheap_hashing, pm):
    pm.register(Usernames(), name="test-usernames")


@pytest.fixture
def school(factories):
    return factories.organization(name="Collège Pix")


@pytest.fixture
def teacher(factories, school):
    user = factories.user(first_name="Sophie", last_name="Pix")
    factories.membership(school, user, Role.MEMBER)
    return user


@pytest.fixture
def alan(factories, school):
    return factories.learner(school, first_name="Alan", last_name="Turing", birthdate=BIRTH)


def new_campaign(session, hooks, teacher, school, **overrides):
    context = orga.context_for(session, teacher.id, school.id)
    values = {"name": "Classe de 3e4", "target": "pix-demo:competence-1-1"}
    values.update(overrides)
    return campaigns.create_campaign(session, hooks, context, campaigns.CampaignForm(**values))


@pytest.fixture
def campaign(session, hooks, teacher, school):
    return new_campaign(session, hooks, teacher, school, title="Mener une recherche")


def alan_declared(**overrides):
    values = {"first_name": "Alan", "last_name": "Turing", "birthdate": "23/06/2011"}
    values.update(overrides)
    return participations.declaration(**values)


def sign_up(session, hooks, campaign, declared=None, **form):
    return participations.create_account_and_join(
        session,
        hooks,
        campaign.code,
        declared or alan_declared(),
        AccountForm(**{"password": PASSWORD, **form}),
        now=T0,
    )


# -- the code ----------------------------------------------------------------------------------


def test_a_code_is_found_in_any_case_spaces_and_dashes_ignored(session, hooks, campaign):
    code = campaign.code
    typed = f" {code[:3].lower()}-{code[3:6]} {code[6:]} "
    entry = participations.find_campaign(session, hooks, typed)
    assert entry.campaign.id == campaign.id
    assert entry.organization.name == "Collège Pix"
    assert entry.heading == "Mener une recherche"
    assert entry.refusal is None


@pytest.mark.parametrize("typed", ["ZZZZZZ999", "QWERTY23", "<script>", "' OR 1=1 --"])
def test_an_unknown_code_is_refused(session, hooks, campaign, typed):
    with pytest.raises(NotFoundError) as raised:
        participations.find_campaign(session, hooks, typed)
    assert raised.value.message == (
        "Ce code est introuvable. Vérifiez-le auprès de votre enseignant."
    )


def test_an_empty_code_asks_for_one(session, hooks):
    with pytest.raises(InvalidInputError) as raised:
        participations.find_campaign(session, hooks, " - ")
    assert "code" in raised.value.field_errors


# -- the declaration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"birthdate": "23/06/2011"},
        {"birthdate": "23 06 2011"},
        {"birthdate": "23-6-2011"},
        {"birthdate": "23062011"},
        {"day": "23", "month": "06", "year": "2011"},
        {"day": " 23", "month": "6", "year": "2011 "},
    ],
)
def test_the_birthdate_in_one_field_or_three(fields):
    declared = participations.declaration("Alan", "Turing", **fields)
    assert declared.birthdate == BIRTH


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"birthdate": ""}, participations.BIRTHDATE_REQUIRED),
        ({"birthdate": "31/02/2011"}, participations.BIRTHDATE_INVALID),
        ({"birthdate": "23/06"}, participations.BIRTHDATE_INVALID),
        ({"birthdate": "demain"}, participations.BIRTHDATE_INVALID),
        ({"day": "23", "month": "13", "year": "2011"}, participations.BIRTHDATE_INVALID),
        ({"birthdate": "23/06/0011"}, participations.BIRTHDATE_INVALID),
    ],
)
def test_a_wrong_birthdate_is_refused_next_to_its_field(fields, message):
    with pytest.raises(InvalidInputError) as raised:
        participations.declaration("Alan", "Turing", **fields)
    assert raised.value.field_errors == {"birthdate": message}


def test_names_are_required():
    with pytest.raises(InvalidInputError) as raised:
        participations.declaration(" ", "", "23/06/2011")
    assert set(raised.value.field_errors) == {"first_name", "last_name"}


def test_a_declaration_proposes_the_identifier_from_the_imported_data(
    session, hooks, campaign, factories, school
):
    factories.learner(school, first_name="Jean-Éric", last_name="Dupont", birthdate=BIRTH)
    typed = participations.declaration("jean eric", "DUPONT", "23/06/2011")
    match = participations.match_declaration(session, hooks, campaign.code, typed)
    assert match.learner.first_name == "Jean-Éric"
    assert match.proposed_username == "jeaneric.dupont2306"


# -- a new account -------------------------------------------------------------------------------


def test_sign_up_with_the_identifier_links_logs_and_starts(session, hooks, campaign, alan):
    made = sign_up(session, hooks, campaign)
    assert made.user.username == "alan.turing2306"
    assert made.user.email is None
    assert not made.username_changed
    assert learners_repo.get_many(session, [alan.id])[0].user_id == made.user.id
    assert made.outcome.step is JoinStep.TEST
    participation = made.outcome.participation
    assert participation.status is ParticipationStatus.STARTED
    assert (participation.user_id, participation.organization_learner_id) == (
        made.user.id,
        alan.id,
    )
    assert users_repo.get_password_method(session, made.user.id) is not None


def test_sign_up_with_an_e_mail(session, hooks, campaign, alan):
    made = sign_up(session, hooks, campaign, kind=AccountKind.EMAIL, email=" Alan@Exemple.FR ")
    assert (made.user.email, made.user.username) == ("alan@exemple.fr", None)
    assert made.outcome.step is JoinStep.TEST


def test_the_account_announces_itself_after_commit(session, hooks, campaign, alan, hook_recorder):
    made = sign_up(session, hooks, campaign)
    assert hook_recorder.calls("pixorga_account_created") == []
    session.commit()
    call = hook_recorder.popcall("pixorga_account_created")
    assert call.kwargs["user"].id == made.user.id
    assert call.kwargs["learner"].id == alan.id


def test_a_taken_identifier_gets_another_one(session, hooks, campaign, alan, factories):
    factories.user(email=None, username="alan.turing2306")
    match = participations.match_declaration(session, hooks, campaign.code, alan_declared())
    assert match.proposed_username == "alan.turing1000"
    made = sign_up(session, hooks, campaign)
    assert made.user.username == "alan.turing1000"


def test_the_identifier_shown_then_taken_meanwhile_is_replaced(session, hooks, campaign, alan):
    shown = participations.match_declaration(session, hooks, campaign.code, alan_declared())
    users_repo.add(
        session,
        first_name="Autre",
        last_name="Élève",
        email=None,
        username=shown.proposed_username,
        cgu_accepted=True,
        now=T0,
    )
    made = participations.create_account_and_join(
        session,
        hooks,
        campaign.code,
        alan_declared(),
        AccountForm(password=PASSWORD),
        proposed_username=shown.proposed_username,
    )
    assert made.user.username == "alan.turing1000"
    assert made.username_changed


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"password": "court"}, "password", POLICY_MESSAGE),
        ({"password": "sansmajuscule1"}, "password", POLICY_MESSAGE),
        ({"password": "x" * 300}, "password", None),
        ({"kind": AccountKind.EMAIL, "email": ""}, "email", participations.EMAIL_REQUIRED),
        ({"kind": AccountKind.EMAIL, "email": "alan@"}, "email", participations.EMAIL_INVALID),
        (
            {"kind": AccountKind.EMAIL, "email": "pris@ecole.test"},
            "email",
            participations.EMAIL_TAKEN,
        ),
    ],
)
def test_a_wrong_account_form_creates_nothing(
    session, hooks, campaign, alan, factories, table_snapshot, form, field, message
):
    factories.user(email="pris@ecole.test")
    before = table_snapshot()
    with pytest.raises(InvalidInputError) as raised:
        sign_up(session, hooks, campaign, **{"password": PASSWORD, **form})
    assert field in raised.value.field_errors
    if message:
        assert raised.value.field_errors[field] == message
    assert table_snapshot() == before


# -- refusals: nothing written ---------------------------------------------------------------------


def refused(session, hooks, table_snapshot, call, refusal: JoinRefusal) -> JoinRefusedError:
    before = table_snapshot()
    with pytest.raises(JoinRefusedError) as raised:
        call()
    assert raised.value.refusal is refusal
    assert table_snapshot() == before
    return raised.value


def test_no_match_says_to_check_or_ask_the_teacher(session, hooks, campaign, alan, table_snapshot):
    for declared in (alan_declared(first_name="Ada"), alan_declared(birthdate="24/06/2011")):
        error = refused(
            session,
            hooks,
            table_snapshot,
            lambda d=declared: sign_up(session, hooks, campaign, d),
            JoinRefusal.NO_MATCH,
        )
        assert "Vérifiez vos informations" in error.message
        assert "contactez votre enseignant" in error.message


def test_a_close_spelling_still_matches(session, hooks, campaign, alan):
    made = sign_up(session, hooks, campaign, alan_declared(first_name="Alann", last_name="turing"))
    assert made.outcome.learner.id == alan.id


def test_a_disabled_pupil_is_refused(session, hooks, campaign, factories, school, table_snapshot):
    factories.learner(
        school, first_name="Alan", last_name="Turing", birthdate=BIRTH, is_disabled=True
    )
    error = refused(
        session,
        hooks,
        table_snapshot,
        lambda: sign_up(session, hooks, campaign),
        JoinRefusal.LEARNER_DISABLED,
    )
    assert "ne faites plus partie" in error.message


def test_a_pupil_linked_to_another_account_is_told_its_login_obfuscated(
    session, hooks, campaign, factories, school, table_snapshot
):
    owner = factories.user(email=None, username="alan.turing2306")
    factories.learner(
        school, first_name="Alan", last_name="Turing", birthdate=BIRTH, user_id=owner.id
    )
    for call in (
        lambda: participations.match_declaration(session, hooks, campaign.code, alan_declared()),
        lambda: sign_up(session, hooks, campaign),
    ):
        error = refused(session, hooks, table_snapshot, call, JoinRefusal.LEARNER_ALREADY_LINKED)
        assert "a***.t***2306" in error.message
        assert "alan.turing" not in error.message


def test_obfuscated_logins(factories):
    assert participations.obfuscate(factories.user(email="ada@exemple.fr")) == "a***@exemple.fr"
    assert participations.obfuscate(factories.user(email=None, username="x.y")) == "x***.y***"
    assert "Médiacentre" in participations.obfuscate(factories.user(email=None, password=None))


@pytest.mark.parametrize("state", ["archived", "deleted", "algorithm", "referential"])
def test_a_closed_campaign_is_refused(
    session, hooks, campaign, alan, teacher, school, table_snapshot, state
):
    from pixorga_core.storage.repositories import campaigns as campaigns_repo

    if state == "archived":
        campaigns_repo.set_archived(session, campaign.id, by_user_id=teacher.id, now=T0)
    elif state == "deleted":
        campaigns_repo.soft_delete(session, campaign.id, by_user_id=teacher.id, now=T0)
    else:
        from pixorga_core.storage.models import CampaignRow

        row = session.get(CampaignRow, campaign.id)
        if state == "algorithm":
            row.algorithm = "gone"
        else:
            row.referential_id = "gone"
        session.flush()
    entry = participations.find_campaign(session, hooks, campaign.code)
    assert entry.refusal
    for call in (
        lambda: participations.match_declaration(session, hooks, campaign.code, alan_declared()),
        lambda: sign_up(session, hooks, campaign),
        lambda: participations.join_as_user(session, hooks, campaign.code, teacher.id),
    ):
        error = refused(session, hooks, table_snapshot, call, JoinRefusal.CAMPAIGN_CLOSED)
        assert error.message == entry.refusal


# -- a logged-in account -----------------------------------------------------------------------


def test_a_logged_in_account_not_linked_declares_then_is_linked(
    session, hooks, campaign, alan, factories
):
    user = factories.user(email="alan.perso@exemple.fr")
    first = participations.join_as_user(session, hooks, campaign.code, user.id)
    assert first.step is JoinStep.DECLARE
    joined = participations.join_as_user(
        session, hooks, campaign.code, user.id, declared=alan_declared()
    )
    assert joined.step is JoinStep.TEST
    assert learners_repo.get_many(session, [alan.id])[0].user_id == user.id
    assert joined.participation.user_id == user.id


def test_a_linked_pupil_goes_straight_to_the_test_and_back_to_it(
    session, hooks, campaign, factories, school
):
    user = factories.user(email=None, username="alan.turing2306")
    factories.learner(
        school, first_name="Alan", last_name="Turing", birthdate=BIRTH, user_id=user.id
    )
    first = participations.join_as_user(session, hooks, campaign.code, user.id)
    again = participations.join_as_user(session, hooks, campaign.code, user.id)
    assert first.step is again.step is JoinStep.TEST
    assert first.participation.id == again.participation.id
    assert len(participations_repo.list_for_campaign(session, campaign.id)) == 1


def test_a_linked_but_disabled_pupil_is_refused(
    session, hooks, campaign, factories, school, table_snapshot
):
    user = factories.user(email=None, username="alan.turing2306")
    factories.learner(school, first_name="Alan", user_id=user.id, is_disabled=True)
    refused(
        session,
        hooks,
        table_snapshot,
        lambda: participations.join_as_user(session, hooks, campaign.code, user.id),
        JoinRefusal.LEARNER_DISABLED,
    )


def test_an_account_linked_to_another_pupil_of_the_school_is_refused(
    session, hooks, campaign, alan, factories, school, table_snapshot
):
    user = factories.user(email="grand.frere@exemple.fr")
    factories.learner(school, first_name="Paul", last_name="Turing", user_id=user.id)
    error = refused(
        session,
        hooks,
        table_snapshot,
        lambda: participations.join_as_user(
            session, hooks, campaign.code, user.id, declared=alan_declared()
        ),
        JoinRefusal.ACCOUNT_LINKED_TO_ANOTHER_LEARNER,
    )
    assert "déjà rattaché à un autre élève" in error.message


def test_a_logged_in_account_declaring_a_pupil_linked_elsewhere_is_refused(
    session, hooks, campaign, factories, school, table_snapshot
):
    owner = factories.user(email="alan@exemple.fr")
    factories.learner(
        school, first_name="Alan", last_name="Turing", birthdate=BIRTH, user_id=owner.id
    )
    intruder = factories.user(email="intrus@exemple.fr")
    error = refused(
        session,
        hooks,
        table_snapshot,
        lambda: participations.join_as_user(
            session, hooks, campaign.code, intruder.id, declared=alan_declared()
        ),
        JoinRefusal.LEARNER_ALREADY_LINKED,
    )
    assert "a***@exemple.fr" in error.message


def test_a_pupil_of_school_a_cannot_join_school_b(
    session, hooks, factories, school, alan, table_snapshot
):
    school_b = factories.organization(name="Lycée B")
    teacher_b = factories.user()
    factories.membership(school_b, teacher_b)
    campaign_b = new_campaign(session, hooks, teacher_b, school_b)
    user = factories.user(email=None, username="alan.turing2306")
    learners_repo.link_user(session, alan.id, user.id, now=T0)
    outcome = participations.join_as_user(session, hooks, campaign_b.code, user.id)
    assert outcome.step is JoinStep.DECLARE
    error = refused(
        session,
        hooks,
        table_snapshot,
        lambda: participations.join_as_user(
            session, hooks, campaign_b.code, user.id, declared=alan_declared()
        ),
        JoinRefusal.NO_MATCH,
    )
    assert "Lycée B" in error.message
    refused(
        session,
        hooks,
        table_snapshot,
        lambda: sign_up(session, hooks, campaign_b),
        JoinRefusal.NO_MATCH,
    )


def test_results_already_sent_send_the_pupil_to_my_campaigns(
    session, hooks, campaign, alan, table_snapshot
):
    made = sign_up(session, hooks, campaign)
    participations_repo.set_status(
        session, made.outcome.participation.id, ParticipationStatus.SHARED
    )
    error = refused(
        session,
        hooks,
        table_snapshot,
        lambda: participations.join_as_user(session, hooks, campaign.code, made.user.id),
        JoinRefusal.ALREADY_PARTICIPATED,
    )
    assert "Mes parcours" in error.message


def test_the_pupil_who_participated_with_another_account_is_refused(
    session, hooks, campaign, alan, factories, table_snapshot
):
    made = sign_up(session, hooks, campaign)
    from pixorga_core.storage.models import OrganizationLearnerRow

    other = factories.user(email="autre@exemple.fr")
    session.get(OrganizationLearnerRow, alan.id).user_id = other.id
    session.flush()
    assert made.outcome.participation is not None
    refused(
        session,
        hooks,
        table_snapshot,
        lambda: participations.join_as_user(session, hooks, campaign.code, other.id),
        JoinRefusal.ALREADY_PARTICIPATED,
    )


# -- the external identifier ---------------------------------------------------------------------


def test_the_external_identifier_is_asked_before_the_test(
    session, hooks, teacher, school, alan, table_snapshot
):
    asking = new_campaign(
        session, hooks, teacher, school, asks_external_id=True, external_id_label="Numéro élève"
    )
    made = sign_up(session, hooks, asking)
    assert made.outcome.step is JoinStep.EXTERNAL_ID
    assert participations_repo.list_for_campaign(session, asking.id) == []
    before = table_snapshot()
    with pytest.raises(InvalidInputError) as raised:
        participations.join_as_user(session, hooks, asking.code, made.user.id, external_id="  ")
    assert raised.value.field_errors == {"external_id": "Saisissez votre numéro élève."}
    with pytest.raises(InvalidInputError):
        participations.join_as_user(
            session, hooks, asking.code, made.user.id, external_id="9" * 300
        )
    assert table_snapshot() == before
    joined = participations.join_as_user(
        session, hooks, asking.code, made.user.id, external_id=" 12 345 "
    )
    assert joined.step is JoinStep.TEST
    assert joined.participation.external_id == "12 345"


def test_an_external_identifier_is_ignored_when_none_is_asked(session, hooks, campaign, alan):
    made = sign_up(session, hooks, campaign)
    again = participations.join_as_user(
        session, hooks, campaign.code, made.user.id, external_id="forged"
    )
    assert again.participation.external_id is None


# -- « Mes parcours » ------------------------------------------------------------------------------


def test_my_campaigns_lists_the_participations(session, hooks, campaign, alan):
    made = sign_up(session, hooks, campaign)
    mine = participations.my_campaigns(session, made.user.id)
    assert [(m.campaign.id, m.heading, m.can_resume) for m in mine] == [
        (campaign.id, "Mener une recherche", True)
    ]


# -- under concurrency ---------------------------------------------------------------------------


def run_in_parallel(sessions, count, work):
    barrier = threading.Barrier(count)
    results, failures = [], []
    lock = threading.Lock()

    def run(index):
        try:
            with sessions() as own, own.begin():
                barrier.wait(timeout=30)
                result = work(own, index)
            with lock:
                results.append(result)
        except Exception as exc:
            with lock:
                failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, failures


def test_two_parallel_sign_ups_of_one_pupil_make_one_account(
    sessions, session, hooks, campaign, alan
):
    session.commit()
    code = campaign.code
    results, failures = run_in_parallel(
        sessions,
        2,
        lambda own, i: (
            participations.create_account_and_join(
                own, hooks, code, alan_declared(), AccountForm(password=PASSWORD)
            ).user.id
        ),
    )
    assert len(results) == 1
    assert [f.refusal for f in failures] == [JoinRefusal.LEARNER_ALREADY_LINKED]
    with sessions() as fresh:
        assert users_repo.username_exists(fresh, "alan.turing2306")
        assert learners_repo.get_many(fresh, [alan.id])[0].user_id == results[0]
        assert len(participations_repo.list_for_campaign(fresh, campaign.id)) == 1


def test_two_parallel_joins_of_one_logged_in_pupil_make_one_participation(
    sessions, session, hooks, campaign, alan, factories
):
    user = factories.user(email="alan@exemple.fr")
    session.commit()
    code = campaign.code
    results, failures = run_in_parallel(
        sessions,
        4,
        lambda own, i: (
            participations.join_as_user(
                own, hooks, code, user.id, declared=alan_declared()
            ).participation.id
        ),
    )
    assert failures == []
    assert len(set(results)) == 1
    with sessions() as fresh:
        assert len(participations_repo.list_for_campaign(fresh, campaign.id)) == 1
        assert learners_repo.get_many(fresh, [alan.id])[0].user_id == user.id


def test_homonyms_signing_up_at_once_get_distinct_usernames(
    sessions, session, hooks, campaign, factories, school
):
    twins = [
        factories.learner(school, first_name="Alan", last_name="Turing", birthdate=BIRTH),
        factories.learner(
            school, first_name="Alan", last_name="Turing", birthdate=date(2012, 6, 23)
        ),
    ]
    session.commit()
    code = campaign.code

    def work(own, index):
        # Each is shown the same identifier: both tried it at once, the UNIQUE constraint
        # decides and the one refused gets another in its SAVEPOINT.
        born = "23/06/2011" if index == 0 else "23/06/2012"
        return participations.create_account_and_join(
            own,
            hooks,
            code,
            participations.declaration("Alan", "Turing", born),
            AccountForm(password=PASSWORD),
            proposed_username="alan.turing2306",
        ).user.username

    results, failures = run_in_parallel(sessions, 2, work)
    assert failures == []
    assert sorted(results) == ["alan.turing1000", "alan.turing2306"]
    with sessions() as fresh:
        linked = learners_repo.get_many(fresh, [t.id for t in twins])
        assert all(learner.user_id is not None for learner in linked)


def test_a_pupil_is_told_from_other_accounts(session, hooks, campaign, alan, factories):
    teacher_like = factories.user(email="quelquun@exemple.fr")
    made = sign_up(session, hooks, campaign)
    assert participations.is_pupil(session, made.user.id)
    assert not participations.is_pupil(session, teacher_like.id)

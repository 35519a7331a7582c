"""« Campagnes » (pix-rules §7): creation and its code, the list, the page, edits, archiving,
deletion, campaigns whose referential or algorithm is gone, and the rights walk."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

import attrs
import pytest

from pixorga_core.domain.campaigns import ParticipationStatus, is_code_shaped
from pixorga_core.domain.memberships import Role
from pixorga_core.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from pixorga_core.facade import Hooks
from pixorga_core.pluginmanager import create_plugin_manager
from pixorga_core.services import campaigns, orga
from pixorga_core.storage.repositories import assessments as assessments_repo
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import participations as participations_repo

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
C11 = "pix-demo:competence-1-1"
BASE = "https://pixorga.example"


@pytest.fixture(scope="module")
def _module_hooks():
    return Hooks(create_plugin_manager(load_entrypoints=False, disabled=()))


@pytest.fixture
def hooks(_module_hooks):
    """One facade for the module: the demo referential is read and checked once, not per test
    (these use cases use only the registries)."""
    return _module_hooks


@pytest.fixture(autouse=True)
def _cheap(cheap_hashing):
    return cheap_hashing


@pytest.fixture
def school(factories):
    return factories.organization()


@pytest.fixture
def people(factories, school):
    admin = factories.user(first_name="Claire", last_name="Martin")
    owner = factories.user(first_name="Karim", last_name="Benali")
    member = factories.user(first_name="Sophie", last_name="Pix")
    other_admin = factories.user(first_name="Inès", last_name="Lefèvre")
    factories.membership(school, admin, Role.ADMIN)
    factories.membership(school, owner, Role.MEMBER)
    factories.membership(school, member, Role.MEMBER)
    factories.membership(factories.organization(), other_admin, Role.ADMIN)
    return {"admin": admin, "owner": owner, "member": member, "other_admin": other_admin}


def ctx(session, user, school):
    return orga.context_for(session, user.id, school.id)


def form(**overrides):
    values = {"name": "Classe de 3e4", "target": C11}
    values.update(overrides)
    return campaigns.CampaignForm(**values)


def create(session, hooks, user, school, **overrides):
    return campaigns.create_campaign(
        session, hooks, ctx(session, user, school), form(**overrides), now=T0
    )


# -- what a campaign tests ---------------------------------------------------------------------


def test_the_sixteen_competences_come_first_then_the_other_profiles(hooks):
    choices = campaigns.target_choices(hooks)
    assert choices[0].label == "1.1 - Mener une recherche et une veille d'information"
    assert choices[15].label == "5.2 - Construire un environnement numérique"
    assert [c.group for c in choices[:16]] == [None] * 16
    assert [c.label.split(" - ")[0] for c in choices[:16]] == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1",
        "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2",
    ]  # fmt: skip
    others = choices[16:]
    assert {c.label for c in others} == {"Parcours découverte", "Sécurité et vie privée"}
    assert all(c.group == "Profils cibles — " + c.referential.name for c in others)
    assert choices[0].value == C11


def test_algorithms_list_the_default_first(hooks):
    names = [name for name, _ in campaigns.algorithm_choices(hooks)]
    assert names[0] == "smart-random"
    assert "flash" in names


def test_codes_are_six_letters_without_i_l_o_then_three_digits_from_2_to_9():
    codes = {campaigns.generate_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert re.fullmatch(r"[A-HJKMNP-Z]{6}[2-9]{3}", code), code
        assert is_code_shaped(code)


# -- creation ----------------------------------------------------------------------------------


def test_a_member_creates_a_campaign_and_owns_it(session, hooks, school, people):
    campaign = create(
        session,
        hooks,
        people["member"],
        school,
        name="  Classe   de 3e4 ",
        asks_external_id=True,
        external_id_label="Numéro élève",
        title="Mener une recherche",
        landing_text="Bonne chance !\r\nÀ rendre avant le 18 mars.",
    )
    assert is_code_shaped(campaign.code)
    assert campaign.name == "Classe de 3e4"
    assert campaign.creator_id == campaign.owner_id == people["member"].id
    assert campaign.organization_id == school.id
    assert (campaign.referential_id, campaign.target_profile_id) == ("pix-demo", "competence-1-1")
    assert campaign.referential_version == hooks.referentials().get("pix-demo").version != ""
    assert campaign.algorithm == "smart-random"
    assert campaign.external_id_label == "Numéro élève"
    assert campaign.title == "Mener une recherche"
    assert campaign.landing_text == "Bonne chance !\nÀ rendre avant le 18 mars."
    assert campaign.created_at == T0
    assert not campaign.is_archived
    assert campaigns_repo.get(session, campaign.id) == campaign


def test_optional_fields_left_empty_are_stored_as_none(session, hooks, school, people):
    campaign = create(
        session, hooks, people["member"], school, title="  ", landing_text="", external_id_label="x"
    )
    assert (campaign.title, campaign.landing_text, campaign.external_id_label) == (None,) * 3


def test_another_registered_algorithm_can_be_chosen(session, hooks, school, people):
    assert create(session, hooks, people["owner"], school, algorithm="flash").algorithm == "flash"


def test_a_landing_text_of_exactly_5000_characters_is_accepted(session, hooks, school, people):
    campaign = create(session, hooks, people["member"], school, landing_text="é" * 5000)
    assert len(campaign.landing_text or "") == 5000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "   "}, "name", "Veuillez donner un nom à la campagne."),
        ({"name": "n" * 256}, "name", "ne doit pas dépasser 255 caractères"),
        ({"target": ""}, "target", "Veuillez choisir ce que vous souhaitez tester."),
        ({"target": "pix-demo:nope"}, "target", "n'est pas disponible"),
        ({"target": "autre:competence-1-1"}, "target", "n'est pas disponible"),
        (
            {"asks_external_id": True, "external_id_label": " "},
            "external_id_label",
            "Veuillez indiquer le libellé de l'identifiant demandé.",
        ),
        ({"title": "t" * 256}, "title", "Le titre du parcours ne doit pas dépasser"),
        (
            {"landing_text": "x" * 5001},
            "landing_text",
            "Le texte de la page d'accueil ne doit pas dépasser 5 000 caractères.",
        ),
        ({"algorithm": "hasard"}, "algorithm", "Cet algorithme n'est pas disponible"),
    ],
)
def test_invalid_forms_are_refused_field_by_field_and_nothing_is_written(
    session, hooks, school, people, table_snapshot, overrides, field, message
):
    before = table_snapshot()
    with pytest.raises(InvalidInputError) as refused:
        create(session, hooks, people["member"], school, **overrides)
    assert list(refused.value.field_errors) == [field]
    assert message in refused.value.field_errors[field]
    assert table_snapshot() == before


def test_a_taken_code_is_drawn_again(session, hooks, school, people):
    first = create(session, hooks, people["member"], school)
    drawn = iter([first.code, first.code, "BCDFGH234"])
    second = campaigns.create_campaign(
        session,
        hooks,
        ctx(session, people["member"], school),
        form(name="Autre"),
        now=T0,
        draw_code=lambda: next(drawn),
    )
    assert second.code == "BCDFGH234"
    session.commit()  # the failed inserts were rolled back to their savepoints only
    assert [
        c.campaign.code
        for c in campaigns.list_campaigns(session, ctx(session, people["member"], school))
    ] == [
        second.code,
        first.code,
    ]


def test_no_free_code_after_the_attempts_is_an_error_and_nothing_is_written(
    session, hooks, school, people, table_snapshot
):
    taken = create(session, hooks, people["member"], school).code
    before = table_snapshot()
    with pytest.raises(campaigns.CodeSpaceExhaustedError):
        campaigns.create_campaign(
            session,
            hooks,
            ctx(session, people["member"], school),
            form(),
            draw_code=lambda: taken,
        )
    assert table_snapshot() == before


def test_two_teachers_creating_at_once_get_two_codes(
    sessions, session, database_backend, hooks, school, people
):
    """Two requests, each in its own transaction, draw the same first code at the same moment:
    the UNIQUE constraint lets one through, the other's SAVEPOINT rolls back and it draws again.

    On PostgreSQL both transactions are open at once and the second insert waits on the first's
    uncommitted row; on SQLite ``BEGIN IMMEDIATE`` runs them one after the other (no barrier).
    """
    concurrent = database_backend == "postgresql"
    teachers = [people["member"], people["owner"]]
    session.commit()
    session.close()
    barrier = threading.Barrier(2)
    created = []
    failures = []
    lock = threading.Lock()

    def teacher(user, fallback: str) -> None:
        drawn = iter(["QWERTY234", fallback])

        def draw() -> str:
            code = next(drawn)
            if code == "QWERTY234" and concurrent:
                barrier.wait(timeout=30)
            return code

        try:
            with sessions() as own, own.begin():
                campaign = campaigns.create_campaign(
                    own, hooks, ctx(own, user, school), form(name=user.first_name), draw_code=draw
                )
            with lock:
                created.append(campaign)
        except Exception as error:
            with lock:
                failures.append(error)

    threads = [
        threading.Thread(target=teacher, args=(user, fallback))
        for user, fallback in zip(teachers, ["ABCDEF222", "GHJKMN333"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    codes = sorted(c.code for c in created)
    assert len(codes) == 2
    assert "QWERTY234" in codes
    assert codes[0] != codes[1]
    with sessions() as fresh:
        listed = campaigns.list_campaigns(fresh, ctx(fresh, people["admin"], school))
        assert sorted(r.campaign.code for r in listed) == codes


# -- list --------------------------------------------------------------------------------------


def participate(session, campaign, user, status=ParticipationStatus.STARTED):
    participation = participations_repo.insert_if_new(
        session,
        campaign_id=campaign.id,
        user_id=user.id,
        organization_learner_id=None,
        external_id=None,
        now=T0,
    )
    assert participation is not None
    if status is not ParticipationStatus.STARTED:
        participations_repo.set_status(session, participation.id, status)
    return participation


def test_the_list_is_alphabetical_with_creator_and_counts(
    session, hooks, factories, school, people
):
    names = ["Zoé 5B", "école ouverte", "Besançon 1", "Classe de 3e"]
    made = {n: create(session, hooks, people["owner"], school, name=n) for n in names}
    pupils = [factories.user() for _ in range(3)]
    participate(session, made["Besançon 1"], pupils[0])
    participate(session, made["Besançon 1"], pupils[1], ParticipationStatus.SHARED)
    participate(session, made["Besançon 1"], pupils[2], ParticipationStatus.TO_SHARE)
    participate(session, made["Zoé 5B"], pupils[0], ParticipationStatus.SHARED)
    other_school = factories.organization()
    factories.membership(other_school, people["owner"], Role.MEMBER)
    create(session, hooks, people["owner"], other_school, name="Ailleurs")

    rows = campaigns.list_campaigns(session, ctx(session, people["member"], school))
    assert [r.campaign.name for r in rows] == [
        "Besançon 1",
        "Classe de 3e",
        "école ouverte",
        "Zoé 5B",
    ]
    by_name = {r.campaign.name: r for r in rows}
    assert (by_name["Besançon 1"].counts.participants, by_name["Besançon 1"].counts.shared) == (
        3,
        1,
    )
    assert (by_name["Zoé 5B"].counts.participants, by_name["Zoé 5B"].counts.shared) == (1, 1)
    assert by_name["Classe de 3e"].counts == campaigns_repo.CampaignCounts()
    assert by_name["Zoé 5B"].creator.id == people["owner"].id


def test_filters_mine_all_and_archived(session, hooks, school, people):
    mine = create(session, hooks, people["member"], school, name="A moi")
    theirs = create(session, hooks, people["owner"], school, name="A Karim")
    archived = create(session, hooks, people["member"], school, name="Ancienne")
    member = ctx(session, people["member"], school)
    campaigns.archive_campaign(session, member, archived.id, now=T0)
    deleted = create(session, hooks, people["member"], school, name="Effacée")
    campaigns.delete_campaign(session, member, deleted.id, now=T0)

    def names(**kw):
        return [r.campaign.name for r in campaigns.list_campaigns(session, member, **kw)]

    assert names() == [theirs.name, mine.name]
    assert names(which=campaigns.CampaignFilter.MINE) == [mine.name]
    assert names(archived=True) == [archived.name]
    assert names(which=campaigns.CampaignFilter.MINE, archived=True) == [archived.name]


# -- the campaign page -------------------------------------------------------------------------


def test_the_campaign_page_shows_what_it_tests_and_its_link(session, hooks, school, people):
    campaign = create(session, hooks, people["owner"], school)
    view = campaigns.campaign_view(
        session, hooks, ctx(session, people["member"], school), campaign.id, base_url=BASE + "/"
    )
    assert view.target_label == "1.1 - Mener une recherche et une veille d'information"
    assert view.link == f"{BASE}/campagnes/{campaign.code}"
    assert view.problem is None
    assert view.can_manage is False
    assert (view.creator.id, view.owner.id) == (people["owner"].id,) * 2
    admin_view = campaigns.campaign_view(
        session, hooks, ctx(session, people["admin"], school), campaign.id, base_url=BASE
    )
    assert admin_view.can_manage is True


def test_another_schools_campaign_or_a_deleted_one_is_not_found(
    session, hooks, factories, school, people
):
    other_school = factories.organization()
    factories.membership(other_school, people["member"], Role.ADMIN)
    elsewhere = create(session, hooks, people["member"], other_school)
    member = ctx(session, people["member"], school)
    with pytest.raises(NotFoundError, match="Cette campagne est introuvable"):
        campaigns.campaign_view(session, hooks, member, elsewhere.id, base_url=BASE)
    with pytest.raises(NotFoundError):
        campaigns.campaign_view(session, hooks, member, 987654, base_url=BASE)
    gone = create(session, hooks, people["member"], school)
    campaigns.delete_campaign(session, member, gone.id)
    with pytest.raises(NotFoundError):
        campaigns.campaign_view(session, hooks, member, gone.id, base_url=BASE)


def stored(session, school, user, **overrides):
    values = {
        "name": "Ancienne campagne",
        "title": None,
        "landing_text": None,
        "external_id_label": None,
        "referential_id": "pix-demo",
        "referential_version": "2020.01",
        "target_profile_id": "competence-1-1",
        "algorithm": "smart-random",
    }
    values.update(overrides)
    campaign = campaigns_repo.insert_if_code_free(
        session,
        campaigns_repo.NewCampaignRow(**values),
        code=campaigns.generate_code(),
        organization_id=school.id,
        creator_id=user.id,
        now=T0,
    )
    assert campaign is not None
    return campaign


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"referential_id": "pix-2019"}, "Le référentiel de cette campagne (pix-2019) n'est plus"),
        ({"target_profile_id": "retire"}, "Le profil cible de cette campagne (retire) n'existe"),
        ({"algorithm": "maison"}, "L'algorithme de cette campagne (maison) n'est plus installé"),
    ],
)
def test_a_campaign_whose_referential_or_algorithm_is_gone_says_so_and_refuses_participants(
    session, hooks, school, people, overrides, expected
):
    campaign = stored(session, school, people["owner"], **overrides)
    view = campaigns.campaign_view(
        session, hooks, ctx(session, people["member"], school), campaign.id, base_url=BASE
    )
    assert view.problem is not None
    assert view.problem.startswith(expected)
    assert "n'accepte plus de participants" in view.problem
    assert campaigns.participation_refusal(hooks, campaign) == view.problem
    if "target_profile_id" in overrides or "referential_id" in overrides:
        assert view.target_label == (f"{campaign.target_profile_id} ({campaign.referential_id})")
    rows = campaigns.list_campaigns(session, ctx(session, people["member"], school))
    assert [r.campaign.id for r in rows] == [campaign.id]


def test_an_older_referential_version_still_runs(session, hooks, school, people):
    campaign = stored(session, school, people["owner"])
    assert campaigns.participation_refusal(hooks, campaign) is None


def test_participation_refusals_archived_and_deleted(session, hooks, school, people):
    campaign = create(session, hooks, people["owner"], school)
    owner = ctx(session, people["owner"], school)
    assert campaigns.participation_refusal(hooks, campaign) is None
    archived = campaigns.archive_campaign(session, owner, campaign.id, now=T0)
    assert campaigns.participation_refusal(hooks, archived) == campaigns.ARCHIVED_REFUSAL
    campaigns.delete_campaign(session, owner, campaign.id, now=T0)
    deleted = campaigns_repo.get(session, campaign.id)
    assert deleted is not None
    assert campaigns.participation_refusal(hooks, deleted) == campaigns.DELETED_REFUSAL


# -- edit, archive, delete ---------------------------------------------------------------------


def edit(**overrides):
    values = {"name": "Nouveau nom", "title": "Titre", "landing_text": "Texte"}
    values.update(overrides)
    return campaigns.CampaignEdit(**values)


def test_the_owner_edits_name_title_text_and_hands_the_campaign_over(
    session, hooks, school, people
):
    campaign = create(session, hooks, people["owner"], school)
    updated = campaigns.update_campaign(
        session,
        ctx(session, people["owner"], school),
        campaign.id,
        edit(owner_id=people["member"].id),
    )
    assert (updated.name, updated.title, updated.landing_text) == ("Nouveau nom", "Titre", "Texte")
    assert updated.owner_id == people["member"].id
    assert updated.creator_id == people["owner"].id
    assert (updated.code, updated.target_profile_id) == (campaign.code, campaign.target_profile_id)
    # The former owner, a plain member, may no longer edit it.
    with pytest.raises(PermissionDeniedError):
        campaigns.update_campaign(
            session, ctx(session, people["owner"], school), campaign.id, edit()
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"landing_text": "x" * 5001}, "landing_text"),
        ({"title": "t" * 256}, "title"),
        ("other_admin", "owner"),
        (999_999, "owner"),
    ],
)
def test_invalid_edits_are_refused_and_nothing_changes(
    session, hooks, school, people, table_snapshot, overrides, field
):
    campaign = create(session, hooks, people["owner"], school)
    if overrides == "other_admin":
        overrides = {"owner_id": people["other_admin"].id}
    elif isinstance(overrides, int):
        overrides = {"owner_id": overrides}
    before = table_snapshot()
    with pytest.raises(InvalidInputError) as refused:
        campaigns.update_campaign(
            session, ctx(session, people["admin"], school), campaign.id, edit(**overrides)
        )
    assert list(refused.value.field_errors) == [field]
    assert table_snapshot() == before


def test_archive_then_unarchive(session, hooks, school, people, table_snapshot):
    campaign = create(session, hooks, people["owner"], school)
    admin = ctx(session, people["admin"], school)
    archived = campaigns.archive_campaign(session, admin, campaign.id, now=T0)
    assert (archived.archived_at, archived.archived_by) == (T0, people["admin"].id)
    before = table_snapshot()
    with pytest.raises(InvalidInputError, match="déjà archivée"):
        campaigns.archive_campaign(session, admin, campaign.id)
    assert table_snapshot() == before
    back = campaigns.unarchive_campaign(session, admin, campaign.id)
    assert (back.archived_at, back.archived_by) == (None, None)
    before = table_snapshot()
    with pytest.raises(InvalidInputError, match="n'est pas archivée"):
        campaigns.unarchive_campaign(session, admin, campaign.id)
    assert table_snapshot() == before


def test_deleting_anonymises_the_participations(session, hooks, factories, school, people):
    campaign = create(session, hooks, people["owner"], school)
    kept = create(session, hooks, people["owner"], school, name="Gardée")
    pupil = factories.user()
    learner = factories.learner(school, user_id=pupil.id)
    participation = participations_repo.insert_if_new(
        session,
        campaign_id=campaign.id,
        user_id=pupil.id,
        organization_learner_id=learner.id,
        external_id="12345",
        now=T0,
    )
    assert participation is not None
    assessment = assessments_repo.create(
        session,
        campaign_id=campaign.id,
        user_id=pupil.id,
        participation_id=participation.id,
        now=T0,
    )
    other = participate(session, kept, pupil)
    campaigns.delete_campaign(session, ctx(session, people["owner"], school), campaign.id, now=T0)

    deleted = campaigns_repo.get(session, campaign.id)
    assert deleted is not None
    assert (deleted.deleted_at, deleted.deleted_by) == (T0, people["owner"].id)
    gone = participations_repo.get(session, participation.id)
    assert gone is not None
    assert (gone.user_id, gone.organization_learner_id, gone.external_id) == (None, None, None)
    assert (gone.deleted_at, gone.deleted_by) == (T0, people["owner"].id)
    assert assessment is not None
    stored_assessment = assessments_repo.get(session, assessment.id)
    assert stored_assessment is not None
    assert stored_assessment.user_id is None
    assert participations_repo.get(session, other.id) == other
    assert participations_repo.list_for_user(session, pupil.id) == [other]


# -- rights ------------------------------------------------------------------------------------

ACTIONS = ("create", "list", "view", "edit", "archive", "unarchive", "delete")
ACTORS = ("anonymous", "member", "owner", "admin", "other_admin")
#: actor -> what they may do with a campaign Karim (a member) owns (pix-rules §7).
ALLOWED = {
    "anonymous": set(),
    "member": {"create", "list", "view"},
    "owner": set(ACTIONS),
    "admin": set(ACTIONS),
    "other_admin": set(),
}


def attempt(session, hooks, context, action, campaign_id):
    if action == "create":
        return campaigns.create_campaign(session, hooks, context, form())
    if action == "list":
        return campaigns.list_campaigns(session, context)
    if action == "view":
        return campaigns.campaign_view(session, hooks, context, campaign_id, base_url=BASE)
    if action == "edit":
        return campaigns.update_campaign(session, context, campaign_id, edit())
    if action == "archive":
        return campaigns.archive_campaign(session, context, campaign_id)
    if action == "unarchive":
        return campaigns.unarchive_campaign(session, context, campaign_id)
    return campaigns.delete_campaign(session, context, campaign_id)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", ACTIONS)
def test_rights_walk(session, hooks, school, people, table_snapshot, actor, action):
    campaign = create(session, hooks, people["owner"], school)
    if action == "unarchive":
        campaigns.archive_campaign(session, ctx(session, people["owner"], school), campaign.id)
    if actor == "anonymous":
        context = None
    elif actor == "other_admin":
        # Their guard refuses them this school; their own context names their school.
        with pytest.raises(PermissionDeniedError):
            ctx(session, people["other_admin"], school)
        context = orga.current_context(session, people["other_admin"].id)
    else:
        context = ctx(session, people[actor], school)
    before = table_snapshot()
    if action in ALLOWED[actor]:
        attempt(session, hooks, context, action, campaign.id)
        if action in {"create", "edit", "archive", "unarchive", "delete"}:
            assert table_snapshot() != before
    elif actor == "other_admin" and action in {"list", "create"}:
        # In their own school they may; this school's campaigns stay out of their sight.
        attempt(session, hooks, context, action, campaign.id)
        listed = campaigns.list_campaigns(session, context)
        assert campaign.id not in [r.campaign.id for r in listed]
    else:
        # Another school's campaign does not exist for them.
        expected = NotFoundError if actor == "other_admin" else PermissionDeniedError
        with pytest.raises(expected):
            attempt(session, hooks, context, action, campaign.id)
        assert table_snapshot() == before


def test_an_archived_school_refuses_every_campaign_action(
    session, hooks, factories, school, people, table_snapshot
):
    campaign = create(session, hooks, people["owner"], school)
    context = ctx(session, people["admin"], school)
    closed = attrs.evolve(context, organization=attrs.evolve(context.organization, archived_at=T0))
    before = table_snapshot()
    for action in ACTIONS:
        with pytest.raises(PermissionDeniedError, match="archivé"):
            attempt(session, hooks, closed, action, campaign.id)
    assert table_snapshot() == before

"""« Campagnes » through webtest: the list and its filters, « Créer une campagne » with its
errors next to the fields, the campaign page (link, QR code, « Tester la campagne »), edits,
archiving, deletion, campaigns whose referential is gone, and the rights walk over HTTP."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from pixorga_core.domain.memberships import Role
from pixorga_core.facade import Hooks
from pixorga_core.pluginmanager import create_plugin_manager
from pixorga_core.services import campaigns as campaigns_service
from pixorga_core.storage.models import Base, CampaignRow
from pixorga_core.storage.repositories import campaigns as campaigns_repo

C11 = "pix-demo:competence-1-1"
C11_LABEL = "1.1 - Mener une recherche et une veille d'information"


@pytest.fixture(autouse=True)
def _cheap_hashing(cheap_hashing):
    """Five accounts per test, each logging in."""
    return cheap_hashing


@pytest.fixture(scope="module")
def _module_hooks():
    return Hooks(create_plugin_manager(load_entrypoints=False, disabled=()))


@pytest.fixture
def hooks(_module_hooks, settings):
    """A facade with the test's settings whose registries are read once per module (checking
    the demo referential takes a second or two)."""
    shared = Hooks(create_plugin_manager(load_entrypoints=False, disabled=()), settings)
    object.__setattr__(shared, "_referentials", _module_hooks.referentials())
    object.__setattr__(shared, "_algorithms", _module_hooks.assessment_algorithms())
    return shared


@pytest.fixture
def people(factories, session):
    school = factories.organization(name="Collège Victor-Hugo")
    users = {
        "admin": factories.user(
            first_name="Claire",
            last_name="Martin",
            email="admin@ecole.test",
            pix_orga_terms_accepted=True,
        ),
        "owner": factories.user(
            first_name="Karim",
            last_name="Benali",
            email="prof@ecole.test",
            pix_orga_terms_accepted=True,
        ),
        "member": factories.user(
            first_name="Sophie",
            last_name="Pix",
            email="sophie@ecole.test",
            pix_orga_terms_accepted=True,
        ),
        "other_admin": factories.user(email="autre@ecole.test", pix_orga_terms_accepted=True),
    }
    factories.membership(school, users["admin"], Role.ADMIN)
    factories.membership(school, users["owner"], Role.MEMBER)
    factories.membership(school, users["member"], Role.MEMBER)
    factories.membership(factories.organization(), users["other_admin"], Role.ADMIN)
    session.commit()
    users["school"] = school
    return users


def text(response) -> str:
    return unescape(response.text)


def url(school, suffix="") -> str:
    return f"/etablissements/{school.id}/campagnes{suffix}"


def csrf(page) -> str:
    return page.html.select_one('input[name="csrf_token"]')["value"]


def whole_tables(sessions) -> dict[str, list[tuple]]:
    with sessions() as s:
        return {
            t.name: [tuple(r) for r in s.execute(select(t).order_by(*t.primary_key.columns))]
            for t in Base.metadata.sorted_tables
        }


def create_through_the_form(web, school, **fields):
    page = web.get(url(school, "/creer"))
    form = page.forms["form-campagne"]
    form["name"] = "Classe de 3e4"
    form["target"] = C11
    for name, value in fields.items():
        form[name] = value
    return form.submit(status="*")


def campaign_rows(sessions) -> list[CampaignRow]:
    with sessions() as s:
        return list(s.scalars(select(CampaignRow).order_by(CampaignRow.id)))


# -- list --------------------------------------------------------------------------------------


def test_an_empty_list_invites_to_create_the_first_campaign(web, login, people):
    login("prof@ecole.test")
    page = web.get(url(people["school"]))
    assert "Créez votre première campagne" in text(page)
    assert page.html.select_one(f'a[href="{url(people["school"], "/creer")}"]').text == (
        "Créer une campagne"
    )
    tabs = [a.text for a in page.html.select("nav.tabs a")]
    assert tabs == ["Mes campagnes", "Toutes les campagnes"]


# -- creation ----------------------------------------------------------------------------------


def test_the_create_form_lists_the_sixteen_competences_then_the_other_profiles(
    web, login, people, hooks
):
    login("prof@ecole.test")
    page = web.get(url(people["school"], "/creer"))
    labels = [label.text for label in page.html.select("label")]
    for expected in (
        "Nom de la campagne",
        "Que souhaitez-vous tester ?",
        "Non",
        "Oui",
        "Titre du parcours",
        "Texte de la page d'accueil",
        "Algorithme du test",
    ):
        assert expected in labels
    assert page.html.select_one("legend").text == "Souhaitez-vous demander un identifiant ?"
    select_ = page.html.select_one("select#target")
    direct = [o.text for o in select_.find_all("option", recursive=False)][1:]
    assert direct[0] == C11_LABEL
    assert direct[-1] == "5.2 - Construire un environnement numérique"
    assert len(direct) == 16
    groups = select_.select("optgroup")
    demo = hooks.referentials().get("pix-demo")
    assert [g["label"] for g in groups] == [f"Profils cibles — {demo.name}"]
    assert {o.text for o in groups[0].select("option")} >= {"Parcours découverte"}
    assert page.html.select_one('input[name="asks_external_id"][value="non"]').has_attr("checked")
    buttons = [b.text for b in page.html.select("form .actions a, form .actions button")]
    assert buttons == ["Annuler", "Créer la campagne"]


def test_the_algorithm_is_asked_only_when_several_are_installed(web, login, people, monkeypatch):
    monkeypatch.setattr(
        campaigns_service, "algorithm_choices", lambda hooks: [("smart-random", "Smart Random")]
    )
    login("prof@ecole.test")
    page = web.get(url(people["school"], "/creer"))
    assert page.html.select_one("select#algorithm") is None


def test_creating_a_campaign_shows_its_page_with_code_link_and_qr_code(
    web, login, people, sessions, settings
):
    login("prof@ecole.test")
    response = create_through_the_form(
        web,
        people["school"],
        title="Mener une recherche",
        landing_text="Vous devez m'envoyer votre test avant le 18 mars.\nBonne chance !",
    )
    assert response.status_int == 302
    [row] = campaign_rows(sessions)
    assert response.headers["Location"].endswith(url(people["school"], f"/{row.id}?message=creee"))
    page = response.follow()
    body = text(page)
    assert "La campagne a été créée." in body
    assert re.fullmatch(r"[A-HJKMNP-Z]{6}[2-9]{3}", row.code)
    link = f"{settings.base_url.rstrip('/')}/campagnes/{row.code}"
    assert page.html.select_one("a#lien-direct")["href"] == link
    copy = page.html.select_one("button[data-copy]")
    assert copy.text == "Copier le lien"
    assert copy.has_attr("hidden")  # shown by the script when the browser can copy
    assert C11_LABEL in body
    assert "Mener une recherche" in body
    assert "Bonne chance !" in body
    svg = page.html.select_one(".qr svg")
    assert svg["role"] == "img"
    assert link in svg["aria-label"]
    preview = page.html.find("a", string="Tester la campagne")
    assert preview["href"] == f"/campagnes/{row.code}/apercu"
    qr = web.get(url(people["school"], f"/{row.id}/qr-code.svg"))
    assert qr.content_type == "image/svg+xml"
    assert qr.text.startswith("<svg")


def test_a_refused_form_shows_the_errors_next_to_the_fields_and_writes_nothing(
    web, login, people, sessions
):
    login("prof@ecole.test")
    before = whole_tables(sessions)
    response = create_through_the_form(
        web, people["school"], name=" ", landing_text="x" * 5001, title="Mon titre"
    )
    assert response.status_int == 422
    assert whole_tables(sessions) == before
    name_error = response.html.select_one("#erreur-name")
    assert name_error.text == "Veuillez donner un nom à la campagne."
    assert name_error.find_previous_sibling("input")["id"] == "name"
    assert response.html.select_one("#name")["aria-invalid"] == "true"
    text_error = response.html.select_one("#erreur-landing_text")
    assert "5 000 caractères" in text_error.text
    assert text_error.find_previous_sibling("textarea")["id"] == "landing_text"
    assert response.html.select_one("#title")["value"] == "Mon titre"
    assert response.html.select_one("#target option[selected]")["value"] == C11


def test_asking_for_an_identifier_needs_its_label(web, login, people, sessions):
    login("prof@ecole.test")
    response = create_through_the_form(web, people["school"], asks_external_id="oui")
    assert response.status_int == 422
    assert (
        "Veuillez indiquer le libellé" in response.html.select_one("#erreur-external_id_label").text
    )
    assert campaign_rows(sessions) == []
    response = create_through_the_form(
        web, people["school"], asks_external_id="oui", external_id_label="Numéro élève"
    )
    assert "Numéro élève" in text(response.follow())


# -- list, filters, counts ---------------------------------------------------------------------


def make(session, school, user, name, **overrides):
    values = {
        "name": name,
        "title": None,
        "landing_text": None,
        "external_id_label": None,
        "referential_id": "pix-demo",
        "referential_version": "2026.11",
        "target_profile_id": "competence-1-1",
        "algorithm": "smart-random",
    }
    values.update(overrides)
    campaign = campaigns_repo.insert_if_code_free(
        session,
        campaigns_repo.NewCampaignRow(**values),
        code=campaigns_service.generate_code(),
        organization_id=school.id,
        creator_id=user.id,
        now=school.created_at,
    )
    session.commit()
    assert campaign is not None
    return campaign


def test_the_list_is_alphabetical_and_filters_mine_and_archived(web, login, people, session):
    school = people["school"]
    make(session, school, people["admin"], "Zoé 5B")
    make(session, school, people["owner"], "école ouverte")
    mine = make(session, school, people["owner"], "Besançon 1")
    old = make(session, school, people["owner"], "Ancienne")
    campaigns_repo.set_archived(session, old.id, by_user_id=people["owner"].id, now=old.created_at)
    session.commit()
    login("prof@ecole.test")
    page = web.get(url(school))
    rows = [[td.text.strip() for td in tr.select("td")] for tr in page.html.select("tbody tr")]
    assert [r[0] for r in rows] == ["Besançon 1", "école ouverte", "Zoé 5B"]
    assert rows[0] == ["Besançon 1", mine.code, "Karim Benali", "0", "0"]
    assert [th.text for th in page.html.select("thead th")] == [
        "Nom",
        "Code",
        "Créée par",
        "Participants",
        "Résultats reçus",
    ]
    page = web.get(url(school, "?filtre=mes-campagnes"))
    assert [tr.select_one("td").text for tr in page.html.select("tbody tr")] == [
        "Besançon 1",
        "école ouverte",
    ]
    assert page.html.select_one('nav.tabs a[aria-current="page"]').text == "Mes campagnes"
    page = web.get(url(school, "?archivees=1"))
    assert [tr.select_one("td").text for tr in page.html.select("tbody tr")] == ["Ancienne"]


# -- edit, archive, delete ---------------------------------------------------------------------


def test_the_owner_edits_archives_unarchives_and_deletes(web, login, people, session, sessions):
    school = people["school"]
    campaign = make(session, school, people["owner"], "Classe de 3e4")
    login("prof@ecole.test")
    page = web.get(url(school, f"/{campaign.id}"))
    page = page.click("Modifier")
    form = page.forms["form-modifier"]
    assert form["name"].value == "Classe de 3e4"
    form["name"] = "3e4 — recherche"
    form["landing_text"] = "Bonne chance !"
    form["owner_id"] = str(people["member"].id)
    page = form.submit().follow()
    assert "La campagne a été modifiée." in text(page)
    assert "3e4 — recherche" in text(page)
    # Karim handed it to Sophie: as a plain member he may no longer manage it.
    assert page.html.find("a", string="Modifier") is None
    web.reset()
    login("sophie@ecole.test")
    page = web.get(url(school, f"/{campaign.id}"))
    archive = next(f for f in page.forms.values() if f.action.endswith("/archiver"))
    page = archive.submit().follow()
    assert "La campagne a été archivée" in text(page)
    assert "Archivée" in [p.text for p in page.html.select("p.badge")]
    # A preview counts nowhere: an archived campaign can still be tried by the team.
    assert page.html.find("a", string="Tester la campagne") is not None
    unarchive = next(f for f in page.forms.values() if f.action.endswith("/desarchiver"))
    page = unarchive.submit().follow()
    assert "désarchivée" in text(page)
    page = page.click("Supprimer")
    assert "Supprimer la campagne « 3e4 — recherche » ?" in text(page)
    page = page.forms["form-supprimer"].submit().follow()
    assert "La campagne a été supprimée." in text(page)
    assert "3e4 — recherche" not in text(page)
    web.get(url(school, f"/{campaign.id}"), status=404)
    [row] = campaign_rows(sessions)
    assert row.deleted_at is not None


def test_archiving_twice_is_refused_on_the_page(web, login, people, session, sessions):
    school = people["school"]
    campaign = make(session, school, people["owner"], "Classe")
    login("prof@ecole.test")
    page = web.get(url(school, f"/{campaign.id}"))
    archive = next(f for f in page.forms.values() if f.action.endswith("/archiver"))
    archive.submit()
    before = whole_tables(sessions)
    response = web.post(
        url(school, f"/{campaign.id}/archiver"), {"csrf_token": csrf(page)}, status=422
    )
    assert "Cette campagne est déjà archivée." in text(response)
    assert whole_tables(sessions) == before


def test_an_edit_with_errors_is_shown_again(web, login, people, session, sessions):
    school = people["school"]
    campaign = make(session, school, people["owner"], "Classe")
    login("admin@ecole.test")
    page = web.get(url(school, f"/{campaign.id}/modifier"))
    before = whole_tables(sessions)
    response = web.post(
        url(school, f"/{campaign.id}/modifier"),
        {"csrf_token": csrf(page), "name": "", "owner_id": str(people["other_admin"].id)},
        status=422,
    )
    assert whole_tables(sessions) == before
    assert response.html.select_one("#erreur-name").text == "Veuillez donner un nom à la campagne."
    assert "membre de l'équipe" in response.html.select_one("#erreur-owner").text


def test_a_campaign_whose_referential_is_gone_shows_why_and_offers_no_test(
    web, login, people, session
):
    school = people["school"]
    campaign = make(session, school, people["owner"], "Ancienne", referential_id="pix-2019")
    login("prof@ecole.test")
    page = web.get(url(school, f"/{campaign.id}"))
    assert page.status_int == 200
    assert "Le référentiel de cette campagne (pix-2019) n'est plus installé" in text(page)
    assert page.html.find("a", string="Tester la campagne") is None
    assert "Ancienne" in text(web.get(url(school)))


# -- rights over HTTP --------------------------------------------------------------------------

ACTORS = {
    "anonymous": None,
    "member": "sophie@ecole.test",
    "owner": "prof@ecole.test",
    "admin": "admin@ecole.test",
    "other_admin": "autre@ecole.test",
}
MANAGE = ("modifier", "archiver", "supprimer")


@pytest.mark.parametrize("actor", sorted(ACTORS))
@pytest.mark.parametrize("action", MANAGE)
def test_rights_walk(web, login, people, session, sessions, actor, action):
    school = people["school"]
    campaign = make(session, school, people["owner"], "Classe")
    token = ""
    if ACTORS[actor]:
        login(ACTORS[actor])
        token = csrf(web.get("/cgu") if actor == "other_admin" else web.get(url(school)))
    else:
        token = csrf(web.get("/connexion"))
    page_status = {"anonymous": 302, "member": 200, "owner": 200, "admin": 200, "other_admin": 403}
    shown = web.get(url(school, f"/{campaign.id}"), status="*")
    assert shown.status_int == page_status[actor]
    if actor in {"member", "owner", "admin"}:
        has_buttons = shown.html.find("a", string="Modifier") is not None
        assert has_buttons is (actor != "member")
    before = whole_tables(sessions)
    fields = {"csrf_token": token, "name": "Renommée", "owner_id": str(people["owner"].id)}
    response = web.post(url(school, f"/{campaign.id}/{action}"), fields, status="*")
    if actor in {"owner", "admin"}:
        assert response.status_int == 302
        assert whole_tables(sessions) != before
    else:
        expected = 302 if actor == "anonymous" else 403
        assert response.status_int == expected
        if actor == "anonymous":
            assert "/connexion" in response.headers["Location"]
        else:
            assert "Seuls les administrateurs" in text(response) or actor == "other_admin"
        assert whole_tables(sessions) == before

from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit

from pixorga_core.domain.memberships import Role


def member_of(factories, session, organization, role=Role.MEMBER, email="prof@ecole.test"):
    user = factories.user(email=email)
    factories.membership(organization, user, role)
    session.commit()
    return user


def accept_terms(web):
    page = web.get("/cgu")
    assert "Conditions d'utilisation de Pixorga" in unescape(page.text)  # the service's name
    return page.forms[0].submit()


def test_first_access_asks_the_orga_terms_once(web, factories, session, login):
    organization = factories.organization(name="Collège Victor-Hugo")
    member_of(factories, session, organization)
    login("prof@ecole.test")
    response = web.get(f"/etablissements/{organization.id}/campagnes")
    assert response.status_int == 302
    assert urlsplit(response.headers["Location"]).path == "/cgu"
    accept_terms(web)
    page = web.get(f"/etablissements/{organization.id}/campagnes")
    assert page.status_int == 200
    assert "Créez votre première campagne" in unescape(page.text)
    # The layout: the school, the user, the five sections, the logout button.
    assert "Collège Victor-Hugo" in unescape(page.text)
    assert "Camille" in unescape(page.text)
    nav = [a.text for a in page.html.select("nav.sidebar a")]
    assert nav == ["Accueil", "Campagnes", "Élèves", "Équipe", "Documentation"]
    assert page.html.select_one('nav.sidebar a[aria-current="page"]').text == "Campagnes"
    assert "Se déconnecter" in unescape(page.text)
    # Asked once: after a new login the terms are not asked again.
    web.reset()
    login("prof@ecole.test")
    assert web.get(f"/etablissements/{organization.id}/campagnes").status_int == 200


def test_member_of_school_a_cannot_see_school_b(web, factories, session, login):
    school_a = factories.organization(name="Collège A")
    school_b = factories.organization(name="Collège B")
    factories.learner(school_b, first_name="Secret", last_name="Élève")
    member_of(factories, session, school_a)
    login("prof@ecole.test")
    accept_terms(web)
    for section in ("campagnes", "eleves", "equipe"):
        response = web.get(f"/etablissements/{school_b.id}/{section}", status=403)
        assert "Vous n'êtes pas membre de cet établissement." in unescape(response.text)
        assert "Secret" not in unescape(response.text)
        assert "Collège B" not in unescape(response.text)
    assert web.get(f"/etablissements/{school_a.id}/eleves").status_int == 200


def test_choosing_another_school_is_refused_to_non_members(web, factories, session, login):
    school_a = factories.organization()
    school_b = factories.organization()
    member_of(factories, session, school_a)
    login("prof@ecole.test")
    accept_terms(web)
    page = web.get("/choisir-etablissement")
    form = page.forms[1] if len(page.forms) > 1 else page.forms[0]
    token = form["csrf_token"].value
    web.post(
        "/choisir-etablissement",
        {"organization_id": str(school_b.id), "csrf_token": token},
        status=403,
    )


def test_a_member_of_two_schools_chooses_the_current_one(web, factories, session, login):
    school_a = factories.organization(name="Collège A")
    school_b = factories.organization(name="Lycée B")
    user = member_of(factories, session, school_a, Role.ADMIN)
    factories.membership(school_b, user)
    session.commit()
    login("prof@ecole.test")
    accept_terms(web)
    page = web.get("/campagnes").follow()
    assert "Changer d'établissement" in unescape(page.text)
    chooser = web.get("/choisir-etablissement")
    form = next(f for f in chooser.forms.values() if f.action == "/choisir-etablissement")
    form["organization_id"] = str(school_b.id)
    form.submit().follow()
    # Remembered in the database, not in the process.
    assert (
        web.get("/campagnes")
        .headers["Location"]
        .endswith(f"/etablissements/{school_b.id}/campagnes")
    )


def test_archived_school_is_not_accessible(web, factories, session, login):
    from datetime import UTC, datetime

    school = factories.organization()
    member_of(factories, session, school)
    from pixorga_core.storage.models import OrganizationRow

    session.get(OrganizationRow, school.id).archived_at = datetime.now(UTC)
    session.commit()
    login("prof@ecole.test")
    response = web.get("/campagnes", status=403)
    assert "L'accès à Pix Orga est limité aux membres invités" in unescape(response.text)


def test_team_and_pupils_pages_list_the_school(web, factories, session, login):
    school = factories.organization()
    admin = member_of(factories, session, school, Role.ADMIN)
    colleague = factories.user(first_name="Zoé", last_name="Zidane", email="zoe@ecole.test")
    factories.membership(school, colleague)
    factories.learner(school, first_name="Léa", last_name="Moreau", division="5B")
    factories.learner(school, first_name="Hors", last_name="Liste", is_disabled=True)
    session.commit()
    login("prof@ecole.test")
    accept_terms(web)
    team = web.get(f"/etablissements/{school.id}/equipe")
    rows = [[td.text for td in tr.select("td")[:3]] for tr in team.html.select("tbody tr")]
    assert [admin.last_name, "Camille", "Administrateur"] in rows
    assert ["Zidane", "Zoé", "Membre"] in rows
    pupils = web.get(f"/etablissements/{school.id}/eleves")
    rows = [[td.text for td in tr.select("td")] for tr in pupils.html.select("tbody tr")]
    assert rows == [["Moreau", "Léa", "14/03/2011", "5B"]]


def test_unknown_page_gets_a_french_404(web):
    response = web.get("/nulle-part", status=404)
    assert "Page introuvable" in unescape(response.text)
    assert "Traceback" not in unescape(response.text)


def test_a_plugin_error_shows_a_french_page_and_logs_the_details(web, caplog):
    from pixorga_core.errors import PluginError

    @web.app.get("/boom")
    def boom():
        raise PluginError("no plugin answered pixorga_match_learner", plugin="x")

    with caplog.at_level("ERROR"):
        response = web.get("/boom", status=500)
    assert "Une erreur inattendue est survenue" in unescape(response.text)
    assert "pixorga_match_learner" not in response.text
    assert "no plugin answered pixorga_match_learner" in caplog.text

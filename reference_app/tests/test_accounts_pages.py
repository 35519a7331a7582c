"""The account pages of issue #16: « Mot de passe oublié » (point 16), the login page's messages
and the terms' « Annuler » (17), access by invitation (18), « Premiers pas » and the service's
name (19)."""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qs, urlsplit

import attrs
import pytest
import sqlalchemy as sa
import webtest

from pixorga_core.domain.memberships import Role
from pixorga_core.services import outbox
from pixorga_core.storage.models import PasswordResetRow
from pixorga_core.testing import TEST_PASSWORD, table_snapshot

NEW_PASSWORD = "Nouveau2026"
INVITED_ONLY = (
    "Pour accéder à cet espace, vous devez avoir été invité(e) par l'administrateur de votre "
    "établissement"
)
SENT = "Si un compte utilise l'adresse"


def text(response) -> str:
    return unescape(response.text)


def sign_in(web, login_value: str, password: str = TEST_PASSWORD, status="*"):
    form = web.get("/connexion").forms[0]
    form["login"], form["password"] = login_value, password
    return form.submit(status=status)


def ask_reset(web, email: str, status="*"):
    page = web.get("/connexion").click("Mot de passe oublié")
    form = page.forms[0]
    form["email"] = email
    return form.submit(status=status)


def reset_link(sessions, hooks, mailbox) -> str:
    outbox.send_due(sessions, hooks)
    [line] = [v for v in mailbox.delivered[-1].text.splitlines() if v.startswith("reset_link: ")]
    link = urlsplit(line.removeprefix("reset_link: "))
    return f"{link.path}?{link.query}"


@pytest.fixture
def school(factories, session):
    school = factories.organization(name="Collège Victor-Hugo")
    session.commit()
    return school


@pytest.fixture
def claire(factories, session, school):
    user = factories.user(email="claire@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, user, Role.ADMIN)
    session.commit()
    session.close()
    return user


def test_every_login_page_offers_mot_de_passe_oublie(web, claire, school, session, hooks, mailbox):
    from pixorga_core.services import invitations, orga

    invitations.invite_members(
        session, hooks, orga.context_for(session, claire.id, school.id), emails="paul@ecole.test"
    )
    session.commit()
    invitation = urlsplit(mailbox.links()[-1])
    login_urls = [
        "/",
        "/connexion",
        "/connexion?suivant=%2Fcampagnes%2FABC%2Frejoindre",
        f"/rejoindre/connexion?{invitation.query}",
    ]
    for url in login_urls:
        page = web.get(url)
        assert page.html.select_one('a[href="/mot-de-passe-oublie"]'), url
    pupil = text(web.get(login_urls[2]))
    assert "Revenez au parcours pour vous inscrire" in pupil


def test_a_reset_arrives_works_once_and_ends_every_session(
    web, app, claire, sessions, hooks, mailbox
):
    other = webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.1"})
    sign_in(other, "claire@ecole.test")
    assert other.get("/accueil").status_int == 302
    answer = ask_reset(web, "Claire@ecole.test")
    assert SENT in text(answer)
    assert mailbox.delivered == []  # the sender delivers it, never the request
    link = reset_link(sessions, hooks, mailbox)

    page = web.get(link)
    form = page.forms[0]
    form["password"] = "court"
    before = table_snapshot(sessions)
    refused = form.submit(status=422)
    assert "8 caractères au minimum" in text(refused)
    assert table_snapshot(sessions) == before
    form = refused.forms[0]
    form["password"] = NEW_PASSWORD
    done = form.submit().follow()
    assert "Votre mot de passe a été modifié" in text(done)
    # The other browser's session has ended; the old password no longer works, the new one does.
    assert (
        other.get("/accueil", status="*")
        .headers["Location"]
        .endswith("/connexion?suivant=%2Faccueil")
    )
    assert sign_in(web, "claire@ecole.test").status_int == 401
    assert sign_in(web, "claire@ecole.test", NEW_PASSWORD).status_int == 302

    again = web.get(link, status=410)
    assert "Ce lien a déjà servi" in text(again)
    assert again.html.select_one('a[href="/mot-de-passe-oublie"]')
    form = web.get("/mot-de-passe-oublie").forms[0]  # for this browser's CSRF token
    token = parse_qs(urlsplit(link).query)["jeton"][0]
    before = table_snapshot(sessions)
    reused = web.post(
        "/nouveau-mot-de-passe",
        {"jeton": token, "password": "Encore2026", "csrf_token": form["csrf_token"].value},
        status=410,
    )
    assert "Ce lien a déjà servi" in text(reused)
    assert table_snapshot(sessions) == before


def test_an_unknown_address_gets_the_same_page_and_nothing_is_queued(
    web, claire, sessions, mailbox
):
    known = text(ask_reset(web, "claire@ecole.test"))
    before = table_snapshot(sessions, "outbox_messages", "password_resets", "users")
    unknown = text(ask_reset(web, "personne@ecole.test"))
    assert table_snapshot(sessions, "outbox_messages", "password_resets", "users") == before
    assert known.replace("claire@ecole.test", "X") == unknown.replace("personne@ecole.test", "X")


def test_bad_addresses_and_too_many_requests_are_refused_and_nothing_written(web, claire, sessions):
    before = table_snapshot(sessions)
    for typed, message in [
        ("", "Saisissez l'adresse e-mail"),
        ("claire@", "adresse e-mail valide"),
    ]:
        assert message in text(ask_reset(web, typed, status=422))
    assert table_snapshot(sessions) == before
    for _ in range(3):
        assert SENT in text(ask_reset(web, "claire@ecole.test"))
    before = table_snapshot(sessions)
    refused = ask_reset(web, "claire@ecole.test", status=429)
    assert "Trop de demandes" in text(refused)
    assert table_snapshot(sessions) == before


def test_an_expired_or_unknown_link_says_so_and_offers_a_new_one(
    web, claire, sessions, hooks, mailbox, settings
):
    ask_reset(web, "claire@ecole.test")
    link = reset_link(sessions, hooks, mailbox)
    with sessions() as s, s.begin():
        s.execute(sa.update(PasswordResetRow).values(expires_at=PasswordResetRow.created_at))
    for url, reason in [
        (link, "Ce lien a expiré"),
        ("/nouveau-mot-de-passe?jeton=abc", "n'est pas valable"),
    ]:
        page = web.get(url, status=410)
        assert reason in text(page)
        assert page.html.select_one('a[href="/mot-de-passe-oublie"]')


def test_an_empty_login_form_names_the_missing_field_and_counts_nothing(web, claire, sessions):
    before = table_snapshot(sessions)
    for login_value, password, missing in [
        (
            "",
            "",
            [
                "Saisissez votre adresse e-mail ou votre identifiant.",
                "Saisissez votre mot de passe.",
            ],
        ),
        ("claire@ecole.test", "", ["Saisissez votre mot de passe."]),
    ]:
        page = sign_in(web, login_value, password, status=422)
        for message in missing:
            assert message in text(page)
    assert table_snapshot(sessions) == before


def test_the_orga_login_says_access_is_by_invitation(web):
    page = text(web.get("/connexion"))
    assert INVITED_ONLY in page
    assert "Inscrivez-vous" not in page


def test_annuler_on_the_terms_logs_out(web, factories, session):
    school = factories.organization()
    user = factories.user(email="nouveau@ecole.test")
    factories.membership(school, user, Role.MEMBER)
    session.commit()
    terms = sign_in(web, "nouveau@ecole.test").maybe_follow()
    assert "J'accepte les conditions d'utilisation" in text(terms)
    form = next(f for f in terms.forms.values() if f.action == "/deconnexion")
    assert form.submit().headers["Location"].endswith("/connexion")
    assert web.get("/accueil").headers["Location"].endswith("/connexion?suivant=%2Faccueil")


def test_premiers_pas_until_set_up_then_the_campaigns(
    web, claire, school, factories, session, hooks
):
    from pixorga_core.services import campaigns, orga

    sign_in(web, "claire@ecole.test")
    home = web.get("/").follow().follow()
    assert home.request.path == f"/etablissements/{school.id}/accueil"
    assert home.html.title.string == "Premiers pas | Pixorga"
    page = text(home)
    assert "0 sur 3" in page
    for action in ("Inviter un membre", "Importer les élèves", "Créer une campagne"):
        assert action in page
    second = factories.user(email="second@ecole.test")
    factories.membership(school, second, Role.ADMIN)
    factories.learner(school)
    session.commit()
    page = text(web.get(home.request.path))
    assert "2 sur 3" in page
    assert "Fait : l'espace a 2 administrateurs." in page
    assert "Fait : 1 élève dans la liste." in page
    campaigns.create_campaign(
        session,
        hooks,
        orga.context_for(session, claire.id, school.id),
        campaigns.CampaignForm(name="3e4", target="pix-demo:competence-1-1", title="Recherche"),
    )
    session.commit()
    done = web.get(home.request.path)
    assert done.html.title.string == "Accueil | Pixorga"
    assert "Premiers pas" not in text(done)
    assert "Campagnes en cours (1)" in text(done)
    assert done.html.select_one('nav a[aria-current="page"]').string == "Accueil"


def test_the_service_name_is_one_setting(web, app, settings, hooks, engine, claire):
    from pixorga_reference_app import make_app

    named = webtest.TestApp(
        make_app(attrs.evolve(settings, service_name="ENT Lycées 44"), hooks, engine=engine),
        extra_environ={"REMOTE_ADDR": "127.0.0.1"},
    )
    page = named.get("/connexion")
    assert page.html.title.string == "Connexion | ENT Lycées 44"
    assert "Connectez-vous à ENT Lycées 44" in text(page)
    assert "pixorga" not in text(page).replace("pixorga.css", "").replace("pixorga.js", "")
    assert "Connexion | Pixorga" in text(web.get("/connexion"))

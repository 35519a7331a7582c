"""The « Équipe » page as a school reads it (#16.10-15): the invite button and the role of each
invitation, « envoyée » only once the e-mail has gone (else the link to copy), refusals apart,
pages asking to confirm that name the person, no action offered where it can only fail, stale
forms that keep what was typed, error pages that keep the sidebar."""

from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit

import pytest

from pixorga_core.domain.memberships import Role
from pixorga_core.services import schools
from pixorga_core.testing import table_snapshot

pytestmark = pytest.mark.usefixtures("mailbox")


@pytest.fixture
def school(make_team_school):
    return make_team_school(member=("Sophie", "Durand"), uai="0752387M")


def text(response) -> str:
    return unescape(response.html.get_text(" ", strip=True))


def team_url(school, suffix=""):
    return f"/etablissements/{school.id}/equipe{suffix}"


def invite(web, school, emails, status="*"):
    page = web.get(team_url(school, "?onglet=invitations"))
    form = next(f for f in page.forms.values() if f.action.endswith("/inviter"))
    form["emails"] = emails
    return form.submit(status=status)


def test_the_default_tab_offers_to_invite_and_invitations_show_their_role(
    web, login, school, hooks, session
):
    login("admin@ecole.test")
    members = web.get(team_url(school))
    invite_button = members.html.select_one("a.button[href$='onglet=invitations#titre-inviter']")
    assert invite_button.get_text(strip=True) == "Inviter un membre"
    schools.request_admin_access(
        session, hooks, schools.AdminAccessRequest(uai="0752387M", client="203.0.113.9")
    )
    session.commit()
    invite(web, school, "paul@ecole.test")
    tab = web.get(team_url(school, "?onglet=invitations"))
    roles = {
        tr.select("td")[0].text: tr.select("td")[1].get_text(" ", strip=True)
        for tr in tab.html.select("tbody tr")
    }
    assert roles["paul@ecole.test"] == "Membre Invité(e) par Claire Martin"
    assert roles[school.email].startswith("Administrateur Demande d'accès administrateur")


def test_unsent_mail_gives_the_link_to_copy_and_refusals_are_apart(
    web, login, school, mailbox, sessions
):
    mailbox.down = True
    login("admin@ecole.test")
    page = invite(web, school, "paul@ecole.test, prof@ecole.test")
    [line] = page.html.select(".result-lines li")
    assert "paul@ecole.test : invitation créée, mais l'e-mail n'est pas encore parti" in (
        line.get_text(" ", strip=True)
    )
    assert "envoyée" not in line.get_text()
    link = line.select_one(".invite-link").text
    assert link.startswith("http://localhost/rejoindre?invitation=")
    [refused] = page.html.select(".refused-lines li")
    assert refused.get_text(" ", strip=True) == (
        "prof@ecole.test : déjà membre de l'équipe, aucune invitation envoyée"
    )
    # The link works: it is the invitation's, while the e-mail waits.
    web.reset()
    parts = urlsplit(link)
    landing = web.get(f"{parts.path}?{parts.query}")
    assert "Vous êtes invité(e) à rejoindre l'organisation Collège Victor-Hugo" in text(landing)


def test_resending_an_unsent_invitation_gives_a_new_link(web, login, school, mailbox, sessions):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from pixorga_core.storage.models import InvitationRow

    mailbox.down = True
    login("admin@ecole.test")
    first = invite(web, school, "paul@ecole.test").html.select_one(".invite-link").text
    with sessions() as s, s.begin():  # a minute later (the resend throttle)
        s.execute(update(InvitationRow).values(updated_at=datetime.now(UTC) - timedelta(minutes=2)))
    tab = web.get(team_url(school, "?onglet=invitations"))
    assert "pour donner dès maintenant un lien à copier" in text(tab)
    resend = next(f for f in tab.forms.values() if f.action.endswith("/renvoyer"))
    page = resend.submit()
    assert "nouveau lien créé, mais l'e-mail n'est pas encore parti" in text(page)
    second = page.html.select_one(".invite-link").text
    assert second != first
    mailbox.down = False
    with sessions() as s, s.begin():
        s.execute(update(InvitationRow).values(updated_at=datetime.now(UTC) - timedelta(minutes=2)))
    tab = web.get(team_url(school, "?onglet=invitations"))
    sent = next(f for f in tab.forms.values() if f.action.endswith("/renvoyer")).submit()
    assert "paul@ecole.test : invitation envoyée à nouveau, avec un nouveau lien" in text(sent)
    assert sent.html.select(".invite-link") == []


def test_remove_and_cancel_ask_to_confirm_naming_the_person(web, login, school, sessions):
    login("admin@ecole.test")
    page = web.get(team_url(school))
    # « Supprimer » is a link to a page asking to confirm: nothing happens on the list.
    before = table_snapshot(sessions)
    confirm = page.click(description="Supprimer", href="/supprimer")
    assert table_snapshot(sessions) == before
    assert confirm.html.select_one("h1").text == "Retirer Sophie Durand de l'équipe ?"
    assert "Sophie Durand n'aura plus accès" in text(confirm)
    kept = confirm.click(description="Ne pas supprimer")
    assert "Sophie" in kept.html.select_one("table").get_text()
    done = confirm.forms[1].submit().follow()  # forms[0] is the topbar's « Se déconnecter »
    assert (
        done.html.select_one("[role=status]").text == "Sophie Durand a été retiré(e) de l'équipe."
    )
    # The same confirmation page once she is gone explains it.
    again = web.get(urlsplit(confirm.request.url).path, status=404)
    assert "Sophie Durand ne fait déjà plus partie de l'équipe" in text(again)
    # « Annuler l'invitation » too.
    invite(web, school, "paul@ecole.test")
    tab = web.get(team_url(school, "?onglet=invitations"))
    confirm = tab.click(description="Annuler l'invitation", href="/annuler")
    assert confirm.html.select_one("h1").text == "Annuler l'invitation à paul@ecole.test ?"
    done = confirm.forms[1].submit().follow()
    assert "L'invitation à paul@ecole.test a été annulée." in text(done)


def test_nothing_that_can_only_fail_is_offered(web, login, school, factories, session, sessions):
    login("admin@ecole.test")
    page = web.get(team_url(school))
    # The sole administrator: no « Modifier le rôle » on herself, only on the member.
    labels = [a["aria-label"] for a in page.html.select("a[aria-label^='Modifier le rôle']")]
    assert labels == ["Modifier le rôle de Sophie Durand"]
    # « Quitter l'espace » is a link to its own page, not a panel of the default view.
    assert page.html.select("#titre-quitter") == []
    assert [b for b in page.html.select("button") if "Quitter" in b.text] == []
    leave = page.click(description="Quitter l'espace")
    assert "Vous êtes le dernier administrateur" in text(leave)
    assert [f for f in leave.forms.values() if f.action.endswith("/quitter")] == []
    # Once there are two administrators, both may change roles and leave.
    other = factories.user(first_name="Paul", last_name="Roux", pix_orga_terms_accepted=True)
    factories.membership(school, other, Role.ADMIN)
    session.commit()
    page = web.get(team_url(school))
    assert len(page.html.select("a[aria-label^='Modifier le rôle']")) == 3
    leave = page.click(description="Quitter l'espace")
    assert "Quitter l'espace Pix Orga de Collège Victor-Hugo ?" in text(leave)
    left = next(f for f in leave.forms.values() if f.action.endswith("/quitter")).submit()
    assert urlsplit(left.headers["Location"]).path == "/campagnes"


def test_the_school_chooser_speaks_of_one_school(web, login, school):
    login("admin@ecole.test")
    page = web.get("/choisir-etablissement")
    assert "plusieurs établissements" not in text(page)
    assert "Vous êtes membre d'un seul établissement : Collège Victor-Hugo." in text(page)


def test_a_stale_form_keeps_what_was_typed(web, login, school, sessions, mailbox):
    login("admin@ecole.test")
    typed = "paul@ecole.test, marie@ecole.test"
    before = table_snapshot(sessions)
    stale = web.post(
        team_url(school, "/inviter"),
        {"csrf_token": "expired", "emails": typed},
        headers={"Origin": "http://localhost"},
        status=403,
    )
    assert table_snapshot(sessions) == before
    assert "Ce formulaire a expiré" in text(stale)
    assert stale.html.select_one("nav[aria-label='Menu principal']") is not None  # the sidebar
    form = next(f for f in stale.forms.values() if f.action.endswith("/inviter"))
    assert form["emails"].value == typed
    sent = form.submit()  # a fresh token: it goes through
    assert len(sent.html.select(".result-lines li")) == 2
    assert [m.recipient for m in mailbox.delivered] == ["paul@ecole.test", "marie@ecole.test"]
    # From another site, the bare refusal: nothing comes back with a valid token.
    forged = web.post(
        team_url(school, "/inviter"),
        {"csrf_token": "x", "emails": "pirate@evil.test"},
        headers={"Origin": "https://evil.test"},
        status=403,
    )
    assert "pirate@evil.test" not in forged.text
    # The session ended meanwhile: what was typed is shown to copy, with a way back in.
    web.reset()
    web.get("/connexion")
    gone = web.post(
        team_url(school, "/inviter"),
        {"csrf_token": "old", "emails": typed},
        headers={"Sec-Fetch-Site": "same-origin"},
        status=403,
    )
    assert gone.html.select_one("textarea[readonly]").text == typed
    assert "Votre session a expiré" in text(gone)
    assert [f for f in gone.forms.values() if f.action.endswith("/inviter")] == []


def test_error_pages_keep_the_sidebar_when_logged_in(web, login, school, factories, session):
    other = factories.organization(name="Lycée Jean-Moulin")
    session.commit()
    assert web.get("/nulle-part", status=404).html.select("nav.sidebar") == []
    login("admin@ecole.test")
    for path, status in [
        ("/nulle-part", 404),
        (f"/etablissements/{other.id}/equipe", 403),
        (team_url(school, "/membres/999999/supprimer"), 404),
    ]:
        page = web.get(path, status=status)
        sidebar = page.html.select_one("nav[aria-label='Menu principal']")
        assert sidebar is not None, path
        assert "Collège Victor-Hugo" in text(page)

"""The « Équipe » page and the invitation pages, through webtest: the rights matrix, the
activation link, and bad inputs."""

from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from pixorga_core.domain.memberships import Role
from pixorga_core.services import schools
from pixorga_core.services.organizations import NewOrganization
from pixorga_core.storage.models import InvitationRow, MembershipRow, UserRow

pytestmark = pytest.mark.usefixtures("mailbox")


@pytest.fixture
def school(make_team_school, factories, session):
    school = make_team_school()
    other = factories.organization(name="Lycée Jean-Moulin")
    other_admin = factories.user(email="autre@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(other, other_admin, Role.ADMIN)
    session.commit()
    session.close()
    return school


def text(response) -> str:
    return unescape(response.text)


def team_url(school, suffix=""):
    return f"/etablissements/{school.id}/equipe{suffix}"


def csrf(web, school) -> str:
    page = web.get(team_url(school))
    return page.html.select_one('input[name="csrf_token"]')["value"]


def membership_id(sessions, email):
    with sessions() as s:
        return s.scalar(
            select(MembershipRow.id)
            .join(UserRow, UserRow.id == MembershipRow.user_id)
            .where(UserRow.email == email)
        )


def invite(web, school, emails, status="*"):
    page = web.get(team_url(school, "?onglet=invitations"))
    form = next(f for f in page.forms.values() if f.action.endswith("/inviter"))
    form["emails"] = emails
    return form.submit(status=status)


def test_admin_invites_two_teachers_in_one_go(web, login, school, mailbox, sessions):
    login("admin@ecole.test")
    page = invite(web, school, " paul@ecole.test, Marie@Ecole.test ,paul@ecole.test")
    assert page.status_int == 200
    lines = [li.get_text(" ", strip=True) for li in page.html.select(".result-lines li")]
    assert lines == [
        "paul@ecole.test : invitation envoyée",
        "marie@ecole.test : invitation envoyée",
    ]
    # Was "En cours d'envoi": the page is rendered after the commit now (#16.11), once the
    # e-mails have been tried, so it says « envoyée » only for e-mails that have gone.
    assert [tr.select("td")[3].text for tr in page.html.select("tbody tr")] == ["Envoyé"] * 2
    assert page.html.select(".invite-link") == []  # no link to copy: the e-mails went
    assert [m.recipient for m in mailbox.delivered] == ["paul@ecole.test", "marie@ecole.test"]
    tab = web.get(team_url(school, "?onglet=invitations"))
    assert "Invitations (2)" in text(tab)
    cells = [
        [td.get_text(" ", strip=True) for td in tr.select("td")[:4]]
        for tr in tab.html.select("tbody tr")
    ]
    assert sorted(c[0] for c in cells) == ["marie@ecole.test", "paul@ecole.test"]
    # The role each invitation grants, and who asked (#16.10).
    assert {c[1] for c in cells} == {"Membre Invité(e) par Claire Martin"}
    assert {c[3] for c in cells} == {"Envoyé"}
    # The sending date, in the schools' time zone.
    with sessions() as s:
        sent = s.scalar(select(InvitationRow.updated_at).where(InvitationRow.email == cells[0][0]))
    assert cells[0][2] == sent.astimezone(ZoneInfo("Europe/Paris")).strftime("%d/%m/%Y %H:%M")


@pytest.mark.parametrize(
    ("emails", "expected"),
    [
        ("paul@ecole.test, pas-une-adresse", "pas-une-adresse"),
        ("paul@ecole.test\r\nBcc: pirate@evil.test", "bcc: pirate@evil.test"),
        (",".join(f"p{i}@ecole.test" for i in range(500)), "50 personnes au plus"),
        ("", "Saisissez au moins une adresse"),
    ],
)
def test_bad_addresses_are_refused_and_nothing_is_written(
    web, login, school, sessions, mailbox, emails, expected
):
    login("admin@ecole.test")
    page = invite(web, school, emails, status=422)
    assert expected in page.html.select_one("#erreur-emails").text
    assert page.html.select_one("#emails")["aria-invalid"] == "true"
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(InvitationRow)) == 0
    assert mailbox.delivered == []


def test_html_in_addresses_is_escaped_in_the_page(web, login, school):
    login("admin@ecole.test")
    page = invite(web, school, "<script>alert(1)</script>@ecole.test", status=422)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_members_see_the_team_but_cannot_manage_it(web, login, school, sessions):
    login("prof@ecole.test")
    page = web.get(team_url(school))
    assert "Karim" in text(page)
    assert "Inviter un membre" not in text(page)
    assert "Invitations (" not in text(page)
    assert "Modifier le rôle" not in text(page)
    token = page.html.select_one('input[name="csrf_token"]')["value"]
    admin_membership = membership_id(sessions, "admin@ecole.test")
    for path, data in [
        ("/inviter", {"emails": "x@ecole.test"}),
        (f"/membres/{admin_membership}/role", {"role": "MEMBER"}),
        (f"/membres/{admin_membership}/supprimer", {}),
        (f"/membres/{admin_membership}/debloquer", {}),
        ("/quitter", {}),
        ("/invitations/1/annuler", {}),
        ("/invitations/1/renvoyer", {}),
    ]:
        response = web.post(team_url(school, path), {"csrf_token": token, **data}, status=403)
        assert "administrateurs" in text(response)


def test_anonymous_is_sent_to_login_and_another_schools_admin_is_refused(web, login, school):
    assert urlsplit(web.get(team_url(school)).headers["Location"]).path == "/connexion"
    anonymous_token = web.get("/connexion").html.select_one('input[name="csrf_token"]')["value"]
    response = web.post(team_url(school, "/quitter"), {"csrf_token": anonymous_token})
    assert urlsplit(response.headers["Location"]).path == "/connexion"
    login("autre@ecole.test")
    token = web.get("/choisir-etablissement").html.select_one('input[name="csrf_token"]')["value"]
    for path in ("", "?onglet=invitations"):
        response = web.get(team_url(school, path), status=403)
        assert "Vous n'êtes pas membre de cet établissement." in text(response)
    for path, data in [("/inviter", {"emails": "x@ecole.test"}), ("/quitter", {})]:
        response = web.post(team_url(school, path), {"csrf_token": token, **data}, status=403)
        assert "Vous n'êtes pas membre de cet établissement." in text(response)


def test_promote_last_admin_leave_refused_remove(web, login, school, sessions):
    login("admin@ecole.test")
    page = web.get(team_url(school))
    token = page.html.select_one('input[name="csrf_token"]')["value"]
    # Leaving as the last administrator is refused, with the reason.
    refused = web.post(team_url(school, "/quitter"), {"csrf_token": token}, status=409)
    assert "dernier administrateur" in text(refused)
    # Promote Karim.
    karim = membership_id(sessions, "prof@ecole.test")
    edit = web.get(team_url(school, f"?modifier={karim}"))
    form = next(f for f in edit.forms.values() if f.action.endswith(f"/membres/{karim}/role"))
    form["role"] = "ADMIN"
    after = form.submit().follow()
    assert "Le rôle de Karim Benali a été modifié." in text(after)  # the notice names who
    rows = [[td.text for td in tr.select("td")[:3]] for tr in after.html.select("tbody tr")]
    assert ["Benali", "Karim", "Administrateur"] in rows
    # Remove him again.
    removed = web.post(
        team_url(school, f"/membres/{karim}/supprimer"), {"csrf_token": token}
    ).follow()
    assert "Karim Benali a été retiré(e) de l'équipe." in text(removed)
    assert "Benali" not in removed.html.select_one("table").get_text()
    # Demoting oneself as the last administrator is refused.
    me = membership_id(sessions, "admin@ecole.test")
    refused = web.post(
        team_url(school, f"/membres/{me}/role"),
        {"csrf_token": token, "role": "MEMBER"},
        status=409,
    )
    assert "au moins un administrateur" in text(refused)


def test_members_are_paginated(web, login, school, factories, session):
    for i in range(25):
        factories.membership(school, factories.user(last_name=f"Zz{i:02d}"))
    session.commit()
    login("admin@ecole.test")
    first = web.get(team_url(school))
    assert "Page 1 sur 2" in text(first)
    second = first.click("Page suivante")
    assert "Page 2 sur 2" in text(second)
    assert len(second.html.select("tbody tr")) == 7


def test_resend_and_cancel(web, login, school, mailbox):
    login("admin@ecole.test")
    invite(web, school, "paul@ecole.test")
    tab = web.get(team_url(school, "?onglet=invitations"))
    resend = next(f for f in tab.forms.values() if f.action.endswith("/renvoyer"))
    too_soon = resend.submit(status=429)  # throttled: one status for TooSoonError (status_for)
    assert "attendez une minute" in text(too_soon)
    confirm = tab.click(description="Annuler l'invitation")  # a page asking to confirm (#16.13)
    assert "Annuler l'invitation à paul@ecole.test ?" in text(confirm)
    cancel = next(f for f in confirm.forms.values() if f.action.endswith("/annuler"))
    after = cancel.submit().follow()
    assert "L'invitation à paul@ecole.test a été annulée." in text(after)
    assert "Invitations (0)" in text(after)
    # The cancelled link now explains itself.
    link = urlsplit(mailbox.links()[0])
    web.reset()
    page = web.get(f"{link.path}?{link.query}", status=410)
    assert "annulée par un administrateur" in text(page)


def test_unsent_mail_notice(web, login, school, mailbox):
    mailbox.down = True
    login("admin@ecole.test")
    invite(web, school, "paul@ecole.test")
    tab = web.get(team_url(school, "?onglet=invitations"))
    assert "pas encore pu être envoyé" in text(tab)
    assert "Pas encore envoyé (nouvel essai automatique)" in text(tab)


# -- the invitation link ----------------------------------------------------------------------


@pytest.fixture
def activation(hooks, sessions, mailbox):
    with sessions() as s, s.begin():
        schools.create_school(
            s, hooks, NewOrganization(name="Lycée Pix", uai="0752387M", email="ce@ac-paris.fr")
        )
    link = urlsplit(mailbox.links()[0])
    return f"{link.path}?{link.query}"


def test_activation_link_sign_up_makes_an_administrator(web, activation):
    landing = web.get(activation)
    assert "Vous êtes invité(e) à rejoindre l'organisation Lycée Pix" in text(landing)
    signup = landing.click("Je m'inscris")
    form = signup.forms[0]
    form["first_name"] = "Anne"
    form["last_name"] = "Proviseure"
    form["email"] = "anne@ac-paris.fr"
    form["password"] = "Azerty123"
    form["cgu"] = True
    response = form.submit()
    assert urlsplit(response.headers["Location"]).path.endswith("/campagnes")
    terms = response.follow().follow()
    home = terms.forms[0].submit().follow()
    assert "Créez votre première campagne" in text(home)
    team = web.get(urlsplit(home.request.url).path.replace("campagnes", "equipe"))
    rows = [[td.text for td in tr.select("td")[:3]] for tr in team.html.select("tbody tr")]
    assert rows == [["Proviseure", "Anne", "Administrateur"]]
    # The link works once.
    web.reset()
    used = web.get(activation, status=410)
    assert "usage unique" in text(used)


def test_invitation_link_with_an_existing_account(web, activation, factories, session):
    factories.user(email="anne@ac-paris.fr", pix_orga_terms_accepted=True)
    session.commit()
    login_page = web.get(activation).click("J'ai déjà un compte")
    form = login_page.forms[0]
    form["login"] = "anne@ac-paris.fr"
    form["password"] = "Mauvais123"
    refused = form.submit(status=401)
    assert "incorrects" in text(refused)
    form = refused.forms[0]
    form["password"] = "Azerty123"
    home = form.submit().follow()
    assert "Créez votre première campagne" in text(home)


@pytest.mark.parametrize(
    "query",
    [
        "invitation=1&code=AAAAAAAAAA",
        "invitation=abc&code=X",
        "invitation=1",
        "",
        "invitation=1&code=%27%20OR%201%3D1",
    ],
)
def test_guessed_or_broken_links_get_a_clear_page(web, activation, query):
    page = web.get(f"/rejoindre?{query}", status=404)
    assert "Ce lien d'invitation n'est pas reconnu" in text(page)
    assert "demande d'accès administrateur" in text(page)


def test_replayed_sign_up_post_is_refused(web, activation):
    signup = web.get(activation).click("Je m'inscris")
    form = signup.forms[0]
    for name, value in [("first_name", "A"), ("last_name", "B"), ("email", "a@ac-paris.fr")]:
        form[name] = value
    form["password"] = "Azerty123"
    form["cgu"] = True
    form.submit()
    web.reset()
    signup = web.get(f"/rejoindre/inscription?{activation.split('?')[1]}", status=410)
    assert "déjà été acceptée" in text(signup)


# -- « Demande d'accès administrateur » ------------------------------------------------------


def test_html_in_member_names_is_escaped(web, login, school, factories, session):
    user = factories.user(first_name="<img src=x onerror=alert(1)>", last_name="<b>Gras</b>")
    factories.membership(school, user)
    session.commit()
    login("admin@ecole.test")
    page = web.get(team_url(school))
    assert "<img src=x" not in page.text
    assert "<b>Gras</b>" not in page.text
    assert "&lt;b&gt;Gras&lt;/b&gt;" in page.text
    # The accessible names of the buttons are escaped too.
    button = page.html.select_one('[aria-label^="Supprimer"][aria-label$="Gras</b>"]')
    assert button is not None


def test_a_logged_in_member_joins_another_school_from_the_link(web, login, school, activation):
    login("prof@ecole.test")
    landing = web.get(activation)
    assert "Vous êtes connecté(e) en tant que Karim Benali" in landing.html.get_text(
        " ", strip=True
    )
    form = next(f for f in landing.forms.values() if f.action == "/rejoindre/accepter")
    response = form.submit()
    home = response.follow()
    assert "Lycée Pix" in text(home)
    assert "Changer d'établissement" in text(home)  # now a member of two schools

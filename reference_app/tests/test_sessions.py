"""A session cookie is worth nothing once its sessions were ended (issue #13, point 4), and
administrators unblock a member's login from the « Équipe » page (point 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
import webtest

from pixorga_core.storage.models import MembershipRow, UserRow
from pixorga_core.storage.repositories import users as users_repo
from pixorga_core.testing import table_snapshot
from pixorga_reference_app.web_session import COOKIE_NAME

pytestmark = pytest.mark.usefixtures("mailbox")

#: Every table a POST of these tests could write to.
TABLES = ("users", "memberships", "invitations", "outbox_messages", "user_logins")


@pytest.fixture
def school(make_team_school, session):
    school = make_team_school()
    session.close()
    return school


@pytest.fixture
def other_web(app) -> webtest.TestApp:
    """A second browser."""
    return webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.1"})


def sign_in(web: webtest.TestApp, login_value: str, password: str = "Azerty123", status="*"):
    form = web.get("/connexion").forms[0]
    form["login"], form["password"] = login_value, password
    return form.submit(status=status)


def text(response) -> str:
    return unescape(response.text)


def team_url(school, suffix: str = "") -> str:
    return f"/etablissements/{school.id}/equipe{suffix}"


def csrf(page) -> str:
    return page.html.select_one('input[name="csrf_token"]')["value"]


def membership_of(sessions, email: str) -> int:
    with sessions() as s:
        return s.scalar(
            sa.select(MembershipRow.id)
            .join(UserRow, UserRow.id == MembershipRow.user_id)
            .where(UserRow.email == email)
        )


def user_id(sessions, email: str) -> int:
    with sessions() as s:
        return s.scalar(sa.select(UserRow.id).where(UserRow.email == email))


def browser_with(app, cookie: str) -> webtest.TestApp:
    """A fresh browser holding only ``cookie`` (a session cookie copied from another)."""
    browser = webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.1"})
    browser.set_cookie(COOKIE_NAME, cookie)
    return browser


def assert_replay_works(app, school, cookie: str) -> None:
    """The control: before its session ends, the copied cookie is logged in."""
    assert browser_with(app, cookie).get(team_url(school)).status_int == 200


def assert_replay_refused(app, school, sessions, cookie: str, token: str) -> None:
    """The kept cookie and its CSRF token, replayed: refused, nothing written, logged out."""
    before = table_snapshot(sessions, *TABLES)
    response = browser_with(app, cookie).post(
        team_url(school, "/inviter"), {"csrf_token": token, "emails": "x@ecole.test"}, status=403
    )
    assert "Ce formulaire a expiré" in text(response)
    assert table_snapshot(sessions, *TABLES) == before
    redirect = browser_with(app, cookie).get(team_url(school), status=302)
    assert urlsplit(redirect.headers["Location"]).path == "/connexion"


def test_a_cookie_kept_from_before_logout_is_logged_out(app, web, other_web, school, sessions):
    sign_in(web, "admin@ecole.test")
    sign_in(other_web, "admin@ecole.test")  # the same person on another computer
    page = web.get(team_url(school))
    kept, token = web.cookies[COOKIE_NAME], csrf(page)
    assert_replay_works(app, school, kept)
    logout = next(f for f in page.forms.values() if f.action == "/deconnexion")
    logout.submit(status=302)
    assert_replay_refused(app, school, sessions, kept, token)
    # Logging out ends every session of the user, on every computer.
    assert other_web.get(team_url(school), status=302)
    # Logging in again works, with a new session.
    web.reset()
    sign_in(web, "admin@ecole.test")
    assert web.get(team_url(school)).status_int == 200


def test_a_cookie_kept_from_before_removal_from_every_school_is_logged_out(
    app, web, other_web, school, sessions, mailbox
):
    sign_in(other_web, "prof@ecole.test")
    member_page = other_web.get(team_url(school))
    kept, token = other_web.cookies[COOKIE_NAME], csrf(member_page)
    assert_replay_works(app, school, kept)

    sign_in(web, "admin@ecole.test")
    admin_token = csrf(web.get(team_url(school)))
    karim = membership_of(sessions, "prof@ecole.test")
    web.post(team_url(school, f"/membres/{karim}/supprimer"), {"csrf_token": admin_token})
    # The administrator invites him again; his kept cookie cannot accept for him.
    invite = next(
        f
        for f in web.get(team_url(school, "?onglet=invitations")).forms.values()
        if f.action.endswith("/inviter")
    )
    invite["emails"] = "prof@ecole.test"
    invite.submit()
    query = parse_qs(urlsplit(mailbox.links()[-1]).query)
    before = table_snapshot(sessions, *TABLES)
    browser_with(app, kept).post(
        "/rejoindre/accepter",
        {"csrf_token": token, "invitation": query["invitation"][0], "code": query["code"][0]},
        status=403,
    )
    assert table_snapshot(sessions, *TABLES) == before
    redirect = browser_with(app, kept).get("/campagnes", status=302)
    assert urlsplit(redirect.headers["Location"]).path == "/connexion"


def test_a_cookie_kept_from_before_the_permanent_block_is_logged_out(
    app, web, other_web, school, sessions
):
    sign_in(web, "admin@ecole.test")
    kept, token = web.cookies[COOKIE_NAME], csrf(web.get(team_url(school)))
    assert_replay_works(app, school, kept)
    admin_id = user_id(sessions, "admin@ecole.test")
    with sessions() as s, s.begin():  # 49 failures an hour ago, then the 50th through the form
        attempts = users_repo.get_login_attempts(s, admin_id)
        for _ in range(49):
            attempts = attempts.with_failure(datetime.now(UTC) - timedelta(hours=1))
        users_repo.save_login_attempts(s, attempts)
    assert "Votre compte est bloqué" in text(sign_in(other_web, "admin@ecole.test", "Mauvais123"))
    assert_replay_refused(app, school, sessions, kept, token)


def test_an_administrator_unblocks_a_member(web, other_web, school, sessions):
    karim_id = user_id(sessions, "prof@ecole.test")
    with sessions() as s, s.begin():
        attempts = users_repo.get_login_attempts(s, karim_id)
        for _ in range(50):
            attempts = attempts.with_failure(datetime.now(UTC) - timedelta(hours=1))
        users_repo.save_login_attempts(s, attempts)
    assert "Votre compte est bloqué" in text(sign_in(other_web, "prof@ecole.test"))

    sign_in(web, "admin@ecole.test")
    page = web.get(team_url(school))
    karim = membership_of(sessions, "prof@ecole.test")
    [button] = page.html.select("button[aria-label^='Débloquer']")
    assert button["aria-label"] == "Débloquer le compte de Karim Benali"
    assert "Connexion bloquée" in text(page)
    form = next(f for f in page.forms.values() if f.action.endswith(f"/membres/{karim}/debloquer"))
    after = form.submit().follow()
    # The notice names who (#16.13).
    assert (
        "Le compte de Karim Benali est débloqué : cette personne peut de nouveau se connecter."
        in text(after)
    )
    assert not after.html.select("button[aria-label^='Débloquer']")
    assert sign_in(other_web, "prof@ecole.test").status_int == 302  # logged in


def test_a_member_cannot_unblock_and_nothing_changes(web, school, sessions):
    admin_id = user_id(sessions, "admin@ecole.test")
    with sessions() as s, s.begin():
        attempts = users_repo.get_login_attempts(s, admin_id)
        for _ in range(10):
            attempts = attempts.with_failure(datetime.now(UTC))
        users_repo.save_login_attempts(s, attempts)
    sign_in(web, "prof@ecole.test")
    page = web.get(team_url(school))
    assert not page.html.select("button[aria-label^='Débloquer']")
    assert "Connexion bloquée" not in text(page)
    before = table_snapshot(sessions, *TABLES)
    admin = membership_of(sessions, "admin@ecole.test")
    refused = web.post(
        team_url(school, f"/membres/{admin}/debloquer"), {"csrf_token": csrf(page)}, status=403
    )
    assert "Seuls les administrateurs" in text(refused)
    assert table_snapshot(sessions, *TABLES) == before

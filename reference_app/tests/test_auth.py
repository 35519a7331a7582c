from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from pixorga_core.domain.memberships import Role
from pixorga_core.errors import LoginBlockedError
from pixorga_core.services import accounts, passwords
from pixorga_core.services.passwords import POLICY_MESSAGE
from pixorga_core.storage.repositories import users as users_repo
from pixorga_reference_app.web_session import COOKIE_NAME

ORGA_REFUSED = "L'accès à Pix Orga est limité aux membres invités"


def sign_up(web, **fields):
    page = web.get("/inscription")
    form = page.forms[0]
    values = {
        "first_name": "Inès",
        "last_name": "Lefèvre",
        "email": "ines.lefevre@ecole.test",
        "password": "Azerty123",
        "cgu": True,
    }
    values.update(fields)
    for name, value in values.items():
        form[name] = value
    return form.submit(status="*")


def test_every_field_of_the_forms_has_a_label(web):
    for url in ("/connexion", "/inscription"):
        page = web.get(url)
        for field in page.html.select("input:not([type=hidden])"):
            assert page.html.select_one(f'label[for="{field["id"]}"]'), (url, field["id"])
        assert page.html.html["lang"] == "fr"


def test_sign_up_logs_in_and_a_non_member_is_refused_orga(web, count_users):
    response = sign_up(web)
    assert response.status_int == 302
    page = response.follow().maybe_follow(status="*")
    assert page.status_int == 403
    assert ORGA_REFUSED in unescape(page.text)
    assert "Se déconnecter" in unescape(page.text)
    assert count_users() == 1


def test_sign_up_reports_every_error_at_once_and_writes_nothing(web, count_users):
    response = sign_up(web, first_name=" ", email="pas-une-adresse", password="court", cgu=False)
    assert response.status_int == 422
    text = unescape(response.text)
    assert "Votre prénom n'est pas renseigné." in text
    assert "Votre adresse e-mail n'est pas valide." in text
    assert POLICY_MESSAGE in text
    assert "Vous devez accepter les conditions d'utilisation" in text
    assert 'aria-invalid="true"' in text
    # What was typed is kept, the password is not.
    assert response.forms[0]["last_name"].value == "Lefèvre"
    assert response.forms[0]["password"].value == ""
    assert count_users() == 0


def test_sign_up_with_a_taken_address(web, factories, session, count_users):
    factories.user(email="ines.lefevre@ecole.test")
    session.commit()
    response = sign_up(web, email="Ines.Lefevre@ecole.test")
    assert response.status_int == 422
    assert "Cette adresse e-mail est déjà enregistrée, connectez-vous." in unescape(response.text)
    assert count_users() == 1


def test_login_by_email_and_by_username(web, factories, session, login):
    organization = factories.organization()
    teacher = factories.user(email="prof@ecole.test")
    pupil = factories.user(email=None, username="lea.moreau1403")
    factories.membership(organization, teacher)
    session.commit()

    assert login("PROF@ecole.test").status_int == 302
    web.reset()
    response = login("Lea.Moreau1403")
    assert response.status_int == 302
    assert response.headers["Location"].endswith("/")
    assert pupil.id


def test_wrong_password_is_refused_with_a_generic_message(web, factories, session, login):
    factories.user(email="prof@ecole.test")
    session.commit()
    wrong = login("prof@ecole.test", "Mauvais123")
    unknown = login("personne@ecole.test", "Mauvais123")
    assert wrong.status_int == unknown.status_int == 401
    message = "L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects."
    assert message in unescape(wrong.text)
    assert message in unescape(unknown.text)


def test_ten_wrong_passwords_block_login_for_a_while(web, factories, session, sessions, login):
    user = factories.user(email="prof@ecole.test")
    session.commit()
    for _ in range(9):
        assert "trop de tentatives" not in unescape(login("prof@ecole.test", "Mauvais123").text)
    tenth = login("prof@ecole.test", "Mauvais123")
    # Issue #16.17: how long to wait, and the way out.
    assert "trop de tentatives de connexion. Réessayez dans 2 minutes" in unescape(tenth.text)
    assert "« Mot de passe oublié »" in unescape(tenth.text)
    # Even the right password is refused during the block.
    right = login("prof@ecole.test")
    assert right.status_int == 401
    assert "trop de tentatives" in unescape(right.text)
    with sessions() as s:
        attempts = users_repo.get_login_attempts(s, user.id)
    assert attempts.failure_count == 10
    assert attempts.temporary_blocked_until is not None
    assert attempts.temporary_blocked_until - datetime.now(UTC) <= timedelta(minutes=2)


def _no_login_lock_held(database_url: str) -> bool:
    """Whether a login's lock is free now: on SQLite, another connection takes the write lock at
    once; on PostgreSQL, no other transaction holds a lock on the login attempts tables."""
    if database_url.startswith("sqlite"):
        other = sqlite3.connect(
            database_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None
        )
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:  # database is locked
            return False
        finally:
            other.close()
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            held = conn.scalar(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE c.relname IN ('user_logins', 'unknown_logins') "
                    "AND l.pid <> pg_backend_pid()"
                )
            )
    finally:
        engine.dispose()
    return held == 0


def test_the_password_is_checked_while_no_lock_is_held(
    web, factories, session, sessions, login, database_url, monkeypatch
):
    """The slow argon2 check of a login runs before its write transaction: on SQLite the one
    write lock, which every other form waits for, is not held meanwhile (a class logging in at
    once got « database is locked » errors); the failures are still counted under the lock."""
    user = factories.user(email="eleve@ecole.test")
    session.commit()
    session.close()
    probes: list[bool] = []
    real_verify = passwords.verify_password

    def probing_verify(password_hash: str | None, password: str) -> bool:
        probes.append(_no_login_lock_held(database_url))
        return real_verify(password_hash, password)

    monkeypatch.setattr(accounts.passwords, "verify_password", probing_verify)
    assert login("eleve@ecole.test", "Mauvais123").status_int == 401
    assert login("personne@ecole.test", "Mauvais123").status_int == 401
    with sessions() as s:
        assert users_repo.get_login_attempts(s, user.id).failure_count == 1
    assert login("eleve@ecole.test").status_int == 302
    assert probes == [True, True, True]  # one check each, none under a lock


def test_fifty_failures_block_the_account(web, factories, session, sessions, login):
    user = factories.user(email="prof@ecole.test")
    session.commit()
    with sessions() as s, s.begin():
        attempts = users_repo.get_login_attempts(s, user.id)
        for _ in range(49):
            attempts = attempts.with_failure(datetime.now(UTC) - timedelta(hours=1))
        users_repo.save_login_attempts(s, attempts)
    response = login("prof@ecole.test", "Mauvais123")
    assert LoginBlockedError.default_message in unescape(response.text)
    assert "Votre compte est bloqué" in unescape(login("prof@ecole.test").text)


def test_forged_csrf_token_is_refused_and_nothing_is_written(web, count_users):
    page = web.get("/inscription")
    form = page.forms[0]
    form["first_name"], form["last_name"] = "Inès", "Lefèvre"
    form["email"], form["password"], form["cgu"] = "ines@ecole.test", "Azerty123", True
    form["csrf_token"] = "forged-token"
    response = form.submit(status=403)
    assert "Ce formulaire a expiré" in unescape(response.text)
    assert count_users() == 0


def test_a_post_without_session_cookie_is_refused(web, count_users):
    response = web.post(
        "/inscription",
        {
            "first_name": "A",
            "last_name": "B",
            "email": "a@ecole.test",
            "password": "Azerty123",
            "cgu": "on",
            "csrf_token": "anything",
        },
        status=403,
    )
    assert "Ce formulaire a expiré" in unescape(response.text)
    assert count_users() == 0


def test_session_cookie_is_signed_httponly_and_samesite(web, factories, session, login):
    factories.user(email="prof@ecole.test")
    session.commit()
    response = login("prof@ecole.test")
    cookie = next(v for k, v in response.headerlist if k == "Set-Cookie" and COOKIE_NAME in v)
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("SameSite=Lax", "SameSite=lax")
    # A tampered cookie is ignored: the visitor is anonymous again.
    web.set_cookie(COOKIE_NAME, web.cookies[COOKIE_NAME][:-2] + "xx")
    assert web.get("/campagnes").status_int == 302


def test_no_state_in_the_process_another_app_serves_the_same_session(
    web, factories, session, settings, hooks, engine, login
):
    import webtest

    from pixorga_reference_app import make_app

    organization = factories.organization()
    user = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=False)
    factories.membership(organization, user, Role.ADMIN)
    session.commit()
    login("prof@ecole.test")
    other = webtest.TestApp(make_app(settings, hooks, engine=engine))
    other.set_cookie(COOKIE_NAME, web.cookies[COOKIE_NAME])
    assert (
        other.get("/campagnes", status=302)
        .headers["Location"]
        .endswith(f"/etablissements/{organization.id}/campagnes")
    )


def test_logout_ends_the_session(web, factories, session, login):
    organization = factories.organization()
    user = factories.user(email="prof@ecole.test")
    factories.membership(organization, user)
    session.commit()
    login("prof@ecole.test")
    page = web.get("/cgu")
    page.forms[0].submit()
    page = web.get(f"/etablissements/{organization.id}/campagnes")
    logout_form = next(f for f in page.forms.values() if f.action == "/deconnexion")
    logout_form.submit().follow()
    assert web.get(f"/etablissements/{organization.id}/campagnes").status_int == 302


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil", "/\t/evil.example/", "/ /x"]
)
def test_login_never_redirects_to_another_site(web, settings, factories, session, target):
    factories.user(email="prof@ecole.test")
    session.commit()
    page = web.get("/connexion", {"suivant": target})
    form = page.forms[0]
    form["login"], form["password"] = "prof@ecole.test", "Azerty123"
    location = urlsplit(form.submit().headers["Location"])
    # The configured base URL's host (never the request's Host header: issue #13, point 6).
    assert (location.hostname, location.path) == (urlsplit(settings.base_url).hostname, "/")

"""The session cookie: a typed WebSession, signed; anything else is an anonymous visitor."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from pixorga_reference_app.web_session import COOKIE_NAME, SessionCodec, WebSession

SECRET = "k" * 40


@pytest.fixture
def codec() -> SessionCodec:
    return SessionCodec(SECRET, secure=False)


def signed(data: object, secret: str = SECRET) -> str:
    """A cookie signed as the app signs them, holding any ``data``."""
    return str(URLSafeTimedSerializer(secret, salt="pixorga.web-session").dumps(data))


def test_round_trip_with_the_sso_states(codec):
    session = WebSession(user_id=7).with_sso_state("gar", {"request_id": "id-42"})
    decoded = codec.decode(codec.encode(session))
    assert decoded == session
    assert decoded is not None
    assert decoded.sso_state("gar") == {"request_id": "id-42"}
    assert decoded.sso_state("academie") == {}


def test_sso_states_are_kept_per_provider_and_used_once():
    session = WebSession().with_sso_state("gar", {"request_id": "1"})
    session = session.with_sso_state("academie", {"nonce": "n"})
    assert session.sso_state("gar") == {"request_id": "1"}
    after = session.without_sso_state("gar")
    assert after.sso_state("gar") == {}
    assert after.sso_state("academie") == {"nonce": "n"}
    assert after.csrf_token == session.csrf_token


@pytest.mark.parametrize(
    "data",
    [
        {"u": 7, "c": "token", "t": 1_700_000_000},  # the format before the typed session
        {"user_id": "7", "csrf_token": "token", "issued_at": "hier"},
        {"user_id": "7", "csrf_token": "token", "issued_at": 1},
        {"user_id": True, "csrf_token": "token", "issued_at": 1},
        {"user_id": 7, "csrf_token": 42, "issued_at": 1},
        {"user_id": 7, "csrf_token": "token", "issued_at": 1, "sso_states": {"gar": "id"}},
        {"user_id": 7, "csrf_token": "token", "issued_at": 1, "admin": True},
        {"user_id": 7},
        ["user_id", 7],
        None,
    ],
)
def test_other_signed_contents_are_no_session(codec, data):
    assert codec.decode(signed(data)) is None


@pytest.mark.parametrize("cookie", ["", "garbage", "a.b.c"])
def test_unsigned_or_tampered_cookies_are_no_session(codec, cookie):
    assert codec.decode(cookie) is None
    good = codec.encode(WebSession(user_id=7))
    # Change the first character of the signature: all its 6 bits count (the last character's
    # low bits may be padding, so changing it could leave the signature as it was).
    payload, signature = good.rsplit(".", 1)
    other = "A" if signature[0] != "A" else "B"
    assert codec.decode(f"{payload}.{other}{signature[1:]}") is None
    assert codec.decode(signed({"user_id": 7, "csrf_token": "t", "issued_at": 1}, "x" * 40)) is None


@pytest.mark.parametrize(
    "data",
    [
        {"u": 1, "c": "token", "t": 1_700_000_000},
        {"user_id": 1, "csrf_token": "token", "issued_at": "soon"},
    ],
)
def test_an_old_or_invalid_cookie_is_a_logged_out_visitor_never_a_500(
    web, factories, session, settings, data
):
    user = factories.user(email="prof@ecole.test")
    session.commit()
    data = {**data, "u" if "u" in data else "user_id": user.id}
    web.set_cookie(COOKIE_NAME, signed(data, settings.require_secret_key()))
    response = web.get("/campagnes")
    assert response.status_int == 302  # sent to the login page, as anyone logged out
    assert "/connexion" in response.headers["Location"]
    page = web.get("/connexion")
    assert page.status_int == 200


def test_the_session_version_travels_in_the_cookie(codec):
    session = WebSession(user_id=7, session_version=3)
    decoded = codec.decode(codec.encode(session))
    assert decoded is not None
    assert decoded.session_version == 3
    # A cookie issued before the version existed carries version 0, the users' first one.
    older = codec.decode(signed({"user_id": 7, "csrf_token": "token", "issued_at": 1}))
    assert older is not None
    assert older.session_version == 0
    assert (
        codec.decode(
            signed({"user_id": 7, "csrf_token": "t", "issued_at": 1, "session_version": "3"})
        )
        is None
    )

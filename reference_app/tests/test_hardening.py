"""What probing the running app broke (issue #13, point 6): caching, redirects, hostile input,
names that disguise a person, request bodies, HSTS.

Each test runs on SQLite and PostgreSQL (the ``web`` fixture's engine is parametrized).
"""

from __future__ import annotations

import time
from html import unescape
from urllib.parse import urlsplit

import attrs
import pytest
import webtest

from pixorga_core.domain.memberships import Role
from pixorga_core.testing import TEST_PASSWORD, table_snapshot
from pixorga_reference_app import make_app

HUGE = "9" * 25  # beyond 2**63: SQLite cannot bind it, PostgreSQL has no such integer


@pytest.fixture
def school(factories, session):
    school = factories.organization(name="Collège des Tilleuls")
    admin = factories.user(email="admin@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, admin, Role.ADMIN)
    factories.learner(school, first_name="Zoé", last_name="Œuvray", division="3 C")
    session.commit()
    session.close()
    return school


def is_french_page(response) -> bool:
    return "<html" in response.text and 'lang="fr"' in response.text


# -- Cache-Control --------------------------------------------------------------------------------


def concrete(rule: str, school_id: int) -> str:
    path = rule.replace("<organization_id:int>", str(school_id))
    for wildcard in ("<invitation_id:int>", "<membership_id:int>"):
        path = path.replace(wildcard, "1")
    return path.replace("<source_name>", "csv").replace("<path:path>", "pixorga.css")


def test_every_page_is_no_store_and_static_files_stay_cacheable(web, app, school, login):
    anonymous = {}
    for route in app.routes:
        if route.method == "GET" and not route.rule.startswith("/static"):
            response = web.get(concrete(route.rule, school.id), status="*")
            anonymous[route.rule] = response.headers.get("Cache-Control")
    login("admin@ecole.test")
    walked = {}
    for route in app.routes:
        path = concrete(route.rule, school.id)
        if route.rule.startswith("/static"):
            static = web.get(path)
            assert "no-store" not in static.headers.get("Cache-Control", "")
            continue
        if route.method == "GET":
            response = web.get(path, status="*")
        else:
            response = web.post(path, {"csrf_token": "wrong"}, status="*")
        walked[(route.method, route.rule)] = response.headers.get("Cache-Control")
    assert len(walked) >= 20
    assert {rule: v for rule, v in walked.items() if v != "no-store"} == {}
    assert {rule: v for rule, v in anonymous.items() if v != "no-store"} == {}
    assert web.get("/nulle-part", status=404).headers["Cache-Control"] == "no-store"


# -- redirects ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forged",
    [
        {"HTTP_HOST": "evil.example"},
        {"HTTP_HOST": "evil.example:443"},
        {"HTTP_X_FORWARDED_HOST": "evil.example"},
        {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "evil.example"},
    ],
)
def test_redirects_use_the_configured_base_url_not_the_host_header(app, settings, school, forged):
    web = webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.1", **forged})
    base = urlsplit(settings.base_url)
    web.get("/", status=200)  # the home page is the login form and « J'ai un code »
    to_login = urlsplit(web.get(f"/etablissements/{school.id}/equipe", status=302).location)
    assert (to_login.scheme, to_login.netloc, to_login.path) == (
        base.scheme,
        base.netloc,
        "/connexion",
    )
    form = web.get("/connexion").forms[0]
    form["login"], form["password"] = "admin@ecole.test", TEST_PASSWORD
    logged_in = urlsplit(form.submit(status=302).headers["Location"])
    assert (logged_in.scheme, logged_in.netloc) == (base.scheme, base.netloc)


# -- integers beyond 2**63, NUL bytes -------------------------------------------------------------


def assert_french_4xx(response) -> None:
    assert 400 <= response.status_int < 500, response.status
    assert is_french_page(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_huge_integers_in_paths_and_queries_give_a_4xx_page(web, school, login, sessions):
    login("admin@ecole.test")
    before = table_snapshot(sessions, "users", "memberships", "invitations")
    for path in (
        f"/etablissements/{HUGE}/campagnes",
        f"/etablissements/{HUGE}/eleves",
        f"/etablissements/{HUGE}/equipe",
        f"/etablissements/-{HUGE}/equipe",
        f"/rejoindre?invitation={HUGE}&code=abc",
    ):
        assert_french_4xx(web.get(path, status="*"))
    for query in (f"page={HUGE}", f"modifier={HUGE}", f"page=-{HUGE}"):
        team = web.get(f"/etablissements/{school.id}/equipe?{query}", status="*")
        assert team.status_int == 200 or 400 <= team.status_int < 500
    listing = web.get(f"/etablissements/{school.id}/eleves?page={HUGE}", status="*")
    assert listing.status_int == 200
    token = web.get(f"/etablissements/{school.id}/equipe").forms[0]["csrf_token"].value
    for path, fields in (
        (f"/etablissements/{school.id}/equipe/membres/{HUGE}/supprimer", {}),
        (f"/etablissements/{school.id}/equipe/invitations/{HUGE}/annuler", {}),
        ("/choisir-etablissement", {"organization_id": HUGE}),
        ("/rejoindre/accepter", {"invitation": HUGE, "code": "abc"}),
    ):
        response = web.post(path, {"csrf_token": token, **fields}, status="*")
        assert_french_4xx(response)
    assert table_snapshot(sessions, "users", "memberships", "invitations") == before


def test_nul_bytes_in_any_field_give_a_4xx_page(web, school, login, sessions):
    before = table_snapshot(sessions, "users", "memberships", "organization_learners")
    token = web.get("/connexion").forms[0]["csrf_token"].value
    assert_french_4xx(
        web.post(
            "/connexion", {"csrf_token": token, "login": "a\x00b", "password": "x"}, status="*"
        )
    )
    signup = {
        "csrf_token": token,
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "email": "jeanne@ecole.test",
        "password": "Un-mot-de-passe-solide-42",
        "cgu": "on",
    }
    for field in ("first_name", "email", "password"):
        response = web.post("/inscription", {**signup, field: signup[field] + "\x00"}, status="*")
        assert_french_4xx(response)
    assert_french_4xx(web.get("/connexion?suivant=/%00", status="*"))
    login("admin@ecole.test")
    for query in ("recherche=a%00b", "classe=%00", "tri=%00"):
        assert_french_4xx(web.get(f"/etablissements/{school.id}/eleves?{query}", status="*"))
    assert_french_4xx(web.get("/static/pixorga.css%00", status="*"))
    assert table_snapshot(sessions, "users", "memberships", "organization_learners") == before


def multipart(token: str, file_name: str, data: bytes) -> tuple[bytes, str]:
    """A multipart body by hand (webtest refuses a NUL in a file name)."""
    boundary = "pixorga-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{token}\r\n"
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="fichier"; filename="{file_name}"\r\n'
            "Content-Type: text/xml\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_nul_byte_in_an_uploaded_file_name_gives_a_4xx_page(web, school, login, sessions):
    login("admin@ecole.test")
    token = web.get(f"/etablissements/{school.id}/eleves").forms[0]["csrf_token"].value
    before = table_snapshot(sessions, "organization_learners")
    body, content_type = multipart(token, "eleves\x00.xml", b"<xml/>")
    response = web.post(
        f"/etablissements/{school.id}/eleves/import", body, content_type=content_type, status="*"
    )
    assert_french_4xx(response)
    assert table_snapshot(sessions, "organization_learners") == before


# -- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\ufeff", "\x07"])
def test_sign_up_refuses_a_name_with_an_invisible_character(web, sessions, hidden):
    before = table_snapshot(sessions, "users")
    page = web.get("/inscription")
    form = page.forms[0]
    form["first_name"] = "Jeanne"
    form["last_name"] = f"Du{hidden}pont"
    form["email"] = "jeanne@ecole.test"
    form["password"] = "Un-mot-de-passe-solide-42"
    form["cgu"] = True
    refused = form.submit(status=422)
    assert "caractère invisible" in unescape(refused.text)
    assert table_snapshot(sessions, "users") == before


# -- request bodies and CSRF on multipart forms ---------------------------------------------------


class Recorder:
    """A WSGI wrapper that keeps the environ of the last request."""

    def __init__(self, app) -> None:
        self.app = app
        self.environ: dict = {}

    def __call__(self, environ, start_response):
        self.environ = environ
        return self.app(environ, start_response)


def test_a_multipart_post_without_its_token_is_refused_before_the_body_is_parsed(
    app, school, sessions
):
    recorder = Recorder(app)
    web = webtest.TestApp(recorder, extra_environ={"REMOTE_ADDR": "127.0.0.1"})

    form = web.get("/connexion").forms[0]
    form["login"], form["password"] = "admin@ecole.test", TEST_PASSWORD
    form.submit(status=302)
    page = web.get(f"/etablissements/{school.id}/eleves")
    token = page.forms[0]["csrf_token"].value if "csrf_token" in page.forms[0].fields else ""
    before = table_snapshot(sessions, "organization_learners")
    big = b"x" * (20 * 1024 * 1024)
    # No token, a wrong one, the right one in the address only, or after the file part.
    for fields, address in (
        ([], ""),
        ([("csrf_token", "wrong")], ""),
        ([], f"?csrf_token={token}"),
    ):
        start = time.perf_counter()
        response = web.post(
            f"/etablissements/{school.id}/eleves/import{address}",
            fields,
            upload_files=[("fichier", "eleves.xml", big)],
            status="*",
        )
        elapsed = time.perf_counter() - start
        assert response.status_int == 403, fields
        assert "bottle.request.post" not in recorder.environ  # the body was never parsed
        assert elapsed < 2.0
    body, content_type = multipart(token, "eleves.xml", big)
    boundary = content_type.split("=", 1)[1]
    token_part, file_part = body.split(f"--{boundary}\r\n".encode(), 2)[1:]
    token_last = f"--{boundary}\r\n".encode() + file_part.replace(
        f"\r\n--{boundary}--".encode(), f"\r\n--{boundary}\r\n".encode() + token_part[:-2]
    )
    response = web.post(
        f"/etablissements/{school.id}/eleves/import",
        token_last + f"\r\n--{boundary}--\r\n".encode(),
        content_type=content_type,
        status="*",
    )
    assert response.status_int == 403  # the token must come first: nothing else is read
    assert "bottle.request.post" not in recorder.environ
    assert table_snapshot(sessions, "organization_learners") == before
    # The right token first: the body is read whole after the check (the file is not XML).
    response = web.post(
        f"/etablissements/{school.id}/eleves/import",
        [("csrf_token", token)],
        upload_files=[("fichier", "eleves.xml", big)],
        status=422,
    )
    assert "n'est pas reconnu" in unescape(response.text)
    assert table_snapshot(sessions, "organization_learners") == before


def test_no_csrf_token_travels_in_an_address(web, school, login):
    login("admin@ecole.test")
    for path in ("", "/import"):
        page = web.get(f"/etablissements/{school.id}/eleves{path}")
        assert "csrf_token=" not in page.text
    form = next(f for f in page.forms.values() if f.enctype == "multipart/form-data")
    fields = [name for name, _ in form.field_order]
    assert fields[0] == "csrf_token"  # read before the file, from the body's first part
    assert "fichier" in fields


def test_waitress_caps_the_request_body_with_the_apps_own_limit(monkeypatch, settings, hooks):
    import waitress

    from pixorga_reference_app import serve as serve_module
    from pixorga_reference_app.transaction import MAX_REQUEST_BODY

    seen: dict = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: seen.update(kwargs))
    serve_module.serve(settings, hooks, host="127.0.0.1", port=0, threads=1, outbox_interval=None)
    assert seen["max_request_body_size"] == MAX_REQUEST_BODY
    from pixorga_reference_app.routes.learners import MAX_UPLOAD_BYTES

    assert MAX_REQUEST_BODY == MAX_UPLOAD_BYTES


def test_serve_sizes_the_pool_and_the_connections_for_a_class(
    monkeypatch, database_url, settings, hooks
):
    """One pooled database connection per thread (and the outbox sender's), room for a
    message's own session after commit, and far more than waitress's 100 client connections:
    browsers keep several each, and the hundredth pupil waited for a free one."""
    import waitress

    from pixorga_reference_app import serve as serve_module

    seen: dict = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: seen.update(kwargs))
    engines: list = []
    real_make_engine = serve_module.make_engine

    def recording_make_engine(url: str, **kwargs):
        engines.append(real_make_engine(url, **kwargs))
        return engines[-1]

    monkeypatch.setattr(serve_module, "make_engine", recording_make_engine)
    serve_module.serve(settings, hooks, host="127.0.0.1", port=0, threads=6, outbox_interval=None)
    assert seen["threads"] == 6
    assert seen["connection_limit"] == serve_module.DEFAULT_CONNECTION_LIMIT
    assert seen["asyncore_use_poll"] is True
    (engine,) = engines
    assert (engine.pool.size(), engine.pool._max_overflow) == (7, 6)
    engine.dispose()


# -- HSTS -----------------------------------------------------------------------------------------


def test_hsts_only_when_the_base_url_is_https(settings, hooks, engine):
    plain = webtest.TestApp(make_app(settings, hooks, engine=engine))
    assert "Strict-Transport-Security" not in plain.get("/connexion").headers
    https = attrs.evolve(settings, base_url="https://orga.pix.test")
    secure = webtest.TestApp(make_app(https, hooks, engine=engine))
    for response in (secure.get("/connexion"), secure.get("/nulle-part", status=404)):
        assert (
            response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        )

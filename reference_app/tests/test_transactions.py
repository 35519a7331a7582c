"""Requests and SQLite's write lock: pages that only read never wait behind a writer."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from pixorga_core.domain.memberships import Role
from pixorga_core.storage.db import make_engine

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The app's engine, giving up on a lock after a fraction of a second (not 30 s)."""
    engine = make_engine(database_url, connect_args={"timeout": 0.3})
    yield engine
    engine.dispose()


@pytest.fixture
def school(factories, session):
    school = factories.organization(name="Collège des Tilleuls")
    teacher = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, teacher, Role.MEMBER)
    factories.learner(school, first_name="Zoé", last_name="Œuvray", division="3 C")
    session.commit()
    session.close()
    return school


@pytest.fixture
def begins(engine: Engine) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    return seen


def hold_write_lock(database_url: str) -> sqlite3.Connection:
    """A second, real connection in BEGIN IMMEDIATE, as an import in another process."""
    conn = sqlite3.connect(Path(database_url.removeprefix("sqlite:///")), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE users SET first_name = first_name")
    return conn


def test_a_page_is_read_while_another_connection_holds_the_write_lock(
    web, school, login, database_url, begins
):
    login("prof@ecole.test")
    begins.clear()
    writer = hold_write_lock(database_url)
    try:
        start = time.perf_counter()
        page = web.get(f"/etablissements/{school.id}/eleves")
        elapsed = time.perf_counter() - start
    finally:
        writer.rollback()
        writer.close()
    assert "Œuvray" in page.text
    assert elapsed < 0.25  # did not wait for the lock
    assert begins == ["BEGIN"]


def test_a_form_still_takes_the_write_lock_at_begin(web, school, database_url, begins):
    page = web.get("/inscription")
    form = page.forms[0]
    form["first_name"], form["last_name"] = "Inès", "Lefèvre"
    form["email"], form["password"], form["cgu"] = "ines@ecole.test", "Azerty123", True
    begins.clear()
    writer = hold_write_lock(database_url)
    try:
        refused = form.submit(status="*")
    finally:
        writer.rollback()
        writer.close()
    assert begins == ["BEGIN IMMEDIATE"]
    assert refused.status_int == 500  # the lock was not released in time: nothing was written
    assert form.submit(status=302).status_int == 302  # the lock released, the same form works


def test_the_login_checks_the_password_before_it_takes_the_write_lock(
    web, school, database_url, begins
):
    """The login reads first (the slow password hash) in a deferred transaction, then counts
    the attempt in a write one: only that short write waits for the lock."""
    form = web.get("/connexion").forms[0]
    form["login"], form["password"] = "prof@ecole.test", "not the password"
    begins.clear()
    writer = hold_write_lock(database_url)
    try:
        refused = form.submit(status="*")
    finally:
        writer.rollback()
        writer.close()
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]
    assert refused.status_int == 500  # the write lock was not released in time
    assert form.submit(status=401).status_int == 401  # the lock released, the same form works


def test_a_long_search_does_not_hold_up_another_schools_page(app, factories, session):
    """20 000 words in the pupil search (issue #13, point 5): the search is cut to five words,
    so it stays quick, and it runs in a deferred read transaction that another school's page
    (and a form, which takes the write lock) never waits for."""
    import threading

    import webtest

    from pixorga_core.testing import TEST_PASSWORD

    crowded = factories.organization(name="Lycée Nombreux")
    other = factories.organization(name="Collège Voisin")
    for school, email in ((crowded, "prof@nombreux.test"), (other, "prof@voisin.test")):
        member = factories.user(email=email, pix_orga_terms_accepted=True)
        factories.membership(school, member, Role.MEMBER)
    for n in range(1500):
        factories.learner(crowded, first_name=f"Anna{n}", last_name="Martin", division="2A")
    factories.learner(other, first_name="Zoé", last_name="Œuvray", division="3 C")
    session.commit()
    session.close()

    def browser(email: str) -> webtest.TestApp:
        web = webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.1"})
        form = web.get("/connexion").forms[0]
        form["login"], form["password"] = email, TEST_PASSWORD
        form.submit(status=302)
        return web

    searching, neighbour = browser("prof@nombreux.test"), browser("prof@voisin.test")
    long_search = "+".join(["a"] * 20_000)
    timings: dict[str, float] = {}

    def search() -> None:
        start = time.perf_counter()
        page = searching.get(f"/etablissements/{crowded.id}/eleves?recherche={long_search}")
        timings["search"] = time.perf_counter() - start
        assert "La recherche a été raccourcie" in page.text

    thread = threading.Thread(target=search)
    thread.start()
    start = time.perf_counter()
    page = neighbour.get(f"/etablissements/{other.id}/eleves")
    timings["neighbour"] = time.perf_counter() - start
    thread.join(timeout=60)
    assert "Œuvray" in page.text
    assert timings["neighbour"] < 1.0
    assert timings["search"] < 2.0

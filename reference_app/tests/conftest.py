from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
import waitress.server
import webtest
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select

from pixorga_core.config import Settings
from pixorga_core.domain.memberships import Role
from pixorga_core.facade import Hooks
from pixorga_core.storage.models import UserRow
from pixorga_reference_app import make_app

pytest_plugins = ["pixorga_core.testing"]


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """The testing plugin's settings, with uploads kept in the test's own directory, and the
    address webtest uses as the base URL (redirects are built from it, never from ``Host``)."""
    return attrs.evolve(
        settings, upload_dir=str(tmp_path / "pixorga-uploads"), base_url="http://localhost"
    )


@pytest.fixture
def app(settings: Settings, hooks: Hooks, engine):
    return make_app(settings, hooks, engine=engine)


@pytest.fixture
def web(app) -> webtest.TestApp:
    return webtest.TestApp(app, extra_environ={"REMOTE_ADDR": "127.0.0.1"})


@pytest.fixture
def cheap_hashing(monkeypatch):
    """Real but cheap argon2id parameters, for tests with many accounts logging in."""
    import functools

    from argon2 import PasswordHasher

    from pixorga_core.services import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", lambda: cheap)
    monkeypatch.setattr(
        passwords, "_dummy_hash", functools.cache(lambda: cheap.hash("no-such-user"))
    )
    return cheap


@pytest.fixture
def make_team_school(factories, session):
    """``make_team_school(member=("Karim", "Benali"), **organization)``: a school (« Collège
    Victor-Hugo ») with its administrator Claire Martin (admin@ecole.test) and a member
    (prof@ecole.test), committed; ``organization``: more fields of the school."""

    def make(member: tuple[str, str] = ("Karim", "Benali"), **organization):
        school = factories.organization(name="Collège Victor-Hugo", **organization)
        admin = factories.user(
            first_name="Claire",
            last_name="Martin",
            email="admin@ecole.test",
            pix_orga_terms_accepted=True,
        )
        teacher = factories.user(
            first_name=member[0],
            last_name=member[1],
            email="prof@ecole.test",
            pix_orga_terms_accepted=True,
        )
        factories.membership(school, admin, Role.ADMIN)
        factories.membership(school, teacher, Role.MEMBER)
        session.commit()
        return school

    return make


@pytest.fixture
def count_users(sessions):
    def count() -> int:
        with sessions() as s:
            return int(s.scalar(select(func.count()).select_from(UserRow)) or 0)

    return count


@pytest.fixture
def login(web: webtest.TestApp):
    """Submit the login form: ``login("prof@ecole.test")`` (the factories' password by default)."""
    from pixorga_core.testing import TEST_PASSWORD

    def submit(login_value: str, password: str = TEST_PASSWORD, status: str = "*"):
        page = web.get("/connexion")
        form = page.forms[0]
        form["login"] = login_value
        form["password"] = password
        return form.submit(status=status)

    return submit


@pytest.fixture
def live_server(settings: Settings, hooks: Hooks, engine) -> Iterator[str]:
    """The app served by waitress on 127.0.0.1 (a free port), in a thread.

    The app's base URL is the server's address (redirects are built from it): the socket is
    bound first, then the app made for its port.
    """
    server = waitress.server.create_server(lambda *_: [], host="127.0.0.1", port=0, threads=4)
    url = f"http://127.0.0.1:{server.effective_port}"
    server.application = make_app(attrs.evolve(settings, base_url=url), hooks, engine=engine)
    stopping = threading.Event()

    def run() -> None:
        try:
            server.run()
        except OSError:
            # Closing the server from this thread may close a socket its loop is polling
            # (EBADF): that is how the loop ends, not an error (webtest's server does the same).
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield url
    stopping.set()
    server.close()
    thread.join(timeout=5)


# -- browser ---------------------------------------------------------------------------------

CHROMIUM = os.environ.get("PIXORGA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: str):
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def audit():
    """Check the page against axe-core's WCAG 2.1 A and AA rules; fail listing the violations."""
    from axe_playwright_python import sync_playwright as axe_module

    axe = axe_module.Axe()

    def check(page) -> None:
        results = axe.run(page, options={**WCAG_AA, "resultTypes": ["violations"]})
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
        ]
        assert violations == [], f"{page.url}:\n" + "\n".join(violations)

    return check


# -- a campaign with a pupil who participates (the test-flow pages) --------------------------------

CAMPAIGN_T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)


@pytest.fixture
def campaign_with_a_pupil(session, hooks, factories) -> dict:
    """A campaign on demo competence 1.1 made by a teacher (``prof@ecole.test``), and a pupil
    (``eleve@ecole.test``, password ``TEST_PASSWORD``) who participates in it."""
    from pixorga_core.domain.memberships import Role
    from pixorga_core.services import campaigns, orga
    from pixorga_core.storage.repositories import participations as participations_repo

    school = factories.organization()
    teacher = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, teacher, Role.MEMBER)
    campaign = campaigns.create_campaign(
        session,
        hooks,
        orga.context_for(session, teacher.id, school.id),
        campaigns.CampaignForm(
            name="3e4", target="pix-demo:competence-1-1", title="Mener une recherche"
        ),
        now=CAMPAIGN_T0,
    )
    pupil = factories.user(email="eleve@ecole.test")
    learner = factories.learner(school)
    participations_repo.insert_if_new(
        session,
        campaign_id=campaign.id,
        user_id=pupil.id,
        organization_learner_id=learner.id,
        external_id=None,
        now=CAMPAIGN_T0,
    )
    session.commit()
    return {"code": campaign.code, "campaign": campaign, "teacher": teacher}

"""« Mot de passe oublié » in Chromium (issue #16.16): from the login page to a new password,
then « Premiers pas »; every page of the journey passes the axe audit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

from pixorga_core.domain.memberships import Role
from pixorga_core.services import outbox

pytestmark = [pytest.mark.browser]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def fill_login(page, login: str, password: str) -> None:
    page.get_by_label("Adresse e-mail ou identifiant").fill(login)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Je me connecte").click()


def test_forgotten_password_journey(page, audit, factories, session, sessions, hooks, mailbox):
    school = factories.organization(name="Collège Victor-Hugo")
    user = factories.user(email="claire@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, user, Role.ADMIN)
    session.commit()
    page.goto("/connexion")
    fill_login(page, "", "")
    playwright_api.expect(page.get_by_role("alert")).to_contain_text(
        "Saisissez votre adresse e-mail ou votre identifiant."
    )
    audit(page)
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    audit(page)
    page.get_by_role("button", name="Recevoir un lien").click()
    playwright_api.expect(page.get_by_role("alert")).to_contain_text("Saisissez l'adresse")
    audit(page)
    page.get_by_label("Adresse e-mail").fill("claire@ecole.test")
    page.get_by_role("button", name="Recevoir un lien").click()
    playwright_api.expect(page.get_by_role("status")).to_contain_text("Si un compte utilise")
    audit(page)

    outbox.send_due(sessions, hooks)
    [line] = [v for v in mailbox.delivered[-1].text.splitlines() if v.startswith("reset_link: ")]
    link = re.sub(r"^https?://[^/]+", "", line.removeprefix("reset_link: "))
    page.goto(link)
    page.get_by_label("Nouveau mot de passe").fill("court")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    playwright_api.expect(page.get_by_role("alert")).to_contain_text("8 caractères au minimum")
    audit(page)
    page.get_by_label("Nouveau mot de passe").fill("Nouveau2026")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    playwright_api.expect(page.get_by_role("status")).to_contain_text("mot de passe a été modifié")
    fill_login(page, "claire@ecole.test", "Nouveau2026")
    playwright_api.expect(page.get_by_role("heading", name="Premiers pas")).to_be_visible()
    audit(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "premiers-pas.png"), full_page=True)
    page.goto(link)
    playwright_api.expect(page.get_by_role("alert")).to_contain_text("Ce lien a déjà servi")
    audit(page)
    page.get_by_role("link", name="Demander un nouveau lien").click()
    playwright_api.expect(page).to_have_url(re.compile(r"/mot-de-passe-oublie$"))

"""Browser tests: Debian's Chromium driven by Playwright against the app served by waitress."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

from pixorga_core.domain.memberships import Role

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fill_login(page, login: str, password: str) -> None:
    page.get_by_label("Adresse e-mail ou identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Je me connecte").click()


def test_sign_up_then_orga_is_refused_to_a_non_member(page):
    page.goto("/")
    # Issue #16.18: the Orga login offers no sign-up; access is by invitation.
    playwright_api.expect(page.get_by_text("vous devez avoir été invité(e)")).to_be_visible()
    playwright_api.expect(page.get_by_role("link", name="Inscrivez-vous")).to_have_count(0)
    page.goto("/inscription")
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Lefèvre")
    page.get_by_label("Adresse e-mail").fill("ines.lefevre@ecole.test")
    page.get_by_label("Mot de passe").fill("court")
    page.get_by_role("button", name="Je m'inscris").click()
    alert = page.get_by_role("alert")
    playwright_api.expect(alert).to_contain_text("8 caractères au minimum")
    playwright_api.expect(alert).to_contain_text("conditions d'utilisation")
    screenshot(page, "inscription-erreurs")

    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_label("J'accepte les conditions d'utilisation de Pix").check()
    page.get_by_role("button", name="Je m'inscris").click()
    playwright_api.expect(page.get_by_role("alert")).to_contain_text(
        "L'accès à Pix Orga est limité aux membres invités"
    )
    page.get_by_role("button", name="Se déconnecter").click()
    playwright_api.expect(page).to_have_url(re.compile(r"/connexion$"))


def test_member_logs_in_accepts_terms_and_sees_the_orga_layout(page, factories, session):
    school = factories.organization(name="Collège Victor-Hugo")
    user = factories.user(first_name="Claire", last_name="Martin", email="claire@ecole.test")
    factories.membership(school, user, Role.ADMIN)
    session.commit()

    page.goto("/")
    fill_login(page, "claire@ecole.test", "Azerty123")
    playwright_api.expect(page.get_by_role("heading", name="Bienvenue sur Pixorga")).to_be_visible()
    page.get_by_role("button", name="J'accepte les conditions d'utilisation").click()
    playwright_api.expect(page.get_by_role("heading", name="Premiers pas")).to_be_visible()
    nav = page.get_by_role("navigation", name="Menu principal")
    nav.get_by_role("link", name="Campagnes").click()
    playwright_api.expect(
        page.get_by_role("heading", name="Créez votre première campagne")
    ).to_be_visible()
    for label in ("Accueil", "Campagnes", "Élèves", "Équipe", "Documentation"):
        playwright_api.expect(nav.get_by_role("link", name=label)).to_be_visible()
    playwright_api.expect(page.get_by_text("Collège Victor-Hugo")).to_be_visible()
    playwright_api.expect(page.get_by_text("Claire Martin")).to_be_visible()
    screenshot(page, "orga-campagnes")

    nav.get_by_role("link", name="Équipe").click()
    playwright_api.expect(page.get_by_role("cell", name="Administrateur")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    playwright_api.expect(page).to_have_url(re.compile(r"/connexion$"))


def test_ten_wrong_passwords_show_the_blocking_message(page, factories, session):
    factories.user(email="prof@ecole.test")
    session.commit()
    page.goto("/connexion")
    for attempt in range(1, 11):
        fill_login(page, "prof@ecole.test", f"Mauvais{attempt}A")
        alert = page.get_by_role("alert")
        if attempt < 10:
            playwright_api.expect(alert).to_contain_text("sont incorrects")
    playwright_api.expect(alert).to_contain_text(
        "Vous avez effectué trop de tentatives de connexion"
    )
    screenshot(page, "connexion-bloquee")
    fill_login(page, "prof@ecole.test", "Azerty123")
    playwright_api.expect(page.get_by_role("alert")).to_contain_text("trop de tentatives")


def test_login_with_the_keyboard_only(page, factories, session):
    school = factories.organization()
    user = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, user)
    session.commit()
    page.goto("/connexion")
    page.keyboard.press("Tab")
    playwright_api.expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Tab")
    playwright_api.expect(page.get_by_label("Adresse e-mail ou identifiant")).to_be_focused()
    page.keyboard.type("prof@ecole.test")
    page.keyboard.press("Tab")
    page.keyboard.type("Azerty123")
    page.keyboard.press("Enter")
    playwright_api.expect(page).to_have_url(re.compile(rf"/etablissements/{school.id}/accueil$"))

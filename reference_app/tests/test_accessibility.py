"""Automated accessibility audit (axe-core, WCAG 2.1 A and AA rules) of every page, in Chromium."""

from __future__ import annotations

import pytest
from axe_playwright_python import sync_playwright as axe_module

from pixorga_core.domain.memberships import Role

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def audit(page) -> None:
    results = axe_module.Axe().run(page, options={**WCAG_AA, "resultTypes": ["violations"]})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]
    assert violations == [], f"{page.url}:\n" + "\n".join(violations)


def test_public_pages_have_no_accessibility_violation(page):
    page.goto("/connexion")
    audit(page)
    page.get_by_label("Adresse e-mail ou identifiant").fill("personne@ecole.test")
    page.get_by_label("Mot de passe").fill("Mauvais123")
    page.get_by_role("button", name="Je me connecte").click()
    audit(page)  # with the error message
    page.goto("/inscription")
    audit(page)
    page.get_by_role("button", name="Je m'inscris").click()
    audit(page)  # with every field in error
    page.goto("/nulle-part")
    audit(page)


def test_orga_pages_have_no_accessibility_violation(page, factories, session):
    school = factories.organization(name="Collège Victor-Hugo")
    other = factories.organization(name="Lycée Jean-Moulin")
    user = factories.user(first_name="Claire", last_name="Martin", email="claire@ecole.test")
    factories.membership(school, user, Role.ADMIN)
    factories.membership(other, user)
    factories.learner(school, first_name="Léa", last_name="Moreau")
    session.commit()
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("claire@ecole.test")
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_role("button", name="Je me connecte").click()
    audit(page)  # the Orga terms
    page.get_by_role("button", name="J'accepte les conditions d'utilisation").click()
    for path in ("campagnes", "eleves", "equipe"):
        page.goto(f"/etablissements/{school.id}/{path}")
        audit(page)
    for path in ("/documentation", "/choisir-etablissement"):
        page.goto(path)
        audit(page)

"""The pupil's way in, in Chromium at 375 px wide, with the keyboard where it matters, and the
axe audit (WCAG 2.1 A and AA) of each page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright import sync_api as playwright_api

from pixorga_core import paths
from pixorga_core.domain.memberships import Role
from pixorga_core.services import campaigns, orga

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]


@pytest.fixture(autouse=True)
def _plugins(pm):
    import pixorga_login_generator.plugin

    pm.register(pixorga_login_generator.plugin, name="login_generator")


@pytest.fixture
def campaign(factories, session, hooks):
    school = factories.organization(name="Lycée Pix")
    teacher = factories.user(email="prof@ecole.test")
    factories.membership(school, teacher, Role.ADMIN)
    factories.learner(school, first_name="Alan", last_name="Turing", birthdate=date(2011, 6, 23))
    made = campaigns.create_campaign(
        session,
        hooks,
        orga.context_for(session, teacher.id, school.id),
        campaigns.CampaignForm(
            name="3e4", target="pix-demo:competence-1-1", landing_text="Bonne chance !"
        ),
    )
    session.commit()
    return made


def test_a_pupil_joins_at_375_px(page, audit, campaign):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    audit(page)
    page.get_by_label("Code du parcours").fill("zzzzzz999")
    page.get_by_role("button", name="Commencer mon parcours").click()
    playwright_api.expect(page.get_by_text("Ce code est introuvable")).to_be_visible()
    audit(page)
    page.get_by_label("Code du parcours").fill(campaign.code.lower())
    page.get_by_label("Code du parcours").press("Enter")
    playwright_api.expect(
        page.get_by_role("heading", name="Commencez votre parcours")
    ).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Je commence").click()
    page.get_by_label("Prénom").fill("Ada")
    page.get_by_label("Nom", exact=True).fill("Turing")
    page.get_by_label("Date de naissance (JJ/MM/AAAA)").fill("23/06/2011")
    page.get_by_role("button", name="Je m'inscris").click()
    playwright_api.expect(page.get_by_role("alert")).to_contain_text("Vérifiez vos informations")
    audit(page)
    page.get_by_role("link", name="← Vérifier mes informations").click()
    audit(page)
    page.get_by_label("Prénom").fill("Alan")
    page.get_by_label("Nom", exact=True).fill("Turing")
    page.get_by_label("Date de naissance (JJ/MM/AAAA)").fill("23/06/2011")
    page.get_by_role("button", name="Je m'inscris").click()
    playwright_api.expect(page.get_by_label("Identifiant")).to_have_value("alan.turing2306")
    audit(page)
    page.get_by_label("Mot de passe").fill("court")
    page.get_by_role("button", name="Je m'inscris").click()
    playwright_api.expect(page.get_by_role("alert")).to_contain_text("8 caractères au minimum")
    audit(page)
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_label("Mot de passe").press("Enter")
    playwright_api.expect(page).to_have_url(
        re.compile(re.escape(paths.campaign_test(campaign.code)))
    )
    page.goto(paths.MY_CAMPAIGNS)
    playwright_api.expect(page.get_by_role("link", name=re.compile("Reprendre"))).to_be_visible()
    audit(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375

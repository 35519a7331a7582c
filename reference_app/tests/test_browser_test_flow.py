"""The test flow in a browser, 375 px wide: a pupil with a participation reads the rules, answers
six challenges (one checkpoint, « Vos réponses »), leaves, comes back (« Reprendre » is the same
link), finishes and sends the results; every step passes the axe audit and a reload in the middle
shows the same challenge. (Joining the campaign is the join pages' test.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pixorga_core.domain.referential import ChallengeType

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]
T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)


@pytest.fixture
def code(campaign_with_a_pupil):
    return campaign_with_a_pupil["code"]


def answer(page, hooks) -> None:
    challenge_id = page.locator('input[name="challenge_id"]').first.get_attribute("value")
    challenge = hooks.referentials().get("pix-demo").challenges_by_id[challenge_id]
    form = page.locator("form.test-answer")
    if challenge.type is ChallengeType.QCU:
        form.get_by_label(challenge.proposals[challenge.solution - 1], exact=True).check()
    elif challenge.type is ChallengeType.QCM:
        for index in challenge.solution:
            form.get_by_label(challenge.proposals[index - 1], exact=True).check()
    elif challenge.type is ChallengeType.QROC:
        form.get_by_label("Votre réponse").fill(challenge.solution[0])
    else:
        for field in challenge.fields:
            form.locator(f'[name="champ-{field.key}"]').fill(field.solution[0])
    page.get_by_role("button", name="Je valide").click()


def test_a_pupil_takes_the_test_leaves_comes_back_and_sends_the_results(page, audit, hooks, code):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("eleve@ecole.test")
    page.get_by_label("Mot de passe").fill("Azerty123")
    page.get_by_role("button", name="Je me connecte").click()
    page.goto(f"/campagnes/{code}/parcours")
    page.get_by_text("Vous pouvez rechercher sur internet").wait_for()
    audit(page)
    start = page.get_by_role("button", name="Je commence")
    start.focus()
    page.keyboard.press("Enter")  # the keyboard alone
    page.get_by_role("heading", name="Question 1").wait_for()
    assert "Parcours Mener une recherche" in page.inner_text("header")
    audit(page)
    first = page.locator('input[name="challenge_id"]').first.get_attribute("value")
    page.reload()
    assert page.locator('input[name="challenge_id"]').first.get_attribute("value") == first
    for n in range(1, 6):
        page.get_by_role("heading", name=f"Question {n}").wait_for()
        answer(page, hooks)
    page.get_by_role("heading", name="Vos réponses").wait_for()
    page.get_by_text("Réponses et tutos").first.click()
    audit(page)
    page.get_by_role("button", name="Continuer mon parcours").click()
    answer(page, hooks)  # the sixth
    page.get_by_role("heading", name="Question 7").wait_for()
    page.goto("/")  # leaves
    page.goto(f"/campagnes/{code}/parcours")  # « Reprendre »
    page.get_by_role("heading", name="Question 7").wait_for()
    for _ in range(60):
        if page.get_by_text("des compétences testées").count():
            break
        if page.get_by_role("button", name="Continuer mon parcours").count():
            page.get_by_role("button", name="Continuer mon parcours").click()
            continue
        answer(page, hooks)
    page.get_by_role("heading", name="Vous maîtrisez 100 % des compétences testées").wait_for()
    audit(page)
    page.get_by_role("button", name="J'envoie mes résultats").click()
    page.get_by_text("Vos résultats ont été envoyés").first.wait_for()
    audit(page)

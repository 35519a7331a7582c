"""The pupil's test through the pages: rules, challenges with shuffled options, the checkpoint,
the end and sharing; double submits, old pages and bad input redirected or refused with the
tables unchanged; the preview; archived campaigns; the Markdown rendered safely."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

import pytest
from sqlalchemy import select

from pixorga_core.domain.referential import ChallengeType
from pixorga_core.storage.models import Base
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.testing import table_snapshot
from pixorga_reference_app.rich_text import SUMMARY_LENGTH, markdown, summary

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)


@pytest.fixture
def world(campaign_with_a_pupil):
    return campaign_with_a_pupil


def url(world, page="", kind="parcours"):
    base = f"/campagnes/{world['code']}/{kind}"
    return f"{base}/{page}" if page else base


def fill(page, hooks, *, wrong=False):
    """Fill the challenge form as a pupil who knows (or not) the answer, reading the labels."""
    form = page.forms[0]
    challenge = hooks.referentials().get("pix-demo").challenges_by_id[form["challenge_id"].value]
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        labels = {unescape(label.text): label["for"] for label in page.html.select("form label")}
        wanted = [challenge.solution] if challenge.type is ChallengeType.QCU else challenge.solution
        if wrong:
            wanted = [i for i in range(1, len(challenge.proposals) + 1) if i not in wanted][:1]
        ids = [b["id"] for b in page.html.select('input[name="choix"]')]
        for index in wanted:
            box = page.html.select_one(f"#{labels[challenge.proposals[index - 1]]}")
            if challenge.type is ChallengeType.QCU:
                form["choix"] = box["value"]
            else:
                form.get("choix", index=ids.index(box["id"])).checked = True
    elif challenge.type is ChallengeType.QROC:
        form["reponse"] = "zzz" if wrong else challenge.solution[0]
    else:
        for field in challenge.fields:
            form[f"champ-{field.key}"] = "zzz" if wrong else field.solution[0]
    return form, challenge


def begin(web, login, world):
    login("eleve@ecole.test")
    rules = web.get(url(world))
    return rules.forms[0].submit().follow()


def test_the_rules_then_a_challenge_with_the_parcours_title(web, login, world):
    login("eleve@ecole.test")
    rules = web.get(url(world))
    text = unescape(rules.text)
    for words in (
        "Vous pouvez rechercher sur internet",
        "Pas de limite de temps !",
        "Des tutos pour apprendre",
        "Un niveau de difficulté adapté",
        "Je commence",
    ):
        assert words in text
    page = rules.forms[0].submit().follow()
    assert "Parcours Mener une recherche" in unescape(page.text)
    assert "Question 1" in page.text
    assert {"Je valide", "Je passe"} <= {b.text for b in page.html.select("button")}
    assert "Signaler un problème" in unescape(page.text)
    assert web.get(url(world)).text == page.text  # a reload shows the same challenge


def test_a_whole_test_with_a_checkpoint_then_sharing(web, login, world, hooks, sessions):
    page = begin(web, login, world)
    checkpoints = 0
    for _ in range(60):
        if "Vos réponses" in unescape(page.text) and "Continuer mon parcours" in page.text:
            assert "Réponses et tutos" in unescape(page.text)
            assert len(page.html.select("ol.review > li")) == 5
            questions = [q.text for q in page.html.select(".review-question")]
            assert all(q and "**" not in q and len(q) <= SUMMARY_LENGTH for q in questions)
            page = page.forms[0].submit().follow()
            checkpoints += 1
        if "Vous maîtrisez" in unescape(page.text):
            break
        form, _ = fill(page, hooks)
        page = form.submit("action", value="valider").follow()
    assert checkpoints >= 1
    assert "Vous maîtrisez 100 % des compétences testées" in unescape(page.text)
    assert "1.1 Mener une recherche" in unescape(page.text)
    page = page.forms[0].submit().follow()
    assert "Vos résultats ont été envoyés" in unescape(page.text)
    with sessions() as s:
        (participation,) = participations_repo.list_for_campaign(s, world["campaign"].id)
        assert participation.status.value == "SHARED"
        assert participations_repo.snapshot(s, participation.id)


def test_a_double_submit_or_an_old_page_stores_one_answer(web, login, world, hooks, sessions):
    page = begin(web, login, world)
    form, _ = fill(page, hooks)
    form.submit("action", value="valider").follow()
    before = table_snapshot(sessions)
    again = form.submit("action", value="valider")  # the back button, or a second click
    assert again.status_int in (302, 303)
    shown = again.follow()
    assert "Vous avez déjà répondu à cette question" in unescape(shown.text)
    assert "Question 2" in shown.text
    assert table_snapshot(sessions) == before


def test_skipping(web, login, world, sessions):
    page = begin(web, login, world)
    page = page.forms[0].submit("action", value="passer").follow()
    assert "Question 2" in page.text
    with sessions() as s:
        assert s.execute(select(Base.metadata.tables["answers"].c.status)).scalar_one() == "skipped"


@pytest.mark.parametrize("kind", ["forged", "option", "long"])
def test_bad_answers_are_refused_and_nothing_changes(web, login, world, sessions, kind):
    page = begin(web, login, world)
    token = page.html.select_one('input[name="csrf_token"]')["value"]
    current = page.forms[0]["challenge_id"].value
    data = {
        "forged": {"challenge_id": "rec<script>", "choix": "1", "reponse": "x"},
        "option": {"challenge_id": current, "choix": "42"},
        "long": {"challenge_id": current, "reponse": "a" * 100_000, "choix": "9" * 100_000},
    }[kind]
    before = table_snapshot(sessions)
    refused = web.post(
        url(world, "repondre"), {"csrf_token": token, "action": "valider", **data}, status=422
    )
    assert refused.html.select_one('[role="alert"]').text.strip()
    assert "<script>" not in refused.text
    assert table_snapshot(sessions) == before


def test_anonymous_goes_to_login_and_a_stranger_to_the_landing(
    web, login, world, factories, session
):
    assert "/connexion?suivant=" in web.get(url(world)).location
    factories.user(email="autre@ecole.test")
    session.commit()
    login("autre@ecole.test")
    assert web.get(url(world)).location.endswith(f"/campagnes/{world['code']}")
    assert web.get("/campagnes/AAAAAA222/parcours", status=404)


def test_a_report_is_stored(web, login, world, sessions):
    page = begin(web, login, world)
    form = page.forms[1]
    form["signalement"] = "L'image ne s'affiche pas"
    page = form.submit().follow()
    assert "votre signalement a été enregistré" in unescape(page.text)
    with sessions() as s:
        assert s.execute(select(Base.metadata.tables["challenge_reports"].c.text)).scalar_one()


def test_an_archived_campaign_says_so(web, login, world, sessions):
    with sessions() as s, s.begin():
        campaigns_repo.set_archived(s, world["campaign"].id, by_user_id=world["teacher"].id, now=T0)
    login("eleve@ecole.test")
    page = web.get(url(world), status=403)
    assert "Cette campagne est archivée" in unescape(page.text)


def test_a_member_previews_the_campaign(web, login, world, sessions):
    login("prof@ecole.test")
    rules = web.get(url(world, kind="apercu"))
    assert "Aperçu de la campagne" in unescape(rules.text)
    page = rules.forms[0].submit().follow()
    assert "Question 1" in page.text
    page.forms[0].submit("action", value="passer").follow()
    with sessions() as s:
        (only,) = participations_repo.list_for_campaign(s, world["campaign"].id)  # the pupil's
        assert only.user_id != world["teacher"].id
        (preview,) = s.execute(select(Base.metadata.tables["assessments"])).all()
        assert preview.is_preview
        assert preview.participation_id is None


def test_markdown_is_rendered_safely():
    html = markdown(
        "**gras** <script>alert(1)</script> [lien](javascript:alert(1))\n\n"
        "<img src=x onerror=alert(1)>\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>gras</strong>" in html
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert "<table>" in html


def test_the_checkpoint_summary_is_the_plain_text_shortened_on_a_word():
    instruction = (
        "Chloé cherche une recette de crêpes **sans œufs**.\n\n- `crêpes -œufs`\n"
        "- [un lien](https://exemple.fr)\n\n<b>gras</b> " + "mot " * 60
    )
    shown = summary(instruction)
    assert shown.startswith(
        "Chloé cherche une recette de crêpes sans œufs. crêpes -œufs un lien <b>gras</b> mot"
    )
    assert len(shown) <= SUMMARY_LENGTH
    assert shown.endswith("mot…")
    assert summary("Une question courte ?\nSur deux lignes.") == (
        "Une question courte ? Sur deux lignes."
    )
    assert summary("x" * 500) == "x" * (SUMMARY_LENGTH - 1) + "…"

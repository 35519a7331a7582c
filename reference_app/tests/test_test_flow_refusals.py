"""The test's bad input through the pages (issue #14, « Bad input »), each refused with a clear
message and every table unchanged, on SQLite and PostgreSQL: an answer to a challenge that is not
the current one, a QCM naming an option that does not exist, a 100 000-character open answer, a
report on a challenge never shown (or empty, or too long), results sent before the end or from a
preview, a tampered or foreign campaign code. (A forged challenge id and a double submit:
``test_test_flow.py``.)"""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from pixorga_core.domain.campaigns import REPORT_TEXT_MAX
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.referential import ChallengeType
from pixorga_core.services import campaigns, orga
from pixorga_core.storage.models import AssessmentRow
from pixorga_core.testing import table_snapshot

#: Challenges of demo competence 1.1, one per type a test needs here.
QCM, QROC, QROCM = "1.1-moteur-3-a", "1.1-moteur-1-c", "1.1-moteur-6-a"


@pytest.fixture
def world(campaign_with_a_pupil):
    return campaign_with_a_pupil


def url(world, page="", kind="parcours", code=None):
    base = f"/campagnes/{code or world['code']}/{kind}"
    return f"{base}/{page}" if page else base


def begin(web, login, world):
    """The pupil logged in, the test started: the first challenge's page."""
    login("eleve@ecole.test")
    return web.get(url(world)).forms[0].submit().follow()


def token(page) -> str:
    return page.html.select_one('input[name="csrf_token"]')["value"]


def show(web, sessions, world, challenge_id):
    """Make ``challenge_id`` the challenge the pupil is on (as if the algorithm drew it)."""
    with sessions() as s, s.begin():
        row = s.scalars(select(AssessmentRow).where(AssessmentRow.is_preview.is_(False))).one()
        row.current_challenge_id = challenge_id
    return web.get(url(world))


def alert(response) -> str:
    return unescape(response.html.select_one('[role="alert"]').get_text(" ", strip=True))


def test_an_answer_to_a_challenge_not_current_is_sent_back_and_writes_nothing(
    web, login, world, sessions, hooks
):
    page = begin(web, login, world)
    current = page.forms[0]["challenge_id"].value
    other = next(c for c in (QCM, QROC, QROCM) if c != current)
    before = table_snapshot(sessions)
    response = web.post(
        url(world, "repondre"),
        {"csrf_token": token(page), "challenge_id": other, "action": "valider", "reponse": "x"},
    )
    assert response.status_int in (302, 303)
    shown = response.follow()
    assert "Vous avez déjà répondu à cette question" in unescape(shown.text)
    assert shown.forms[0]["challenge_id"].value == current  # where the pupil is
    assert table_snapshot(sessions) == before


def test_a_qcm_naming_an_option_that_does_not_exist_is_refused(web, login, world, sessions, hooks):
    begin(web, login, world)
    page = show(web, sessions, world, QCM)
    challenge = hooks.referentials().get("pix-demo").challenges_by_id[QCM]
    assert challenge.type is ChallengeType.QCM
    assert len(page.html.select('input[name="choix"]')) == len(challenge.proposals)
    before = table_snapshot(sessions)
    for choices in (["1", "42"], ["0"], ["-1"], ["un"], ["1" * 7]):
        refused = web.post(
            url(world, "repondre"),
            [
                ("csrf_token", token(page)),
                ("challenge_id", QCM),
                ("action", "valider"),
                *(("choix", c) for c in choices),
            ],
            status=422,
        )
        assert "ne correspond à aucune proposition" in alert(refused), choices
    assert table_snapshot(sessions) == before


def test_a_hundred_thousand_character_answer_is_refused(web, login, world, sessions, hooks):
    begin(web, login, world)
    for challenge_id in (QROC, QROCM):
        page = show(web, sessions, world, challenge_id)
        challenge = hooks.referentials().get("pix-demo").challenges_by_id[challenge_id]
        data = {"csrf_token": token(page), "challenge_id": challenge_id, "action": "valider"}
        if challenge.type is ChallengeType.QROC:
            data["reponse"] = "a" * 100_000
        else:
            data.update({f"champ-{f.key}": "a" * 100_000 for f in challenge.fields})
        before = table_snapshot(sessions)
        refused = web.post(url(world, "repondre"), data, status=422)
        assert "trop longue" in alert(refused)
        assert refused.forms[0]["challenge_id"].value == challenge_id  # the same question again
        assert table_snapshot(sessions) == before


def test_a_bad_report_is_refused(web, login, world, sessions):
    page = begin(web, login, world)
    current = page.forms[0]["challenge_id"].value
    never_shown = next(c for c in (QCM, QROC) if c != current)
    before = table_snapshot(sessions)
    for challenge_id, text, message in (
        (never_shown, "Coquille", "ne fait pas partie de votre parcours"),
        (current, "   ", "Décrivez le problème"),
        (current, "x" * (REPORT_TEXT_MAX + 1), f"{REPORT_TEXT_MAX} caractères"),
    ):
        refused = web.post(
            url(world, "signaler"),
            {"csrf_token": token(page), "challenge_id": challenge_id, "signalement": text},
            status=422,
        )
        assert message in unescape(refused.text)
    assert table_snapshot(sessions) == before


def test_results_cannot_be_sent_before_the_end_nor_from_a_preview(web, login, world, sessions):
    page = begin(web, login, world)
    before = table_snapshot(sessions)
    refused = web.post(url(world, "envoyer"), {"csrf_token": token(page)}, status=422)
    assert "Votre parcours n'est pas terminé" in unescape(refused.text)
    assert table_snapshot(sessions) == before
    web.reset()
    login("prof@ecole.test")
    preview = web.get(url(world, kind="apercu")).forms[0].submit().follow()
    before = table_snapshot(sessions)
    refused = web.post(
        url(world, "envoyer", kind="apercu"), {"csrf_token": token(preview)}, status=403
    )
    assert "Ceci est un aperçu" in unescape(refused.text)
    assert table_snapshot(sessions) == before


def test_a_tampered_or_foreign_code_is_refused_and_writes_nothing(
    web, login, world, sessions, session, hooks, factories
):
    other_school = factories.organization(name="Collège Ailleurs")
    colleague = factories.user(email="prof@ailleurs.test")
    factories.membership(other_school, colleague, Role.ADMIN)
    foreign = campaigns.create_campaign(
        session,
        hooks,
        orga.context_for(session, colleague.id, other_school.id),
        campaigns.CampaignForm(name="Ailleurs", target="pix-demo:competence-1-1"),
    )
    session.commit()
    page = begin(web, login, world)
    current = page.forms[0]["challenge_id"].value
    answer = {"csrf_token": token(page), "challenge_id": current, "action": "passer"}
    before = table_snapshot(sessions)
    for code in ("ZZZZZZ999", "pas-un-code", world["code"][:-1] + "1", "%00"):
        web.post(url(world, "repondre", code=code), answer, status=(400, 404))
    # A code of another school's campaign: no participation there, sent to its landing page.
    response = web.post(url(world, "repondre", code=foreign.code), answer)
    assert response.location.endswith(f"/campagnes/{foreign.code}")
    response = web.post(url(world, "commencer", code=foreign.code), answer)
    assert response.location.endswith(f"/campagnes/{foreign.code}")
    # Nor may a pupil preview a campaign: previews are for the school's members.
    web.post(url(world, "commencer", kind="apercu"), answer, status=403)
    assert table_snapshot(sessions) == before

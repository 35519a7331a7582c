"""The seeds' path in one go (issue #14's « done when »), in Chromium, on SQLite and PostgreSQL.

A teacher logs in and creates a campaign on competence 1.1 through the form; an imported pupil
(made by the fixtures, not the import page) opens the direct link, declares their identity,
signs up with the generated identifier and a password, answers six challenges (one checkpoint,
« Continuer mon parcours »), leaves, comes back through « Mes parcours » → « Reprendre »,
finishes and sends the results; the teacher then sees « Participants 1 » and « Résultats reçus
1 » on the campaign list and on the campaign page. One browser, a context per person.

Then issue #15's « done when »: the teacher opens the participant list, the pupil's individual
result, the collective results and the analysis, and downloads the CSV export, which is parsed
and checked cell by cell against the participation in the database.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pixorga_core.clock import in_paris
from pixorga_core.domain.exports import decimal_fr
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.referential import ChallengeType
from pixorga_core.domain.results import compute_result, target_of
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.testing import TEST_PASSWORD

pytestmark = [pytest.mark.browser]
PUPIL_PASSWORD = "Lune-Bleue-42"
TARGET = "1.1 - Mener une recherche et une veille d'information"


@pytest.fixture(autouse=True)
def _plugins(pm):
    import pixorga_login_generator.plugin

    pm.register(pixorga_login_generator.plugin, name="login_generator")


@pytest.fixture
def school(factories, session):
    """A school that manages its pupils, a teacher, and the imported pupil Alan Turing."""
    school = factories.organization(name="Collège des Tilleuls")
    teacher = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, teacher, Role.MEMBER)
    factories.learner(school, first_name="Alan", last_name="Turing", birthdate=date(2011, 6, 23))
    session.commit()
    return school


def heading(page) -> str:
    return page.locator("main h1").first.inner_text()


def answer_rightly(page, hooks) -> None:
    """Answer the challenge shown through its form controls, as a pupil who knows the answer
    (the options are shuffled: they are found by their text)."""
    form = page.locator("form.test-answer")
    challenge_id = form.locator('input[name="challenge_id"]').get_attribute("value")
    challenge = hooks.referentials().get("pix-demo").challenges_by_id[challenge_id]
    if challenge.type is ChallengeType.QCU:
        form.get_by_label(challenge.proposals[challenge.solution - 1], exact=True).check()
    elif challenge.type is ChallengeType.QCM:
        for number in challenge.solution:
            form.get_by_label(challenge.proposals[number - 1], exact=True).check()
    elif challenge.type is ChallengeType.QROC:
        form.get_by_label("Votre réponse").fill(challenge.solution[0])
    else:  # QROCM: one labelled field each
        for field in challenge.fields:
            form.locator(f'input[id="champ-{field.key}"]').fill(field.solution[0])
    before = heading(page)
    form.get_by_role("button", name="Je valide").click()
    expect(page.locator("main h1").first).not_to_have_text(before)


def answer_until(page, hooks, stop: str) -> None:
    """Answer (continuing after each checkpoint) until the page's heading matches ``stop``."""
    for _ in range(80):
        shown = heading(page)
        if re.search(stop, shown):
            return
        if shown == "Vos réponses":
            page.get_by_role("button", name="Continuer mon parcours").click()
            expect(page.locator("main h1").first).not_to_have_text(shown)
        else:
            answer_rightly(page, hooks)
    pytest.fail(f"never reached {stop!r}")


def log_in(page, login: str, password: str) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Je me connecte").click()


def counts_in_the_list(teacher, campaign_name: str) -> tuple[str, str]:
    table = teacher.locator("table.table")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr", has_text=campaign_name)
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    return cells[headers.index("Participants")], cells[headers.index("Résultats reçus")]


def check_export(body: bytes, sessions, hooks, school, campaign_id: int) -> None:
    """The downloaded file, parsed, against the one participation in the database."""
    assert body.startswith("\ufeff".encode())
    header, line, *rest = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rest == []
    with sessions() as session:
        campaign = campaigns_repo.get(session, campaign_id)
        assert campaign is not None
        (participation,) = participations_repo.list_for_campaign(session, campaign.id)
        (learner,) = learners_repo.get_many(session, [participation.organization_learner_id])
        snapshot = participations_repo.snapshot(session, participation.id)
    referential, profile = hooks.referentials().find_target_profile(
        campaign.target_profile_id, referential_id=campaign.referential_id
    )
    result = compute_result(target_of(referential, profile), snapshot)
    assert participation.shared_at is not None
    expected = [
        school.name,
        str(campaign.id),
        campaign.code,
        campaign.name,
        profile.name,
        learner.last_name,
        learner.first_name,
        learner.division,
        "1",
        in_paris(participation.created_at).date().isoformat(),
        "Oui",
        in_paris(participation.shared_at).date().isoformat(),
        decimal_fr(result.mastery_rate, 2),
    ]
    for each in (*result.competences, *result.areas):
        expected += [decimal_fr(each.mastery_rate, 2), str(each.targeted), str(each.validated)]
    assert header[:8] == [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        "Nom du Profil Cible",
        "Nom du Participant",
        "Prénom du Participant",
        "Classe",
    ]
    assert len(header) == len(line) == len(expected)
    assert dict(zip(header, line, strict=True)) == dict(zip(header, expected, strict=True))
    assert result.validated > 0


def test_a_teacher_creates_a_campaign_a_pupil_takes_it_and_the_teacher_sees_the_result(
    browser, live_server, hooks, school, sessions
):
    teacher_context = browser.new_context(base_url=live_server, locale="fr-FR")
    pupil_context = browser.new_context(base_url=live_server, locale="fr-FR")
    try:
        teacher_context.set_default_timeout(10_000)
        pupil_context.set_default_timeout(10_000)
        teacher, pupil = teacher_context.new_page(), pupil_context.new_page()

        # The teacher creates the campaign through the form.
        log_in(teacher, "prof@ecole.test", TEST_PASSWORD)
        expect(teacher.get_by_role("heading", name="Premiers pas")).to_be_visible()
        teacher.get_by_role("link", name="Campagnes", exact=True).click()
        expect(teacher.get_by_role("heading", name="Créez votre première campagne")).to_be_visible()
        teacher.get_by_role("link", name="Créer une campagne").first.click()
        teacher.get_by_label("Nom de la campagne").fill("3e4 - Recherche d'information")
        teacher.get_by_label("Que souhaitez-vous tester ?").select_option(label=TARGET)
        teacher.get_by_label("Titre du parcours").fill("Mener une recherche")
        teacher.get_by_role("button", name="Créer la campagne").click()
        expect(teacher.get_by_text("La campagne a été créée")).to_be_visible()
        campaign_page = teacher.url
        link = teacher.locator("#lien-direct").get_attribute("href")
        assert (link or "").startswith(live_server + "/campagnes/")

        # The pupil opens the direct link, declares who they are and signs up.
        pupil.goto(link)
        expect(pupil.get_by_role("heading", name="Commencez votre parcours")).to_be_visible()
        pupil.get_by_role("link", name="Je commence").click()
        pupil.get_by_label("Prénom").fill("Alan")
        pupil.get_by_label("Nom", exact=True).fill("Turing")
        pupil.get_by_label("Date de naissance (JJ/MM/AAAA)").fill("23/06/2011")
        pupil.get_by_role("button", name="Je m'inscris").click()
        expect(pupil.get_by_label("Identifiant")).to_have_value("alan.turing2306")
        pupil.get_by_label("Mot de passe").fill(PUPIL_PASSWORD)
        pupil.get_by_role("button", name="Je m'inscris").click()

        # The rules, then six challenges with the checkpoint after the fifth.
        expect(pupil.get_by_text("Vous pouvez rechercher sur internet")).to_be_visible()
        pupil.get_by_role("button", name="Je commence").click()
        expect(pupil.get_by_role("heading", name="Question 1")).to_be_visible()
        answer_until(pupil, hooks, "^Vos réponses$")
        expect(pupil.locator("ol.review > li")).to_have_count(5)
        answer_until(pupil, hooks, "^Question 7$")

        # The pupil leaves, and comes back through « Mes parcours » → « Reprendre ».
        pupil.goto("/")
        expect(pupil.get_by_role("heading", name="Mes parcours")).to_be_visible()
        pupil.get_by_role("link", name=re.compile("^Reprendre")).click()
        expect(pupil.get_by_role("heading", name="Question 7")).to_be_visible()
        answer_until(pupil, hooks, "des compétences testées")
        pupil.get_by_role("button", name="J'envoie mes résultats").click()
        expect(pupil.get_by_text("Vos résultats ont été envoyés").first).to_be_visible()

        # The teacher sees one participant and one result received.
        teacher.get_by_role("link", name="← Toutes les campagnes").click()
        assert counts_in_the_list(teacher, "3e4 - Recherche d'information") == ("1", "1")
        teacher.goto(campaign_page)
        main = teacher.locator("main")
        expect(main).to_contain_text(re.compile(r"Participants\s*:?\s*1\b"))
        expect(main).to_contain_text(re.compile(r"Résultats reçus\s*:?\s*1\b"))

        # Issue #15: the participants, the individual result, the collective results, the
        # analysis, and the CSV export checked against the database.
        teacher.get_by_role("link", name="Participants (1)").click()
        row = teacher.locator("tbody tr", has_text="Turing")
        expect(row).to_contain_text("Résultats reçus")
        row.get_by_role("link").first.click()
        expect(teacher.get_by_role("heading", name="Résultats")).to_be_visible()
        expect(teacher.locator("main")).to_contain_text("Acquis validés")
        teacher.get_by_role("link", name="Résultats collectifs").click()
        expect(teacher.locator("main table")).to_contain_text("Mener une recherche")
        teacher.get_by_role("link", name="Analyse").click()
        expect(teacher.get_by_role("heading", name="Analyse")).to_be_visible()
        with teacher.expect_download() as download_info:
            teacher.get_by_role("link", name="Exporter résultats (.csv)").click()
        download = download_info.value
        assert re.fullmatch(
            r"Resultats-3e4 - Recherche d'information-\d+-\d{4}-\d\d-\d\d-\d{4}\.csv",
            download.suggested_filename,
        )
        body = Path(download.path()).read_bytes()
        campaign_id = int(re.search(r"/campagnes/(\d+)", campaign_page).group(1))
        check_export(body, sessions, hooks, school, campaign_id)
    finally:
        teacher_context.close()
        pupil_context.close()

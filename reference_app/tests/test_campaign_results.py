"""Following a campaign through the pages: the header counts and tabs, « Participants » (three
statuses, filters, search, sort, pagination), a participant's result (detail only once shared),
« Résultats collectifs » (SVG chart and table), « Analyse », and the pupil's « Mes parcours »;
bad input (another school's campaign, a forged participation, page 10^9, SQL in the class
filter) refused or harmless with every table unchanged."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from pixorga_core.domain.assessments import KnowledgeElementSource, KnowledgeElementStatus
from pixorga_core.domain.campaigns import KnowledgeElementRecord, ParticipationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.services import campaigns, orga
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.testing import table_snapshot

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
V, X = KnowledgeElementStatus.VALIDATED, KnowledgeElementStatus.INVALIDATED
#: Of competence 1.1's 20 skills (tubes moteur 6, fiabilite 6, veille 4, operateurs 4).
ALICE = {"1.1-moteur-1": V, "1.1-moteur-2": V, "1.1-moteur-3": X, "1.1-fiabilite-1": V}
BRUNO = {"1.1-moteur-1": V, "1.1-fiabilite-1": X, "1.1-veille-1": X}


def _records(statuses):
    return [
        KnowledgeElementRecord(
            id=0, assessment_id=0, answer_id=0, skill_id=skill, status=status,
            source=KnowledgeElementSource.DIRECT, earned_pix=1.0 if status is V else 0.0,
            created_at=T0,
        )
        for skill, status in statuses.items()
    ]  # fmt: skip


def _join(session, factories, school, campaign, first, last, division, email=None):
    user = factories.user(first_name=first, last_name=last, email=email)
    learner = factories.learner(school, first_name=first, last_name=last, division=division)
    return participations_repo.insert_if_new(
        session,
        campaign_id=campaign.id,
        user_id=user.id,
        organization_learner_id=learner.id,
        external_id=None,
        now=T0,
    )


def _share(session, participation, statuses):
    participations_repo.set_status(session, participation.id, ParticipationStatus.TO_SHARE)
    participations_repo.share(
        session, participation.id, knowledge_elements=_records(statuses),
        mastery_rate=0, validated_skills_count=0, total_skills_count=20, pix_score=0,
        now=T0 + timedelta(days=2),
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _cheap(cheap_hashing):
    return cheap_hashing


@pytest.fixture
def world(session, hooks, factories):
    school = factories.organization(name="Collège Victor-Hugo")
    teacher = factories.user(email="prof@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, teacher, Role.MEMBER)
    campaign = campaigns.create_campaign(
        session,
        hooks,
        orga.context_for(session, teacher.id, school.id),
        campaigns.CampaignForm(name="3e4 recherche", target="pix-demo:competence-1-1"),
        now=T0,
    )
    alice = _join(session, factories, school, campaign, "Alice", "Martin", "3A", "alice@e.test")
    bruno = _join(session, factories, school, campaign, "Bruno", "Durand", "3B")
    chloe = _join(session, factories, school, campaign, "Chloé", "Été", "3A")
    denis = _join(session, factories, school, campaign, "Denis", "Petit", "3B")
    _share(session, alice, ALICE)
    _share(session, bruno, BRUNO)
    participations_repo.set_status(session, chloe.id, ParticipationStatus.TO_SHARE)
    other = factories.organization(name="Lycée Jean-Moulin")
    outsider = factories.user(email="autre@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(other, outsider, Role.ADMIN)
    session.commit()
    base = f"/etablissements/{school.id}/campagnes/{campaign.id}"
    return {
        "school": school, "campaign": campaign, "base": base, "other": other,
        "alice": alice, "bruno": bruno, "chloe": chloe, "denis": denis,
    }  # fmt: skip


def html(response) -> str:
    return " ".join(unescape(response.text).split())


def text(response) -> str:
    """The page's text, tags removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(response.text)).split())


def test_the_campaign_page_shows_the_counts_and_the_tabs(web, login, world):
    login("prof@ecole.test")
    page = text(web.get(world["base"]))
    markup = html(web.get(world["base"]))
    assert "Participants : 4" in page
    assert "Résultats reçus : 2" in page
    for tab in ("Détails", "Participants (4)", "Résultats collectifs", "Analyse"):
        assert f">{tab}</a>" in markup
    assert f'href="{world["base"]}/resultats.csv"' in markup
    assert "Exporter résultats (.csv)" in page


def test_participants_list_statuses_progress_filters_search_sort_and_pages(web, login, world):
    login("prof@ecole.test")
    base = world["base"] + "/participants"
    page = html(web.get(base))
    assert "4 participants." in page
    rows = page.split("<tbody>")[1]
    assert rows.index("Durand Bruno") < rows.index("Été Chloé") < rows.index("Martin Alice")
    assert "Résultats reçus" in rows
    assert "Pas encore envoyé" in rows
    assert "En cours" in rows
    assert "Petit Denis</a></td> <td>3B</td> <td>0 %</td>" in rows
    assert "Martin Alice</a></td> <td>3A</td> <td>100 %</td>" in rows
    assert "2 participants correspondant" in text(web.get(base + "?classe=3A"))
    only = text(web.get(base + "?statut=a-envoyer"))
    assert "1 participant correspondant" in only
    assert "Été Chloé" in only
    assert "Été Chloé" in text(web.get(base + "?nom=ete"))  # accents and case ignored
    by_progress = html(web.get(base + "?tri=avancement")).split("<tbody>")[1]
    assert by_progress.index("Petit Denis") < by_progress.index("Martin Alice")
    descending = html(web.get(base + "?ordre=desc")).split("<tbody>")[1]
    assert descending.index("Petit Denis") < descending.index("Durand Bruno")
    assert 'aria-sort="descending"' in html(web.get(base + "?ordre=desc"))
    garbage = text(web.get(base + "?tri=x&statut=y&page=abc"))
    assert "4 participants." in garbage


def test_a_page_number_of_a_billion_shows_the_last_page(web, login, world, sessions):
    login("prof@ecole.test")
    before = table_snapshot(sessions)
    page = text(web.get(world["base"] + "/participants?page=1000000000"))
    assert "4 participants." in page
    assert "Martin Alice" in page
    huge = web.get(world["base"] + "/participants?page=" + "9" * 40)
    assert "4 participants." in text(huge)
    assert table_snapshot(sessions) == before


def test_sql_in_the_class_filter_matches_nothing_and_changes_nothing(web, login, world, sessions):
    login("prof@ecole.test")
    before = table_snapshot(sessions)
    hostile = "3A' OR '1'='1"
    for path in ("/participants", "/resultats-collectifs", "/analyse"):
        page = web.get(world["base"] + path, params={"classe": hostile})
        assert page.status_int == 200
    assert "0 participant correspondant" in text(
        web.get(world["base"] + "/participants", params={"classe": hostile})
    )
    assert "n'a encore envoyé" in text(
        web.get(world["base"] + "/resultats-collectifs", params={"classe": hostile})
    )
    web.get(world["base"] + "/participants", params={"classe": "3A'; DROP TABLE campaigns; --"})
    assert table_snapshot(sessions) == before


def test_a_shared_result_shows_its_detail_from_the_snapshot(web, login, world):
    login("prof@ecole.test")
    page = text(web.get(f"{world['base']}/participants/{world['alice'].id}"))
    assert "Alice Martin" in page
    assert "Avancement 100 %" in page
    assert "Commencé le 14/09/2026" in page
    assert "Partagé le 16/09/2026" in page
    assert "Acquis validés : 3" in page
    assert "Acquis évalués : 4" in page
    assert "Score : 15 %" in page  # 3 of 20
    assert "Compétences testées : 1" in page


def test_an_unshared_result_shows_its_progress_only(web, login, world):
    login("prof@ecole.test")
    page = text(web.get(f"{world['base']}/participants/{world['chloe'].id}"))
    assert "Avancement 100 %" in page
    assert "Partagé le Pas encore" in page
    assert "Acquis validés" not in page
    assert "s'afficheront quand l'élève les aura envoyés" in page


def test_a_forged_or_foreign_participation_is_not_found(web, login, world, sessions, factories):
    login("prof@ecole.test")
    before = table_snapshot(sessions)
    web.get(f"{world['base']}/participants/999999", status=404)
    web.get(f"{world['base']}/participants/{2**70}", status="4*")
    assert table_snapshot(sessions) == before


def test_another_schools_member_sees_none_of_the_results(web, login, world, sessions):
    login("autre@ecole.test")
    before = table_snapshot(sessions)
    for path in ("/participants", f"/participants/{world['alice'].id}", "/resultats-collectifs",
                 "/analyse"):  # fmt: skip
        web.get(world["base"] + path, status=403)
    # Their own school's address with this campaign's id: not found.
    theirs = f"/etablissements/{world['other'].id}/campagnes/{world['campaign'].id}"
    for path in ("/participants", f"/participants/{world['alice'].id}", "/resultats-collectifs",
                 "/analyse"):  # fmt: skip
        web.get(theirs + path, status=404)
    assert table_snapshot(sessions) == before


def test_the_pupil_cannot_see_the_teacher_pages(web, login, world):
    login("alice@e.test")
    response = web.get(world["base"] + "/participants", status="*")
    assert response.status_int in (302, 303, 403)
    assert "Martin Alice" not in response.text


def test_collective_results_average_the_shared_participations_with_a_chart_and_a_table(
    web, login, world
):
    login("prof@ecole.test")
    page = web.get(world["base"] + "/resultats-collectifs")
    body = html(page)
    # Alice 3 validated, Bruno 1: 2 on average of 20, 10 %.
    assert "Moyenne sur 2 élèves ayant envoyé leurs résultats" in text(page)
    assert "10 % des acquis" in text(page)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img"' in body
    assert '<title id="graphique-collectif-titre">' in body
    assert "1.1 Mener une recherche et une veille d'information : 10 %" in body  # the <desc>
    assert "<td>2.0</td> <td>20</td> <td>10 %</td>" in body
    only_3a = text(web.get(world["base"] + "/resultats-collectifs?classe=3A"))
    assert "Moyenne sur 1 élève ayant envoyé ses résultats en classe 3A" in only_3a
    assert "15 % des acquis" in only_3a


def test_the_analysis_shows_each_tube_levels_and_the_tubes_to_work_on_with_tutorials(
    web, login, world
):
    login("prof@ecole.test")
    body = text(web.get(world["base"] + "/analyse"))
    assert "Sujets à travailler en priorité" in body
    assert "Utiliser un moteur de recherche</th>" in html(web.get(world["base"] + "/analyse"))
    assert "Niveau 1 : 100 %" in body  # moteur-1 validated by both
    assert "Niveau 2 : 50 %" in body
    priorities = body.split("Sujets à travailler en priorité")[1].split("</ol>")[0]
    assert "Mener une veille d'information" in priorities
    assert "Tuto :" in priorities


def test_the_pupil_sees_their_own_result_and_the_tutorials_of_failed_skills(web, login, world):
    login("alice@e.test")
    body = text(web.get("/mes-parcours"))
    assert "Vous maîtrisez 15 %" in body
    assert "Vous maîtrisez 5 %" not in body  # Bruno's result is his own
    assert body.count("Vous maîtrisez") == 1
    assert "Des tutos pour progresser" in body
    assert "moteur" in body.split("Des tutos pour progresser")[1].lower()

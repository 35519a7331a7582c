"""« Exporter résultats (.csv) » over HTTP (issue #15): the streamed download, its headers (RFC
6266 file name with an ASCII fallback), the rights walk, and hostile input."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pytest

from pixorga_core import paths
from pixorga_core.domain.assessments import KnowledgeElementStatus
from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.storage.models import CampaignRow
from pixorga_core.testing import table_snapshot
from pixorga_reference_app import transaction
from pixorga_reference_app.routes.exports import content_disposition

HOSTILE = '=cmd|"/c calc";\n3e "A"'


@pytest.fixture
def shared_pupil(session, factories, campaign_with_a_pupil):
    campaign = campaign_with_a_pupil["campaign"]
    school_id = campaign.organization_id
    learner = factories.learner(
        _school(session, school_id), first_name="@Ada", last_name="Lovelace"
    )
    factories.participation(
        campaign,
        learner=learner,
        status=ParticipationStatus.SHARED,
        knowledge={"1.1-moteur-1": KnowledgeElementStatus.VALIDATED},
    )
    session.commit()
    return campaign_with_a_pupil


def _school(session, organization_id):
    from pixorga_core.storage.repositories import organizations

    return organizations.get(session, organization_id)


def rows_of(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_a_member_downloads_the_file_streamed(web, login, shared_pupil):
    campaign = shared_pupil["campaign"]
    login("prof@ecole.test", status=302)
    response = web.get(paths.campaign_export(campaign.organization_id, campaign.id))
    assert response.content_type == "text/csv"
    assert response.charset == "utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Resultats-3e4-')
    assert f"filename*=UTF-8''Resultats-3e4-{campaign.id}-" in disposition
    rows = rows_of(response.body)
    assert len(rows) == 3
    lovelace = next(r for r in rows if r[5] == "Lovelace")
    assert lovelace[6] == "'@Ada"
    assert lovelace[rows[0].index("Partage (O/N)")] == "Oui"
    with_skills = rows_of(
        web.get(paths.campaign_export(campaign.organization_id, campaign.id, acquis=1)).body
    )
    assert len(with_skills[0]) == len(rows[0]) + 20  # the 20 skills of competence 1.1
    assert next(r for r in with_skills if r[5] == "Lovelace")[len(rows[0])] == "OK"


def test_the_session_is_handed_to_the_body_and_closed_after(monkeypatch, web, login, shared_pupil):
    closed = []
    real = transaction._StreamBody._end

    def end(self, *, commit):
        if self._session is not None:  # ended once, whatever comes after
            closed.append(commit)
        real(self, commit=commit)

    monkeypatch.setattr(transaction._StreamBody, "_end", end)
    campaign = shared_pupil["campaign"]
    login("prof@ecole.test", status=302)
    web.get(paths.campaign_export(campaign.organization_id, campaign.id))
    assert closed == [True]
    web.head(paths.campaign_export(campaign.organization_id, campaign.id))
    assert closed == [True, False]  # closed without reading on


def test_rights_and_bad_input(web, login, session, sessions, factories, shared_pupil):
    campaign = shared_pupil["campaign"]
    url = paths.campaign_export(campaign.organization_id, campaign.id)
    assert web.get(url, status=302).location.startswith("http://localhost/connexion")
    other = factories.organization()
    outsider = factories.user(email="autre@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(other, outsider, Role.ADMIN)
    session.commit()
    login("autre@ecole.test", status=302)
    before = table_snapshot(sessions)
    web.get(url, status=403)  # not a member of the campaign's school
    # Their own school's address with another school's campaign id: not found.
    web.get(paths.campaign_export(other.id, campaign.id), status=404)
    web.get(paths.campaign_export(other.id, 10**9), status=404)
    web.get(f"/etablissements/{other.id}/campagnes/{10**30}/{paths.CAMPAIGN_EXPORT}", status=400)
    assert table_snapshot(sessions) == before


def test_a_hostile_campaign_name_keeps_file_and_header_safe(web, login, session, shared_pupil):
    campaign = shared_pupil["campaign"]
    session.get(CampaignRow, campaign.id).name = HOSTILE
    session.commit()
    login("prof@ecole.test", status=302)
    response = web.get(paths.campaign_export(campaign.organization_id, campaign.id))
    rows = rows_of(response.body)
    assert {len(r) for r in rows} == {len(rows[0])}
    assert len(rows) == 3
    assert all(r[3] == "'" + HOSTILE for r in rows[1:])
    disposition = response.headers["Content-Disposition"]
    assert "\n" not in disposition
    assert "\r" not in disposition
    fallback = disposition.split('filename="')[1].split('"')[0]
    assert fallback.isascii()
    assert all(c.isalnum() or c in "._-=" for c in fallback)
    exact = unquote(disposition.split("filename*=UTF-8''")[1])
    assert exact.startswith("Resultats-=cmd_c calc_;_3e _A_-")


def test_content_disposition_encodes_the_exact_name():
    header = content_disposition("Resultats-Évaluation « 3e »-1-2026-09-14-1000.csv")
    assert header == (
        'attachment; filename="Resultats-Evaluation_3e_-1-2026-09-14-1000.csv"; '
        "filename*=UTF-8''Resultats-%C3%89valuation%20%C2%AB%203e%20%C2%BB-1-2026-09-14-1000.csv"
    )

"""« Signalements »: the problems reported on a campaign's challenges, for the members of its
school: the challenge, its skill, the text, the date in Paris time, the newest first, a page at a
time; refused to anyone else with every table unchanged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from pixorga_core import paths
from pixorga_core.domain.memberships import Role
from pixorga_core.errors import NotFoundError, PermissionDeniedError
from pixorga_core.services import assessments, challenge_reports, orga
from pixorga_core.testing import table_snapshot

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)


@pytest.fixture
def reported(campaign_with_a_pupil, session, hooks, sessions):
    """Three reports by the pupil, an hour apart, on the challenge shown then."""
    world = campaign_with_a_pupil
    pupil = assessments.find_test(
        session, hooks, code=world["code"], user_id=_pupil_id(sessions, world)
    )
    assessments.start(session, hooks, pupil, now=T0)
    pupil = assessments.find_test(session, hooks, code=world["code"], user_id=pupil.user_id)
    challenge = assessments.current_challenge(pupil)
    for hours, text in enumerate(("L'image ne s'affiche pas", "Deux bonnes réponses", "Coquille")):
        assessments.report_problem(
            session,
            pupil,
            challenge_id=challenge.id,
            text=text,
            now=T0 + timedelta(hours=hours),
        )
    session.commit()
    return {**world, "challenge": challenge}


def _pupil_id(sessions, world) -> int:
    from pixorga_core.storage.repositories import participations as participations_repo

    with sessions() as s:
        (participation,) = participations_repo.list_for_campaign(s, world["campaign"].id)
        return participation.user_id


def reports_url(world) -> str:
    return paths.campaign(world["campaign"].organization_id, world["campaign"].id, "signalements")


def text(response) -> str:
    return " ".join(unescape(response.text).split())


def test_a_member_reads_the_reports_newest_first_in_paris_time(web, login, reported, hooks):
    login("prof@ecole.test")
    detail = web.get(paths.campaign(reported["campaign"].organization_id, reported["campaign"].id))
    link = detail.html.find("a", string="Signalements")
    assert link["href"] == reports_url(reported)
    page = web.get(link["href"])
    rows = page.html.select("tbody tr")
    assert [r.select("td")[3].get_text(strip=True) for r in rows] == [
        "Coquille",
        "Deux bonnes réponses",
        "L'image ne s'affiche pas",
    ]
    challenge = reported["challenge"]
    skill = hooks.referentials().get("pix-demo").skills_by_id[challenge.skill_id].name
    first = rows[0].get_text(" ", strip=True)
    assert "14/09/2026 12:00" in first  # 10:00 UTC, summer time in Paris
    assert challenge.id in first
    assert skill in first
    assert "Signalements (3)" in text(page)


def test_reports_come_a_page_at_a_time(session, hooks, reported, sessions):
    context = orga.context_for(
        session, reported["teacher"].id, reported["campaign"].organization_id
    )
    shown = challenge_reports.campaign_reports(
        session, hooks, context, reported["campaign"].id, page=2, per_page=2
    )
    assert [line.text for line in shown.reports.items] == ["L'image ne s'affiche pas"]
    assert (shown.reports.number, shown.reports.pages, shown.reports.total) == (2, 2, 3)
    past_the_end = challenge_reports.campaign_reports(
        session, hooks, context, reported["campaign"].id, page=9, per_page=2
    )
    assert past_the_end.reports.number == 2


def test_no_report_yet_says_so_and_a_deleted_campaign_has_none(
    web, login, campaign_with_a_pupil, session
):
    from pixorga_core.storage.models import CampaignRow

    login("prof@ecole.test")
    assert "Aucun signalement" in text(web.get(reports_url(campaign_with_a_pupil)))
    session.get(CampaignRow, campaign_with_a_pupil["campaign"].id).deleted_at = T0
    session.commit()
    web.get(reports_url(campaign_with_a_pupil), status=404)


def test_anyone_else_is_refused_and_nothing_changes(
    web, login, reported, factories, session, sessions, hooks
):
    other_school = factories.organization(name="Collège Ailleurs")
    stranger = factories.user(email="prof@ailleurs.test", pix_orga_terms_accepted=True)
    factories.membership(other_school, stranger, Role.ADMIN)
    session.commit()
    assert "/connexion" in web.get(reports_url(reported)).location  # anonymous
    login("prof@ailleurs.test")
    before = table_snapshot(sessions)
    web.get(reports_url(reported), status=403)
    # Through another school's address, the campaign is not theirs.
    foreign = paths.campaign(other_school.id, reported["campaign"].id, "signalements")
    web.get(foreign, status=404)
    assert table_snapshot(sessions) == before
    with pytest.raises(PermissionDeniedError):
        challenge_reports.campaign_reports(session, hooks, None, reported["campaign"].id)
    context = orga.context_for(session, stranger.id, other_school.id)
    with pytest.raises(NotFoundError):
        challenge_reports.campaign_reports(session, hooks, context, reported["campaign"].id)

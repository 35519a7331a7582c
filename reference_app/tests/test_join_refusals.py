"""Refusals of the way in (issue #14, « Joining a closed campaign » and « Bad input ») through the
pages, each a French page saying what to do with every table unchanged, on SQLite and
PostgreSQL: a deleted or archived campaign (also between the declaration and the account), an
account linked to another pupil of the school, a pupil of school A at school B's campaign, a
linked pupil who is disabled, a second participation; and the refusals that come *after* the
request wrote (the account linked, or created, then the pupil found to have participated with
another account): the whole request is rolled back. (No match, a pupil linked elsewhere, a
disabled pupil declaring, results already sent: ``test_join.py``.)"""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import unescape

import pytest

from pixorga_core import paths
from pixorga_core.domain.memberships import Role
from pixorga_core.services import campaigns, orga
from pixorga_core.storage.models import CampaignRow
from pixorga_core.storage.repositories import participations as participations_repo
from pixorga_core.testing import TEST_PASSWORD, table_snapshot

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
ALAN = {"first_name": "Alan", "last_name": "Turing", "birthdate": "23/06/2011"}


@pytest.fixture(autouse=True)
def _plugins(pm):
    import pixorga_login_generator.plugin

    pm.register(pixorga_login_generator.plugin, name="login_generator")


def new_campaign(session, hooks, factories, school, email):
    teacher = factories.user(email=email)
    factories.membership(school, teacher, Role.ADMIN)
    return campaigns.create_campaign(
        session,
        hooks,
        orga.context_for(session, teacher.id, school.id),
        campaigns.CampaignForm(name="3e4", target="pix-demo:competence-1-1"),
        now=T0,
    )


@pytest.fixture
def school(factories):
    return factories.organization(name="Lycée Pix")


@pytest.fixture
def campaign(session, hooks, factories, school):
    made = new_campaign(session, hooks, factories, school, "prof@ecole.test")
    session.commit()
    return made


def alan(factories, school, **values):
    return factories.learner(
        school, first_name="Alan", last_name="Turing", birthdate=date(2011, 6, 23), **values
    )


def text(response) -> str:
    return " ".join(unescape(response.text).split())


def csrf(web) -> str:
    """The browser session's CSRF token, from a page with a form (logged in or not)."""
    for path in (paths.LOGIN, paths.MY_CAMPAIGNS):
        page = web.get(path, status="*")
        field = page.html.select_one('input[name="csrf_token"]') if page.html else None
        if field is not None:
            return str(field["value"])
    raise AssertionError("no page with a CSRF token")


def post_declaration(web, code, status="*", **fields):
    data = {"csrf_token": csrf(web), **ALAN, **fields}
    return web.post(paths.campaign_join(code), data, status=status)


def test_a_deleted_campaign_refuses_pupils(web, campaign, factories, school, session, sessions):
    alan(factories, school)
    session.get(CampaignRow, campaign.id).deleted_at = T0
    session.commit()
    before = table_snapshot(sessions)
    landing = web.get(paths.campaign_landing(campaign.code))
    assert "supprimée" in text(landing)
    assert not landing.html.find("a", string="Je commence")
    assert "supprimée" in text(web.get(paths.campaign_join(campaign.code), status=403))
    assert "supprimée" in text(post_declaration(web, campaign.code, status=403))
    assert table_snapshot(sessions) == before


def test_a_campaign_archived_between_the_declaration_and_the_account_creates_nothing(
    web, campaign, factories, school, session, sessions
):
    alan(factories, school)
    session.commit()
    account = post_declaration(web, campaign.code).follow()
    form = next(f for f in account.forms.values() if "password" in f.fields)
    form["password"] = TEST_PASSWORD
    with sessions() as s, s.begin():
        s.get(CampaignRow, campaign.id).archived_at = T0
    before = table_snapshot(sessions)
    refused = form.submit(status=403)
    assert "archivée" in text(refused)
    assert "archivée" in text(post_declaration(web, campaign.code, status=403))
    assert table_snapshot(sessions) == before


def test_an_account_linked_to_another_pupil_of_the_school_is_refused(
    web, login, campaign, factories, school, session, sessions
):
    alan(factories, school)
    ada = factories.user(email="ada@exemple.fr")
    factories.learner(school, first_name="Ada", birthdate=date(2011, 1, 2), user_id=ada.id)
    session.commit()
    login("ada@exemple.fr")
    before = table_snapshot(sessions)
    refused = post_declaration(web, campaign.code, status=403)
    assert "déjà rattaché à un autre élève de Lycée Pix" in text(refused)
    assert table_snapshot(sessions) == before


def test_a_pupil_of_school_a_cannot_join_school_b(
    web, login, campaign, factories, school, session, sessions, hooks
):
    account = factories.user(email="alan@exemple.fr")
    alan(factories, school, user_id=account.id)
    school_b = factories.organization(name="Collège B")
    campaign_b = new_campaign(session, hooks, factories, school_b, "prof@b.test")
    session.commit()
    before = table_snapshot(sessions)
    refused = post_declaration(web, campaign_b.code, status=403)  # not logged in
    assert "Vérifiez vos informations" in text(refused)
    login("alan@exemple.fr")
    before = table_snapshot(sessions)
    asked = web.get(paths.campaign_join(campaign_b.code))  # not linked in school B: who are you?
    assert asked.html.select_one("#first_name")
    refused = post_declaration(web, campaign_b.code, status=403)
    assert "Vérifiez vos informations" in text(refused)
    assert table_snapshot(sessions) == before


def test_a_linked_pupil_who_is_disabled_is_refused(
    web, login, campaign, factories, school, session, sessions
):
    account = factories.user(email="alan@exemple.fr")
    alan(factories, school, user_id=account.id, is_disabled=True)
    session.commit()
    login("alan@exemple.fr")
    before = table_snapshot(sessions)
    assert "Lycée Pix" in text(web.get(paths.campaign_join(campaign.code), status=403))
    web.get(paths.campaign_test(campaign.code), status=(302, 303))  # no participation: landing
    assert table_snapshot(sessions) == before


def test_a_second_participation_is_never_made(
    web, login, campaign, factories, school, session, sessions
):
    account = factories.user(email="alan@exemple.fr")
    learner = alan(factories, school, user_id=account.id)
    participations_repo.insert_if_new(
        session,
        campaign_id=campaign.id,
        user_id=account.id,
        organization_learner_id=learner.id,
        external_id=None,
        now=T0,
    )
    session.commit()
    login("alan@exemple.fr")
    before = table_snapshot(sessions)
    again = web.get(paths.campaign_join(campaign.code))
    assert again.location.endswith(paths.campaign_test(campaign.code))
    declared = post_declaration(web, campaign.code)
    assert declared.location.endswith(paths.campaign_test(campaign.code))
    assert table_snapshot(sessions) == before


@pytest.fixture
def participated_elsewhere(campaign, factories, school, session):
    """Alan, not linked to any account, whose participation was made with another account (an
    account the school has since detached from him)."""
    other = factories.user(email="ancien@exemple.fr")
    learner = alan(factories, school)
    participations_repo.insert_if_new(
        session,
        campaign_id=campaign.id,
        user_id=other.id,
        organization_learner_id=learner.id,
        external_id=None,
        now=T0,
    )
    session.commit()
    return learner


def test_a_link_written_then_refused_is_rolled_back(
    web, login, campaign, participated_elsewhere, factories, session, sessions
):
    factories.user(email="alan@exemple.fr")
    session.commit()
    login("alan@exemple.fr")
    before = table_snapshot(sessions)
    refused = post_declaration(web, campaign.code, status=403)  # linked, then refused
    assert "déjà participé à ce parcours avec un autre compte" in text(refused)
    assert table_snapshot(sessions) == before


def test_an_account_created_then_refused_is_rolled_back(
    web, campaign, participated_elsewhere, sessions, hook_recorder
):
    account = post_declaration(web, campaign.code).follow()
    form = next(f for f in account.forms.values() if "password" in f.fields)
    form["password"] = TEST_PASSWORD
    before = table_snapshot(sessions)
    refused = form.submit(status=403)  # the account made, linked, then refused
    assert "déjà participé à ce parcours avec un autre compte" in text(refused)
    assert table_snapshot(sessions) == before
    assert hook_recorder.calls("pixorga_account_created") == []
    assert "/connexion" in web.get(paths.MY_CAMPAIGNS).location  # not logged in either

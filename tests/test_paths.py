"""Public paths: built in one place, the same in e-mails and in the web app."""

from __future__ import annotations

import pytest

from pixorga_core import paths
from pixorga_core.domain.invitations import InvitationView, MailState
from pixorga_core.domain.messages import OutboxStatus


def test_the_invitation_link_of_the_e_mails():
    link = paths.invitation_link("https://orga.example/", 12, "ABCDE12345")
    assert link == "https://orga.example/rejoindre?invitation=12&code=ABCDE12345"
    assert paths.invitation(12, "ABCDE12345", paths.INVITATION_LOGIN) == (
        "/rejoindre/connexion?invitation=12&code=ABCDE12345"
    )


def test_organization_pages_and_queries():
    assert paths.campaigns(3) == "/etablissements/3/campagnes"
    assert paths.learners(3, "import/confirmer") == "/etablissements/3/eleves/import/confirmer"
    assert paths.learners(3, recherche="Léa N'Diaye", classe=None, page=2) == (
        "/etablissements/3/eleves?recherche=L%C3%A9a+N%27Diaye&page=2"
    )
    assert paths.team(3, onglet="invitations", message="annulee") == (
        "/etablissements/3/equipe?onglet=invitations&message=annulee"
    )


def test_coming_back_after_login_is_encoded():
    assert paths.login("/etablissements/3/eleves?page=2") == (
        "/connexion?suivant=%2Fetablissements%2F3%2Feleves%3Fpage%3D2"
    )
    assert paths.login() == paths.LOGIN


@pytest.mark.parametrize(
    ("status", "attempts", "state"),
    [
        (OutboxStatus.PENDING, 0, MailState.QUEUED),
        (OutboxStatus.PENDING, 2, MailState.RETRYING),
        (OutboxStatus.SENT, 1, MailState.SENT),
        (OutboxStatus.FAILED, 5, MailState.FAILED),
    ],
)
def test_the_mail_state_of_an_invitation(status, attempts, state):
    assert MailState.of_message(status, attempts) is state
    assert view(state).mail_pending is (state in {MailState.RETRYING, MailState.FAILED})


def view(state: MailState) -> InvitationView:
    from datetime import UTC, datetime

    from pixorga_core.domain.invitations import Invitation, InvitationStatus

    now = datetime(2026, 9, 1, tzinfo=UTC)
    invitation = Invitation(
        id=1,
        organization_id=1,
        email="paul@ecole.test",
        code_hash="x",
        role=None,
        status=InvitationStatus.PENDING,
        created_at=now,
        updated_at=now,
    )
    return InvitationView(invitation=invitation, organization_name="Collège", mail_state=state)


def test_the_pupils_way_in():
    assert paths.campaign_test("QWERTY234") == "/campagnes/QWERTY234/parcours"
    assert paths.campaign_join("QWERTY234") == "/campagnes/QWERTY234/rejoindre"
    assert paths.campaign_join("QWERTY234", "inscription") == "/campagnes/QWERTY234/inscription"
    assert paths.login(paths.campaign_join("QWERTY234")) == (
        "/connexion?suivant=%2Fcampagnes%2FQWERTY234%2Frejoindre"
    )


def test_the_tabs_of_a_campaign_page():
    assert paths.campaign_participants(3, 7) == "/etablissements/3/campagnes/7/participants"
    assert paths.campaign_participants(3, 7, classe="3A", page=2) == (
        "/etablissements/3/campagnes/7/participants?classe=3A&page=2"
    )
    assert paths.campaign_participant(3, 7, 11) == "/etablissements/3/campagnes/7/participants/11"
    assert paths.campaign_collective_results(3, 7) == (
        "/etablissements/3/campagnes/7/resultats-collectifs"
    )
    assert paths.campaign_analysis(3, 7, classe="") == "/etablissements/3/campagnes/7/analyse"
    assert paths.campaign_export(3, 7) == "/etablissements/3/campagnes/7/resultats.csv"

"""The team page with the real e-mail plugin and a real SMTP server on 127.0.0.1: SMTP down, the
invitation exists and the page says its e-mail is pending; SMTP back, it is delivered once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape

import attrs
import pytest

from pixorga_core.domain.memberships import Role
from pixorga_core.storage.repositories import outbox as outbox_repo
from pixorga_email_invite import plugin as email_plugin
from pixorga_email_invite.sink import SmtpSink
from pixorga_reference_app.outbox_sender import OutboxSender


@pytest.fixture
def sink():
    sink = SmtpSink()  # not started: the mail server is down
    yield sink
    sink.stop()


@pytest.fixture
def settings(settings, sink):
    return attrs.evolve(
        settings,
        plugins={
            **settings.plugins,
            "email_invite": {"host": "127.0.0.1", "port": sink.port, "timeout_seconds": 5},
        },
    )


@pytest.fixture
def hooks(pm, hooks):
    pm.register(email_plugin, name="email_invite")
    return hooks


def test_smtp_down_then_back(web, login, factories, session, sessions, hooks, sink):
    school = factories.organization(name="Collège Victor-Hugo")
    admin = factories.user(email="admin@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, admin, Role.ADMIN)
    session.commit()
    login("admin@ecole.test")
    page = web.get(f"/etablissements/{school.id}/equipe?onglet=invitations")
    form = next(f for f in page.forms.values() if f.action.endswith("/inviter"))
    form["emails"] = "paul@ecole.test, marie@ecole.test"
    form.submit()

    tab = web.get(f"/etablissements/{school.id}/equipe?onglet=invitations")
    text = unescape(tab.text)
    assert "Invitations (2)" in text
    assert "2 e-mails d'invitation n'ont pas encore pu être envoyés" in text
    assert text.count("Pas encore envoyé (nouvel essai automatique)") == 2

    sink.start()
    with sessions() as s, s.begin():  # the back-off has passed
        for message in outbox_repo.list_messages(s):
            outbox_repo.make_due_now(s, message.id, datetime.now(UTC) - timedelta(seconds=1))
    sender = OutboxSender(sessions, hooks)
    assert sender.run_once().sent == 2
    assert sender.run_once().sent == 0
    assert sorted(r.rcpt_tos for r in sink.received) == [
        ("marie@ecole.test",),
        ("paul@ecole.test",),
    ]
    tab = web.get(f"/etablissements/{school.id}/equipe?onglet=invitations")
    assert "pas encore pu être envoyé" not in unescape(tab.text)


def test_an_accepted_invitation_drops_its_unsent_mail(
    web, login, factories, session, sessions, hooks, sink
):
    """#16.12: SMTP down, the administrator hands the link over herself (the result page shows
    it), Paul accepts; when SMTP is back, his dead-linked e-mail does not go out late."""
    school = factories.organization(name="Collège Victor-Hugo")
    admin = factories.user(email="admin@ecole.test", pix_orga_terms_accepted=True)
    paul = factories.user(email="paul@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, admin, Role.ADMIN)
    session.commit()
    login("admin@ecole.test")
    page = web.get(f"/etablissements/{school.id}/equipe?onglet=invitations")
    form = next(f for f in page.forms.values() if f.action.endswith("/inviter"))
    form["emails"] = "paul@ecole.test"
    link = form.submit().html.select_one(".invite-link").text

    web.reset()
    login("paul@ecole.test")
    landing = web.get(link.removeprefix("http://localhost"))
    accept = next(f for f in landing.forms.values() if f.action == "/rejoindre/accepter")
    accept.submit()
    with sessions() as s:
        [message] = outbox_repo.list_messages(s)
    assert message.status.value == "cancelled"

    sink.start()
    with sessions() as s, s.begin():
        outbox_repo.make_due_now(s, message.id, datetime.now(UTC) - timedelta(seconds=1))
    assert OutboxSender(sessions, hooks).run_once().sent == 0
    assert sink.received == []
    assert paul.id  # he is a member without the e-mail

"""« Mot de passe oublié » with the real e-mail plugin and a real SMTP server on 127.0.0.1: the
e-mail arrives (sent by the outbox's sender, not within the request), its link sets the password
and works once; the outbox keeps no usable copy of the link."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import attrs
import pytest

from pixorga_core.domain.memberships import Role
from pixorga_core.testing import table_snapshot
from pixorga_email_invite import plugin as email_plugin
from pixorga_email_invite.sink import SmtpSink
from pixorga_reference_app.outbox_sender import OutboxSender


@pytest.fixture
def sink():
    sink = SmtpSink().start()
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


def test_the_reset_mail_arrives_and_its_link_works_once(
    web, factories, session, sessions, hooks, sink
):
    school = factories.organization()
    user = factories.user(email="claire@ecole.test", pix_orga_terms_accepted=True)
    factories.membership(school, user, Role.ADMIN)
    session.commit()
    form = web.get("/connexion").click("Mot de passe oublié").forms[0]
    form["email"] = "claire@ecole.test"
    assert "Si un compte utilise l'adresse" in unescape(form.submit().text)
    assert sink.received == []  # the request never waits for the mail server

    assert OutboxSender(sessions, hooks).run_once().sent == 1
    [mail] = sink.received
    assert mail.rcpt_tos == ("claire@ecole.test",)
    assert mail.message["Subject"] == "Réinitialisation de votre mot de passe Pixorga"
    [link] = re.findall(r"http://localhost/nouveau-mot-de-passe\?jeton=[\w-]+", mail.text)
    token = link.rpartition("=")[2]
    assert token not in str(table_snapshot(sessions))

    page = web.get(link.removeprefix("http://localhost"))
    form = page.forms[0]
    form["password"] = "Nouveau2026"
    assert "Votre mot de passe a été modifié" in unescape(form.submit().follow().text)
    login = web.get("/connexion").forms[0]
    login["login"], login["password"] = "claire@ecole.test", "Nouveau2026"
    assert urlsplit(login.submit().headers["Location"]).path == "/"
    assert "Ce lien a déjà servi" in unescape(web.get(page.request.path_qs, status=410).text)

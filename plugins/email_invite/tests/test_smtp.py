"""Delivery through a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import attrs
import pytest
from aiosmtpd.smtp import AuthResult

from pixorga_core.domain.memberships import Role
from pixorga_core.domain.messages import MessageKind, OutboundMessage, OutboxStatus
from pixorga_core.errors import InvitationAlreadyUsedError
from pixorga_core.facade import Hooks
from pixorga_core.services import invitation_lists, invitations, orga, outbox, schools
from pixorga_core.services.organizations import NewOrganization
from pixorga_core.storage.repositories import outbox as outbox_repo
from pixorga_email_invite import plugin, smtp
from pixorga_email_invite.options import SmtpOptions, SmtpSecurity, smtp_options


def link_in(message) -> tuple[int, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = next(line for line in text.splitlines() if "/rejoindre?" in line).strip()
    query = parse_qs(urlsplit(link).query)
    return int(query["invitation"][0]), query["code"][0]


def create_school(session, hooks, email="ce.0752387M@ac-paris.fr"):
    activation = schools.create_school(
        session, hooks, NewOrganization(name="Lycée Pix — Émile-Zola", uai="0752387M", email=email)
    )
    session.commit()
    return activation


def test_activation_mail_arrives_with_headers_encodings_and_a_one_time_link(
    session, smtp_hooks, smtp_server, factories
):
    activation = create_school(session, smtp_hooks)
    [(mail_from, rcpt_tos, raw)] = smtp_server.inbox.envelopes
    assert mail_from == "ne-pas-repondre@pix-orga.test"
    assert rcpt_tos == ["ce.0752387m@ac-paris.fr"]
    assert b"=?utf-8?" in raw  # the accented subject is RFC 2047-encoded
    [message] = smtp_server.inbox.messages
    assert message["To"] == "ce.0752387m@ac-paris.fr"
    assert str(message["From"]) == "Pix Orga <ne-pas-repondre@pix-orga.test>"
    assert message["Subject"] == "Activation de l'espace Pixorga — Lycée Pix — Émile-Zola"
    assert message["Message-ID"].startswith("<pixorga.outbox-")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(preferencelist=("html",))
    assert html.get_content_charset() == "utf-8"
    assert "Vous êtes invité(e) à rejoindre Pixorga" in html.get_content()

    invitation_id, code = link_in(message)
    assert invitation_id == activation.invitation.invitation.id
    head = factories.user()
    membership = invitations.accept_invitation(
        session, invitation_id=invitation_id, code=code, user_id=head.id
    )
    session.commit()
    assert membership.role is Role.ADMIN
    with pytest.raises(InvitationAlreadyUsedError):
        invitations.accept_invitation(
            session, invitation_id=invitation_id, code=code, user_id=head.id
        )


def test_smtp_down_then_back_delivers_exactly_once(session, sessions, smtp_hooks, smtp_server):
    smtp_server.stop()
    activation = create_school(session, smtp_hooks)
    invitation = activation.invitation.invitation
    [queued] = outbox.list_messages(session)
    assert queued.status is OutboxStatus.PENDING
    assert "ConnectionRefusedError" in queued.last_error
    context = orga.context_for(session, _admin(session, activation), invitation.organization_id)
    [view] = invitation_lists.pending_invitations(session, context)
    assert view.mail_pending
    session.rollback()

    smtp_server.start()
    later = datetime.now(UTC) + timedelta(minutes=2)
    assert outbox.send_due(sessions, smtp_hooks, now=later).sent == 1
    assert outbox.send_due(sessions, smtp_hooks, now=later + timedelta(hours=7)).sent == 0
    assert len(smtp_server.inbox.envelopes) == 1
    assert outbox_repo.get(session, queued.id).status is OutboxStatus.SENT


def _admin(session, activation):
    # An administrator to look at the invitations tab: accept nothing, just add one.
    from pixorga_core.testing import Factories

    factories = Factories(session)
    admin = factories.user()
    factories.membership(activation.organization, admin, Role.ADMIN)
    return admin.id


@pytest.mark.parametrize(
    "recipient",
    ["x@ecole.test\r\nBcc: pirate@evil.test", "x@ecole.test, pirate@evil.test", "Pirate <x@a.b>"],
)
def test_header_injection_in_the_recipient_is_refused_for_good(smtp_settings, recipient):
    message = OutboundMessage(
        kind=MessageKind.ORGANIZATION_INVITATION, recipient=recipient, subject="s", text="t"
    )
    result = smtp.send(message, smtp_options(smtp_settings))
    assert not result.delivered
    assert not result.retryable


def test_line_breaks_in_the_subject_never_make_a_header(smtp_settings, smtp_server):
    message = OutboundMessage(
        kind=MessageKind.ORGANIZATION_INVITATION,
        recipient="x@ecole.test",
        subject="Bonjour\r\nBcc: pirate@evil.test",
        text="t",
    )
    assert smtp.send(message, smtp_options(smtp_settings)).delivered
    [(_, rcpt_tos, _)] = smtp_server.inbox.envelopes
    [received] = smtp_server.inbox.messages
    assert rcpt_tos == ["x@ecole.test"]
    assert received["Bcc"] is None
    assert received["Subject"] == "Bonjour Bcc: pirate@evil.test"


def test_no_smtp_host_keeps_the_message_pending(settings):
    message = OutboundMessage(
        kind=MessageKind.ORGANIZATION_INVITATION, recipient="x@ecole.test", subject="s", text="t"
    )
    result = smtp.send(message, smtp_options(settings))
    assert not result.delivered
    assert result.retryable
    assert "smtp.host" in result.detail


class Authenticator:
    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"pixorga" and auth_data.password == b"s3cret"
        return AuthResult(success=ok)


@pytest.mark.parametrize(("password", "delivered"), [("s3cret", True), ("wrong", False)])
def test_smtp_login(smtp_server, settings, password, delivered):
    smtp_server.stop()
    smtp_server.kwargs = {"authenticator": Authenticator(), "auth_require_tls": False}
    smtp_server.start()
    smtp_settings = SmtpOptions(
        host="127.0.0.1",
        port=smtp_server.port,
        username="pixorga",
        password=password,
        timeout_seconds=3,
    )
    message = OutboundMessage(
        kind=MessageKind.ORGANIZATION_INVITATION, recipient="x@ecole.test", subject="s", text="t"
    )
    result = smtp.send(message, smtp_settings)
    assert result.delivered is delivered
    if not delivered:
        assert result.retryable  # a configuration problem: keep the message until it is fixed
        assert smtp_server.inbox.envelopes == []


def test_the_plugin_answers_the_facade(pm, smtp_settings, smtp_server):
    pm.register(plugin, name="email_invite")
    hooks = Hooks(pm, smtp_settings)
    rendered = hooks.render_message(
        invitations.MessageRequest(
            kind=MessageKind.ORGANIZATION_INVITATION,
            recipient="x@ecole.test",
            context={"organization_name": "Collège", "invitation_link": "http://l"},
        )
    )
    assert rendered.html is not None
    assert hooks.deliver_message(attrs.evolve(rendered, message_id="outbox-1")).delivered


@pytest.fixture
def tls(tmp_path):
    """A test certificate authority and a certificate for 127.0.0.1 (trustme)."""
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return ca, cert, str(ca_file)


def plain_message():
    return OutboundMessage(
        kind=MessageKind.ORGANIZATION_INVITATION, recipient="x@ecole.test", subject="é", text="t"
    )


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_tls(smtp_server, tls, security):
    import ssl

    _, cert, ca_file = tls
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_context)
    smtp_server.stop()
    smtp_server.kwargs = (
        {"tls_context": server_context, "require_starttls": True}
        if security == "starttls"
        else {"ssl_context": server_context}
    )
    smtp_server.start()
    settings = SmtpOptions(
        host="127.0.0.1", port=smtp_server.port, security=SmtpSecurity(security), timeout_seconds=5
    )
    # Without trusting the test authority, the certificate is refused (and the message kept).
    refused = smtp.send(plain_message(), settings)
    assert not refused.delivered
    assert refused.retryable
    assert "CERTIFICATE_VERIFY_FAILED" in refused.detail
    assert smtp.send(plain_message(), attrs.evolve(settings, ca_file=ca_file)).delivered
    assert len(smtp_server.inbox.envelopes) == 1


def test_plain_smtp_is_refused_by_a_server_requiring_starttls(smtp_server, tls):
    import ssl

    _, cert, _ = tls
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_context)
    smtp_server.stop()
    smtp_server.kwargs = {"tls_context": server_context, "require_starttls": True}
    smtp_server.start()
    settings = SmtpOptions(host="127.0.0.1", port=smtp_server.port, timeout_seconds=5)
    result = smtp.send(plain_message(), settings)
    assert not result.delivered
    assert result.retryable  # 530 "must issue STARTTLS": a configuration problem, kept
    assert smtp_server.inbox.envelopes == []

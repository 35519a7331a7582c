"""Building a MIME e-mail from an outbound message, and sending it over SMTP.

Headers are built with :class:`email.message.EmailMessage` and :mod:`email.headerregistry`, which
refuse line breaks in header values and encode non-ASCII text (RFC 2047), so that no value can
add a header such as ``Bcc:``. A recipient that is not a single plain address is refused for good.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, localtime

from pixorga_core.domain.messages import DeliveryResult, OutboundMessage
from pixorga_email_invite.options import SmtpOptions, SmtpSecurity

CHANNEL = "smtp"


class UnsafeMessageError(ValueError):
    """The message cannot be turned into a safe e-mail (bad recipient or header value)."""


def _recipient(value: str) -> Address:
    if any(c in value for c in '\r\n,;<>"()') or value.count("@") != 1:
        msg = f"recipient {value!r} is not a single plain e-mail address"
        raise UnsafeMessageError(msg)
    try:
        return Address(addr_spec=value)
    except (ValueError, IndexError) as exc:
        msg = f"recipient {value!r} is not a valid e-mail address: {exc}"
        raise UnsafeMessageError(msg) from None


def build_email(message: OutboundMessage, sender: str) -> EmailMessage:
    """The MIME message: plain text, plus an HTML alternative when there is one."""
    to = _recipient(message.recipient)
    email = EmailMessage()
    try:
        email["From"] = sender
        email["To"] = to
        email["Subject"] = " ".join(message.subject.split())
    except ValueError as exc:
        raise UnsafeMessageError(str(exc)) from None
    domain = email["From"].addresses[0].domain or "pixorga.invalid"
    email["Date"] = format_datetime(localtime())
    if message.message_id:
        digest = hashlib.sha256(f"{message.message_id}|{message.recipient}".encode()).hexdigest()
        email["Message-ID"] = f"<pixorga.{message.message_id}.{digest[:16]}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    email["Content-Language"] = "fr"
    email.set_content(message.text, charset="utf-8")
    if message.html:
        email.add_alternative(message.html, subtype="html", charset="utf-8")
    return email


def send(message: OutboundMessage, smtp: SmtpOptions) -> DeliveryResult:
    """Send ``message``; report the outcome instead of raising.

    ``smtp.ca_file`` names extra trusted certificates for STARTTLS/TLS (a private mail relay).
    """
    if not smtp.host:
        return DeliveryResult(
            channel=CHANNEL,
            delivered=False,
            detail="smtp.host is not set (PIXORGA_SMTP_HOST): the message waits in the outbox",
        )
    try:
        email = build_email(message, smtp.sender)
    except UnsafeMessageError as exc:
        return DeliveryResult(channel=CHANNEL, delivered=False, detail=str(exc), retryable=False)
    context = ssl.create_default_context(cafile=smtp.ca_file)
    try:
        client: smtplib.SMTP
        if smtp.security is SmtpSecurity.TLS:
            client = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout_seconds, context=context
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
        with client:
            if smtp.security is SmtpSecurity.STARTTLS:
                client.starttls(context=context)
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            client.send_message(email)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        permanent = all(500 <= code < 600 for code in codes)
        return DeliveryResult(
            channel=CHANNEL,
            delivered=False,
            detail=f"recipient refused: {_describe(exc)}",
            retryable=not permanent,
        )
    except smtplib.SMTPDataError as exc:
        # The server refused this very message (5xx: too big, rejected content): for good.
        return DeliveryResult(
            channel=CHANNEL,
            delivered=False,
            detail=_describe(exc),
            retryable=not 500 <= exc.smtp_code < 600,
        )
    except (OSError, smtplib.SMTPException) as exc:
        # Connection refused, timeout, TLS, disconnected, login refused, sender refused, STARTTLS
        # required: problems of the server or of the settings, which the operator can fix.
        return DeliveryResult(channel=CHANNEL, delivered=False, detail=_describe(exc))
    return DeliveryResult(channel=CHANNEL, delivered=True, detail=f"{smtp.host}:{smtp.port}")


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]

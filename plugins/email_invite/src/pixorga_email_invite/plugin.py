"""Hook implementations of the ``email_invite`` plugin.

* :func:`~pixorga_core.hooks.pixorga_check_settings` — the SMTP options are checked at
  start-up, so that a wrong port or key stops ``pixorga`` with its message;
* :func:`~pixorga_core.hooks.pixorga_render_message` — French plain-text and HTML e-mails
  (:mod:`pixorga_email_invite.templates`);
* :func:`~pixorga_core.hooks.pixorga_deliver_message` — delivery over SMTP with the standard
  library (:mod:`pixorga_email_invite.smtp`), configured by the plugin's options
  (:class:`~pixorga_email_invite.options.SmtpOptions`, ``[plugins.email_invite]``);
* :func:`~pixorga_core.hooks.pixorga_register_commands` — ``pixorga mail-sink``, a local SMTP
  server printing what it receives, for the demo (:mod:`pixorga_email_invite.commands`).

This module only forwards to those modules.
"""

from __future__ import annotations

import click

from pixorga_core.config import Settings
from pixorga_core.domain.messages import DeliveryResult, MessageRequest, OutboundMessage
from pixorga_core.hooks import hookimpl
from pixorga_email_invite import smtp, templates
from pixorga_email_invite.options import smtp_options


@hookimpl
def pixorga_check_settings(settings: Settings) -> None:
    smtp_options(settings)  # raises ConfigurationError naming the bad key and where it came from


@hookimpl
def pixorga_render_message(request: MessageRequest) -> OutboundMessage:
    return templates.render(request)


@hookimpl
def pixorga_deliver_message(message: OutboundMessage, settings: Settings) -> DeliveryResult:
    return smtp.send(message, smtp_options(settings))


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    from pixorga_email_invite.commands import mail_sink_command

    cli.add_command(mail_sink_command)

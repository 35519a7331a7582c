"""``pixorga mail-sink``: a local SMTP server that prints every e-mail it receives.

For the demo: a newcomer sees the invitation e-mails (and can click their links) without any mail
server. ``pixorga demo --smtp-sink`` runs it after creating the demo data.
"""

from __future__ import annotations

import logging
import threading

import click

from pixorga_core.commands.context import reports_errors
from pixorga_email_invite.sink import DEFAULT_PORT, Received, SmtpSink


def describe(item: Received) -> str:
    """A received e-mail as the terminal shows it: headers, then the plain-text body."""
    message = item.message
    rule = "─" * 72
    return "\n".join(
        [
            rule,
            f"De :    {message['From']}",
            f"À :     {', '.join(item.rcpt_tos)}",
            f"Objet : {message['Subject']}",
            "",
            item.text.rstrip(),
            rule,
        ]
    )


@click.command("mail-sink")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--exit-after",
    default=0,
    type=click.IntRange(0),
    help="Stop after this many e-mails (0: run until Ctrl+C).",
)
@reports_errors
def mail_sink_command(host: str, port: int, exit_after: int) -> None:
    """Run a local SMTP server that prints the e-mails it receives (for the demo)."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter
    done = threading.Event()
    count = 0

    def show(item: Received) -> None:
        nonlocal count
        click.echo(describe(item))
        count += 1
        if exit_after and count >= exit_after:
            done.set()

    try:
        sink = SmtpSink(host=host, port=port, on_message=show).start()
    except ImportError:
        msg = "the mail sink needs aiosmtpd: pip install 'pixorga-email-invite[sink]'"
        raise click.ClickException(msg) from None
    click.echo(f"mail sink listening on {host}:{port}; point pixorga at it with:")
    click.echo(f"  PIXORGA_SMTP_HOST={host} PIXORGA_SMTP_PORT={port} pixorga serve")
    click.echo("Ctrl+C stops it.", err=True)
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()

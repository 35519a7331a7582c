"""``pixorga outbox send|list``: the messages waiting to be delivered, and their delivery."""

from __future__ import annotations

import sys

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.domain.messages import OutboxStatus
from pixorga_core.hooks import hookimpl


@click.group("outbox")
def outbox_group() -> None:
    """Messages waiting to be delivered (invitations, notices)."""


@outbox_group.command("send")
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1, 100_000))
@click.pass_obj
@reports_errors
def outbox_send(ctx: CliContext, limit: int) -> None:
    """Deliver the pending messages whose next attempt is due (run it from cron or a timer).

    Exits 1 when some message could not be delivered (it stays pending, or failed for good).
    """
    from pixorga_core.services import outbox

    report = outbox.send_due(ctx.sessions, ctx.hooks, limit=limit)
    click.echo(
        f"sent={report.sent} retry_later={report.retry_later} failed={report.failed} "
        f"skipped={report.skipped}"
    )
    if report.retry_later or report.failed:
        sys.exit(1)


@outbox_group.command("list")
@click.option(
    "--status",
    type=click.Choice([s.value for s in OutboxStatus]),
    default=None,
    help="Only messages in this state.",
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.pass_obj
@reports_errors
def outbox_list(ctx: CliContext, status: str | None, limit: int) -> None:
    """List the most recent messages and where their delivery stands.

    Times are Paris time (Europe/Paris), with the zone printed (CET or CEST).
    """
    from pixorga_core import clock
    from pixorga_core.services import outbox

    with ctx.transaction() as session:
        messages = outbox.list_messages(
            session, status=OutboxStatus(status) if status else None, limit=limit
        )
    for m in messages:
        when = clock.in_paris(m.sent_at or m.next_attempt_at or m.created_at).strftime(
            "%Y-%m-%d %H:%M %Z"
        )
        error = f"  ({m.last_error})" if m.last_error and m.status is not OutboxStatus.SENT else ""
        click.echo(
            f"{m.id:>6}  {m.status.value:<9} {m.attempts:>2} {when}  {m.kind.value:<24} "
            f"{m.recipient}{error}"
        )
    if not messages:
        click.echo("no message")


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(outbox_group)

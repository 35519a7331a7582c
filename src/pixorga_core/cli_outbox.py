"""Command-line commands of the invitation family: ``pixorga outbox send|list`` and
``pixorga organizations import-csv`` (added to the core's commands by :mod:`pixorga_core.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pixorga_core.domain.messages import OutboxStatus
from pixorga_core.storage import migrate

if TYPE_CHECKING:
    from pixorga_core.cli import CliContext


@click.group("outbox")
def outbox_group() -> None:
    """Messages waiting to be delivered (invitations, notices)."""


@outbox_group.command("send")
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1, 100_000))
@click.pass_obj
def outbox_send(ctx: CliContext, limit: int) -> None:
    """Deliver the pending messages whose next attempt is due (run it from cron or a timer).

    Exits 1 when some message could not be delivered (it stays pending, or failed for good).
    """
    from pixorga_core.services import outbox

    migrate.upgrade(ctx.engine)
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
def outbox_list(ctx: CliContext, status: str | None, limit: int) -> None:
    """List the most recent messages and where their delivery stands."""
    from pixorga_core.services import outbox

    with ctx.transaction() as session:
        messages = outbox.list_messages(
            session, status=OutboxStatus(status) if status else None, limit=limit
        )
    for m in messages:
        when = (m.sent_at or m.next_attempt_at or m.created_at).strftime("%Y-%m-%d %H:%M")
        error = f"  ({m.last_error})" if m.last_error and m.status is not OutboxStatus.SENT else ""
        click.echo(
            f"{m.id:>6}  {m.status.value:<9} {m.attempts:>2} {when}  {m.kind.value:<24} "
            f"{m.recipient}{error}"
        )
    if not messages:
        click.echo("no message")


@click.command("import-csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every line; create nothing.")
@click.pass_obj
def organizations_import_csv(ctx: CliContext, file: Path, dry_run: bool) -> None:
    """Create schools from a CSV ``UAI;Nom;E-mail`` (UTF-8 or Windows-1252, header optional).

    Each school gets its activation invitation at its e-mail address. One report line per line;
    exits 1 when some line was refused (the others are created).
    """
    from pixorga_core.services.schools import LineStatus, create_schools_from_csv

    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    migrate.upgrade(ctx.engine)
    with ctx.transaction() as session:
        report = create_schools_from_csv(session, ctx.hooks, text, dry_run=dry_run)
    for line in report:
        if line.status is LineStatus.SKIPPED:
            continue
        mark = "ERREUR" if line.status is LineStatus.ERROR else "ok"
        click.echo(f"ligne {line.line}: {mark} {line.uai} {line.name} : {line.message}")
    errors = sum(1 for r in report if r.status is LineStatus.ERROR)
    created = sum(1 for r in report if r.status is LineStatus.CREATED)
    click.echo(
        f"{created} établissement(s) {'valides' if dry_run else 'créés'}, {errors} erreur(s)"
    )
    if errors:
        sys.exit(1)

"""``pixorga campaigns export CODE``: a campaign's results as the CSV file Pix Orga downloads."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.hooks import hookimpl


@click.group("campaigns")
def campaigns_group() -> None:
    """Campaigns."""


@campaigns_group.command("export")
@click.argument("code")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True, path_type=Path),
    help="The file to write ('-': standard output). Default: the file name Pix Orga gives, "
    "Resultats-{nom}-{id}-{AAAA-MM-JJ-hhmm}.csv, in the current directory.",
)
@click.option("--skills", is_flag=True, help="One column per skill (OK / KO / Non testé).")
@click.pass_obj
@reports_errors
def campaigns_export(ctx: CliContext, code: str, output: Path | None, skills: bool) -> None:
    """Export the results of the campaign whose code is CODE (any school) as a CSV file.

    The file is the one « Exporter résultats (.csv) » downloads, written a chunk of
    participations at a time in one read-only transaction. Prints the file's path; exits 1
    when no campaign has this code.
    """
    from pixorga_core.services import exports
    from pixorga_core.storage.db import transaction

    with transaction(ctx.sessions, read_only=True) as session:
        export = exports.export_for_code(
            session, ctx.hooks, code, with_skills=skills, operator="pixorga campaigns export"
        )
        target = output if output is not None else Path(export.file_name)
        show = sys.stderr.isatty()
        with (
            click.open_file(str(target), "wb") as out,
            click.progressbar(
                length=export.count(),
                label="Export des participations",
                file=sys.stderr if show else io.StringIO(),
            ) as bar,
        ):
            done = 0
            for chunk in export.chunks():
                out.write(chunk)
                bar.update(export.rows_written - done)
                done = export.rows_written
    if str(target) != "-":
        click.echo(str(target))


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(campaigns_group)

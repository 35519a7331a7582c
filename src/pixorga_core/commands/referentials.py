"""``pixorga referentials list|check``: the registered referentials; validating a directory."""

from __future__ import annotations

from pathlib import Path

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.hooks import hookimpl


@click.group("referentials")
def referentials_group() -> None:
    """Competence referentials: list the registered ones, check a directory."""


@referentials_group.command("list")
@click.pass_obj
@reports_errors
def referentials_list(ctx: CliContext) -> None:
    """List the registered referentials and their target profiles."""
    for referential in ctx.hooks.referentials():
        click.echo(
            f"{referential.id}  {referential.name}  ({len(referential.competences)} competences, "
            f"{len(referential.skills)} skills, {len(referential.challenges)} challenges)"
        )
        for profile in referential.target_profiles:
            click.echo(f"  {profile.id:<28} {len(profile.skill_ids):>4} skills  {profile.name}")


@referentials_group.command("check")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path), nargs=1)
@click.option("--strict", is_flag=True, help="Exit with status 1 when there is a warning.")
@reports_errors
def referentials_check(directory: Path, strict: bool) -> None:
    """Validate the referential in DIRECTORY; list every problem (exit status 1) or sum it up.

    Content quality rules a valid referential breaks (guessable keys, example answers the
    checker disagrees with, Markdown outside the subset, duplicated questions…) are listed as
    warnings; with --strict, a warning also makes the exit status 1.
    """
    from pixorga_core.engine.answers import is_right
    from pixorga_core.referentials.lint import lint
    from pixorga_core.referentials.loader import load_referential

    referential = load_referential(directory)
    warnings = lint(referential, is_right)
    for problem in warnings:
        click.echo(f"warning: {problem}", err=True)
    click.echo(
        f"{referential.id}: valid ({len(referential.competences)} competences, "
        f"{len(referential.tubes)} tubes, {len(referential.skills)} skills, "
        f"{len(referential.challenges)} challenges, {len(referential.tutorials)} tutorials, "
        f"{len(referential.target_profiles)} target profiles)"
        + (f", {len(warnings)} warning(s)" if warnings else "")
    )
    if strict and warnings:
        raise SystemExit(1)


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(referentials_group)

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
@reports_errors
def referentials_check(directory: Path) -> None:
    """Validate the referential in DIRECTORY; list every problem (exit status 1) or sum it up.

    Content quality rules a valid referential breaks are listed as warnings.
    """
    from pixorga_core.referentials.loader import load_referential
    from pixorga_core.referentials.quality import quality_problems

    referential = load_referential(directory)
    for problem in quality_problems(referential):
        click.echo(f"warning: {problem}", err=True)
    click.echo(
        f"{referential.id}: valid ({len(referential.competences)} competences, "
        f"{len(referential.tubes)} tubes, {len(referential.skills)} skills, "
        f"{len(referential.challenges)} challenges, {len(referential.tutorials)} tutorials, "
        f"{len(referential.target_profiles)} target profiles)"
    )


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(referentials_group)

"""``pixorga db upgrade|current``: the only commands that read or change the schema's revision."""

from __future__ import annotations

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.hooks import hookimpl


@click.group("db")
def db_group() -> None:
    """Manage the database schema."""


@db_group.command("upgrade")
@click.pass_obj
@reports_errors
def db_upgrade(ctx: CliContext) -> None:
    """Create the tables, or bring them to the latest schema."""
    from pixorga_core.storage import migrate

    migrate.upgrade(ctx.engine)
    click.echo(f"database at revision {migrate.current_revision(ctx.engine)}")


@db_group.command("current")
@click.pass_obj
@reports_errors
def db_current(ctx: CliContext) -> None:
    """Print the schema revision of the database, and the latest one."""
    from pixorga_core.storage import migrate

    click.echo(
        f"current: {migrate.current_revision(ctx.engine)}  latest: {migrate.head_revision()}"
    )


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(db_group)

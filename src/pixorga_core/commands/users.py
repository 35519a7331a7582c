"""``pixorga users unblock LOGIN``: lift the login block of an account."""

from __future__ import annotations

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.hooks import hookimpl


@click.group("users")
def users_group() -> None:
    """User accounts."""


@users_group.command("unblock")
@click.argument("login")
@click.pass_obj
@reports_errors
def users_unblock(ctx: CliContext, login: str) -> None:
    """Lift the login block of the account whose e-mail or username is LOGIN.

    Clears its failure count and both blocks (the temporary one after 10 failures, the
    permanent one after 50). Exits 1 when no account has this login.
    """
    from pixorga_core.services import accounts

    with ctx.transaction() as session:
        was_blocked = accounts.unblock_login(session, login)
    click.echo("unblocked" if was_blocked else "not blocked (failures cleared)")


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(users_group)

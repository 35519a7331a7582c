"""``pixorga plugins``: the registered plugins and the distributions they come from."""

from __future__ import annotations

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.hooks import hookimpl
from pixorga_core.pluginmanager import plugin_distributions


@click.command("plugins")
@click.pass_obj
@reports_errors
def plugins_command(ctx: CliContext) -> None:
    """List the registered plugins and the distributions they come from."""
    for name, dist in plugin_distributions(ctx.hooks.pm):
        click.echo(f"{name:<28} {dist or '(built in)'}")


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(plugins_command)

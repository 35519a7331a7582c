"""The reference app as a pixorga plugin: it adds ``pixorga serve`` to the command line."""

from __future__ import annotations

import logging

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.hooks import hookimpl

logger = logging.getLogger(__name__)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--connection-limit",
    default=1000,
    show_default=True,
    type=click.IntRange(10, 100_000),
    help="Open client connections at most (browsers keep several each).",
)
@click.option(
    "--outbox-interval",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds between retries of undelivered messages (0: leave them to `pixorga outbox "
    "send`).",
)
@click.pass_obj
@reports_errors
def serve_command(
    ctx: CliContext,
    host: str,
    port: int,
    threads: int,
    connection_limit: int,
    outbox_interval: float,
) -> None:
    """Serve the reference app (Pix Orga, in French) with waitress."""
    from pixorga_reference_app.serve import serve

    ctx.settings.require_secret_key()
    ctx.require_current_schema()  # never migrates: `pixorga db upgrade` does
    logger.info("settings: %s", ctx.settings.describe())  # secrets masked
    click.echo(f"pixorga: serving {ctx.settings.base_url} on http://{host}:{port}/ (Ctrl+C stops)")
    serve(
        ctx.settings,
        ctx.hooks,
        host=host,
        port=port,
        threads=threads,
        outbox_interval=outbox_interval or None,
        connection_limit=connection_limit,
    )


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(serve_command)

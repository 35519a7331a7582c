"""``pixorga demo``: demo schools and accounts; it migrates the schema, and says so."""

from __future__ import annotations

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.hooks import hookimpl


@click.command("demo")
@click.option(
    "--smtp-sink",
    is_flag=True,
    help="Then run a local SMTP server printing the e-mails pixorga sends (the `mail-sink` "
    "command of the email_invite plugin).",
)
@click.option("--smtp-port", default=8025, show_default=True, type=click.IntRange(1, 65535))
@click.pass_context
@reports_errors
def demo_command(click_ctx: click.Context, smtp_sink: bool, smtp_port: int) -> None:
    """Bring the schema up to date, create the demo schools and accounts (idempotent), and print
    how to log in."""
    from pixorga_core import paths
    from pixorga_core.services.demo import create_demo
    from pixorga_core.storage import migrate

    ctx: CliContext = click_ctx.obj
    root = click_ctx.find_root().command
    sink_command = (
        root.get_command(click_ctx, "mail-sink") if isinstance(root, click.Group) else None
    )
    if smtp_sink and sink_command is None:
        msg = "--smtp-sink needs the email_invite plugin (pip install 'pixorga-email-invite[sink]')"
        raise click.ClickException(msg)
    before = migrate.current_revision(ctx.engine)
    migrate.upgrade(ctx.engine)
    after = migrate.current_revision(ctx.engine)
    if after != before:
        click.echo(f"database schema upgraded from revision {before} to {after}")
    with ctx.transaction() as session:
        demo = create_demo(session, ctx.hooks)
    click.echo(f"Demo school: {demo.school.name} (UAI {demo.school.uai})")
    click.echo(f"Log in at:   {ctx.settings.base_url.rstrip('/')}/connexion")
    click.echo(f"  administrator: {demo.admin.email}  password: {demo.password}")
    click.echo(f"  teacher:       {demo.teacher.email}  password: {demo.password}")
    link = paths.campaign_link(ctx.settings.base_url, demo.campaign.code)
    click.echo(f"Campaign:    {demo.campaign.name} (code {demo.campaign.code})")
    click.echo(f"  pupils' link: {link}")
    if smtp_sink and sink_command is not None:
        click_ctx.invoke(sink_command, host="127.0.0.1", port=smtp_port, exit_after=0)


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(demo_command)

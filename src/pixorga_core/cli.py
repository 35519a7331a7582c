"""The ``pixorga`` command line.

Sub-commands come from the ``pixorga_register_commands`` hook: this module registers the core
ones (``db``, ``demo``, ``organizations``, ``plugins``) as a default plugin; the reference app adds
``serve``, and plugins add theirs. Every command reads the same settings (``PIXORGA_*`` variables,
the file named by ``--config`` or ``PIXORGA_CONFIG``).
"""

from __future__ import annotations

import functools
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import attrs
import click
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core.config import Settings, load_settings
from pixorga_core.domain.organizations import OrganizationType
from pixorga_core.errors import ConfigurationError, InvalidInputError, PixorgaError
from pixorga_core.facade import Hooks
from pixorga_core.hooks import hookimpl
from pixorga_core.pluginmanager import create_plugin_manager, plugin_distributions
from pixorga_core.storage import migrate
from pixorga_core.storage.db import make_engine, make_sessionmaker, transaction

_F = TypeVar("_F", bound=Callable[..., Any])


@attrs.define
class CliContext:
    """What every command receives (``click.pass_obj``)."""

    settings: Settings
    hooks: Hooks
    _engine: Engine | None = attrs.field(default=None, init=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.settings.database_url)
        return self._engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        return make_sessionmaker(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with transaction(self.sessions) as session:
            yield session

    def close(self) -> None:
        """Close the database connections, if a command opened any."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def reports_errors(func: _F) -> _F:
    """Turn :class:`PixorgaError` into a clean message and exit status 1 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidInputError as exc:
            lines = [exc.message, *(f"  {field}: {msg}" for field, msg in exc.field_errors.items())]
            raise click.ClickException("\n".join(lines)) from None
        except PixorgaError as exc:
            raise click.ClickException(exc.message) from None

    return wrapper  # type: ignore[return-value]


# -- core commands --------------------------------------------------------------------------------


@click.group("db")
def db_group() -> None:
    """Manage the database schema."""


@db_group.command("upgrade")
@click.pass_obj
@reports_errors
def db_upgrade(ctx: CliContext) -> None:
    """Create the tables, or bring them to the latest schema."""
    migrate.upgrade(ctx.engine)
    click.echo(f"database at revision {migrate.current_revision(ctx.engine)}")


@db_group.command("current")
@click.pass_obj
@reports_errors
def db_current(ctx: CliContext) -> None:
    """Print the schema revision of the database, and the latest one."""
    click.echo(
        f"current: {migrate.current_revision(ctx.engine)}  latest: {migrate.head_revision()}"
    )


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
    """Create the demo schools and accounts (idempotent) and print how to log in."""
    from pixorga_core.services.demo import create_demo

    ctx: CliContext = click_ctx.obj
    sink = click_ctx.find_root().command
    sink_command = (
        sink.get_command(click_ctx, "mail-sink") if isinstance(sink, click.Group) else None
    )
    if smtp_sink and sink_command is None:
        msg = "--smtp-sink needs the email_invite plugin (pip install 'pixorga-email-invite[sink]')"
        raise click.ClickException(msg)
    migrate.upgrade(ctx.engine)
    with ctx.transaction() as session:
        demo = create_demo(session, ctx.hooks)
    click.echo(f"Demo school: {demo.school.name} (UAI {demo.school.uai})")
    click.echo(f"Log in at:   {ctx.settings.base_url.rstrip('/')}/connexion")
    click.echo(f"  administrator: {demo.admin.email}  password: {demo.password}")
    click.echo(f"  teacher:       {demo.teacher.email}  password: {demo.password}")
    if smtp_sink and sink_command is not None:
        click_ctx.invoke(sink_command, host="127.0.0.1", port=smtp_port, exit_after=0)


@click.group("organizations")
def organizations_group() -> None:
    """Manage organizations (schools)."""


@organizations_group.command("create")
@click.option("--uai", required=True, help="UAI (ex-RNE) with its check letter, e.g. 0752387M.")
@click.option("--name", required=True, help="Name of the school.")
@click.option("--email", default=None, help="Contact mailbox of the school.")
@click.option(
    "--type",
    "type_",
    type=click.Choice([t.value for t in OrganizationType]),
    default=OrganizationType.SCO.value,
    show_default=True,
)
@click.option("--managing-students/--no-managing-students", default=True, show_default=True)
@click.option("--identity-provider", default=None, help="SSO provider of its pupils, e.g. GAR.")
@click.pass_obj
@reports_errors
def organizations_create(
    ctx: CliContext,
    uai: str,
    name: str,
    email: str | None,
    type_: str,
    managing_students: bool,
    identity_provider: str | None,
) -> None:
    """Create a school and send the activation invitation to its e-mail address."""
    from pixorga_core.services.organizations import NewOrganization
    from pixorga_core.services.schools import create_school

    with ctx.transaction() as session:
        activation = create_school(
            session,
            ctx.hooks,
            NewOrganization(
                name=name,
                uai=uai,
                email=email,
                type=OrganizationType(type_),
                is_managing_students=managing_students,
                identity_provider=identity_provider,
            ),
        )
    organization = activation.organization
    click.echo(f"created organization {organization.id}: {organization.name} ({organization.uai})")
    if activation.invitation is not None:
        click.echo(
            f"activation invitation queued for {activation.invitation.email} "
            "(`pixorga outbox list` shows its delivery)"
        )


@click.command("import-siecle")
@click.option("--uai", required=True, help="UAI of the school whose pupils the file lists.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only show what would change; write nothing.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.pass_obj
def import_siecle_command(
    ctx: CliContext, uai: str, file: Path, dry_run: bool, output_format: str
) -> None:
    """Import a school's pupils from a SIECLE export (.xml or .zip) or any registered format.

    Exits 0 when the file was imported (or previewed) without errors, 1 when it was rejected.
    """
    from pixorga_core.access import SystemContext
    from pixorga_core.domain.organizations import normalize_uai
    from pixorga_core.services import imports
    from pixorga_core.storage.repositories import organizations as organizations_repo

    migrate.upgrade(ctx.engine)
    with ctx.transaction() as session:
        schools = [
            o
            for o in organizations_repo.find_by_uai(session, normalize_uai(uai))
            if not o.is_archived
        ]
        if len(schools) != 1:
            what = "no school" if not schools else "several schools"
            raise click.ClickException(f"{what} with UAI {normalize_uai(uai)}")
        school = schools[0]
        show = sys.stderr.isatty()
        with (
            file.open("rb") as raw,
            click.progressbar(
                length=file.stat().st_size,
                label="Lecture du fichier",
                file=sys.stderr if show else io.StringIO(),
            ) as bar,
        ):
            stream = io.BufferedReader(_Progress(raw, bar.update), buffer_size=1 << 16)
            batch = imports.read_file(ctx.hooks, stream, file.name, school)
        plan = imports.plan_import(session, school, batch)
        preview = plan.preview
        status = "rejected" if batch.errors else ("previewed" if dry_run else "imported")
        if status == "imported":
            if show:
                click.echo(f"Enregistrement de {preview.counts.kept} élèves…", err=True)
            imports.commit_import(
                session,
                ctx.hooks,
                SystemContext(organization=school, operator="pixorga import-siecle"),
                batch,
                file_name=file.name,
                plan=plan,
            )
    _print_import(status, preview, output_format)
    if status == "rejected":
        sys.exit(1)


class _Progress(io.RawIOBase):
    """A read-only, seekable view of ``raw`` that reports the bytes read (for the progress bar).

    Seeking back (a zip's central directory is read first) does not move the bar backwards.
    """

    def __init__(self, raw: BinaryIO, advance: Callable[[int], None]) -> None:
        self._raw = raw
        self._advance = advance
        self._furthest = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        position = self._raw.tell()
        if position > self._furthest:
            self._advance(position - self._furthest)
            self._furthest = position
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()


#: Warnings printed in text mode (a whole district file can have thousands).
WARNINGS_SHOWN = 20


def _print_import(status: str, preview: Any, output_format: str) -> None:
    def issue(i: Any) -> dict[str, Any]:
        return {"code": i.code, "ine": i.national_student_id, "message": i.message}

    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "status": status,
                    "counts": attrs.asdict(preview.counts),
                    "errors": [issue(i) for i in preview.errors],
                    "warnings": [issue(i) for i in preview.warnings],
                },
                ensure_ascii=False,
            )
        )
        return
    for i in preview.errors:
        click.echo(f"ERREUR {i.code}: {i.message}", err=True)
    for i in preview.warnings[:WARNINGS_SHOWN]:
        click.echo(f"attention {i.code}: {i.message}", err=True)
    if len(preview.warnings) > WARNINGS_SHOWN:
        more = len(preview.warnings) - WARNINGS_SHOWN
        click.echo(f"… et {more} autre(s) avertissement(s) (--format json : tous)", err=True)
    counts = ", ".join(f"{k}={v}" for k, v in attrs.asdict(preview.counts).items())
    click.echo(f"{status}: {counts}")


@click.command("plugins")
@click.pass_obj
def plugins_command(ctx: CliContext) -> None:
    """List the registered plugins and the distributions they come from."""
    for name, dist in plugin_distributions(ctx.hooks.pm):
        click.echo(f"{name:<28} {dist or '(built in)'}")


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    from pixorga_core.cli_outbox import organizations_import_csv, outbox_group

    organizations_group.add_command(organizations_import_csv)
    for command in (
        outbox_group,
        db_group,
        demo_command,
        organizations_group,
        plugins_command,
        import_siecle_command,
    ):
        cli.add_command(command)


# -- entry point ----------------------------------------------------------------------------------


def _config_from_argv(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--config" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return None


def build_cli(settings: Settings, hooks: Hooks) -> click.Group:
    @click.group(context_settings={"help_option_names": ["-h", "--help"]})
    @click.option(
        "--config",
        type=click.Path(dir_okay=False),
        help="TOML settings file (default: $PIXORGA_CONFIG).",
    )
    @click.version_option(package_name="pixorga-core")
    @click.pass_context
    def cli(click_ctx: click.Context, config: str | None) -> None:
        """pixorga: Pix Orga for schools, as a library and a reference app."""
        click_ctx.obj = CliContext(settings=settings, hooks=hooks)
        click_ctx.call_on_close(click_ctx.obj.close)

    hooks.register_commands(cli)
    return cli


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        settings = load_settings(_config_from_argv(args))
        hooks = Hooks(create_plugin_manager(), settings)
    except (ConfigurationError, PixorgaError) as exc:
        click.echo(f"pixorga: {exc.message}", err=True)
        sys.exit(2)
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    build_cli(settings, hooks).main(args=args, prog_name="pixorga")

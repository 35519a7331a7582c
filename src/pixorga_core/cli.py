"""The ``pixorga`` command line: :func:`build_cli` and the entry point :func:`main`.

Sub-commands come from the ``pixorga_register_commands`` hook: the core's groups are internal
plugins in :mod:`pixorga_core.commands` (one module each, listed in
:data:`~pixorga_core.pluginmanager.DEFAULT_PLUGINS`); the reference app adds ``serve``, and
plugins add theirs. Every command reads the same settings (``PIXORGA_*`` variables, the file
named by ``--config`` or ``PIXORGA_CONFIG``) and receives a
:class:`~pixorga_core.commands.context.CliContext`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import click

from pixorga_core.commands.context import CliContext
from pixorga_core.config import Settings, load_settings
from pixorga_core.errors import ConfigurationError, PixorgaError
from pixorga_core.facade import Hooks
from pixorga_core.pluginmanager import create_plugin_manager


def _config_from_argv(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--config" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return None


def build_cli(settings: Settings, hooks: Hooks) -> click.Group:
    """The ``pixorga`` group with every registered sub-command."""

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
        hooks.check_settings()
    except (ConfigurationError, PixorgaError) as exc:
        click.echo(f"pixorga: {exc.message}", err=True)
        sys.exit(2)
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    build_cli(settings, hooks).main(args=args, prog_name="pixorga")

"""The reference app is also a pixorga plugin: it adds ``pixorga serve``."""

from __future__ import annotations

from click.testing import CliRunner

from pixorga_core.cli import build_cli
from pixorga_core.facade import Hooks
from pixorga_core.testing import PluginConformance
from pixorga_reference_app import commands


class TestConformance(PluginConformance):
    plugin = commands
    name = "reference_app"
    distribution = "pixorga-reference-app"
    hooks = frozenset({"pixorga_register_commands"})


def test_serve_refuses_to_start_without_a_secret_key(pm, settings):
    import attrs

    pm.register(commands)
    cli = build_cli(attrs.evolve(settings, secret_key=None), Hooks(pm, settings))
    result = CliRunner().invoke(cli, ["serve", "--port", "8123"])
    assert result.exit_code == 1
    assert "PIXORGA_SECRET_KEY is not set" in result.output


def test_serve_refuses_an_out_of_date_schema_and_names_the_fix(pm, settings, tmp_path):
    import attrs

    pm.register(commands)
    fresh = attrs.evolve(settings, database_url=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    result = CliRunner().invoke(build_cli(fresh, Hooks(pm, fresh)), ["serve", "--port", "8123"])
    assert result.exit_code == 1
    assert "lancez `pixorga db upgrade`" in result.output


def test_pixorga_help_does_not_load_the_web_app():
    """The app is a plugin of every ``pixorga`` command: registering it must not import Bottle."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pixorga_core.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'pixorga_reference_app.commands' in sys.modules\n"
        "print(sorted(m for m in ('bottle', 'waitress', 'pixorga_reference_app.app') "
        "if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"

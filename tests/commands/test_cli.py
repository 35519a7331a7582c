from __future__ import annotations

from datetime import UTC, datetime

import click
import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from sqlalchemy import func, select

from pixorga_core import cli as cli_module
from pixorga_core.cli import build_cli
from pixorga_core.commands.context import CliContext
from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_core.hooks import hookimpl
from pixorga_core.pluginmanager import create_plugin_manager
from pixorga_core.services import demo, passwords
from pixorga_core.storage import migrate
from pixorga_core.storage.db import make_engine, make_sessionmaker
from pixorga_core.storage.models import OrganizationRow, UserRow
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.testing import TEST_SECRET_KEY

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def run(settings, hooks):
    """Invoke ``pixorga`` with the test settings (and so the test database)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(build_cli(settings, hooks), list(args), catch_exceptions=False)

    return invoke


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_help_lists_the_core_commands(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in ("db", "demo", "organizations", "plugins"):
        assert command in result.output


def test_db_current(run, database_url):
    result = run("db", "current")
    assert result.exit_code == 0
    head = migrate.head_revision()
    assert result.output.strip() == f"current: {head}  latest: {head}"


def test_db_upgrade_creates_a_new_database(tmp_path, pm):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    settings = Settings(database_url=url, secret_key=TEST_SECRET_KEY)
    result = CliRunner().invoke(build_cli(settings, Hooks(pm, settings)), ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"database at revision {migrate.head_revision()}"
    engine = make_engine(url)
    try:
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_organizations_create(run, sessions):
    result = run(
        "organizations",
        "create",
        "--uai",
        " 0752387m ",
        "--name",
        "Collège Victor Hugo",
        "--email",
        "CE.0752387M@ac-paris.fr",
        "--no-managing-students",
    )
    assert result.exit_code == 0, result.output
    assert "Collège Victor Hugo (0752387M)" in result.output
    with sessions() as session:
        (created,) = organizations_repo.find_by_uai(session, "0752387M")
    assert created.email == "ce.0752387m@ac-paris.fr"
    assert not created.is_managing_students
    assert f"created organization {created.id}:" in result.output


def test_organizations_create_reports_errors_without_traceback(run, sessions):
    result = run("organizations", "create", "--uai", "0752387A", "--name", " ", "--email", "nope")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Certaines informations saisies sont invalides." in result.output
    assert "uai: L'UAI « 0752387A » n'est pas valide" in result.output
    assert "name: Le nom de l'établissement n'est pas renseigné." in result.output
    assert "email: L'adresse e-mail « nope » n'est pas valide." in result.output
    assert count(sessions, OrganizationRow) == 0


def test_organizations_create_refuses_a_duplicate(run, sessions):
    assert run("organizations", "create", "--uai", "0752387M", "--name", "A").exit_code == 0
    result = run("organizations", "create", "--uai", "0752387m", "--name", "B")
    assert result.exit_code == 1
    assert "Un établissement avec l'UAI 0752387M existe déjà." in result.output
    assert count(sessions, OrganizationRow) == 1


def test_demo_command_is_idempotent(run, sessions, settings, monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", lambda: CHEAP_HASHER)
    first = run("demo")
    assert first.exit_code == 0, first.output
    assert demo.DEMO_ADMIN_EMAIL in first.output
    assert demo.DEMO_TEACHER_EMAIL in first.output
    assert demo.DEMO_PASSWORD in first.output
    assert f"{settings.base_url}/connexion" in first.output
    second = run("demo")
    assert second.exit_code == 0
    assert count(sessions, OrganizationRow) == 2
    assert count(sessions, UserRow) == 2


def test_plugins_command(run):
    result = run("plugins")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.startswith("pixorga.matching") and "(built in)" in line for line in lines)
    assert any(line.startswith("pixorga.commands") for line in lines)


def test_plugin_commands_are_added(settings):
    class Extra:
        @hookimpl
        def pixorga_register_commands(self, cli, settings):
            @click.command("hello")
            def hello() -> None:
                click.echo(f"bonjour {settings.base_url}")

            cli.add_command(hello)

    pm = create_plugin_manager(load_entrypoints=False, plugins=[Extra()], environ={})
    result = CliRunner().invoke(build_cli(settings, Hooks(pm, settings)), ["hello"])
    assert result.exit_code == 0
    assert result.output.strip() == f"bonjour {settings.base_url}"


def test_main_reports_bad_settings(monkeypatch, capsys):
    monkeypatch.delenv("PIXORGA_CONFIG", raising=False)
    monkeypatch.setenv("PIXORGA_DATABASE_URL", "mysql://pixorga@127.0.0.1/pixorga")
    with pytest.raises(SystemExit) as info:
        cli_module.main(["db", "current"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("pixorga: database_url")
    assert "mysql" in err


def test_main_reports_a_missing_config_file(monkeypatch, capsys, tmp_path):
    missing = tmp_path / "absent.toml"
    with pytest.raises(SystemExit) as info:
        cli_module.main(["--config", str(missing), "db", "current"])
    assert info.value.code == 2
    assert str(missing) in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--config", "a.toml", "db"], "a.toml"),
        (["--config=b.toml", "db"], "b.toml"),
        (["db", "current"], None),
        (["--config"], None),
    ],
)
def test_config_is_read_from_argv(argv, expected):
    assert cli_module._config_from_argv(argv) == expected


def test_cli_context_sessions_use_the_settings(settings, hooks, database_url):
    context = CliContext(settings=settings, hooks=hooks)
    try:
        with context.transaction() as session:
            session.add(
                UserRow(
                    first_name="Camille",
                    last_name="Durand",
                    cgu_accepted=True,
                    pix_orga_terms_accepted=False,
                    created_at=datetime.now(UTC),
                )
            )
        assert count(make_sessionmaker(context.engine), UserRow) == 1
    finally:
        context.engine.dispose()

"""No command migrates the schema silently: an out-of-date one gets a message naming the fix."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from pixorga_core.cli import build_cli
from pixorga_core.commands import schema
from pixorga_core.commands.simulation import MODELS
from pixorga_core.config import Settings
from pixorga_core.errors import SchemaOutOfDateError
from pixorga_core.facade import Hooks
from pixorga_core.simulation.pupils import Model
from pixorga_core.storage import migrate
from pixorga_core.storage.db import make_engine
from pixorga_core.testing import TEST_SECRET_KEY


@pytest.fixture
def fresh(tmp_path, pm):
    """``pixorga`` on an SQLite file with no schema yet; returns (invoke, url)."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    settings = Settings(database_url=url, secret_key=TEST_SECRET_KEY)
    cli = build_cli(settings, Hooks(pm, settings))

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke, url


def revisions(url: str) -> list[str]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        try:
            return [r[0] for r in connection.execute("SELECT version_num FROM alembic_version")]
        except sqlite3.OperationalError:
            return []


def test_the_fast_head_is_alembic_s():
    known, heads = schema.script_revisions()
    assert heads == {migrate.head_revision()}
    assert migrate.head_revision() in known


def test_a_merge_script_is_left_to_alembic(tmp_path):
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (tmp_path / "migrations" / "script.py.mako").write_text("", "utf-8")
    for name, down in (("a", "None"), ("b", "'a'"), ("c", "'a'"), ("d", "('b', 'c')")):
        (versions / f"{name}.py").write_text(
            f"revision = '{name}'\ndown_revision = {down}\nbranch_labels = None\n"
            "depends_on = None\n\ndef upgrade():\n    pass\n",
            "utf-8",
        )
    assert schema.script_revisions(versions) == ({"a", "b", "c", "d"}, {"d"})


@pytest.mark.parametrize(
    "args",
    [
        ("organizations", "create", "--uai", "0752387M", "--name", "Lycée Pix"),
        ("outbox", "list"),
        ("outbox", "send"),
        ("import-siecle", "--uai", "0752387M", __file__),
    ],
)
def test_commands_refuse_a_database_without_schema_and_do_not_create_it(fresh, args):
    invoke, url = fresh
    result = invoke(*args)
    assert result.exit_code == 1
    assert "pixorga db upgrade" in result.output
    assert "n'est pas à jour (révision aucun" in result.output
    assert "Traceback" not in result.output
    assert revisions(url) == []


def test_an_older_schema_is_named_then_db_upgrade_fixes_it(fresh):
    invoke, url = fresh
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, "0001")
    finally:
        engine.dispose()
    result = invoke("outbox", "list")
    assert result.exit_code == 1
    head = migrate.head_revision()
    assert f"(révision 0001, attendue {head}) : lancez `pixorga db upgrade`." in result.output
    assert revisions(url) == ["0001"]
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("outbox", "list").output.strip() == "no message"


def test_a_newer_schema_asks_for_a_newer_pixorga(fresh):
    invoke, url = fresh
    assert invoke("db", "upgrade").exit_code == 0
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    result = invoke("outbox", "list")
    assert result.exit_code == 1
    assert "plus récent que cette version de pixorga" in result.output


def test_the_demo_upgrades_and_says_so(fresh, monkeypatch):
    from argon2 import PasswordHasher

    from pixorga_core.services import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", lambda: cheap)
    invoke, url = fresh
    first = invoke("demo")
    assert first.exit_code == 0, first.output
    head = migrate.head_revision()
    assert f"database schema upgraded from revision None to {head}" in first.output
    assert revisions(url) == [head]
    assert "upgraded" not in invoke("demo").output


def test_the_error_names_the_fix():
    assert "pixorga db upgrade" in SchemaOutOfDateError().message


def test_model_choices_are_the_simulation_models():
    assert set(MODELS) == {m.value for m in Model}
    assert MODELS[0] == Model.RASCH.value


#: What no command may import just to start (each costs a noticeable part of a short command).
NOT_AT_START = ("alembic", "bottle", "waitress", "matplotlib", "argon2", "jsonschema")


def test_pixorga_help_imports_neither_alembic_nor_the_web_stack():
    """With every installed plugin (entry points), as ``pixorga --help`` runs."""
    code = textwrap.dedent(
        f"""
        import sys
        from pixorga_core.cli import main
        try:
            main(["--help"])
        except SystemExit as exc:
            assert exc.code in (0, None), exc.code
        loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({NOT_AT_START!r}))
        print("loaded:", ",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "loaded: "

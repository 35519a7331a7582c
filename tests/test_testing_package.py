"""The layout of the ``pixorga_core.testing`` package: one import path, light kits."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import pixorga_core.testing
from pixorga_core.testing import conformance, database, doubles, factories, fixtures, recorder

#: What the algorithm kit must not pull in: the storage layer, migrations, drivers, hashing, and
#: the database half of the pytest plugin.
HEAVY = (
    "alembic",
    "psycopg",
    "argon2",
    "pixorga_core.storage",
    "pixorga_core.services",
    "pixorga_core.testing.database",
    "pixorga_core.testing.factories",
    "pixorga_core.testing.fixtures",
)


def loaded_after(statements: str) -> list[str]:
    """The HEAVY modules a fresh interpreter has loaded after running ``statements``."""
    code = textwrap.dedent(
        f"""
        import sys
        {statements}
        heavy = {HEAVY!r}
        print("\\n".join(sorted(
            m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy)
        )))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    "statements",
    [
        "import pixorga_core.testing.conformance.algorithm",
        "from pixorga_core.testing.conformance.algorithm import AlgorithmConformance",
        "from pixorga_core.testing import AlgorithmConformance",
        "from pixorga_core.testing import HookRecorder, LineStudentSource, sample_school",
        "from pixorga_core.testing import StudentSourceConformance",
    ],
)
def test_the_light_kits_import_no_database_machinery(statements):
    assert loaded_after(statements) == []


def test_the_check_sees_the_database_machinery():
    loaded = loaded_after("from pixorga_core.testing import Factories, learner_rows")
    for name in ("alembic", "argon2", "pixorga_core.storage", "pixorga_core.testing.database"):
        assert any(m == name or m.startswith(name + ".") for m in loaded), name


def test_every_public_name_comes_from_its_module():
    homes = {
        "AlgorithmConformance": conformance.algorithm,
        "PluginConformance": conformance.plugin,
        "StudentSourceConformance": conformance.student_source,
        "learner_rows": database,
        "table_snapshot": database,
        "POSTGRESQL_URL_ENV": database,
        "REQUIRE_POSTGRESQL_ENV": database,
        "BACKENDS": database,
        "LineStudentSource": doubles,
        "LineStudentSourcePlugin": doubles,
        "RecordingChannel": doubles,
        "sample_school": doubles,
        "Factories": factories,
        "TEST_PASSWORD": factories,
        "valid_uai": factories,
        "TEST_SECRET_KEY": fixtures,
        "HookCall": recorder,
        "HookRecorder": recorder,
    }
    assert sorted(homes) == sorted(pixorga_core.testing.__all__)
    for name, module in homes.items():
        assert getattr(pixorga_core.testing, name) is getattr(module, name), name
        assert name in dir(pixorga_core.testing)
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = pixorga_core.testing.no_such_name


def test_the_plugin_registers_its_modules(pytestconfig):
    assert pixorga_core.testing.pytest_plugins == [
        "pixorga_core.testing.database",
        "pixorga_core.testing.fixtures",
    ]
    plugins = pytestconfig.pluginmanager
    assert plugins.get_plugin("pixorga_core.testing") is pixorga_core.testing
    assert plugins.get_plugin("pixorga_core.testing.database") is database
    assert plugins.get_plugin("pixorga_core.testing.fixtures") is fixtures
    assert pytestconfig.getoption("--pixorga-backends")


def test_an_algorithm_suite_runs_the_kit_without_the_plugin(tmp_path):
    """No ``pytest_plugins``: the kit needs no fixture of the plugin, and loads no database."""
    (tmp_path / "test_algorithm.py").write_text(
        textwrap.dedent(
            f"""
            import sys

            from pixorga_core.engine.smart_random import SmartRandom
            from pixorga_core.testing import AlgorithmConformance


            class TestSmartRandom(AlgorithmConformance):
                algorithm = SmartRandom()


            def test_zz_nothing_heavy_was_loaded():
                heavy = {HEAVY!r}
                assert [m for m in sys.modules if m.startswith(heavy)] == []
                assert "pixorga_core.testing.database" not in sys.modules


            def test_zz_the_kit_asserts_are_rewritten():
                kit = sys.modules["pixorga_core.testing.conformance.algorithm"]
                assert type(kit.__loader__).__name__ == "AssertionRewritingHook"
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "11 passed" in result.stdout, result.stdout  # 9 kit checks (options: #18) + 2

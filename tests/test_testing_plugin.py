"""The testing kit's pytest plugin, run for real in a fresh pytest (pytester), as a plugin
author's suite runs it: backends, the PostgreSQL requirement, markers and the fixtures."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import pytest
from sqlalchemy import text


def test_a_database(session, factories, database_backend):
    school = factories.organization()
    assert session.execute(text("select count(*) from organizations")).scalar() == 1
    assert school.id


@pytest.mark.sqlite_only
def test_sqlite_only(database_backend):
    assert database_backend == "sqlite"


def test_no_database(pm, hooks, hook_recorder):
    assert hooks.pm is pm
"""


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    pytester.makeconftest('pytest_plugins = ["pixorga_core.testing"]')
    pytester.makepyfile(test_suite=SUITE)
    monkeypatch.delenv("PIXORGA_TEST_POSTGRESQL_URL", raising=False)
    monkeypatch.delenv("PIXORGA_REQUIRE_POSTGRESQL", raising=False)
    return pytester


def test_without_postgresql_its_runs_are_skipped(suite: pytest.Pytester) -> None:
    result = suite.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, skipped=1)


def test_sqlite_only_backend_runs_each_database_test_once(suite: pytest.Pytester) -> None:
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "--pixorga-backends=sqlite")
    result.assert_outcomes(passed=3)


def test_required_postgresql_without_a_server_fails(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIXORGA_REQUIRE_POSTGRESQL", "1")
    result = suite.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*PIXORGA_REQUIRE_POSTGRESQL is set but no PostgreSQL URL*"])


def test_required_postgresql_cannot_be_dropped_by_the_backends_option(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIXORGA_REQUIRE_POSTGRESQL", "1")
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "--pixorga-backends=sqlite")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*PIXORGA_REQUIRE_POSTGRESQL is set but*leaves PostgreSQL out*"])


def test_an_unknown_backend_is_a_usage_error(suite: pytest.Pytester) -> None:
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "--pixorga-backends=mysql")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown backend(s) mysql*"])


def test_with_postgresql_both_backends_run(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    url = request.config.getoption("--pixorga-postgresql-url")
    if not url:
        pytest.skip("no PostgreSQL server (set PIXORGA_TEST_POSTGRESQL_URL)")
    monkeypatch.setenv("PIXORGA_TEST_POSTGRESQL_URL", url)
    monkeypatch.setenv("PIXORGA_REQUIRE_POSTGRESQL", "1")
    result = suite.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)

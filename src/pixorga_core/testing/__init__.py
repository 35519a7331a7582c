"""A pytest plugin for pixorga's own tests and for plugin authors.

Enable it in a test suite's top ``conftest.py``::

    pytest_plugins = ["pixorga_core.testing"]

pytest then registers the two plugin modules this package names in its own ``pytest_plugins``:
:mod:`~pixorga_core.testing.database` (the command-line options and the database fixtures) and
:mod:`~pixorga_core.testing.fixtures` (the other fixtures).

Fixtures:

``pm``
    A fresh plugin manager with the specs and internal defaults, no entry points loaded. Register
    the plugin under test with ``pm.register(my_plugin)``.
``settings``, ``hooks``
    Test settings (database URL of the test, a secret key) and the typed facade over ``pm``.
``hook_recorder``
    Records every hook call made through ``pm``: ``hook_recorder.calls("pixorga_account_created")``,
    ``hook_recorder.popcall(name)``, ``hook_recorder.assert_contains([(name, check), ...])``.
``database_url``
    A fresh, migrated database for this test. Tests that use it (directly or through ``engine``,
    ``sessions``, ``session``, ``factories``) run **twice**: on SQLite and on PostgreSQL. PostgreSQL
    runs when ``--pixorga-postgresql-url`` or ``PIXORGA_TEST_POSTGRESQL_URL`` names a server
    (its user must be allowed to create databases); otherwise those runs are skipped, or fail
    when ``PIXORGA_REQUIRE_POSTGRESQL=1`` (as in CI).
``engine``, ``sessions``
    An engine on ``database_url`` and its session factory.
``session``
    A Session for the test body; commit with ``session.commit()`` when the test needs it.
``factories``
    :class:`Factories` bound to ``session``: organizations, users, memberships, learners.
``mailbox``
    A :class:`RecordingChannel` registered on ``pm``: it renders every message as plain text and
    "delivers" it to a list (``mailbox.delivered``); set ``mailbox.down = True`` to make
    deliveries fail.

The public names below are importable from this package (``from pixorga_core.testing import
AlgorithmConformance``); each is loaded from its module on first use, so that importing one kit
does not import the others (the algorithm kit imports no database machinery).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pixorga_core.testing.conformance.algorithm import AlgorithmConformance
    from pixorga_core.testing.conformance.plugin import PluginConformance
    from pixorga_core.testing.conformance.student_source import StudentSourceConformance
    from pixorga_core.testing.database import (
        BACKENDS,
        POSTGRESQL_URL_ENV,
        REQUIRE_POSTGRESQL_ENV,
        learner_rows,
        table_snapshot,
    )
    from pixorga_core.testing.doubles import (
        LineStudentSource,
        LineStudentSourcePlugin,
        RecordingChannel,
        sample_school,
    )
    from pixorga_core.testing.factories import TEST_PASSWORD, Factories, valid_uai
    from pixorga_core.testing.fixtures import TEST_SECRET_KEY
    from pixorga_core.testing.recorder import HookCall, HookRecorder

__all__ = [
    "BACKENDS",
    "POSTGRESQL_URL_ENV",
    "REQUIRE_POSTGRESQL_ENV",
    "TEST_PASSWORD",
    "TEST_SECRET_KEY",
    "AlgorithmConformance",
    "Factories",
    "HookCall",
    "HookRecorder",
    "LineStudentSource",
    "LineStudentSourcePlugin",
    "PluginConformance",
    "RecordingChannel",
    "StudentSourceConformance",
    "learner_rows",
    "sample_school",
    "table_snapshot",
    "valid_uai",
]

#: The plugin modules pytest registers after this package (see the module docstring).
pytest_plugins = ["pixorga_core.testing.database", "pixorga_core.testing.fixtures"]

# Rewrite the kits' asserts even in a suite that imports a kit without enabling the plugin.
pytest.register_assert_rewrite("pixorga_core.testing.conformance")

_MODULES = {
    "AlgorithmConformance": "conformance.algorithm",
    "PluginConformance": "conformance.plugin",
    "StudentSourceConformance": "conformance.student_source",
    "BACKENDS": "database",
    "POSTGRESQL_URL_ENV": "database",
    "REQUIRE_POSTGRESQL_ENV": "database",
    "learner_rows": "database",
    "table_snapshot": "database",
    "LineStudentSource": "doubles",
    "LineStudentSourcePlugin": "doubles",
    "RecordingChannel": "doubles",
    "sample_school": "doubles",
    "TEST_PASSWORD": "factories",
    "Factories": "factories",
    "valid_uai": "factories",
    "TEST_SECRET_KEY": "fixtures",
    "HookCall": "recorder",
    "HookRecorder": "recorder",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

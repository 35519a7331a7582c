"""The fixtures of the ``pixorga_core.testing`` pytest plugin that are not about databases.

``pm`` (a fresh plugin manager), ``settings``, ``hooks``, ``hook_recorder``, ``factories`` and
``mailbox``; the database fixtures are in :mod:`pixorga_core.testing.database`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pluggy
import pytest
from sqlalchemy.orm import Session

from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_core.pluginmanager import create_plugin_manager
from pixorga_core.testing.doubles import RecordingChannel
from pixorga_core.testing.factories import Factories
from pixorga_core.testing.recorder import HookCall, HookRecorder

__all__ = ["TEST_SECRET_KEY"]

TEST_SECRET_KEY = "pixorga-test-secret-key-" + "x" * 24


@pytest.fixture
def pm() -> pluggy.PluginManager:
    """A fresh plugin manager: specs and internal defaults, no entry points."""
    return create_plugin_manager(load_entrypoints=False, disabled=())


@pytest.fixture
def settings(request: pytest.FixtureRequest) -> Settings:
    url = "sqlite://"
    if "database_url" in request.fixturenames:
        url = request.getfixturevalue("database_url")
    return Settings(database_url=url, secret_key=TEST_SECRET_KEY, base_url="http://127.0.0.1:8080")


@pytest.fixture
def hooks(pm: pluggy.PluginManager, settings: Settings) -> Hooks:
    return Hooks(pm, settings)


@pytest.fixture
def hook_recorder(pm: pluggy.PluginManager) -> Iterator[HookRecorder]:
    recorder = HookRecorder()

    def before(hook_name: str, hook_impls: Any, kwargs: Mapping[str, Any]) -> None:
        recorder.recorded.append(HookCall(hook_name, dict(kwargs)))

    def after(outcome: Any, hook_name: str, hook_impls: Any, kwargs: Any) -> None:
        pass

    undo = pm.add_hookcall_monitoring(before, after)
    yield recorder
    undo()


@pytest.fixture
def factories(session: Session) -> Factories:
    return Factories(session)


@pytest.fixture
def mailbox(pm: pluggy.PluginManager) -> RecordingChannel:
    channel = RecordingChannel()
    pm.register(channel, name="pixorga.testing.mailbox")
    return channel

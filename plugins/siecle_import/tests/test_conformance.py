"""The plugin registers cleanly and is found through its entry point once installed."""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

import pluggy
import pytest

from pixorga_core import create_plugin_manager
from pixorga_core.pluginmanager import ENTRYPOINT_GROUP, plugin_distributions
from pixorga_siecle_import import plugin

PLUGIN_NAME = "siecle_import"
DISTRIBUTION = "pixorga-siecle-import"
#: The hooks this plugin implements or will implement (see the plugin module's docstring).
PLANNED_HOOKS = {"pixorga_register_student_sources"}


@pytest.fixture
def entry_point() -> EntryPoint:
    found = [ep for ep in entry_points(group=ENTRYPOINT_GROUP) if ep.name == PLUGIN_NAME]
    assert len(found) == 1, found
    return found[0]


def test_registers_on_a_fresh_manager(pm: pluggy.PluginManager) -> None:
    pm.register(plugin, name=PLUGIN_NAME)
    pm.check_pending()

    assert pm.get_plugin(PLUGIN_NAME) is plugin
    assert {caller.name for caller in pm.get_hookcallers(plugin) or []} <= PLANNED_HOOKS


def test_planned_hooks_are_pixorga_hooks(pm: pluggy.PluginManager) -> None:
    assert all(hasattr(pm.hook, name) for name in PLANNED_HOOKS)
    for name in PLANNED_HOOKS:
        assert name in (plugin.__doc__ or ""), name


def test_entry_point_names_the_plugin_module(entry_point: EntryPoint) -> None:
    assert entry_point.value == "pixorga_siecle_import.plugin"
    assert entry_point.dist is not None
    assert entry_point.dist.name == DISTRIBUTION
    loaded = entry_point.load()
    assert isinstance(loaded, ModuleType)
    assert loaded is plugin


def test_plugin_manager_loads_it_from_the_entry_point() -> None:
    pm = create_plugin_manager(environ={})

    assert pm.get_plugin(PLUGIN_NAME) is plugin
    assert dict(plugin_distributions(pm))[PLUGIN_NAME] == f"{DISTRIBUTION} 0.1.0"


def test_disabled_plugin_is_not_registered() -> None:
    pm = create_plugin_manager(disabled=[PLUGIN_NAME], environ={})

    assert pm.is_blocked(PLUGIN_NAME)
    assert not pm.has_plugin(PLUGIN_NAME)
    assert not pm.is_registered(plugin)


def test_disabled_through_the_environment() -> None:
    pm = create_plugin_manager(environ={"PIXORGA_DISABLED_PLUGINS": f"other, {PLUGIN_NAME}"})

    assert not pm.is_registered(plugin)

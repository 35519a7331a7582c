"""The conformance kit of a plugin distribution: :class:`PluginConformance`."""

from __future__ import annotations

import importlib.metadata
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

import pluggy

from pixorga_core.pluginmanager import ENTRYPOINT_GROUP, create_plugin_manager, plugin_distributions

__all__ = ["PluginConformance"]


class PluginConformance:
    """Conformance tests every pixorga plugin distribution should pass; subclass it.

    ::

        from pixorga_core.testing import PluginConformance
        from pixorga_my_plugin import plugin

        class TestConformance(PluginConformance):
            plugin = plugin
            name = "my_plugin"                      # the entry-point name
            distribution = "pixorga-my-plugin"
            hooks = frozenset({"pixorga_match_learner"})

    It checks that the plugin registers on a fresh manager and passes ``check_pending``, that it
    implements exactly ``hooks`` (plus ``planned_hooks`` it only names in its docstring), that its
    installed distribution declares it in the ``pixorga`` entry-point group, that
    :func:`~pixorga_core.create_plugin_manager` loads it, and that blocking it works.
    """

    plugin: ModuleType
    name: str
    distribution: str
    #: Hooks the plugin implements now.
    hooks: frozenset[str] = frozenset()
    #: Hooks it will implement; each must be a spec and be named in the plugin's docstring.
    planned_hooks: frozenset[str] = frozenset()

    def _entry_point(self) -> EntryPoint:
        found = [ep for ep in entry_points(group=ENTRYPOINT_GROUP) if ep.name == self.name]
        assert len(found) == 1, f"entry points named {self.name!r} in {ENTRYPOINT_GROUP!r}: {found}"
        return found[0]

    def test_registers_on_a_fresh_manager(self, pm: pluggy.PluginManager) -> None:
        pm.register(self.plugin, name=self.name)
        pm.check_pending()
        implemented = {caller.name for caller in pm.get_hookcallers(self.plugin) or []}
        assert implemented == set(self.hooks)

    def test_hooks_are_pixorga_hooks(self, pm: pluggy.PluginManager) -> None:
        for name in self.hooks | self.planned_hooks:
            assert name.startswith("pixorga_"), name
            assert getattr(pm.hook, name).spec is not None, f"{name} is not a pixorga hook spec"
        for name in self.planned_hooks:
            assert name in (self.plugin.__doc__ or ""), f"docstring does not announce {name}"

    def test_entry_point_names_the_plugin_module(self) -> None:
        entry_point = self._entry_point()
        assert entry_point.value == self.plugin.__name__
        assert entry_point.dist is not None
        assert entry_point.dist.name == self.distribution
        assert entry_point.load() is self.plugin

    def test_plugin_manager_loads_it_from_the_entry_point(self) -> None:
        pm = create_plugin_manager(environ={})
        assert pm.get_plugin(self.name) is self.plugin
        expected = f"{self.distribution} {importlib.metadata.version(self.distribution)}"
        assert dict(plugin_distributions(pm))[self.name] == expected

    def test_it_can_be_disabled(self) -> None:
        pm = create_plugin_manager(disabled=[self.name], environ={})
        assert pm.is_blocked(self.name)
        assert not pm.is_registered(self.plugin)
        pm = create_plugin_manager(environ={"PIXORGA_DISABLED_PLUGINS": f"other, {self.name}"})
        assert not pm.is_registered(self.plugin)

"""The plugin registers cleanly and is found through its entry point once installed."""

from __future__ import annotations

import pluggy

from pixorga_core.testing import PluginConformance
from pixorga_login_generator import plugin


class TestConformance(PluginConformance):
    plugin = plugin
    name = "login_generator"
    distribution = "pixorga-login-generator"
    hooks = frozenset({"pixorga_generate_username", "pixorga_generate_temporary_password"})
    planned_hooks = frozenset()


def test_decision_hooks_are_trylast_defaults(pm: pluggy.PluginManager) -> None:
    pm.register(plugin, name=TestConformance.name)
    for caller in pm.get_hookcallers(plugin) or []:
        (impl,) = [i for i in caller.get_hookimpls() if i.plugin is plugin]
        assert impl.trylast, caller.name

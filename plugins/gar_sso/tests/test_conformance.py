"""The plugin registers cleanly and is found through its entry point once installed."""

from __future__ import annotations

from pixorga_core.testing import PluginConformance
from pixorga_gar_sso import plugin


class TestConformance(PluginConformance):
    plugin = plugin
    name = "gar_sso"
    distribution = "pixorga-gar-sso"
    hooks = frozenset()
    planned_hooks = frozenset({"pixorga_register_identity_providers"})

"""The plugin registers cleanly and is found through its entry point once installed."""

from __future__ import annotations

from pixorga_core.testing import PluginConformance
from pixorga_siecle_import import plugin


class TestConformance(PluginConformance):
    plugin = plugin
    name = "siecle_import"
    distribution = "pixorga-siecle-import"
    hooks = frozenset({"pixorga_register_student_sources"})

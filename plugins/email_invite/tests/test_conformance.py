"""The plugin registers cleanly and is found through its entry point once installed."""

from __future__ import annotations

from pixorga_core.testing import PluginConformance
from pixorga_email_invite import plugin


class TestConformance(PluginConformance):
    plugin = plugin
    name = "email_invite"
    distribution = "pixorga-email-invite"
    hooks = frozenset(
        {
            "pixorga_check_settings",
            "pixorga_render_message",
            "pixorga_deliver_message",
            "pixorga_register_commands",
        }
    )

from __future__ import annotations

pytest_plugins = ["pixorga_core.testing"]

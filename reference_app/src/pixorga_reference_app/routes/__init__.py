"""Routes, one module per area. Each module has ``install(app, ctx)``."""

from __future__ import annotations

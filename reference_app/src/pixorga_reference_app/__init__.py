"""pixorga's reference web app (Bottle + waitress, French UI)."""

from __future__ import annotations

from pixorga_reference_app.app import make_app

__all__ = ["make_app"]

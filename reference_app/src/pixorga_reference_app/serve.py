"""Serving the app with waitress (the only module that imports it)."""

from __future__ import annotations

import waitress

from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_reference_app.app import make_app


def serve(settings: Settings, hooks: Hooks, *, host: str, port: int, threads: int) -> None:
    app = make_app(settings, hooks)
    waitress.serve(app, host=host, port=port, threads=threads, ident="pixorga")

"""Serving the app with waitress (the only module that imports it)."""

from __future__ import annotations

import gc

import waitress

from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_core.storage.db import make_engine, make_sessionmaker
from pixorga_reference_app.app import make_app
from pixorga_reference_app.outbox_sender import OutboxSender
from pixorga_reference_app.transaction import MAX_REQUEST_BODY


def serve(
    settings: Settings,
    hooks: Hooks,
    *,
    host: str,
    port: int,
    threads: int,
    outbox_interval: float | None = 60.0,
) -> None:
    """Serve the app; with ``outbox_interval`` (seconds), also retry the outbox's due messages."""
    engine = make_engine(settings.database_url)
    app = make_app(settings, hooks, engine=engine)
    # Load the referentials and algorithms now, then keep these long-lived objects out of the
    # garbage collector's passes: its pauses made the worst challenge selections (issue #18).
    hooks.referentials()
    hooks.assessment_algorithms()
    gc.collect()
    gc.freeze()
    sender = None
    if outbox_interval:
        sender = OutboxSender(make_sessionmaker(engine), hooks, outbox_interval).start()
    try:
        waitress.serve(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="pixorga",
            # The app's own limit, enforced by waitress before the app sees the body.
            max_request_body_size=MAX_REQUEST_BODY,
        )
    finally:
        if sender is not None:
            sender.stop()

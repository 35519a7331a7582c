"""Serving the app with waitress (the only module that imports it).

The sizes that must agree (docs/cli.rst, ``pixorga serve``):

* ``threads`` waitress threads serve the requests, each with one database session at a time;
  the process's connection pool holds ``threads + 1`` connections (the outbox sender's thread
  has the last one) and may open ``threads`` more for a moment: a message sent right after its
  transaction commits opens its own session while the request's is still checked out
  (:func:`pool_options`). A PostgreSQL server needs ``max_connections`` of at least
  processes × (2 × threads + 1), plus its other clients.
* ``connection_limit`` open client connections per process (:data:`DEFAULT_CONNECTION_LIMIT`):
  idle keep-alive connections cost a file descriptor each and no thread.
"""

from __future__ import annotations

import gc
import logging
import resource
from typing import Any

import waitress
from sqlalchemy.engine import make_url

from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_core.storage.db import make_engine, make_sessionmaker
from pixorga_reference_app.app import make_app
from pixorga_reference_app.outbox_sender import OutboxSender
from pixorga_reference_app.transaction import MAX_REQUEST_BODY

logger = logging.getLogger(__name__)

#: Client connections one process keeps open at most. Browsers keep up to six keep-alive
#: connections each: waitress's own default (100, two of them its own sockets) made the
#: hundredth pupil of a class wait in the listen backlog until another connection closed (up to
#: the 120 s idle timeout), which the load test saw as 60 s timeouts.
DEFAULT_CONNECTION_LIMIT = 1000
#: File descriptors kept for the database, the log and the uploads, besides the connections.
SPARE_FILES = 128


def pool_options(database_url: str, threads: int) -> dict[str, Any]:
    """The connection pool of a process serving with ``threads`` threads (see the module); an
    in-memory SQLite database keeps SQLAlchemy's one connection per thread."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return {}
    return {"pool_size": threads + 1, "max_overflow": threads}


def allow_open_files(count: int) -> int:
    """Raise this process's soft limit of open files to ``count`` if the hard limit allows it;
    returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count if hard == resource.RLIM_INFINITY else min(count, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return wanted
    return soft


def serve(
    settings: Settings,
    hooks: Hooks,
    *,
    host: str,
    port: int,
    threads: int,
    outbox_interval: float | None = 60.0,
    connection_limit: int = DEFAULT_CONNECTION_LIMIT,
) -> None:
    """Serve the app; with ``outbox_interval`` (seconds), also retry the outbox's due messages."""
    files = allow_open_files(connection_limit + SPARE_FILES + 2 * threads)
    if files < connection_limit + SPARE_FILES:
        connection_limit = max(1, files - SPARE_FILES)
        logger.warning("open files limited to %d: at most %d connections", files, connection_limit)
    engine = make_engine(settings.database_url, **pool_options(settings.database_url, threads))
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
            connection_limit=connection_limit,
            asyncore_use_poll=True,  # select() stops at descriptor 1024
            ident="pixorga",
            # The app's own limit, enforced by waitress before the app sees the body.
            max_request_body_size=MAX_REQUEST_BODY,
        )
    finally:
        if sender is not None:
            sender.stop()

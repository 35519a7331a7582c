"""A background thread of ``pixorga serve`` that delivers the outbox's due messages.

Messages are first tried right after their transaction commits; this thread retries those that
failed (SMTP down…) once their back-off has passed, so a deployment works without a cron job.
Several app processes may each run one: a message is claimed before it is delivered, so none is
sent twice. ``pixorga outbox send`` from cron does the same job.

With :mod:`pixorga_core.services.outbox`, this is the one documented code path that opens its own
database sessions (from the factory it is given), outside any request: each claim and each
outcome is a short transaction of its own.
"""

from __future__ import annotations

import logging
import threading

import attrs
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core.facade import Hooks
from pixorga_core.services import outbox

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 60.0


@attrs.define
class OutboxSender:
    sessions: sessionmaker[Session]
    hooks: Hooks
    interval_seconds: float = DEFAULT_INTERVAL_SECONDS
    _stop: threading.Event = attrs.field(factory=threading.Event, init=False)
    _thread: threading.Thread | None = attrs.field(default=None, init=False)

    def run_once(self) -> outbox.SendReport:
        """Deliver what is due now; never raises (errors are logged)."""
        try:
            report = outbox.send_due(self.sessions, self.hooks)
        except Exception:
            logger.exception("outbox sender: a run failed; trying again later")
            return outbox.SendReport()
        if report != outbox.SendReport():
            logger.info("outbox sender: %s", report)
        return report

    def _loop(self) -> None:
        # Every interval, or at once when a request queued a message for the sender
        # (« Mot de passe oublié », never delivered within its request).
        while not self._stop.is_set():
            outbox.SENDER_WAKE.wait(self.interval_seconds)
            outbox.SENDER_WAKE.clear()
            if self._stop.is_set():
                break
            self.run_once()

    def start(self) -> OutboxSender:
        self._thread = threading.Thread(target=self._loop, name="pixorga-outbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        outbox.SENDER_WAKE.set()  # out of its wait now
        if self._thread is not None:
            self._thread.join(timeout=5)

"""Event hooks run after commit: a small queue owned by the Session.

Services call :func:`after_commit` while they work; the callbacks run once the outermost
transaction of that Session commits, and are dropped if it rolls back. This is what lets an event
hook such as ``pixorga_account_created`` promise that the account really exists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

logger = logging.getLogger(__name__)

_QUEUE_KEY = "pixorga.after_commit"


def after_commit(session: Session, callback: Callable[[], None], *, description: str) -> None:
    """Run ``callback`` after ``session``'s current transaction commits; forget it on rollback.

    An exception raised by the callback is logged (with ``description`` and the traceback) and
    does not propagate: the transaction has committed and the caller's work is done.
    """
    _install_listeners()
    session.info.setdefault(_QUEUE_KEY, []).append((description, callback))


def pending_events(session: Session) -> list[str]:
    """Descriptions of the callbacks waiting for ``session`` to commit (for tests and debugging)."""
    return [description for description, _ in session.info.get(_QUEUE_KEY, [])]


def _run_queue(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released: the outermost transaction has not committed yet
    queue = session.info.pop(_QUEUE_KEY, [])
    for description, callback in queue:
        try:
            callback()
        except Exception:
            logger.exception("after-commit event %s failed", description)


def _drop_queue(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_QUEUE_KEY, None)


def _install_listeners() -> None:
    if not event.contains(Session, "after_commit", _run_queue):
        event.listen(Session, "after_commit", _run_queue)
        event.listen(Session, "after_soft_rollback", _drop_queue)

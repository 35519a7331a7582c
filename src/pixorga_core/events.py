"""Event hooks run after commit: a small queue owned by the Session.

Services call :func:`after_commit` while they work; the callbacks run once the outermost
transaction of that Session commits, and are dropped if it rolls back. This is what lets an event
hook such as ``pixorga_account_created`` promise that the account really exists.

Each queued callback belongs to the transaction (or SAVEPOINT) that was innermost when it was
queued: rolling back a SAVEPOINT drops its callbacks, releasing one hands them to its parent, and
a session that ends without committing forgets them all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import attrs
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

logger = logging.getLogger(__name__)

_QUEUE_KEY = "pixorga.after_commit"


@attrs.define
class _Pending:
    description: str
    callback: Callable[[], None]
    transaction: SessionTransaction | None


def after_commit(session: Session, callback: Callable[[], None], *, description: str) -> None:
    """Run ``callback`` after ``session``'s current transaction commits; forget it on rollback.

    An exception raised by the callback is logged (with ``description`` and the traceback) and
    does not propagate: the transaction has committed and the caller's work is done.
    """
    _install_listeners()
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_QUEUE_KEY, []).append(_Pending(description, callback, transaction))


def pending_events(session: Session) -> list[str]:
    """Descriptions of the callbacks waiting for ``session`` to commit (for tests and debugging)."""
    return [p.description for p in session.info.get(_QUEUE_KEY, [])]


def _run_queue(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released: the outermost transaction has not committed yet
    queue: list[_Pending] = session.info.pop(_QUEUE_KEY, [])
    for pending in queue:
        try:
            pending.callback()
        except Exception:
            logger.exception("after-commit event %s failed", pending.description)


def _drop_savepoint(session: Session) -> None:
    # after_rollback fires while the SAVEPOINT being rolled back is still the innermost one.
    nested = session.get_nested_transaction()
    if nested is not None:
        queue: list[_Pending] = session.info.get(_QUEUE_KEY, [])
        session.info[_QUEUE_KEY] = [p for p in queue if p.transaction is not nested]


def _drop_all(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_QUEUE_KEY, None)


def _on_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    queue: list[_Pending] = session.info.get(_QUEUE_KEY, [])
    if transaction.nested:
        # Released (a rolled-back one was emptied already): its callbacks now wait for the parent.
        for pending in queue:
            if pending.transaction is transaction:
                pending.transaction = transaction.parent
    elif transaction.parent is None:
        # The outermost transaction ended without committing (closed, or failed to commit).
        session.info.pop(_QUEUE_KEY, None)


def _install_listeners() -> None:
    if not event.contains(Session, "after_commit", _run_queue):
        event.listen(Session, "after_commit", _run_queue)
        event.listen(Session, "after_rollback", _drop_savepoint)
        event.listen(Session, "after_soft_rollback", _drop_all)
        event.listen(Session, "after_transaction_end", _on_transaction_end)

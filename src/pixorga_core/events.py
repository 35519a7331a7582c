"""Event hooks run after commit: one queue per transaction, kept in ``session.info``.

Services call :func:`after_commit` while they work; the callbacks run once the outermost
transaction of that Session commits, and are dropped if it rolls back. This is what lets an event
hook such as ``pixorga_account_created`` promise that the account really exists.

Each queued callback belongs to the transaction (or SAVEPOINT) that was innermost when it was
queued: rolling back a SAVEPOINT drops its callbacks, releasing one hands them to its parent, and
a session that ends without committing forgets them all. The same queue holds the state a
service keeps for the rest of the transaction (:func:`transaction_state`, e.g. the outbox's "the
mail server is down, do not try the next messages"), gone with it.

The listeners are attached by :func:`install` to pixorga's session factory
(:func:`pixorga_core.storage.db.make_sessionmaker`), never to SQLAlchemy's global ``Session``
class: a host application embedding pixorga keeps its own sessions untouched. A session from
another factory handed to a pixorga service gets the listeners on that session alone.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

logger = logging.getLogger(__name__)

_QUEUE_KEY = "pixorga.after_commit"
_T = TypeVar("_T")


@attrs.define
class _Pending:
    description: str
    callback: Callable[[], None]
    transaction: SessionTransaction | None


@attrs.define
class _Queue:
    """What one outermost transaction of a session carries until it ends."""

    root: SessionTransaction | None
    pending: list[_Pending] = attrs.field(factory=list)
    state: dict[str, Any] = attrs.field(factory=dict)


def _queue(session: Session) -> _Queue:
    root = session.get_transaction()
    queue: _Queue | None = session.info.get(_QUEUE_KEY)
    if queue is None or (queue.root is not None and root is not None and queue.root is not root):
        # (A queue outlives its transaction only if the listeners were missing when it ended.)
        queue = session.info[_QUEUE_KEY] = _Queue(root)
    elif queue.root is None:
        queue.root = root  # queued before the session began: it belongs to this transaction
    return queue


def after_commit(session: Session, callback: Callable[[], None], *, description: str) -> None:
    """Run ``callback`` after ``session``'s current transaction commits; forget it on rollback.

    An exception raised by the callback is logged (with ``description`` and the traceback) and
    does not propagate: the transaction has committed and the caller's work is done.
    """
    _ensure_listeners(session)
    transaction = session.get_nested_transaction() or session.get_transaction()
    _queue(session).pending.append(_Pending(description, callback, transaction))


def transaction_state(session: Session, key: str, factory: Callable[[], _T]) -> _T:
    """The value named ``key`` for the rest of ``session``'s outermost transaction.

    Made by ``factory`` on first use in the transaction; gone when the transaction ends (commit,
    rollback or close). Outside any transaction, a fresh value each time.
    """
    if session.get_transaction() is None:
        return factory()
    _ensure_listeners(session)
    state = _queue(session).state
    if key not in state:
        state[key] = factory()
    value: _T = state[key]
    return value


def pending_events(session: Session) -> list[str]:
    """Descriptions of the callbacks waiting for ``session`` to commit (for tests and debugging)."""
    queue: _Queue | None = session.info.get(_QUEUE_KEY)
    return [p.description for p in queue.pending] if queue else []


def _run_queue(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT was released: the outermost transaction has not committed yet
    queue: _Queue | None = session.info.pop(_QUEUE_KEY, None)
    for pending in queue.pending if queue else ():
        try:
            pending.callback()
        except Exception:
            logger.exception("after-commit event %s failed", pending.description)


def _drop_savepoint(session: Session) -> None:
    # after_rollback fires while the SAVEPOINT being rolled back is still the innermost one.
    nested = session.get_nested_transaction()
    queue: _Queue | None = session.info.get(_QUEUE_KEY)
    if nested is not None and queue is not None:
        queue.pending = [p for p in queue.pending if p.transaction is not nested]


def _drop_all(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_QUEUE_KEY, None)


def _on_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    queue: _Queue | None = session.info.get(_QUEUE_KEY)
    if queue is None:
        return
    if transaction.nested:
        # Released (a rolled-back one was emptied already): its callbacks now wait for the parent.
        for pending in queue.pending:
            if pending.transaction is transaction:
                pending.transaction = transaction.parent
    elif transaction.parent is None:
        # The outermost transaction ended without committing (closed, or failed to commit).
        session.info.pop(_QUEUE_KEY, None)


_LISTENERS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("after_commit", _run_queue),
    ("after_rollback", _drop_savepoint),
    ("after_soft_rollback", _drop_all),
    ("after_transaction_end", _on_transaction_end),
)


_INSTALLED: weakref.WeakSet[sessionmaker[Any] | Session] = weakref.WeakSet()
"""The factories and sessions :func:`install` attached the listeners to.

Kept here rather than asked of ``sqlalchemy.event.contains``: SQLAlchemy's registry is keyed by
``id(target)``, and a factory or session made at the address of a dead one may be taken for it
until the garbage collector has run, so the listeners would silently not be attached.
"""


def install(target: sessionmaker[Any] | Session) -> None:
    """Attach the after-commit listeners to a session factory (or to one session); idempotent.

    :func:`pixorga_core.storage.db.make_sessionmaker` calls it: its sessions, and only they,
    run the queues.
    """
    if target in _INSTALLED or (isinstance(target, Session) and has_listeners(target)):
        return
    for name, listener in _LISTENERS:
        event.listen(target, name, listener)
    _INSTALLED.add(target)


def has_listeners(session: Session) -> bool:
    """Whether ``session`` runs the after-commit queues (its factory's or its own listeners)."""
    return _run_queue in session.dispatch.after_commit


def _ensure_listeners(session: Session) -> None:
    if not has_listeners(session):
        install(session)  # a host application's session: that session alone

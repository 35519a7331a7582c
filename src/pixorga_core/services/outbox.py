"""The outbox: messages are written with the change they announce, and delivered after commit.

:func:`enqueue` renders a message (``pixorga_render_message``) and writes it in the caller's
transaction; if that transaction rolls back, the message is gone with the change it announced.
Once the transaction commits, the message is delivered (``pixorga_deliver_message``). A failure
leaves it pending with a back-off (1 min, 2, 4… 6 h); ``pixorga outbox send`` (from cron or a
timer) delivers whatever is due. Nothing is ever deleted.

Delivery is exactly-once as far as pixorga can make it: a sender first *claims* a message (a
conditional UPDATE that only one sender can win), delivers it outside any transaction, then records
the outcome. The one window left is a crash after the channel accepted the message and before the
outcome is recorded; the message is then retried when the claim expires, with the same
``message_id`` so that the receiving side can recognise it.

This is the one code path of pixorga that opens sessions of its own (:func:`deliver`,
:func:`postpone`, :func:`send_due`, and the reference app's background sender): a delivery is
claimed and recorded in short transactions of their own, outside the transaction that queued the
message (which has committed by then) and outside any request. Everything else works in the
Session its caller frames.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import attrs
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core.domain.invitations import redact_code
from pixorga_core.domain.messages import (
    DeliveryResult,
    MessageKind,
    MessageRequest,
    OutboxMessage,
    OutboxStatus,
    backoff,
)
from pixorga_core.domain.password_resets import redact_tokens
from pixorga_core.events import after_commit, transaction_state
from pixorga_core.facade import Hooks
from pixorga_core.storage.db import factory_of
from pixorga_core.storage.repositories import invitations as invitations_repo
from pixorga_core.storage.repositories import outbox as outbox_repo

logger = logging.getLogger(__name__)

#: Set once a transaction that queued a message for the sender (``in_request=False``) commits:
#: a sender of this process waiting for its next run (the app's background sender) runs now.
SENDER_WAKE = threading.Event()
#: How long a sender holds a claimed message before another sender may try it.
CLAIM_LEASE = timedelta(minutes=5)
#: Longest error text kept on a message.
MAX_ERROR_LENGTH = 1000


def enqueue(
    session: Session,
    hooks: Hooks,
    request: MessageRequest,
    *,
    invitation_id: int | None = None,
    now: datetime | None = None,
    in_request: bool = True,
) -> OutboxMessage:
    """Render ``request`` and write it to the outbox in the caller's transaction.

    Delivery is attempted once the transaction commits (never if it rolls back). With
    ``in_request`` False it is left to the sender (``pixorga outbox send``, the app's background
    sender, woken by :data:`SENDER_WAKE`): the request that queued it then never waits for the
    channel, so its duration tells nothing about whether a message was queued (« Mot de passe
    oublié »).
    """
    now = now or datetime.now(UTC)
    message = hooks.render_message(with_service_name(hooks, request))
    queued = outbox_repo.add(session, message, invitation_id=invitation_id, now=now)
    if in_request:
        deliver_after_commit(session, hooks, queued.id)
    else:
        after_commit(session, SENDER_WAKE.set, description="wake the outbox sender")
    return queued


def with_service_name(hooks: Hooks, request: MessageRequest) -> MessageRequest:
    """``request`` with the ``service_name`` setting in its context (renderers name the service
    with it), unless the caller put one there."""
    context = {"service_name": hooks.settings.service_name, **request.context}
    return attrs.evolve(request, context=context)


@attrs.define
class _Batch:
    """The messages queued by one transaction; once the channel fails, the rest wait."""

    channel_down: bool = False


_BATCH_KEY = "pixorga.outbox.batch"
NOT_TRIED = "not tried: delivery of a previous message of the same batch failed"


def deliver_after_commit(session: Session, hooks: Hooks, message_id: int) -> None:
    """Try to deliver ``message_id`` right after ``session``'s transaction commits.

    The messages of one transaction are delivered in order; after a failure that may be
    temporary (the mail server is down), the next ones are not tried — they wait for the sender
    with the same back-off — so that a request inviting 50 people never waits 50 timeouts.
    """
    factory = _factory_for(session)
    batch = transaction_state(session, _BATCH_KEY, _Batch)

    def run() -> None:
        if batch.channel_down:
            postpone(factory, message_id, NOT_TRIED)
            return
        if deliver(factory, hooks, message_id).retry_later:
            batch.channel_down = True

    after_commit(session, run, description=f"deliver outbox message {message_id}")


@attrs.frozen(kw_only=True)
class SendReport:
    """What one run of the sender did."""

    sent: int = 0
    retry_later: int = 0
    failed: int = 0
    skipped: int = 0  #: claimed by another sender meanwhile

    def __add__(self, other: SendReport) -> SendReport:
        return SendReport(
            sent=self.sent + other.sent,
            retry_later=self.retry_later + other.retry_later,
            failed=self.failed + other.failed,
            skipped=self.skipped + other.skipped,
        )


def deliver(
    sessions: sessionmaker[Session], hooks: Hooks, message_id: int, *, now: datetime | None = None
) -> SendReport:
    """Claim, deliver and record one message; each step in its own short transaction."""
    now = now or datetime.now(UTC)
    with sessions() as session, session.begin():
        if not outbox_repo.claim(session, message_id, now, now + CLAIM_LEASE):
            return SendReport(skipped=1)
        message = outbox_repo.get(session, message_id)
    assert message is not None
    try:
        result = hooks.deliver_message(message.to_outbound())
    except Exception as exc:
        # A channel should report failures in its result; one that raises must not lose the
        # message either.
        logger.exception("delivery of outbox message %s raised", message_id)
        result = DeliveryResult(
            channel="?", delivered=False, detail=f"{type(exc).__name__}: {exc}", retryable=True
        )
    with sessions() as session, session.begin():
        if result.delivered:
            status, next_at, sent_at = OutboxStatus.SENT, None, now
        elif result.retryable:
            status, next_at, sent_at = (
                OutboxStatus.PENDING,
                now + backoff(message.attempts + 1),
                None,
            )
        else:
            status, next_at, sent_at = OutboxStatus.FAILED, None, None
        outbox_repo.record_attempt(
            session,
            message_id,
            status=status,
            channel=result.channel,
            error=None if result.delivered else (result.detail or "échec")[:MAX_ERROR_LENGTH],
            next_attempt_at=next_at,
            sent_at=sent_at,
        )
        if status is not OutboxStatus.PENDING:
            _redact(session, message)
    if not result.delivered:
        logger.warning(
            "outbox message %s to %s not delivered (%s): %s",
            message_id,
            message.recipient,
            status,
            result.detail,
        )
    return SendReport(
        sent=int(status is OutboxStatus.SENT),
        retry_later=int(status is OutboxStatus.PENDING),
        failed=int(status is OutboxStatus.FAILED),
    )


def _redact(session: Session, message: OutboxMessage) -> None:
    """Remove the invitation code from the stored copy of a message that will not be sent again
    (and the token of a « Mot de passe oublié » link).

    The code's hash is all the invitations table keeps; the outbox holds the code in clear only
    while the message may still be delivered. Links of older codes are already dead (each
    sending issues a new code) and are left as they are.
    """
    if message.kind is MessageKind.PASSWORD_RESET:
        text, html = redact_tokens(message.text), message.html and redact_tokens(message.html)
        if text != message.text or html != message.html:
            outbox_repo.replace_bodies(session, message.id, text=text, html=html)
        return
    if message.invitation_id is None:
        return
    invitation = invitations_repo.get(session, message.invitation_id)
    if invitation is None:  # pragma: no cover - the foreign key forbids it
        return
    text = redact_code(message.text, invitation.code_hash)
    html = None if message.html is None else redact_code(message.html, invitation.code_hash)
    if text != message.text or html != message.html:
        outbox_repo.replace_bodies(session, message.id, text=text, html=html)


def postpone(
    sessions: sessionmaker[Session], message_id: int, reason: str, *, now: datetime | None = None
) -> None:
    """Count an attempt that was not made, with its back-off (so the page shows it unsent)."""
    now = now or datetime.now(UTC)
    with sessions() as session, session.begin():
        if not outbox_repo.claim(session, message_id, now, now + CLAIM_LEASE):
            return
        message = outbox_repo.get(session, message_id)
        assert message is not None
        outbox_repo.record_attempt(
            session,
            message_id,
            status=OutboxStatus.PENDING,
            channel=None,
            error=reason,
            next_attempt_at=now + backoff(message.attempts + 1),
            sent_at=None,
        )


def send_due(
    sessions: sessionmaker[Session],
    hooks: Hooks,
    *,
    now: datetime | None = None,
    limit: int = 500,
) -> SendReport:
    """Deliver every pending message whose next attempt is due (``pixorga outbox send``)."""
    now = now or datetime.now(UTC)
    with sessions() as session:
        ids = outbox_repo.due_ids(session, now, limit=limit)
    report = SendReport()
    for message_id in ids:
        report += deliver(sessions, hooks, message_id, now=now)
    return report


def list_messages(
    session: Session, *, status: OutboxStatus | None = None, limit: int = 50
) -> list[OutboxMessage]:
    """The most recent messages first (``pixorga outbox list``)."""
    return outbox_repo.list_messages(session, status=status, limit=limit)


def _factory_for(session: Session) -> sessionmaker[Session]:
    """Where delivery opens its sessions: the factory of ``session``, else a plain one."""
    factory = factory_of(session)
    if factory is not None:
        return factory
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    return sessionmaker(bind=engine, expire_on_commit=False)

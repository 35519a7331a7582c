from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pixorga_core.domain.messages import MessageKind, MessageRequest, OutboxStatus, backoff
from pixorga_core.events import pending_events
from pixorga_core.hooks import hookimpl
from pixorga_core.services import outbox
from pixorga_core.storage.repositories import outbox as outbox_repo

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def request(to="paul@ecole.test"):
    return MessageRequest(
        kind=MessageKind.ORGANIZATION_INVITATION,
        recipient=to,
        context={"organization_name": "Collège", "invitation_link": "http://x/rejoindre"},
    )


def test_backoff_doubles_up_to_six_hours():
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert backoff(50) == timedelta(hours=6)


def test_message_is_delivered_after_commit_only(session, hooks, mailbox):
    queued = outbox.enqueue(session, hooks, request(), now=NOW)
    assert pending_events(session) == [f"deliver outbox message {queued.id}"]
    assert mailbox.delivered == []
    session.commit()
    assert [m.message_id for m in mailbox.delivered] == [f"outbox-{queued.id}"]
    stored = outbox_repo.get(session, queued.id)
    assert stored.status is OutboxStatus.SENT
    assert stored.attempts == 1


def test_failure_is_retried_with_backoff_and_delivered_exactly_once(
    session, sessions, hooks, mailbox
):
    mailbox.down = True
    queued = outbox.enqueue(session, hooks, request(), now=NOW)
    session.commit()
    stored = outbox_repo.get(session, queued.id)
    assert stored.status is OutboxStatus.PENDING
    assert stored.attempts == 1
    assert stored.last_error == "channel down"
    session.rollback()  # end the read transaction (SQLite: BEGIN IMMEDIATE holds the lock)
    mailbox.down = False
    # Not due yet: nothing is sent.
    assert outbox.send_due(sessions, hooks, now=datetime.now(UTC)).sent == 0
    later = datetime.now(UTC) + timedelta(minutes=2)
    assert outbox.send_due(sessions, hooks, now=later).sent == 1
    assert outbox.send_due(sessions, hooks, now=later + timedelta(hours=7)).sent == 0
    assert len(mailbox.delivered) == 1


def test_a_refused_message_fails_for_good_and_is_kept(session, sessions, hooks, mailbox):
    mailbox.refuse = True
    queued = outbox.enqueue(session, hooks, request(), now=NOW)
    session.commit()
    assert outbox_repo.get(session, queued.id).status is OutboxStatus.FAILED
    session.rollback()
    assert outbox.send_due(sessions, hooks, now=NOW + timedelta(days=1)).sent == 0
    assert [m.id for m in outbox.list_messages(session, status=OutboxStatus.FAILED)] == [queued.id]


def test_a_claimed_message_is_not_delivered_twice(session, sessions, hooks, mailbox):
    mailbox.down = True
    queued = outbox.enqueue(session, hooks, request(), now=NOW)
    session.commit()
    mailbox.down = False
    later = datetime.now(UTC) + timedelta(minutes=5)
    with sessions() as other, other.begin():  # another sender holds it
        assert outbox_repo.claim(other, queued.id, later, later + timedelta(minutes=5))
    assert outbox.send_due(sessions, hooks, now=later) == outbox.SendReport()
    assert outbox.deliver(sessions, hooks, queued.id, now=later).skipped == 1
    assert mailbox.delivered == []
    # The lease expires: the next sender delivers it.
    assert outbox.send_due(sessions, hooks, now=later + timedelta(minutes=6)).sent == 1


class Exploding:
    @hookimpl(tryfirst=True)
    def pixorga_deliver_message(self, message):
        raise ConnectionError("boom")


def test_a_channel_that_raises_does_not_lose_the_message(session, pm, hooks, mailbox):
    pm.register(Exploding())
    queued = outbox.enqueue(session, hooks, request(), now=NOW)
    session.commit()
    stored = outbox_repo.get(session, queued.id)
    assert stored.status is OutboxStatus.PENDING
    assert "ConnectionError: boom" in stored.last_error


def test_after_a_failure_the_rest_of_the_batch_waits(session, hooks, mailbox):
    mailbox.down = True
    queued = [
        outbox.enqueue(session, hooks, request(f"p{i}@ecole.test"), now=NOW) for i in range(5)
    ]
    session.commit()
    assert mailbox.attempts == 1  # one timeout at most, not five
    stored = [outbox_repo.get(session, q.id) for q in queued]
    assert [m.status for m in stored] == [OutboxStatus.PENDING] * 5
    assert [m.attempts for m in stored] == [1] * 5
    assert stored[1].last_error == outbox.NOT_TRIED
    # The next transaction starts afresh.
    session.rollback()
    mailbox.down = False
    outbox.enqueue(session, hooks, request(), now=NOW)
    session.commit()
    assert len(mailbox.delivered) == 1

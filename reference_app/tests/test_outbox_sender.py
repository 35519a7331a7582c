from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pixorga_core.domain.messages import MessageKind, MessageRequest
from pixorga_core.services import outbox
from pixorga_core.storage.repositories import outbox as outbox_repo
from pixorga_reference_app.outbox_sender import OutboxSender


def test_the_sender_retries_what_is_due(sessions, hooks, mailbox, monkeypatch):
    mailbox.down = True
    with sessions() as s, s.begin():
        queued = outbox.enqueue(
            s, hooks, MessageRequest(kind=MessageKind.ACCOUNT_CREATED, recipient="x@ecole.test")
        )
    # The first attempt failed; pretend its back-off has passed.
    with sessions() as s, s.begin():
        outbox_repo.make_due_now(s, queued.id, datetime.now(UTC) - timedelta(seconds=1))
    mailbox.down = False
    sender = OutboxSender(sessions, hooks)
    assert sender.run_once().sent == 1
    assert sender.run_once().sent == 0
    assert len(mailbox.delivered) == 1


def test_the_sender_survives_a_failing_run(sessions, hooks, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(outbox, "send_due", boom)
    with caplog.at_level("ERROR"):
        assert OutboxSender(sessions, hooks).run_once() == outbox.SendReport()
    assert "database away" in caplog.text


def test_start_and_stop(sessions, hooks):
    sender = OutboxSender(sessions, hooks, interval_seconds=0.01).start()
    sender.stop()
    assert not sender._thread.is_alive()


def test_a_message_left_to_the_sender_wakes_it(sessions, hooks, mailbox):
    """« Mot de passe oublié » is never delivered within its request; the background sender,
    woken by the commit, delivers it at once rather than at its next run."""
    import time

    sender = OutboxSender(sessions, hooks, interval_seconds=600).start()
    try:
        with sessions() as s, s.begin():
            outbox.enqueue(
                s,
                hooks,
                MessageRequest(kind=MessageKind.PASSWORD_RESET, recipient="x@ecole.test"),
                in_request=False,
            )
        deadline = time.monotonic() + 10
        while not mailbox.delivered and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        sender.stop()
    assert [m.recipient for m in mailbox.delivered] == ["x@ecole.test"]

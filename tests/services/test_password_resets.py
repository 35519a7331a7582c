"""« Mot de passe oublié » (issue #16, point 16): a single-use link valid one hour, sent through
the outbox, the same answer whether or not the address has an account, throttled per address and
per client; using it sets the password, lifts a login block and ends every session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from pixorga_core.domain.messages import MessageKind, OutboxStatus
from pixorga_core.domain.password_resets import REDACTED_TOKEN
from pixorga_core.errors import (
    InvalidInputError,
    LoginBlockedError,
    PasswordResetLinkError,
    TooSoonError,
)
from pixorga_core.services import accounts, outbox, password_resets
from pixorga_core.testing import TEST_PASSWORD, table_snapshot

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
NEW_PASSWORD = "Nouveau2026"
CLIENT = "198.51.100.7"


def ask(session, hooks, email, *, client=CLIENT, now=NOW):
    password_resets.request_reset(
        session, hooks, password_resets.ResetRequest(email=email, client=client), now=now
    )


def token_of(message) -> str:
    [line] = [line for line in message.text.splitlines() if line.startswith("reset_link: ")]
    return parse_qs(urlsplit(line.removeprefix("reset_link: ")).query)["jeton"][0]


def sent_token(session, sessions, hooks, mailbox, *, now=NOW) -> str:
    """Run the outbox's sender (reset e-mails never leave within the request) and read the link."""
    session.commit()  # SQLite: the test's session must not hold the write lock
    outbox.send_due(sessions, hooks, now=now)
    return token_of(mailbox.delivered[-1])


@pytest.fixture
def user(factories, session, cheap_hashing):
    user = factories.user(email="claire@ecole.test")
    session.commit()
    return user


def test_the_link_goes_through_the_outbox_and_only_its_hash_is_kept(
    session, sessions, hooks, mailbox, user
):
    ask(session, hooks, " Claire@Ecole.test ")
    session.commit()
    assert mailbox.delivered == []  # not within the request: its duration tells nothing
    [queued] = outbox.list_messages(session)
    assert (queued.kind, queued.recipient, queued.status) == (
        MessageKind.PASSWORD_RESET,
        "claire@ecole.test",
        OutboxStatus.PENDING,
    )
    token = sent_token(session, sessions, hooks, mailbox)
    [mail] = mailbox.delivered
    assert mail.recipient == "claire@ecole.test"
    assert "service_name: Pixorga" in mail.text
    stored = str(table_snapshot(sessions))
    assert token not in stored  # the reset row keeps its hash; the outbox copy is redacted
    assert REDACTED_TOKEN in stored


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_sent(
    session, sessions, hooks, mailbox, user
):
    tables = [t for t in table_snapshot(sessions) if t != "request_throttles"]
    before = table_snapshot(sessions, *tables)
    assert ask(session, hooks, "personne@ecole.test") is None
    session.commit()
    assert table_snapshot(sessions, *tables) == before
    assert len(table_snapshot(sessions, "request_throttles")["request_throttles"]) == 2
    assert outbox.send_due(sessions, hooks).sent == 0
    assert mailbox.delivered == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", password_resets.EMAIL_MISSING), ("claire@", password_resets.EMAIL_INVALID)],
)
def test_a_missing_or_malformed_address_is_refused_and_nothing_written(
    session, sessions, hooks, user, typed, message
):
    before = table_snapshot(sessions)
    with pytest.raises(InvalidInputError) as refused:
        ask(session, hooks, typed)
    session.rollback()
    assert refused.value.field_errors == {"email": message}
    assert table_snapshot(sessions) == before


def test_throttled_per_address_and_per_client(session, sessions, hooks, mailbox, user):
    for minute in range(3):
        ask(session, hooks, "claire@ecole.test", now=NOW + timedelta(minutes=minute))
        session.commit()
    before = table_snapshot(sessions)
    with pytest.raises(TooSoonError):  # a fourth for the address, from another client too
        ask(session, hooks, "claire@ecole.test", client="203.0.113.9")
    session.rollback()
    assert table_snapshot(sessions) == before
    for number in range(7):  # the first client's 4th…10th requests, for other addresses
        ask(session, hooks, f"autre{number}@ecole.test")
        session.commit()
    with pytest.raises(TooSoonError):
        ask(session, hooks, "encore@ecole.test")
    session.rollback()
    ask(session, hooks, "claire@ecole.test", now=NOW + timedelta(hours=1, minutes=1))
    session.commit()
    session.close()
    assert outbox.send_due(sessions, hooks, now=NOW + timedelta(hours=2)).sent == 4
    assert CLIENT not in str(table_snapshot(sessions, "request_throttles"))


def test_the_link_sets_the_password_unblocks_and_ends_every_session(
    session, sessions, hooks, mailbox, user
):
    for _ in range(50):
        accounts.authenticate(session, "claire@ecole.test", "Mauvais1", now=NOW)
    session.commit()
    assert accounts.is_login_blocked(session, user.id, now=NOW)
    version = accounts.session_version(session, user.id)
    ask(session, hooks, "claire@ecole.test")
    session.commit()
    token = sent_token(session, sessions, hooks, mailbox)
    password_resets.check_link(session, token, now=NOW + timedelta(minutes=59))

    done = password_resets.reset_password(
        session, token, NEW_PASSWORD, now=NOW + timedelta(minutes=59)
    )
    session.commit()
    assert done.id == user.id
    assert accounts.session_version(session, user.id) == version + 1
    assert not accounts.is_login_blocked(session, user.id, now=NOW)
    assert accounts.authenticate(session, "claire@ecole.test", NEW_PASSWORD).user == user
    assert accounts.authenticate(session, "claire@ecole.test", TEST_PASSWORD).error is not None
    session.commit()
    with pytest.raises(PasswordResetLinkError, match="déjà servi"):
        password_resets.reset_password(session, token, "Encore2026")


def test_a_refused_password_keeps_the_link_and_changes_nothing(
    session, sessions, hooks, mailbox, user
):
    ask(session, hooks, "claire@ecole.test")
    session.commit()
    token = sent_token(session, sessions, hooks, mailbox)
    before = table_snapshot(sessions)
    with pytest.raises(InvalidInputError) as refused:
        password_resets.reset_password(session, token, "court", now=NOW)
    session.rollback()
    assert "8 caractères" in refused.value.field_errors["password"]
    assert table_snapshot(sessions) == before
    password_resets.reset_password(session, token, NEW_PASSWORD, now=NOW)


def test_expired_unknown_and_superseded_links_are_refused_and_nothing_written(
    session, sessions, hooks, mailbox, user
):
    ask(session, hooks, "claire@ecole.test")
    session.commit()
    first = sent_token(session, sessions, hooks, mailbox)
    ask(session, hooks, "claire@ecole.test", now=NOW + timedelta(minutes=1))
    session.commit()
    second = sent_token(session, sessions, hooks, mailbox, now=NOW + timedelta(minutes=1))
    before = table_snapshot(sessions)
    for token, when, reason in [
        (first, NOW + timedelta(hours=1), "expiré"),
        ("x" * 43, NOW, "n'est pas valable"),
        ("trop-court", NOW, "n'est pas valable"),
    ]:
        with pytest.raises(PasswordResetLinkError, match=reason):
            password_resets.reset_password(session, token, NEW_PASSWORD, now=when)
        session.rollback()
    assert table_snapshot(sessions) == before
    password_resets.reset_password(session, second, NEW_PASSWORD, now=NOW + timedelta(minutes=2))
    session.commit()
    with pytest.raises(PasswordResetLinkError, match="déjà servi"):  # the other link is dead too
        password_resets.check_link(session, first, now=NOW + timedelta(minutes=3))


def test_the_lockout_says_how_long_to_wait_and_points_to_the_reset(session, user):
    for _ in range(10):
        outcome = accounts.authenticate(session, "claire@ecole.test", "Mauvais1", now=NOW)
    assert "Réessayez dans 2 minutes" in outcome.error.message
    assert "« Mot de passe oublié »" in outcome.error.message
    later = accounts.authenticate(
        session, "claire@ecole.test", "Mauvais1", now=NOW + timedelta(seconds=61)
    )
    assert "Réessayez dans 1 minute," in later.error.message
    assert "« Mot de passe oublié »" in LoginBlockedError.default_message


def test_an_empty_login_form_names_the_missing_fields_and_counts_nothing(session, sessions, user):
    before = table_snapshot(sessions)
    for login, password, fields in [
        ("", "", {"login", "password"}),
        ("  ", TEST_PASSWORD, {"login"}),
        ("claire@ecole.test", "", {"password"}),
    ]:
        with pytest.raises(InvalidInputError) as refused:
            accounts.authenticate(session, login, password, now=NOW)
        session.rollback()
        assert set(refused.value.field_errors) == fields
    assert table_snapshot(sessions) == before

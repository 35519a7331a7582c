"""« Demande d'accès administrateur » (issue #13, point 2): no visitor text in the e-mail, a new
link each time that works 7 days, throttled per school and per client, even in parallel."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from pixorga_core.domain.memberships import Role
from pixorga_core.domain.organizations import OrganizationType
from pixorga_core.errors import InvalidInputError, InvitationExpiredError, TooSoonError
from pixorga_core.services import invitations, schools
from pixorga_core.services.invitations import InviteOutcome
from pixorga_core.storage.models import OrganizationRow

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
UAI = "0752387M"
TABLES = ("invitations", "outbox_messages", "request_throttles", "memberships")


def table_snapshot(session, *names: str) -> dict[str, list[tuple]]:
    """Every column of every row of the tables, ordered by primary key."""
    metadata = sa.MetaData()
    metadata.reflect(session.connection(), only=names)
    snapshot = {}
    for name in names:
        table = metadata.tables[name]
        rows = session.execute(sa.select(table).order_by(*table.primary_key.columns))
        snapshot[name] = [tuple(r) for r in rows]
    return snapshot


def link_parts(link: str) -> tuple[int, str]:
    query = parse_qs(urlsplit(link).query)
    return int(query["invitation"][0]), query["code"][0]


def ask(session, hooks, uai=UAI, client="198.51.100.7", now=NOW):
    return schools.request_admin_access(
        session, hooks, schools.AdminAccessRequest(uai=uai, client=client), now=now
    )


@pytest.fixture
def school(factories):
    return factories.organization(name="Lycée Pix", uai=UAI, email="ce.0752387m@ac-paris.fr")


def test_the_request_mail_says_only_what_when_and_where(session, hooks, mailbox, school):
    line = ask(session, hooks, uai=" 0752387m ")
    session.commit()
    assert line.outcome is InviteOutcome.SENT
    assert line.invitation.role is Role.ADMIN
    assert line.invitation.expires_at == NOW + timedelta(days=7)
    [mail] = mailbox.delivered
    assert mail.recipient == "ce.0752387m@ac-paris.fr"
    fields = dict(line.split(": ", 1) for line in mail.text.splitlines())
    assert set(fields) == {
        "organization_name",
        "invitation_link",
        "role",
        "reason",
        "requested_at",
        "request_page",
        "service_name",
    }
    assert fields["reason"] == "admin_request"
    assert fields["requested_at"] == "01/09/2026 à 10:00"  # Europe/Paris, summer time
    assert fields["request_page"] == "http://127.0.0.1:8080/demande-administration-sco"


def test_each_request_is_a_new_link_and_older_links_keep_working(session, hooks, mailbox, school):
    first = ask(session, hooks)
    session.commit()
    second = ask(session, hooks, now=NOW + timedelta(minutes=2))
    session.commit()
    assert second.outcome is InviteOutcome.SENT
    assert second.invitation.id != first.invitation.id
    first_link, second_link = mailbox.links()
    assert link_parts(first_link) != link_parts(second_link)
    later = NOW + timedelta(days=6)
    for link in (first_link, second_link):  # a request invalidates nothing
        assert invitations.open_invitation(session, *link_parts(link), now=later)


def test_the_link_expires_after_seven_days(session, hooks, mailbox, school, factories):
    ask(session, hooks)
    session.commit()
    [link] = mailbox.links()
    head = factories.user()
    session.commit()
    before = table_snapshot(session, *TABLES)
    with pytest.raises(InvitationExpiredError) as caught:
        invitations.accept_invitation(
            session,
            **dict(zip(("invitation_id", "code"), link_parts(link), strict=True)),
            user_id=head.id,
            now=NOW + timedelta(days=7),
        )
    assert "a expiré" in caught.value.message
    assert "nouvelle demande d'accès administrateur" in caught.value.message
    session.rollback()
    assert table_snapshot(session, *TABLES) == before


def test_a_school_gets_one_request_a_minute(session, hooks, mailbox, school):
    ask(session, hooks)
    session.commit()
    before = table_snapshot(session, "invitations", "outbox_messages")
    line = ask(session, hooks, client="203.0.113.9", now=NOW + timedelta(seconds=30))
    session.commit()
    assert line.outcome is InviteOutcome.TOO_SOON
    assert table_snapshot(session, "invitations", "outbox_messages") == before
    assert len(mailbox.delivered) == 1


def test_a_client_gets_five_requests_an_hour(session, hooks, mailbox, school):
    for minute in range(5):
        assert ask(session, hooks, now=NOW + timedelta(minutes=2 * minute)).outcome is (
            InviteOutcome.SENT
        )
        session.commit()
    before = table_snapshot(session, *TABLES)
    with pytest.raises(TooSoonError) as caught:
        ask(session, hooks, now=NOW + timedelta(minutes=20))
    assert "5 au plus par heure" in caught.value.message
    session.rollback()
    assert table_snapshot(session, *TABLES) == before
    assert len(mailbox.delivered) == 5
    # Another client may still ask, and this one again once its hour is over.
    assert ask(session, hooks, client="203.0.113.9", now=NOW + timedelta(minutes=21)).outcome is (
        InviteOutcome.SENT
    )
    assert ask(session, hooks, now=NOW + timedelta(minutes=61)).outcome is InviteOutcome.SENT


def test_client_addresses_are_not_stored(session, hooks, mailbox, school):
    ask(session, hooks, client="198.51.100.7")
    session.commit()
    stored = str(table_snapshot(session, "request_throttles"))
    assert "198.51.100.7" not in stored


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("none", "UAI_NOT_FOUND"),
        ("two", "MANY_ORGANIZATIONS"),
        ("no_email", "ORGANIZATION_WITHOUT_EMAIL"),
        ("archived", "ORGANIZATION_ARCHIVED"),
    ],
)
def test_admin_access_request_errors(session, hooks, mailbox, factories, setup, code):
    if setup == "two":
        factories.organization(uai=UAI)
        factories.organization(uai=UAI, type=OrganizationType.SCO_1D)
    elif setup == "no_email":
        factories.organization(uai=UAI, email=None)
    elif setup == "archived":
        school = factories.organization(uai=UAI)
        session.get(OrganizationRow, school.id).archived_at = NOW
    session.commit()
    before = table_snapshot(session, *TABLES)
    with pytest.raises(InvalidInputError) as caught:
        ask(session, hooks)
    assert caught.value.code == code
    assert caught.value.field_errors["uai"]
    session.rollback()
    assert table_snapshot(session, *TABLES) == before


def test_admin_access_request_needs_the_uai(session, hooks, mailbox):
    with pytest.raises(InvalidInputError) as caught:
        ask(session, hooks, uai="  ")
    assert set(caught.value.field_errors) == {"uai"}


def _in_parallel(sessions, hooks, calls) -> list[object]:
    """Run each ``(uai, client)`` as its own request (thread and transaction) at once."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    lock = threading.Lock()

    def run(uai: str, client: str) -> None:
        barrier.wait()
        try:
            with sessions() as own, own.begin():
                result: object = ask(own, hooks, uai=uai, client=client).outcome
        except TooSoonError as exc:
            result = exc
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_requests_of_one_client_count_each(sessions, session, hooks, mailbox, factories):
    """12 requests at once from one client (to 12 schools): exactly 5 are sent."""
    uais = [factories.organization().uai for _ in range(12)]
    session.commit()
    session.close()
    results = _in_parallel(sessions, hooks, [(uai, "198.51.100.7") for uai in uais])
    assert results.count(InviteOutcome.SENT) == 5
    assert sum(isinstance(r, TooSoonError) for r in results) == 7
    with sessions() as fresh:
        assert table_snapshot(fresh, "request_throttles")["request_throttles"][0][2] == 5
        assert len(table_snapshot(fresh, "invitations")["invitations"]) == 5
    assert len(mailbox.delivered) == 5


def test_parallel_requests_for_one_school_send_one_mail(sessions, session, hooks, mailbox, school):
    """8 clients ask for the same school at once: one e-mail, the others are told it was sent."""
    session.commit()
    session.close()
    results = _in_parallel(sessions, hooks, [(UAI, f"198.51.100.{n}") for n in range(8)])
    assert results.count(InviteOutcome.SENT) == 1
    assert results.count(InviteOutcome.TOO_SOON) == 7
    assert len(mailbox.delivered) == 1

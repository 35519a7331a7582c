"""Races with real threads, each a request with its own transaction (#13.11): two people
accepting one invitation, two outbox senders at once, two uses of one password reset link.
(Two imports of one school at once: tests/services/test_imports.py; parallel login guesses:
tests/services/test_accounts.py.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from pixorga_core.domain.memberships import Role
from pixorga_core.domain.messages import MessageKind, MessageRequest
from pixorga_core.errors import InvitationAlreadyUsedError, PasswordResetLinkError
from pixorga_core.services import accounts, invitations, orga, outbox, password_resets
from pixorga_core.storage.models import MembershipRow


def together(count: int, work: Callable[[int], object]) -> tuple[list[object], list[BaseException]]:
    """Run ``work(i)`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            result = work(i)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        else:
            with lock:
                results.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_people_accepting_one_invitation_make_one_member(
    session, sessions, hooks, mailbox, factories
):
    school = factories.organization()
    admin = factories.user(email="claire@ecole.test")
    factories.membership(school, admin, Role.ADMIN)
    first, second = factories.user(), factories.user()
    session.commit()
    invitations.invite_members(
        session, hooks, orga.context_for(session, admin.id, school.id), emails="paul@ecole.test"
    )
    session.commit()
    session.close()
    query = parse_qs(urlsplit(mailbox.links()[-1]).query)
    invitation_id, code = int(query["invitation"][0]), query["code"][0]
    users = [first.id, second.id]

    def accept(i: int) -> object:
        with sessions() as own, own.begin():
            return invitations.accept_invitation(
                own, invitation_id=invitation_id, code=code, user_id=users[i]
            )

    accepted, errors = together(2, accept)
    assert len(accepted) == 1
    assert [type(e) for e in errors] == [InvitationAlreadyUsedError]
    with sessions() as fresh:
        members = fresh.scalar(
            select(func.count())
            .select_from(MembershipRow)
            .where(MembershipRow.organization_id == school.id)
        )
    assert members == 2  # the administrator and the one who won


def test_two_outbox_senders_at_once_deliver_each_message_once(session, sessions, hooks, mailbox):
    mailbox.down = True  # queued while the channel is down: every message is left pending
    for n in range(12):
        outbox.enqueue(
            session,
            hooks,
            MessageRequest(
                kind=MessageKind.ORGANIZATION_INVITATION,
                recipient=f"prof{n}@ecole.test",
                context={"organization_name": "Collège", "invitation_link": "https://x.test/"},
            ),
        )
    session.commit()
    session.close()
    mailbox.down = False
    later = datetime.now(UTC) + timedelta(hours=1)

    reports, errors = together(2, lambda _: outbox.send_due(sessions, hooks, now=later))
    assert errors == []
    recipients = [m.recipient for m in mailbox.delivered]
    assert sorted(recipients) == sorted(f"prof{n}@ecole.test" for n in range(12))
    assert sum(r.sent for r in reports) == 12


def test_two_uses_of_one_password_reset_link_make_one_change(
    session, sessions, hooks, mailbox, factories, cheap_hashing
):
    user = factories.user(email="claire@ecole.test")
    session.commit()
    password_resets.request_reset(
        session, hooks, password_resets.ResetRequest(email=user.email, client="c")
    )
    session.commit()
    outbox.send_due(sessions, hooks)
    [link] = [v for v in mailbox.delivered[0].text.splitlines() if v.startswith("reset_link: ")]
    token = parse_qs(urlsplit(link.removeprefix("reset_link: ")).query)["jeton"][0]
    version = accounts.session_version(session, user.id)
    session.close()

    def use(i: int) -> object:
        with sessions() as s, s.begin():
            return password_resets.reset_password(s, token, f"Parallele{i}A")

    results, errors = together(2, use)
    assert len(results) == 1
    assert [type(e) for e in errors] == [PasswordResetLinkError]
    with sessions() as s:
        assert accounts.session_version(s, user.id) == version + 1


def test_parallel_reset_requests_for_one_address_queue_three(
    session, sessions, hooks, mailbox, factories
):
    """Six « Mot de passe oublié » at once for one address, from six clients: exactly 3 links."""
    from pixorga_core.errors import TooSoonError
    from pixorga_core.storage.models import PasswordResetRow

    factories.user(email="claire@ecole.test")
    session.commit()
    session.close()

    def ask(i: int) -> object:
        with sessions() as s, s.begin():
            request = password_resets.ResetRequest(email="claire@ecole.test", client=f"c{i}")
            return password_resets.request_reset(s, hooks, request)

    results, errors = together(6, ask)
    assert len(results) == 3
    assert [type(e) for e in errors] == [TooSoonError] * 3
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(PasswordResetRow)) == 3

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from pixorga_core.domain.invitations import (
    CODE_LENGTH,
    REDACTED_CODE,
    InvitationStatus,
    hash_code,
    new_code,
)
from pixorga_core.domain.memberships import Role
from pixorga_core.errors import (
    InvalidInputError,
    InvitationAlreadyUsedError,
    InvitationCancelledError,
    InvitationError,
    InvitationNotFoundError,
    PermissionDeniedError,
    TooSoonError,
)
from pixorga_core.services import invitation_lists, invitations, orga
from pixorga_core.services.invitations import InviteOutcome
from pixorga_core.storage.models import InvitationRow, OrganizationRow, OutboxMessageRow
from pixorga_core.storage.repositories import memberships as memberships_repo

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def link_parts(link: str) -> tuple[int, str]:
    query = parse_qs(urlsplit(link).query)
    return int(query["invitation"][0]), query["code"][0]


@pytest.fixture
def school(factories, session):
    return factories.organization(name="Collège Victor-Hugo")


@pytest.fixture
def admin(factories, school):
    user = factories.user(first_name="Claire", last_name="Martin", email="claire@ecole.test")
    factories.membership(school, user, Role.ADMIN)
    return user


def invite(session, hooks, admin, school, emails, now=NOW):
    return invitations.invite_members(
        session, hooks, orga.context_for(session, admin.id, school.id), emails=emails, now=now
    )


def test_codes_are_ten_unguessable_characters():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(string.ascii_uppercase + string.digits)


def test_addresses_are_split_trimmed_lowered_and_deduplicated():
    raw = " Paul@Ecole.test, marie@ecole.test ,paul@ecole.test,, ;\nluc@ecole.test "
    assert invitations.parse_addresses(raw) == [
        "paul@ecole.test",
        "marie@ecole.test",
        "luc@ecole.test",
    ]


def test_invite_two_teachers_queues_two_mails_delivered_after_commit(
    session, hooks, mailbox, admin, school
):
    lines = invite(session, hooks, admin, school, "paul@ecole.test, marie@ecole.test")
    assert [(line.email, line.outcome) for line in lines] == [
        ("paul@ecole.test", InviteOutcome.SENT),
        ("marie@ecole.test", InviteOutcome.SENT),
    ]
    assert mailbox.delivered == []  # nothing leaves before the commit
    session.commit()
    assert [m.recipient for m in mailbox.delivered] == ["paul@ecole.test", "marie@ecole.test"]
    invitation_id, code = link_parts(mailbox.links()[0])
    assert invitation_id == lines[0].invitation.id
    assert code == lines[0].code
    assert "organization_name: Collège Victor-Hugo" in mailbox.delivered[0].text


def test_rollback_drops_the_invitation_and_its_mail(session, hooks, mailbox, admin, school):
    session.commit()
    invite(session, hooks, admin, school, "paul@ecole.test")
    session.rollback()
    assert mailbox.delivered == []
    assert session.scalar(select(func.count()).select_from(InvitationRow)) == 0
    assert session.scalar(select(func.count()).select_from(OutboxMessageRow)) == 0


@pytest.mark.parametrize(
    "emails",
    [
        "paul@ecole.test, pas-une-adresse",
        "paul@ecole.test\r\nBcc: pirate@evil.test",
        "paul@ecole.test, <b>x</b>@ecole.test",
        "",
        " , ; ",
    ],
)
def test_a_bad_address_refuses_the_whole_form(session, hooks, mailbox, admin, school, emails):
    with pytest.raises(InvalidInputError) as caught:
        invite(session, hooks, admin, school, emails)
    assert "emails" in caught.value.field_errors
    assert session.scalar(select(func.count()).select_from(InvitationRow)) == 0


def test_five_hundred_addresses_are_refused_with_a_clear_message(
    session, hooks, mailbox, admin, school
):
    emails = ",".join(f"prof{i}@ecole.test" for i in range(500))
    with pytest.raises(InvalidInputError) as caught:
        invite(session, hooks, admin, school, emails)
    assert "50 personnes au plus" in caught.value.field_errors["emails"]
    assert "500 adresses" in caught.value.field_errors["emails"]
    assert session.scalar(select(func.count()).select_from(InvitationRow)) == 0


def test_reinviting_issues_a_new_code_and_is_throttled(session, hooks, mailbox, admin, school):
    # Only the code's hash is stored (issue #13): the same code cannot be sent again, so a new
    # sending issues a new code and the previous link stops working.
    first = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    session.commit()
    soon = invite(session, hooks, admin, school, "paul@ecole.test", now=NOW + timedelta(seconds=10))
    assert soon[0].outcome is InviteOutcome.TOO_SOON
    assert soon[0].code is None
    later = invite(session, hooks, admin, school, "paul@ecole.test", now=NOW + timedelta(minutes=2))
    session.commit()
    assert later[0].outcome is InviteOutcome.RESENT
    assert later[0].invitation.id == first.invitation.id
    assert later[0].code != first.code
    assert [link_parts(link)[1] for link in mailbox.links()] == [first.code, later[0].code]
    with pytest.raises(InvitationNotFoundError):
        invitations.open_invitation(session, first.invitation.id, first.code)
    assert invitations.open_invitation(session, first.invitation.id, later[0].code)


def test_existing_members_are_not_invited(session, hooks, mailbox, admin, school):
    lines = invite(session, hooks, admin, school, "claire@ecole.test")
    assert lines[0].outcome is InviteOutcome.ALREADY_MEMBER
    session.commit()
    assert mailbox.delivered == []


def test_resend_issues_a_new_code_and_is_throttled(session, hooks, mailbox, admin, school):
    # Was "same code": codes are stored hashed now (issue #13), so « Renvoyer l'invitation »
    # sends a new code and the old link stops working.
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    session.commit()
    with pytest.raises(TooSoonError):
        invitations.resend_invitation(
            session,
            hooks,
            orga.context_for(session, admin.id, school.id),
            invitation_id=line.invitation.id,
            now=NOW + timedelta(seconds=5),
        )
    invitations.resend_invitation(
        session,
        hooks,
        orga.context_for(session, admin.id, school.id),
        invitation_id=line.invitation.id,
        now=NOW + timedelta(minutes=1),
    )
    session.commit()
    assert len(mailbox.delivered) == 2
    old_link, new_link = mailbox.links()
    assert link_parts(old_link)[0] == link_parts(new_link)[0] == line.invitation.id
    assert link_parts(old_link)[1] == line.code != link_parts(new_link)[1]
    with pytest.raises(InvitationNotFoundError):
        invitations.open_invitation(session, line.invitation.id, line.code)
    invitations.open_invitation(session, *link_parts(new_link))


def test_cancel_then_accept_is_refused(session, hooks, mailbox, admin, school, factories):
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    paul = factories.user(email="paul@ecole.test")
    session.commit()
    invitations.cancel_invitation(
        session, orga.context_for(session, admin.id, school.id), invitation_id=line.invitation.id
    )
    session.commit()
    with pytest.raises(InvitationCancelledError) as caught:
        invitations.accept_invitation(
            session, invitation_id=line.invitation.id, code=line.code, user_id=paul.id
        )
    assert "annulée" in caught.value.message
    with pytest.raises(InvalidInputError):  # only pending invitations can be cancelled
        invitations.cancel_invitation(
            session,
            orga.context_for(session, admin.id, school.id),
            invitation_id=line.invitation.id,
        )


def test_cancelling_drops_an_unsent_mail(session, hooks, mailbox, admin, school):
    mailbox.down = True
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    session.commit()
    invitations.cancel_invitation(
        session, orga.context_for(session, admin.id, school.id), invitation_id=line.invitation.id
    )
    session.commit()
    status = session.scalar(select(OutboxMessageRow.status))
    assert status == "cancelled"


def test_accepting_drops_an_unsent_mail(session, hooks, mailbox, admin, school, factories):
    """#16.12: its e-mail, still waiting for the mail server, would go out late with a used link."""
    mailbox.down = True
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    paul = factories.user(email="paul@ecole.test")
    session.commit()
    invitations.accept_invitation(
        session, invitation_id=line.invitation.id, code=line.code, user_id=paul.id
    )
    session.commit()
    assert session.scalar(select(OutboxMessageRow.status)) == "cancelled"


def test_accept_once_as_member_with_any_email(session, hooks, mailbox, admin, school, factories):
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    other = factories.user(email="paul.perso@ailleurs.test")  # another address than invited
    session.commit()
    membership = invitations.accept_invitation(
        session, invitation_id=line.invitation.id, code=line.code, user_id=other.id
    )
    session.commit()
    assert membership.role is Role.MEMBER
    assert memberships_repo.get_current_organization_id(session, other.id) == school.id
    with pytest.raises(InvitationAlreadyUsedError) as caught:
        invitations.accept_invitation(
            session, invitation_id=line.invitation.id, code=line.code, user_id=other.id
        )
    assert "usage unique" in caught.value.message


def test_unknown_and_guessed_codes_are_not_found(session, hooks, mailbox, admin, school):
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    session.commit()
    for invitation_id, code in [
        (line.invitation.id, "AAAAAAAAAA"),
        (line.invitation.id, line.code[:-1]),
        (line.invitation.id, "' OR 1=1 --"),
        (line.invitation.id + 1000, line.code),
    ]:
        with pytest.raises(InvitationNotFoundError):
            invitations.open_invitation(session, invitation_id, code)
    view = invitations.open_invitation(session, line.invitation.id, line.code.lower())
    assert view.organization_name == "Collège Victor-Hugo"


def test_first_member_of_an_empty_school_becomes_admin(session, hooks, mailbox, factories):
    from pixorga_core.services.invitations import invite as invite_one

    empty = factories.organization()
    user = factories.user()
    line = invite_one(
        session,
        hooks,
        empty,
        "x@ecole.test",
        role=None,
        kind=invitations.MessageKind.ORGANIZATION_INVITATION,
        now=NOW,
    )
    membership = invitations.accept_invitation(
        session, invitation_id=line.invitation.id, code=line.code, user_id=user.id
    )
    assert membership.role is Role.ADMIN


def test_an_admin_invitation_promotes_an_existing_member(session, hooks, mailbox, factories):
    from pixorga_core.services.invitations import invite as invite_one

    school = factories.organization()
    user = factories.user()
    factories.membership(school, user, Role.MEMBER)
    line = invite_one(
        session,
        hooks,
        school,
        school.email,
        role=Role.ADMIN,
        kind=invitations.MessageKind.SCO_ADMIN_INVITATION,
        now=NOW,
    )
    membership = invitations.accept_invitation(
        session, invitation_id=line.invitation.id, code=line.code, user_id=user.id, now=NOW
    )
    assert membership.role is Role.ADMIN


def test_archived_school_invitation_cannot_be_opened(session, hooks, mailbox, factories):
    from pixorga_core.services.invitations import invite as invite_one

    school = factories.organization()
    line = invite_one(
        session,
        hooks,
        school,
        "x@ecole.test",
        role=None,
        kind=invitations.MessageKind.ORGANIZATION_INVITATION,
        now=NOW,
    )
    session.get(OrganizationRow, school.id).archived_at = NOW
    with pytest.raises(InvitationError, match="archivé"):
        invitations.open_invitation(session, line.invitation.id, line.code)


def test_members_and_strangers_cannot_manage_invitations(
    session, hooks, mailbox, admin, school, factories, acting_as
):
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    member = factories.user()
    factories.membership(school, member, Role.MEMBER)
    other_school = factories.organization()
    other_admin = factories.user()
    factories.membership(other_school, other_admin, Role.ADMIN)
    for actor in (None, member.id, other_admin.id):
        with pytest.raises(PermissionDeniedError):
            invitations.invite_members(
                session, hooks, acting_as(actor, school.id), emails="a@ecole.test"
            )
        with pytest.raises(PermissionDeniedError):
            invitations.cancel_invitation(
                session, acting_as(actor, school.id), invitation_id=line.invitation.id
            )
        with pytest.raises(PermissionDeniedError):
            invitations.resend_invitation(
                session, hooks, acting_as(actor, school.id), invitation_id=line.invitation.id
            )
        with pytest.raises(PermissionDeniedError):
            invitation_lists.pending_invitations(session, acting_as(actor, school.id))
    # An administrator of another school cannot reach this school's invitation through theirs.
    with pytest.raises(invitations.NotFoundError):
        invitations.cancel_invitation(
            session, acting_as(other_admin.id, other_school.id), invitation_id=line.invitation.id
        )
    assert session.get(InvitationRow, line.invitation.id).status == InvitationStatus.PENDING


def test_pending_invitations_flag_unsent_mail(session, hooks, mailbox, admin, school):
    mailbox.down = True
    invite(session, hooks, admin, school, "paul@ecole.test")
    session.commit()
    views = invitation_lists.pending_invitations(
        session, orga.context_for(session, admin.id, school.id)
    )
    assert [(v.invitation.email, v.mail_pending) for v in views] == [("paul@ecole.test", True)]


def test_only_the_hash_of_a_code_is_stored(session, hooks, mailbox, admin, school):
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    session.commit()
    row = session.get(InvitationRow, line.invitation.id)
    assert line.code not in row.code_hash
    assert row.code_hash == hash_code(line.code)
    assert row.expires_at is None  # member invitations do not expire (pix-rules §1)
    far = NOW + timedelta(days=400)
    assert invitations.open_invitation(session, line.invitation.id, line.code, now=far)


def test_a_delivered_message_keeps_no_usable_code(session, hooks, mailbox, admin, school):
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    session.commit()
    [link] = mailbox.links()
    assert line.code in link  # the e-mail sent carried the link...
    stored = session.scalars(select(OutboxMessageRow)).one()
    assert stored.status == "sent"
    assert line.code not in stored.text  # ...the copy kept in the outbox does not
    assert REDACTED_CODE in stored.text
    # The link itself keeps working.
    assert invitations.open_invitation(session, line.invitation.id, line.code)


def test_an_undelivered_message_keeps_its_code_until_sent(session, hooks, mailbox, admin, school):
    mailbox.down = True
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    session.commit()
    stored = session.scalars(select(OutboxMessageRow)).one()
    assert stored.status == "pending"
    assert line.code in stored.text  # needed to deliver it later


def test_resending_replaces_an_undelivered_message(session, hooks, mailbox, admin, school):
    mailbox.down = True
    line = invite(session, hooks, admin, school, "paul@ecole.test")[0]
    session.commit()
    mailbox.down = False
    invitations.resend_invitation(
        session,
        hooks,
        orga.context_for(session, admin.id, school.id),
        invitation_id=line.invitation.id,
        now=NOW + timedelta(minutes=1),
    )
    session.commit()
    statuses = session.scalars(select(OutboxMessageRow.status).order_by(OutboxMessageRow.id))
    assert list(statuses) == ["cancelled", "sent"]  # the old code's message is not sent
    [link] = mailbox.links()
    assert link_parts(link)[1] != line.code

"""No text typed by an anonymous visitor goes into a message sent to someone else (issue #13).

Every kind of message is driven through the core path that sends it, with hostile values in
every field an anonymous visitor controls; the recording renderer writes every context value
into the message, so any such value reaching a message would show.
"""

from __future__ import annotations

import pytest

from pixorga_core.domain.memberships import Role
from pixorga_core.domain.messages import MessageKind
from pixorga_core.services import accounts, invitations, orga, outbox, password_resets, schools

#: What a phisher would type: a fake notice, a phone number, an address, markup, a header.
HOSTILE = "SERVICE ACADEMIQUE appelez le 01 23 45 67 89 <b>x</b> pirate@evil.test\r\nBcc: y"


def _request_admin_access(session, hooks, factories) -> None:
    # Anonymous fields: the UAI (any spelling that still names the school) and the client.
    factories.organization(uai="0752387M", email="ce.0752387m@ac-paris.fr")
    schools.request_admin_access(
        session,
        hooks,
        schools.AdminAccessRequest(uai=" 0752387m\t", client=HOSTILE),
    )


def _invite_a_self_signed_up_person(session, hooks, factories) -> None:
    # Anyone may sign up with the names they like; an administrator then invites that address.
    school = factories.organization()
    admin = factories.user()
    factories.membership(school, admin, Role.ADMIN)
    accounts.sign_up(
        session,
        hooks,
        accounts.SignUpForm(
            first_name=HOSTILE[:60].replace("\r\n", " "),
            last_name="Pirate <b>x</b>",
            email="visiteur@ecole.test",
            password="Azerty123",
            cgu_accepted=True,
        ),
    )
    invitations.invite_members(
        session,
        hooks,
        orga.context_for(session, admin.id, school.id),
        emails="autre@ecole.test, visiteur-2@ecole.test",
    )


def _sign_up(session, hooks, factories) -> None:
    # A sign-up queues no message to anyone (the account notice is not sent by the core).
    accounts.sign_up(
        session,
        hooks,
        accounts.SignUpForm(
            first_name="Pirate",
            last_name="<b>x</b> 01 23 45 67 89",
            email="pirate@evil.test",
            password="Azerty123",
            cgu_accepted=True,
        ),
    )


def _password_reset(session, hooks, factories) -> None:
    # Anonymous fields: the address (any spelling of an account's, or anyone's) and the client.
    factories.user(email="claire@ecole.test")
    for email in (" CLAIRE@ecole.test\t", "pirate@evil.test"):
        password_resets.request_reset(
            session, hooks, password_resets.ResetRequest(email=email, client=HOSTILE)
        )


SCENARIOS = {
    MessageKind.SCO_ADMIN_INVITATION: _request_admin_access,
    MessageKind.ORGANIZATION_INVITATION: _invite_a_self_signed_up_person,
    MessageKind.ACCOUNT_CREATED: _sign_up,
    MessageKind.PASSWORD_RESET: _password_reset,
}
MARKERS = ("SERVICE ACADEMIQUE", "01 23 45 67 89", "<b>", "evil.test", "Bcc", "Pirate")


def test_every_message_kind_has_a_scenario():
    assert set(SCENARIOS) == set(MessageKind)


@pytest.mark.parametrize("kind", list(MessageKind))
def test_no_anonymous_text_reaches_a_message(
    kind, session, sessions, hooks, mailbox, factories, cheap_hashing
):
    SCENARIOS[kind](session, hooks, factories)
    session.commit()
    outbox.send_due(sessions, hooks)  # what waits for the sender (« Mot de passe oublié »)
    for message in mailbox.delivered:
        assert message.recipient != "pirate@evil.test"
        for body in (message.subject, message.text, message.html or ""):
            for marker in MARKERS:
                assert marker not in body, (kind, marker, body)
    if kind is not MessageKind.ACCOUNT_CREATED:
        assert {m.kind for m in mailbox.delivered} == {kind}

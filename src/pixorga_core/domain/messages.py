"""Messages pixorga sends (invitations, account notices) and how their delivery went."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs


class MessageKind(enum.StrEnum):
    ORGANIZATION_INVITATION = "organization_invitation"  #: "Inviter un membre"
    SCO_ADMIN_INVITATION = "sco_admin_invitation"  #: activation / "Demande d'accès administrateur"
    ACCOUNT_CREATED = "account_created"
    #: "Mot de passe oublié": the single-use link
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a message kind


@attrs.frozen(kw_only=True)
class MessageRequest:
    """What to say, to whom: the input of :func:`~pixorga_core.hooks.pixorga_render_message`.

    ``context`` holds the values a template needs (organization name, link…), all strings.
    """

    kind: MessageKind
    recipient: str
    context: Mapping[str, str] = attrs.field(factory=dict)
    locale: str = "fr-FR"


@attrs.frozen(kw_only=True)
class OutboundMessage:
    """A message ready to go: subject, plain text and optional HTML body."""

    kind: MessageKind
    recipient: str
    subject: str
    text: str
    html: str | None = None
    #: Stable identifier of this message, the same at every delivery attempt (set by the
    #: outbox); a channel may pass it on so that the receiving side can drop duplicates.
    message_id: str | None = None


@attrs.frozen(kw_only=True)
class DeliveryResult:
    """How one delivery attempt went, as reported by the channel that handled it.

    ``retryable`` False means trying again will not help (for example an address the server
    refuses for good).
    """

    channel: str
    delivered: bool
    detail: str = ""
    retryable: bool = True


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  #: waiting for its first or next attempt
    SENT = "sent"  #: delivered; never sent again
    FAILED = "failed"  #: refused for good by the channel; kept for the operator
    CANCELLED = "cancelled"  #: no longer to send (its invitation was cancelled)


#: Delay before the second attempt; each further failure doubles it, up to :data:`MAX_BACKOFF`.
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)


def backoff(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed attempts (1 min, 2, 4… at most 6 h)."""
    if attempts <= 0:
        return timedelta(0)
    delay: timedelta = FIRST_BACKOFF * 2 ** min(attempts - 1, 20)
    return min(delay, MAX_BACKOFF)


@attrs.frozen(kw_only=True)
class OutboxMessage:
    """A rendered message in the database outbox, and where its delivery stands."""

    id: int
    kind: MessageKind
    recipient: str
    subject: str
    text: str = attrs.field(repr=False)
    html: str | None = attrs.field(repr=False)
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    channel: str | None
    invitation_id: int | None
    created_at: datetime
    sent_at: datetime | None

    def to_outbound(self) -> OutboundMessage:
        return OutboundMessage(
            kind=self.kind,
            recipient=self.recipient,
            subject=self.subject,
            text=self.text,
            html=self.html,
            message_id=f"outbox-{self.id}",
        )

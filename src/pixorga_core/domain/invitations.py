"""Invitations to join an organization."""

from __future__ import annotations

import enum
import secrets
import string
from datetime import datetime, timedelta

import attrs

from pixorga_core.domain.memberships import Role
from pixorga_core.domain.messages import OutboxStatus

#: Length of an invitation code: 10 upper-case letters and digits, about 51 bits of randomness.
CODE_LENGTH = 10
CODE_ALPHABET = string.ascii_uppercase + string.digits
#: An invitation cannot be sent again to the same address sooner than this (mail quota).
RESEND_INTERVAL = timedelta(minutes=1)


def new_code() -> str:
    """A fresh, unguessable invitation code (``secrets``, never ``random``)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def looks_like_code(value: str) -> bool:
    """Tell whether ``value`` has the shape of a code (cheap check before any query)."""
    return len(value) == CODE_LENGTH and all(c in CODE_ALPHABET for c in value)


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"


@attrs.frozen(kw_only=True)
class Invitation:
    """A one-time invitation: whoever presents ``code`` while it is pending may join.

    ``role`` None means "decided at acceptance": administrator when the organization has no
    active member yet, member otherwise (pix-rules §1).
    """

    id: int
    organization_id: int
    email: str
    code: str = attrs.field(repr=False)
    role: Role | None
    status: InvitationStatus
    created_at: datetime
    updated_at: datetime

    @property
    def is_pending(self) -> bool:
        return self.status is InvitationStatus.PENDING

    def can_be_resent(self, now: datetime) -> bool:
        """Pending, and not sent in the last :data:`RESEND_INTERVAL`."""
        return self.is_pending and now - self.updated_at >= RESEND_INTERVAL


class MailState(enum.StrEnum):
    """Where the latest e-mail of an invitation stands (pages choose the French label)."""

    SENT = "sent"  #: delivered to the mail server
    QUEUED = "queued"  #: not tried yet
    RETRYING = "retrying"  #: an attempt failed; it will be tried again
    FAILED = "failed"  #: refused for good
    NONE = "none"  #: no e-mail (none was needed, or it was cancelled)

    @classmethod
    def of_message(cls, status: OutboxStatus, attempts: int) -> MailState:
        """The state of an invitation whose latest (not cancelled) outbox message is so."""
        if status is OutboxStatus.PENDING:
            return cls.RETRYING if attempts else cls.QUEUED
        return cls(status.value)


@attrs.frozen(kw_only=True)
class InvitationView:
    """An invitation with what its pages show: the organization's name, the e-mail state."""

    invitation: Invitation
    organization_name: str
    #: Where its last e-mail stands.
    mail_state: MailState = MailState.NONE

    @property
    def mail_pending(self) -> bool:
        """True when the e-mail could not be sent yet (it failed at least once)."""
        return self.mail_state in {MailState.RETRYING, MailState.FAILED}

"""Invitations to join an organization."""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
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
#: How long an administrator invitation (activation, « Demande d'accès administrateur ») works.
#: Member invitations do not expire (pix-rules §1: validity is status-based only).
ADMIN_INVITATION_VALIDITY = timedelta(days=7)


def new_code() -> str:
    """A fresh, unguessable invitation code (``secrets``, never ``random``)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def hash_code(code: str) -> str:
    """What the database keeps of a code: its SHA-256, in URL-safe base64 (43 characters).

    A code is 10 characters drawn with :mod:`secrets` (about 51 bits), so a fast hash is enough:
    nobody can try 2**51 candidates against a stolen hash in useful time, and there is nothing
    like a reused password to protect. A slow hash (argon2) would only slow every link opening.
    """
    digest = hashlib.sha256(code.encode("ascii", errors="replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def expiry_for(role: Role | None, now: datetime) -> datetime | None:
    """When an invitation issued ``now`` stops working: administrator ones after 7 days."""
    return now + ADMIN_INVITATION_VALIDITY if role is Role.ADMIN else None


#: What replaces a code in the stored copy of a message once it has been delivered.
REDACTED_CODE = "[code-retire-apres-envoi]"
_CODE_LIKE = re.compile(rf"(?<![A-Z0-9])[A-Z0-9]{{{CODE_LENGTH}}}(?![A-Z0-9])")


def redact_code(text: str, code_hash: str) -> str:
    """``text`` with every occurrence of the code whose hash is ``code_hash`` replaced by
    :data:`REDACTED_CODE` (whatever template wrote it: link, HTML attribute, plain code)."""
    return _CODE_LIKE.sub(
        lambda m: REDACTED_CODE if hmac.compare_digest(hash_code(m[0]), code_hash) else m[0], text
    )


def looks_like_code(value: str) -> bool:
    """Tell whether ``value`` has the shape of a code (cheap check before any query)."""
    return len(value) == CODE_LENGTH and all(c in CODE_ALPHABET for c in value)


class InvitationOrigin(enum.StrEnum):
    """How an invitation was asked for (the team page says who asked)."""

    TEAM = "team"  #: « Inviter un membre », by an administrator of the school
    ACTIVATION = "activation"  #: the school's activation, by an operator
    ADMIN_REQUEST = "admin_request"  #: « Demande d'accès administrateur », anonymous, public page


class InvitationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"


@attrs.frozen(kw_only=True)
class Invitation:
    """A one-time invitation: whoever presents its code while it is pending may join.

    Only the code's hash is kept (:func:`hash_code`); the code itself exists in the link sent,
    and in the outbox until that message is delivered. ``role`` None means "decided at
    acceptance": administrator when the organization has no active member yet, member otherwise
    (pix-rules §1). ``expires_at`` None: the invitation does not expire.
    """

    id: int
    organization_id: int
    email: str
    code_hash: str = attrs.field(repr=False)
    role: Role | None
    status: InvitationStatus
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None = None
    #: How it was asked for; None for invitations made before it was recorded.
    origin: InvitationOrigin | None = None
    #: The administrator who invited (:attr:`InvitationOrigin.TEAM`).
    invited_by_user_id: int | None = None

    @property
    def is_pending(self) -> bool:
        return self.status is InvitationStatus.PENDING

    def matches(self, code: str) -> bool:
        """Tell whether ``code`` is this invitation's (compared in constant time)."""
        return hmac.compare_digest(self.code_hash, hash_code(code))

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at

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
    #: The name of the administrator who invited, when one did.
    invited_by_name: str | None = None

    @property
    def asked_by(self) -> str:
        """Who asked for the invitation, in French (empty when it was not recorded)."""
        origin = self.invitation.origin
        if origin is InvitationOrigin.ADMIN_REQUEST:
            return (
                "Demande d'accès administrateur (formulaire public ; lien envoyé à l'adresse de "
                "l'établissement)"
            )
        if origin is InvitationOrigin.ACTIVATION:
            return "Activation de l'espace (lien envoyé à l'adresse de l'établissement)"
        if origin is InvitationOrigin.TEAM and self.invited_by_name:
            return f"Invité(e) par {self.invited_by_name}"
        return ""

    @property
    def role_label(self) -> str:
        """The role the invitation grants (one without a role gives « Membre » in a school that
        has members, which is the case of every school whose team page lists it)."""
        return (self.invitation.role or Role.MEMBER).label

    @property
    def mail_pending(self) -> bool:
        """True when the e-mail could not be sent yet (it failed at least once)."""
        return self.mail_state in {MailState.RETRYING, MailState.FAILED}

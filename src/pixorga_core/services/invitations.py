"""Invitations: invite members, resend, cancel, open a link, accept (pix-rules §1).

An invitation carries a 10-character code drawn with :mod:`secrets`; its link works once. Only
the code's SHA-256 is stored, so every sending issues a new code (the previous link of that
invitation stops working). Administrator invitations expire after 7 days. The e-mail is written
to the outbox in the same transaction as the invitation and delivered after commit
(:mod:`pixorga_core.services.outbox`), which then redacts the code from its stored copy.

Accepting with another account than the invited address is allowed, as in the reference system:
the link is the proof, whoever holds it joins.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core import paths
from pixorga_core.access import Action, require
from pixorga_core.domain.invitations import (
    RESEND_INTERVAL,
    Invitation,
    InvitationOrigin,
    InvitationStatus,
    InvitationView,
    expiry_for,
    hash_code,
    looks_like_code,
    new_code,
)
from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.messages import MessageKind, MessageRequest
from pixorga_core.domain.organizations import Organization
from pixorga_core.emails import is_valid_email, normalize_email
from pixorga_core.errors import (
    InvalidInputError,
    InvitationAlreadyUsedError,
    InvitationCancelledError,
    InvitationError,
    InvitationExpiredError,
    InvitationNotFoundError,
    NotFoundError,
    TooSoonError,
)
from pixorga_core.facade import Hooks
from pixorga_core.services import outbox
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import invitations as invitations_repo
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import outbox as outbox_repo
from pixorga_core.storage.repositories import users as users_repo

#: Most addresses one "Inviter un membre" form may carry.
MAX_ADDRESSES = 50
_SEPARATORS = re.compile(r"[,;\r\n]+")
NOT_FOUND = "Cette invitation est introuvable."
ARCHIVED = "Cet espace Pix Orga est archivé : l'invitation ne peut plus être acceptée."


class InviteOutcome(enum.StrEnum):
    SENT = "sent"  #: a new invitation
    RESENT = "resent"  #: the pending invitation, sent again with a new code
    TOO_SOON = "too_soon"  #: sent a moment ago; not sent again
    ALREADY_MEMBER = "already_member"  #: nothing to do


@attrs.frozen(kw_only=True)
class InviteLine:
    """The result for one address of the "Inviter un membre" form."""

    email: str
    outcome: InviteOutcome
    invitation: Invitation | None = None
    #: The code of the link just sent (SENT, RESENT); it is not stored anywhere else.
    code: str | None = attrs.field(default=None, repr=False)

    @property
    def message(self) -> str:
        """What happened to the address, before its e-mail is tried (pages that know where the
        e-mail stands say « envoyée » only once it has gone)."""
        return {
            InviteOutcome.SENT: "invitation créée",
            InviteOutcome.RESENT: "invitation déjà en attente, renouvelée avec un nouveau lien",
            InviteOutcome.TOO_SOON: "invitation envoyée il y a moins d'une minute, pas renvoyée",
            InviteOutcome.ALREADY_MEMBER: "déjà membre de l'équipe, aucune invitation envoyée",
        }[self.outcome]

    @property
    def is_refusal(self) -> bool:
        """No new link for this address (already a member, or sent a moment ago)."""
        return self.outcome in {InviteOutcome.TOO_SOON, InviteOutcome.ALREADY_MEMBER}


def parse_addresses(raw: str) -> list[str]:
    """Split on commas (also semicolons and line breaks), trim, lower-case, drop duplicates."""
    seen: dict[str, None] = {}
    for part in _SEPARATORS.split(raw):
        email = normalize_email(part)
        if email:
            seen.setdefault(email, None)
    return list(seen)


def invite_members(
    session: Session,
    hooks: Hooks,
    context: OrgaContext,
    *,
    emails: str,
    now: datetime | None = None,
) -> list[InviteLine]:
    """« Inviter un membre »: one invitation per address, one result line per address.

    Administrators only. Every address is checked first; if one is malformed, or there are more
    than :data:`MAX_ADDRESSES`, nothing is written and the error names the culprits.
    """
    require(context, Action.INVITE_MEMBERS)
    now = now or datetime.now(UTC)
    organization = context.organization
    addresses = parse_addresses(emails)
    if not addresses:
        raise InvalidInputError(field_errors={"emails": "Saisissez au moins une adresse e-mail."})
    if len(addresses) > MAX_ADDRESSES:
        raise InvalidInputError(
            field_errors={
                "emails": f"Vous pouvez inviter {MAX_ADDRESSES} personnes au plus à la fois "
                f"({len(addresses)} adresses saisies). Aucune invitation n'a été envoyée."
            }
        )
    invalid = [a for a in addresses if not is_valid_email(a)]
    if invalid:
        shown = ", ".join(f"« {a[:80]} »" for a in invalid[:5])
        more = f" et {len(invalid) - 5} autre(s)" if len(invalid) > 5 else ""
        raise InvalidInputError(
            field_errors={
                "emails": f"Adresse(s) e-mail invalide(s) : {shown}{more}. Corrigez-les ; "
                "aucune invitation n'a été envoyée."
            }
        )
    return [
        invite(
            session,
            hooks,
            organization,
            email,
            role=None,
            kind=MessageKind.ORGANIZATION_INVITATION,
            origin=InvitationOrigin.TEAM,
            invited_by_user_id=context.user.id,
            now=now,
        )
        for email in addresses
    ]


def invite(
    session: Session,
    hooks: Hooks,
    organization: Organization,
    email: str,
    *,
    role: Role | None,
    kind: MessageKind,
    extra_context: Mapping[str, str] | None = None,
    always_new: bool = False,
    origin: InvitationOrigin = InvitationOrigin.TEAM,
    invited_by_user_id: int | None = None,
    now: datetime,
) -> InviteLine:
    """Create (or renew the pending) invitation for ``email`` and queue its message.

    No rights are checked here: callers do. A pending invitation gets a new code (its previous
    link stops working); it is not sent again within
    :data:`~pixorga_core.domain.invitations.RESEND_INTERVAL`. With ``always_new`` (the
    « Demande d'accès administrateur ») a new invitation is created instead, so that a request
    never invalidates a link sent before, and the throttle counts every invitation sent to the
    address.
    """
    if role is None:
        user = users_repo.find_by_login(session, email)
        if user is not None and memberships_repo.find_active(session, organization.id, user.id):
            return InviteLine(email=email, outcome=InviteOutcome.ALREADY_MEMBER)
    if always_new:
        last = invitations_repo.last_sent_at(session, organization.id, email)
        if last is not None and now - last < RESEND_INTERVAL:
            return InviteLine(email=email, outcome=InviteOutcome.TOO_SOON)
        pending = None
    else:
        pending = invitations_repo.find_pending(session, organization.id, email, now)
    code = new_code()
    if pending is not None:
        if not pending.can_be_resent(now):
            return InviteLine(email=email, outcome=InviteOutcome.TOO_SOON, invitation=pending)
        renewed = invitations_repo.renew_code(
            session,
            pending.id,
            code_hash=hash_code(code),
            now=now,
            expires_at=expiry_for(role or pending.role, now),
            role=role,
            origin=origin,
            invited_by_user_id=invited_by_user_id,
        )
        _send(session, hooks, organization, renewed, code, kind, extra_context, now)
        return InviteLine(email=email, outcome=InviteOutcome.RESENT, invitation=renewed, code=code)
    invitation = invitations_repo.add(
        session,
        organization_id=organization.id,
        email=email,
        code_hash=hash_code(code),
        role=role,
        now=now,
        expires_at=expiry_for(role, now),
        origin=origin,
        invited_by_user_id=invited_by_user_id,
    )
    _send(session, hooks, organization, invitation, code, kind, extra_context, now)
    return InviteLine(email=email, outcome=InviteOutcome.SENT, invitation=invitation, code=code)


def _send(
    session: Session,
    hooks: Hooks,
    organization: Organization,
    invitation: Invitation,
    code: str,
    kind: MessageKind,
    extra_context: Mapping[str, str] | None,
    now: datetime,
) -> None:
    # A message not delivered yet carries the previous code, dead now: replace it.
    outbox_repo.cancel_for_invitation(session, invitation.id)
    context = {
        "organization_name": organization.name,
        "invitation_link": paths.invitation_link(hooks.settings.base_url, invitation.id, code),
        "role": (invitation.role.label if invitation.role else ""),
        **(extra_context or {}),
    }
    request = MessageRequest(kind=kind, recipient=invitation.email, context=context)
    outbox.enqueue(session, hooks, request, invitation_id=invitation.id, now=now)


def _own_pending(session: Session, organization_id: int, invitation_id: int) -> Invitation:
    invitation = invitations_repo.get(session, invitation_id)
    if invitation is None or invitation.organization_id != organization_id:
        raise NotFoundError(NOT_FOUND)
    return invitation


def resend_invitation(
    session: Session,
    hooks: Hooks,
    context: OrgaContext,
    *,
    invitation_id: int,
    now: datetime | None = None,
) -> InviteLine:
    """« Renvoyer l'invitation »: administrators only, pending only, throttled.

    The invitation gets a new code (only hashes are stored, so the old one cannot be sent
    again): the link sent before stops working. An administrator invitation gets 7 new days.
    The line carries the new code, so that the page can give the link to copy while the e-mail
    has not gone.
    """
    require(context, Action.RESEND_INVITATION)
    now = now or datetime.now(UTC)
    organization = context.organization
    invitation = _own_pending(session, organization.id, invitation_id)
    if not invitation.is_pending:
        msg = "Cette invitation a déjà été acceptée ou annulée : elle ne peut plus être renvoyée."
        raise InvalidInputError(msg)
    if not invitation.can_be_resent(now):
        msg = (
            f"L'invitation à {invitation.email} vient d'être envoyée ; attendez une minute avant "
            "de la renvoyer."
        )
        raise TooSoonError(msg)
    code = new_code()
    renewed = invitations_repo.renew_code(
        session,
        invitation.id,
        code_hash=hash_code(code),
        now=now,
        expires_at=expiry_for(invitation.role, now),
    )
    kind = (
        MessageKind.SCO_ADMIN_INVITATION
        if invitation.role is Role.ADMIN
        else MessageKind.ORGANIZATION_INVITATION
    )
    _send(session, hooks, organization, renewed, code, kind, None, now)
    return InviteLine(
        email=renewed.email, outcome=InviteOutcome.RESENT, invitation=renewed, code=code
    )


def cancel_invitation(
    session: Session,
    context: OrgaContext,
    *,
    invitation_id: int,
    now: datetime | None = None,
) -> Invitation:
    """« Annuler l'invitation »: administrators only, pending only; its unsent e-mail is dropped."""
    require(context, Action.CANCEL_INVITATION)
    now = now or datetime.now(UTC)
    invitation = _own_pending(session, context.organization.id, invitation_id)
    if not invitations_repo.change_status_if_pending(
        session, invitation.id, InvitationStatus.CANCELLED, now
    ):
        msg = "Cette invitation a déjà été acceptée ou annulée : elle ne peut plus être annulée."
        raise InvalidInputError(msg)
    outbox_repo.cancel_for_invitation(session, invitation.id)
    return attrs.evolve(invitation, status=InvitationStatus.CANCELLED, updated_at=now)


def open_invitation(
    session: Session, invitation_id: int, code: str, *, now: datetime | None = None
) -> InvitationView:
    """What the invitation link shows, no login needed.

    :raises InvitationNotFoundError: unknown id, or a code that does not match (the two are not
        told apart, so codes cannot be guessed one invitation at a time). The code's hash is
        compared in constant time.
    :raises InvitationAlreadyUsedError: accepted already (a link works once).
    :raises InvitationCancelledError: cancelled by an administrator.
    :raises InvitationExpiredError: an administrator invitation older than 7 days.
    :raises InvitationError: the organization is archived.
    """
    code = code.strip().upper()
    invitation = invitations_repo.get(session, invitation_id) if looks_like_code(code) else None
    if invitation is None or not invitation.matches(code):
        raise InvitationNotFoundError
    if invitation.status is InvitationStatus.CANCELLED:
        raise InvitationCancelledError
    if invitation.status is InvitationStatus.ACCEPTED:
        raise InvitationAlreadyUsedError
    if invitation.is_expired(now or datetime.now(UTC)):
        raise InvitationExpiredError
    organization = organizations_repo.get(session, invitation.organization_id)
    if organization.is_archived:
        raise InvitationError(ARCHIVED)
    return InvitationView(invitation=invitation, organization_name=organization.name)


def accept_invitation(
    session: Session,
    *,
    invitation_id: int,
    code: str,
    user_id: int,
    now: datetime | None = None,
) -> Membership:
    """Accept an invitation as ``user_id`` (whatever their e-mail address) and join.

    The role is the invitation's; without one, administrator if the organization has no active
    member yet, member otherwise. An existing member invited with a role gets that role. The
    organization becomes the user's current one.
    """
    now = now or datetime.now(UTC)
    view = open_invitation(session, invitation_id, code, now=now)
    invitation = view.invitation
    organizations_repo.lock(session, invitation.organization_id)
    if not invitations_repo.change_status_if_pending(
        session, invitation.id, InvitationStatus.ACCEPTED, now
    ):
        open_invitation(session, invitation_id, code, now=now)  # raises the up-to-date reason
        raise InvitationAlreadyUsedError  # pragma: no cover - the line above raises
    existing = memberships_repo.find_active(session, invitation.organization_id, user_id)
    if existing is not None and invitation.role is None:
        membership = existing
    else:
        role = invitation.role or (
            Role.ADMIN
            if memberships_repo.count_active(session, invitation.organization_id) == 0
            else Role.MEMBER
        )
        membership = memberships_repo.upsert(
            session, organization_id=invitation.organization_id, user_id=user_id, role=role, now=now
        )
    memberships_repo.set_current_organization_id(session, user_id, invitation.organization_id)
    # Its e-mail, if still waiting (SMTP down), would go out late with a used link.
    outbox_repo.cancel_for_invitation(session, invitation.id)
    return membership

"""What the « Invitations » tab of the team page reads: the pending invitations with the role
they grant, who asked and where their e-mail stands; one invitation for the page asking to
confirm its cancellation; the e-mail states of invitations just sent (read after the commit).
The changes (invite, resend, cancel, accept) are in :mod:`pixorga_core.services.invitations`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from pixorga_core.access import Action, require
from pixorga_core.domain.invitations import Invitation, InvitationView, MailState
from pixorga_core.errors import InvalidInputError, NotFoundError
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import invitations as invitations_repo
from pixorga_core.storage.repositories import outbox as outbox_repo
from pixorga_core.storage.repositories import users as users_repo

NOT_FOUND = "Cette invitation est introuvable."
NOT_PENDING = "Cette invitation a déjà été acceptée ou annulée : elle ne peut plus être annulée."


def pending_invitations(
    session: Session, context: OrgaContext, *, now: datetime | None = None
) -> list[InvitationView]:
    """The « Invitations (n) » tab: administrators only, newest sending first; expired
    administrator invitations are left out (their links no longer work)."""
    require(context, Action.SEE_INVITATIONS)
    organization = context.organization
    invitations = invitations_repo.list_pending(session, organization.id, now or datetime.now(UTC))
    states = outbox_repo.invitation_mail_states(session, [i.id for i in invitations])
    inviters = users_repo.full_names(
        session, {i.invited_by_user_id for i in invitations if i.invited_by_user_id}
    )
    return [
        InvitationView(
            invitation=i,
            organization_name=organization.name,
            mail_state=states.get(i.id, MailState.NONE),
            invited_by_name=inviters.get(i.invited_by_user_id or 0),
        )
        for i in invitations
    ]


def pending_invitation(session: Session, context: OrgaContext, *, invitation_id: int) -> Invitation:
    """One pending invitation of the school, for the page asking to confirm « Annuler
    l'invitation » (administrators only)."""
    require(context, Action.CANCEL_INVITATION)
    invitation = invitations_repo.get(session, invitation_id)
    if invitation is None or invitation.organization_id != context.organization.id:
        raise NotFoundError(NOT_FOUND)
    if not invitation.is_pending:
        raise InvalidInputError(NOT_PENDING)
    return invitation


def invitation_email(session: Session, context: OrgaContext, *, invitation_id: int) -> str | None:
    """The address of one of the school's invitations, whatever its state (for the notice
    after cancelling it); None for an invitation of another school."""
    require(context, Action.SEE_INVITATIONS)
    invitation = invitations_repo.get(session, invitation_id)
    if invitation is None or invitation.organization_id != context.organization.id:
        return None
    return invitation.email


def mail_states(
    session: Session, context: OrgaContext, invitation_ids: list[int]
) -> dict[int, MailState]:
    """Where the latest e-mail of each of ``invitation_ids`` (invitations the request just
    sent) stands, read after the commit that queued them, once their first delivery was
    tried."""
    require(context, Action.SEE_INVITATIONS)
    states = outbox_repo.invitation_mail_states(session, invitation_ids)
    return {i: states.get(i, MailState.NONE) for i in invitation_ids}

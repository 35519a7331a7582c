"""Invitations to join an organization."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from pixorga_core.domain.memberships import Role


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

"""Memberships: who belongs to which organization, with which role."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs


class Role(enum.StrEnum):
    """Role of a member in an organization (pix-rules §2)."""

    ADMIN = "ADMIN"
    MEMBER = "MEMBER"

    @property
    def label(self) -> str:
        return {"ADMIN": "Administrateur", "MEMBER": "Membre"}[self.value]


@attrs.frozen(kw_only=True)
class Membership:
    """A user's membership of an organization; removal is a soft delete (``disabled_at``)."""

    id: int
    organization_id: int
    user_id: int
    role: Role
    disabled_at: datetime | None
    created_at: datetime
    updated_by_user_id: int | None = None

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role is Role.ADMIN

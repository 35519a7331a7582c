"""Team management ("Équipe"): members, roles, removal, leaving — with the rights of pix-rules §2.

Rights are checked here, in the services, from the actor's *current* membership, whatever page
or command calls them:

=============================================  ==============  ==========
Action                                         Administrateur  Membre
=============================================  ==============  ==========
See the members                                yes             yes
See, invite, resend, cancel invitations        yes             no
Change a role, remove a member                 yes             no
Leave the organization                         yes, if another administrator remains
=============================================  ==============  ==========

Beyond the reference system, an organization is never left without an active administrator:
demoting, removing or leaving as the last one is refused (:class:`LastAdministratorError`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.organizations import Organization
from pixorga_core.domain.pages import Page, clamp_page, first_index
from pixorga_core.domain.users import User
from pixorga_core.errors import LastAdministratorError, NotFoundError, PermissionDeniedError
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo

MEMBERS_PER_PAGE = 20
NOT_LOGGED_IN = "Vous devez être connecté pour effectuer cette action."
NOT_A_MEMBER = "Vous n'êtes pas membre de cet établissement."
ADMINS_ONLY = "Seuls les administrateurs de l'espace peuvent effectuer cette action."
ARCHIVED = "Cet espace Pix Orga est archivé."
MEMBER_NOT_FOUND = "Ce membre est introuvable dans l'équipe."
LAST_ADMIN_DEMOTE = (
    "Cet espace doit toujours avoir au moins un administrateur : nommez d'abord un autre "
    "administrateur avant de retirer ce rôle."
)
LAST_ADMIN_REMOVE = (
    "Cet espace doit toujours avoir au moins un administrateur : nommez d'abord un autre "
    "administrateur avant de supprimer celui-ci."
)
LAST_ADMIN_LEAVE = (
    "Vous êtes le dernier administrateur de cet espace : nommez d'abord un autre administrateur "
    "avant de le quitter."
)
LEAVE_ADMINS_ONLY = (
    "Seuls les administrateurs peuvent quitter l'espace eux-mêmes ; demandez à un administrateur "
    "de vous retirer de l'équipe."
)


def require_member(
    session: Session, actor_id: int | None, organization_id: int
) -> tuple[Membership, Organization]:
    """The actor's active membership of a non-archived organization, else PermissionDenied."""
    if actor_id is None:
        raise PermissionDeniedError(NOT_LOGGED_IN)
    organization = organizations_repo.get(session, organization_id)
    membership = memberships_repo.find_active(session, organization_id, actor_id)
    if membership is None:
        raise PermissionDeniedError(NOT_A_MEMBER)
    if organization.is_archived:
        raise PermissionDeniedError(ARCHIVED)
    return membership, organization


def require_admin(
    session: Session, actor_id: int | None, organization_id: int, message: str = ADMINS_ONLY
) -> tuple[Membership, Organization]:
    """Like :func:`require_member`, and the actor must be an administrator."""
    membership, organization = require_member(session, actor_id, organization_id)
    if membership.role is not Role.ADMIN:
        raise PermissionDeniedError(message)
    return membership, organization


@attrs.frozen(kw_only=True)
class Member:
    user: User
    membership: Membership


def members_page(
    session: Session,
    *,
    actor_id: int | None,
    organization_id: int,
    page: int = 1,
    per_page: int = MEMBERS_PER_PAGE,
) -> Page[Member]:
    """One page of the active members (any member may see them), by last then first name."""
    require_member(session, actor_id, organization_id)
    total = memberships_repo.count_active(session, organization_id)
    number = clamp_page(page, per_page, total)
    rows = memberships_repo.page_active_members(
        session, organization_id, limit=per_page, offset=first_index(number, per_page)
    )
    return Page(
        items=tuple(Member(user=u, membership=m) for m, u in rows),
        number=number,
        size=per_page,
        total=total,
    )


def _target(session: Session, organization_id: int, membership_id: int) -> Membership:
    target = memberships_repo.get(session, membership_id)
    if target is None or target.organization_id != organization_id or not target.is_active:
        raise NotFoundError(MEMBER_NOT_FOUND)
    return target


def _other_admin_remains(session: Session, organization_id: int) -> bool:
    organizations_repo.lock(session, organization_id)  # count and change one at a time
    return memberships_repo.count_active_admins(session, organization_id) > 1


def change_role(
    session: Session,
    *,
    actor_id: int | None,
    organization_id: int,
    membership_id: int,
    role: Role,
    now: datetime | None = None,
) -> Membership:
    """« Modifier le rôle »: administrators only; the last administrator cannot be demoted."""
    require_admin(session, actor_id, organization_id)
    assert actor_id is not None
    target = _target(session, organization_id, membership_id)
    if target.role is role:
        return target
    if target.role is Role.ADMIN and not _other_admin_remains(session, organization_id):
        raise LastAdministratorError(LAST_ADMIN_DEMOTE)
    return memberships_repo.set_role(
        session, membership_id, role, by_user_id=actor_id, now=now or datetime.now(UTC)
    )


def remove_member(
    session: Session,
    *,
    actor_id: int | None,
    organization_id: int,
    membership_id: int,
    now: datetime | None = None,
) -> None:
    """« Supprimer »: administrators only (soft delete); never the last administrator."""
    require_admin(session, actor_id, organization_id)
    assert actor_id is not None
    target = _target(session, organization_id, membership_id)
    if target.role is Role.ADMIN and not _other_admin_remains(session, organization_id):
        raise LastAdministratorError(LAST_ADMIN_REMOVE)
    memberships_repo.disable(
        session, membership_id, by_user_id=actor_id, now=now or datetime.now(UTC)
    )


def leave(
    session: Session, *, actor_id: int | None, organization_id: int, now: datetime | None = None
) -> None:
    """« Quitter l'espace »: an administrator leaves, if another administrator remains."""
    membership, _ = require_admin(session, actor_id, organization_id, LEAVE_ADMINS_ONLY)
    assert actor_id is not None
    if not _other_admin_remains(session, organization_id):
        raise LastAdministratorError(LAST_ADMIN_LEAVE)
    memberships_repo.disable(
        session, membership.id, by_user_id=actor_id, now=now or datetime.now(UTC)
    )

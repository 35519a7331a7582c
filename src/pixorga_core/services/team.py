"""Team management ("Équipe"): members, roles, removal, unblocking, leaving — with the rights of
pix-rules §2.

Every use case receives the :class:`~pixorga_core.services.orga.OrgaContext` the app built for
the request and asks :func:`pixorga_core.access.require` first (the rights table is there).

Beyond the reference system, an organization is never left without an active administrator:
demoting, removing or leaving as the last one is refused (:class:`LastAdministratorError`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.access import Action, require
from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.pages import Page, clamp_page, first_index
from pixorga_core.domain.users import User
from pixorga_core.errors import LastAdministratorError, NotFoundError
from pixorga_core.services import accounts
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import users as users_repo

MEMBERS_PER_PAGE = 20
MEMBER_NOT_FOUND = "Ce membre est introuvable dans l'équipe."
ALREADY_REMOVED = (
    "{name} ne fait déjà plus partie de l'équipe : un autre administrateur l'a retiré(e)."
)
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


@attrs.frozen(kw_only=True)
class Member:
    user: User
    membership: Membership
    #: Whether the member's login is blocked (for good, or for a few minutes): « Débloquer ».
    login_blocked: bool = False
    #: The only active administrator: her role cannot change and she cannot leave (pages offer
    #: neither; the use cases refuse with :class:`LastAdministratorError`).
    is_last_admin: bool = False

    @property
    def full_name(self) -> str:
        return self.user.full_name


def members_page(
    session: Session,
    context: OrgaContext,
    *,
    page: int = 1,
    per_page: int = MEMBERS_PER_PAGE,
    now: datetime | None = None,
) -> Page[Member]:
    """One page of the active members (any member may see them), by last then first name."""
    require(context, Action.SEE_MEMBERS)
    organization_id = context.organization.id
    total = memberships_repo.count_active(session, organization_id)
    number = clamp_page(page, per_page, total)
    rows = memberships_repo.page_active_members(
        session, organization_id, limit=per_page, offset=first_index(number, per_page)
    )
    blocked = users_repo.blocked_user_ids(
        session, (u.id for _, u in rows), now or datetime.now(UTC)
    )
    sole_admin = memberships_repo.count_active_admins(session, organization_id) == 1
    return Page(
        items=tuple(
            Member(
                user=u,
                membership=m,
                login_blocked=u.id in blocked,
                is_last_admin=sole_admin and m.role is Role.ADMIN,
            )
            for m, u in rows
        ),
        number=number,
        size=per_page,
        total=total,
    )


def _target(session: Session, organization_id: int, membership_id: int) -> Membership:
    target = memberships_repo.get(session, membership_id)
    if target is None or target.organization_id != organization_id:
        raise NotFoundError(MEMBER_NOT_FOUND)
    if not target.is_active:
        raise _already_removed(session, target)
    return target


def _already_removed(session: Session, target: Membership) -> NotFoundError:
    name = users_repo.get(session, target.user_id).full_name
    return NotFoundError(ALREADY_REMOVED.format(name=name))


def member(session: Session, context: OrgaContext, *, membership_id: int) -> Member:
    """One active member, for the page asking to confirm « Supprimer » (administrators only)."""
    require(context, Action.REMOVE_MEMBER)
    target = _target(session, context.organization.id, membership_id)
    return Member(user=users_repo.get(session, target.user_id), membership=target)


def _other_admin_remains(session: Session, organization_id: int) -> bool:
    organizations_repo.lock(session, organization_id)  # count and change one at a time
    return memberships_repo.count_active_admins(session, organization_id) > 1


def change_role(
    session: Session,
    context: OrgaContext,
    *,
    membership_id: int,
    role: Role,
    now: datetime | None = None,
) -> Membership:
    """« Modifier le rôle »: administrators only; the last administrator cannot be demoted."""
    require(context, Action.CHANGE_ROLE)
    actor_id, organization_id = context.user.id, context.organization.id
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
    context: OrgaContext,
    *,
    membership_id: int,
    now: datetime | None = None,
) -> User:
    """« Supprimer »: administrators only (soft delete); never the last administrator.

    Returns the removed user (the page names them). Of two administrators removing the same
    member at once, one succeeds and the other gets :class:`NotFoundError` saying the member was
    already removed (the UPDATE is conditional). A member removed from their last school is
    logged out everywhere (:func:`~pixorga_core.services.accounts.end_all_sessions`).
    """
    require(context, Action.REMOVE_MEMBER)
    actor_id, organization_id = context.user.id, context.organization.id
    target = _target(session, organization_id, membership_id)
    if target.role is Role.ADMIN and not _other_admin_remains(session, organization_id):
        raise LastAdministratorError(LAST_ADMIN_REMOVE)
    if not memberships_repo.disable(
        session, membership_id, by_user_id=actor_id, now=now or datetime.now(UTC)
    ):
        raise _already_removed(session, target)
    if not memberships_repo.list_active_for_user(session, target.user_id):
        accounts.end_all_sessions(session, target.user_id)
    return users_repo.get(session, target.user_id)


def unblock_member(session: Session, context: OrgaContext, *, membership_id: int) -> bool:
    """« Débloquer »: administrators lift the login block of a member of their school.

    Returns whether the member's login was blocked.
    """
    require(context, Action.UNBLOCK_MEMBER)
    target = _target(session, context.organization.id, membership_id)
    return accounts.unblock(session, target.user_id)


def member_name(session: Session, context: OrgaContext, *, membership_id: int) -> str | None:
    """The name of a member or former member of the school (for the notice after an action on
    them); None for a membership of another school."""
    require(context, Action.SEE_MEMBERS)
    target = memberships_repo.get(session, membership_id)
    if target is None or target.organization_id != context.organization.id:
        return None
    return users_repo.get(session, target.user_id).full_name


def leaving_refusal(session: Session, context: OrgaContext) -> str | None:
    """Why « Quitter l'espace » would be refused (the last administrator); None if it would not.

    For the page asking to confirm: it offers the button only when leaving can succeed.
    """
    require(context, Action.LEAVE)
    if memberships_repo.count_active_admins(session, context.organization.id) <= 1:
        return LAST_ADMIN_LEAVE
    return None


def leave(session: Session, context: OrgaContext, *, now: datetime | None = None) -> None:
    """« Quitter l'espace »: an administrator leaves, if another administrator remains."""
    require(context, Action.LEAVE)
    if not _other_admin_remains(session, context.organization.id):
        raise LastAdministratorError(LAST_ADMIN_LEAVE)
    memberships_repo.disable(
        session, context.membership.id, by_user_id=context.user.id, now=now or datetime.now(UTC)
    )

"""Access to Pix Orga: only active members of a non-archived organization get in.

The app's guard builds one :class:`OrgaContext` per request; every Orga use case receives it and
asks :mod:`pixorga_core.access` whether the action is allowed.
"""

from __future__ import annotations

import attrs
from sqlalchemy.orm import Session

from pixorga_core.access import NOT_A_MEMBER
from pixorga_core.domain.memberships import Membership
from pixorga_core.domain.organizations import Organization
from pixorga_core.domain.users import User
from pixorga_core.errors import OrgaAccessDeniedError, PermissionDeniedError
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import users as users_repo


@attrs.frozen(kw_only=True)
class OrgaContext:
    """Who is working, in which organization, with which role, and where else they could."""

    user: User
    organization: Organization
    membership: Membership
    organizations: tuple[Organization, ...]

    @property
    def is_admin(self) -> bool:
        return self.membership.is_admin

    @property
    def needs_terms(self) -> bool:
        return not self.user.pix_orga_terms_accepted


def _accessible(session: Session, user_id: int) -> list[tuple[Membership, Organization]]:
    memberships = memberships_repo.list_active_for_user(session, user_id)
    organizations = organizations_repo.get_many(session, [m.organization_id for m in memberships])
    return [
        (m, organizations[m.organization_id])
        for m in memberships
        if not organizations[m.organization_id].is_archived
    ]


def current_context(session: Session, user_id: int) -> OrgaContext:
    """The user's current organization (the last chosen, else the first).

    :raises OrgaAccessDeniedError: the user belongs to no active organization.
    """
    user = users_repo.get(session, user_id)
    accessible = _accessible(session, user_id)
    if not accessible:
        raise OrgaAccessDeniedError
    current_id = memberships_repo.get_current_organization_id(session, user_id)
    membership, organization = next(
        ((m, o) for m, o in accessible if o.id == current_id), accessible[0]
    )
    return OrgaContext(
        user=user,
        organization=organization,
        membership=membership,
        organizations=tuple(o for _, o in accessible),
    )


def context_for(session: Session, user_id: int, organization_id: int) -> OrgaContext:
    """The context for working in ``organization_id``.

    :raises OrgaAccessDeniedError: the user belongs to no active organization at all.
    :raises PermissionDeniedError: the user is not an active member of this one.
    """
    context = current_context(session, user_id)
    if context.organization.id == organization_id:
        return context
    accessible = _accessible(session, user_id)
    for membership, organization in accessible:
        if organization.id == organization_id:
            return attrs.evolve(context, organization=organization, membership=membership)
    raise PermissionDeniedError(NOT_A_MEMBER)


def member_context(session: Session, user_id: int, organization_id: int) -> OrgaContext | None:
    """The context of ``user_id`` in ``organization_id`` when they are an active member of it
    (and it is not archived), else None: for a public page that offers members more, such as
    « Tester la campagne » on a campaign's landing page (which then asks ``allowed``)."""
    try:
        return context_for(session, user_id, organization_id)
    except PermissionDeniedError:  # OrgaAccessDeniedError included
        return None


def choose_organization(session: Session, user_id: int, organization_id: int) -> OrgaContext:
    """Make ``organization_id`` the user's current organization (they must be a member)."""
    context = context_for(session, user_id, organization_id)
    memberships_repo.set_current_organization_id(session, user_id, organization_id)
    return context


def accept_terms(session: Session, user_id: int) -> None:
    """Record that the user accepted the Pix Orga terms of use (asked once, on first access)."""
    current_context(session, user_id)  # only members accept Orga terms
    users_repo.set_pix_orga_terms_accepted(session, user_id)

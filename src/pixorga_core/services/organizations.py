"""Creating organizations (schools)."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.organizations import (
    Organization,
    OrganizationType,
    is_valid_uai,
    normalize_uai,
)
from pixorga_core.emails import is_valid_email, normalize_email
from pixorga_core.errors import AlreadyExistsError, InvalidInputError
from pixorga_core.names import collapse_spaces
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import users as users_repo

MAX_NAME_LENGTH = 255


@attrs.frozen(kw_only=True)
class NewOrganization:
    name: str
    uai: str
    email: str | None
    type: OrganizationType = OrganizationType.SCO
    is_managing_students: bool = True
    identity_provider: str | None = None


def create_organization(
    session: Session, new: NewOrganization, *, now: datetime | None = None
) -> Organization:
    """Create a school after checking its name, UAI (with its check letter) and contact e-mail.

    :raises InvalidInputError: one French message per wrong field.
    :raises AlreadyExistsError: a non-archived organization already has this UAI.
    """
    now = now or datetime.now(UTC)
    name = collapse_spaces(new.name)
    uai = normalize_uai(new.uai)
    email = normalize_email(new.email) if new.email else None
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Le nom de l'établissement n'est pas renseigné."
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = "Le nom de l'établissement ne doit pas dépasser 255 caractères."
    if not is_valid_uai(uai):
        errors["uai"] = (
            f"L'UAI « {uai} » n'est pas valide : il faut 7 chiffres suivis de la lettre clé "
            "(par exemple 0752387M)."
        )
    if email is not None and not is_valid_email(email):
        errors["email"] = f"L'adresse e-mail « {email} » n'est pas valide."
    if errors:
        raise InvalidInputError(field_errors=errors)
    if any(not o.is_archived for o in organizations_repo.find_by_uai(session, uai)):
        msg = f"Un établissement avec l'UAI {uai} existe déjà."
        raise AlreadyExistsError(msg)
    return organizations_repo.add(
        session,
        name=name,
        type=new.type,
        uai=uai,
        email=email,
        is_managing_students=new.is_managing_students,
        identity_provider=new.identity_provider,
        now=now,
    )


def add_member(
    session: Session,
    organization_id: int,
    user_id: int,
    role: Role,
    *,
    by_user_id: int | None = None,
    now: datetime | None = None,
) -> Membership:
    """Make ``user_id`` an active member (for operators and the demo; teams use invitations)."""
    organizations_repo.get(session, organization_id)
    users_repo.get(session, user_id)
    return memberships_repo.upsert(
        session,
        organization_id=organization_id,
        user_id=user_id,
        role=role,
        now=now or datetime.now(UTC),
        updated_by_user_id=by_user_id,
    )

"""Rows with sensible defaults for database tests: :class:`Factories`, the ``factories`` fixture."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import attrs
from sqlalchemy.orm import Session

from pixorga_core.domain.learners import LearnerRecord, OrganizationLearner, Sex
from pixorga_core.domain.memberships import Membership, Role
from pixorga_core.domain.organizations import CHECK_ALPHABET, Organization, OrganizationType
from pixorga_core.domain.users import User
from pixorga_core.services import passwords
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories import memberships as memberships_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import users as users_repo

__all__ = ["TEST_PASSWORD", "Factories", "valid_uai"]

TEST_PASSWORD = "Azerty123"  # noqa: S105 - test accounts only


def valid_uai(number: int) -> str:
    """A UAI with a correct check letter, in Paris (075), built from ``number``."""
    body = f"075{number % 10000:04d}"
    return body + CHECK_ALPHABET[int(body) % 23]


@attrs.define
class Factories:
    """Create rows with sensible defaults, straight through the repositories."""

    session: Session
    now: datetime = attrs.field(factory=lambda: datetime.now(UTC))
    _seq: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1))

    def organization(self, **overrides: Any) -> Organization:
        n = next(self._seq)
        values: dict[str, Any] = {
            "name": f"Collège numéro {n}",
            "type": OrganizationType.SCO,
            "uai": valid_uai(n),
            "email": f"ce.{n}@ecole.test",
            "is_managing_students": True,
            "identity_provider": None,
            "now": self.now,
        }
        values.update(overrides)
        return organizations_repo.add(self.session, **values)

    def user(
        self,
        *,
        password: str | None = TEST_PASSWORD,
        pix_orga_terms_accepted: bool = False,
        **overrides: Any,
    ) -> User:
        n = next(self._seq)
        values: dict[str, Any] = {
            "first_name": "Camille",
            "last_name": f"Durand{n}",
            "email": f"camille.durand{n}@ecole.test",
            "username": None,
            "cgu_accepted": True,
            "now": self.now,
        }
        values.update(overrides)
        user = users_repo.add(self.session, **values)
        if pix_orga_terms_accepted:
            users_repo.set_pix_orga_terms_accepted(self.session, user.id)
            user = users_repo.get(self.session, user.id)
        if password is not None:
            users_repo.add_password_method(
                self.session,
                user_id=user.id,
                password_hash=passwords.hash_password(password),
                must_change_password=False,
                now=self.now,
            )
        return user

    def membership(
        self, organization: Organization, user: User, role: Role = Role.MEMBER
    ) -> Membership:
        return memberships_repo.upsert(
            self.session, organization_id=organization.id, user_id=user.id, role=role, now=self.now
        )

    def learner(self, organization: Organization, **overrides: Any) -> OrganizationLearner:
        n = next(self._seq)
        values: dict[str, Any] = {
            "national_student_id": f"{n:09d}AA",
            "first_name": "Léa",
            "last_name": f"Moreau{n}",
            "sex": Sex.FEMALE,
            "birthdate": date(2011, 3, 14),
            "division": "6A",
        }
        values.update(overrides)
        is_disabled = bool(values.pop("is_disabled", False))
        user_id = values.pop("user_id", None)
        return learners_repo.add(
            self.session,
            organization_id=organization.id,
            record=LearnerRecord(**values),
            now=self.now,
            is_disabled=is_disabled,
            user_id=user_id,
        )

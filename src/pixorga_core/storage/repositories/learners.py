"""Organization learners (imported pupils)."""

from __future__ import annotations

from datetime import date, datetime

import attrs
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.learners import LearnerRecord, OrganizationLearner, Sex
from pixorga_core.storage.models import OrganizationLearnerRow

#: The pupil fields, in the order of :class:`LearnerRecord` (read from the class, never copied).
RECORD_FIELDS = tuple(f.name for f in attrs.fields(LearnerRecord))

#: What the pupil list sorts and filters on: id, first name, last name, preferred last name,
#: birthdate, division.
ListingRow = tuple[int, str, str, str | None, date | None, str | None]


def to_domain(row: OrganizationLearnerRow) -> OrganizationLearner:
    return OrganizationLearner(
        id=row.id,
        organization_id=row.organization_id,
        national_student_id=row.national_student_id,
        first_name=row.first_name,
        middle_name=row.middle_name,
        third_name=row.third_name,
        last_name=row.last_name,
        preferred_last_name=row.preferred_last_name,
        sex=Sex(row.sex) if row.sex else None,
        birthdate=row.birthdate,
        birth_city=row.birth_city,
        birth_city_code=row.birth_city_code,
        birth_province_code=row.birth_province_code,
        birth_country_code=row.birth_country_code,
        status=row.status,
        mef_code=row.mef_code,
        division=row.division,
        is_disabled=row.is_disabled,
        user_id=row.user_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def add(
    session: Session,
    *,
    organization_id: int,
    record: LearnerRecord,
    now: datetime,
    is_disabled: bool = False,
    user_id: int | None = None,
) -> OrganizationLearner:
    values = {name: getattr(record, name) for name in RECORD_FIELDS}
    values["sex"] = record.sex.value if record.sex else None
    row = OrganizationLearnerRow(
        organization_id=organization_id,
        created_at=now,
        updated_at=now,
        is_disabled=is_disabled,
        user_id=user_id,
        **values,
    )
    session.add(row)
    session.flush()
    return to_domain(row)


def list_enabled_by_birthdate(
    session: Session, organization_id: int, birthdate: date
) -> list[OrganizationLearner]:
    """Candidates for identity matching: enabled learners of the organization born that day."""
    rows = session.scalars(
        select(OrganizationLearnerRow)
        .where(
            OrganizationLearnerRow.organization_id == organization_id,
            OrganizationLearnerRow.birthdate == birthdate,
            OrganizationLearnerRow.is_disabled.is_(False),
        )
        .order_by(OrganizationLearnerRow.id)
    )
    return [to_domain(r) for r in rows]


def find_by_national_student_id(
    session: Session, organization_id: int, national_student_id: str
) -> OrganizationLearner | None:
    row = session.scalars(
        select(OrganizationLearnerRow).where(
            OrganizationLearnerRow.organization_id == organization_id,
            OrganizationLearnerRow.national_student_id == national_student_id,
        )
    ).first()
    return to_domain(row) if row else None


def list_disabled_by_birthdate(
    session: Session, organization_id: int, birthdate: date
) -> list[OrganizationLearner]:
    """The disabled learners of the organization born that day (to tell a pupil who left that
    they can no longer join, rather than that they are unknown)."""
    rows = session.scalars(
        select(OrganizationLearnerRow)
        .where(
            OrganizationLearnerRow.organization_id == organization_id,
            OrganizationLearnerRow.birthdate == birthdate,
            OrganizationLearnerRow.is_disabled.is_(True),
        )
        .order_by(OrganizationLearnerRow.id)
    )
    return [to_domain(r) for r in rows]


def list_for_user(
    session: Session, organization_id: int, user_id: int
) -> list[OrganizationLearner]:
    """The learners of the organization linked to the account ``user_id`` (disabled too)."""
    rows = session.scalars(
        select(OrganizationLearnerRow)
        .where(
            OrganizationLearnerRow.organization_id == organization_id,
            OrganizationLearnerRow.user_id == user_id,
        )
        .order_by(OrganizationLearnerRow.id)
    )
    return [to_domain(r) for r in rows]


def is_linked_anywhere(session: Session, user_id: int) -> bool:
    """Whether the account is linked to a pupil of any organization."""
    found = session.scalar(
        select(OrganizationLearnerRow.id).where(OrganizationLearnerRow.user_id == user_id).limit(1)
    )
    return found is not None


def lock(session: Session, learner_id: int) -> OrganizationLearner | None:
    """Read the learner with a row lock (PostgreSQL ``FOR UPDATE``), fresh from the database:
    two joins of one pupil at once are decided one after the other."""
    row = session.scalars(
        select(OrganizationLearnerRow)
        .where(OrganizationLearnerRow.id == learner_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    return to_domain(row) if row else None


def link_user(session: Session, learner_id: int, user_id: int, *, now: datetime) -> bool:
    """Link the account to the learner if no account is linked yet; False when one already is."""
    result = session.execute(
        update(OrganizationLearnerRow)
        .where(OrganizationLearnerRow.id == learner_id, OrganizationLearnerRow.user_id.is_(None))
        .values(user_id=user_id, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0)) == 1


def get_many(session: Session, ids: list[int]) -> list[OrganizationLearner]:
    """The learners with these ids (any order; unknown ids are left out)."""
    if not ids:
        return []
    rows = session.scalars(select(OrganizationLearnerRow).where(OrganizationLearnerRow.id.in_(ids)))
    return [to_domain(r) for r in rows]


def list_divisions(session: Session, organization_id: int) -> list[str]:
    """The distinct non-empty classes of the organization's enabled learners (any order)."""
    rows = session.scalars(
        select(OrganizationLearnerRow.division)
        .where(
            OrganizationLearnerRow.organization_id == organization_id,
            OrganizationLearnerRow.is_disabled.is_(False),
            OrganizationLearnerRow.division.is_not(None),
        )
        .distinct()
    )
    return [d for d in rows if d]


def list_for_listing(
    session: Session, organization_id: int, *, division: str | None = None
) -> list[ListingRow]:
    """A light projection of the enabled learners (of one class if ``division``), unordered."""
    row = OrganizationLearnerRow
    statement = select(
        row.id, row.first_name, row.last_name, row.preferred_last_name, row.birthdate, row.division
    ).where(row.organization_id == organization_id, row.is_disabled.is_(False))
    if division:
        statement = statement.where(row.division == division)
    return [tuple(r) for r in session.execute(statement)]  # type: ignore[misc]

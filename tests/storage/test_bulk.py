"""insert_rows: driver-level inserts with the same conversions SQLAlchemy applies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import cast

import pytest
from sqlalchemy import Table, select

from pixorga_core.domain.learners import Sex
from pixorga_core.storage.bulk import insert_rows
from pixorga_core.storage.models import OrganizationLearnerRow

LEARNERS = cast(Table, OrganizationLearnerRow.__table__)
PARIS_WINTER = timezone(timedelta(hours=1))
COLUMNS = ("national_student_id", "first_name", "last_name", "sex", "birthdate", "is_disabled")


def test_rows_read_back_as_the_orm_wrote_them(session, factories):
    school = factories.organization()
    now = datetime(2026, 1, 15, 9, 30, 5, 250000, tzinfo=PARIS_WINTER)
    rows = [
        ("123456789FJ", "Léa", "Œuvray", Sex.FEMALE, date(2011, 3, 14), False),
        ("223456789FJ", "Noé", "N'Diaye", Sex.MALE, date(2010, 12, 31), True),
        ("323456789FJ", "Inès", "Da Silva", None, None, False),
    ]
    insert_rows(
        session,
        LEARNERS,
        COLUMNS,
        iter(rows),
        constants={"organization_id": school.id, "created_at": now, "updated_at": now},
        chunk_size=2,
    )
    stored = session.scalars(
        select(OrganizationLearnerRow)
        .where(OrganizationLearnerRow.organization_id == school.id)
        .order_by(OrganizationLearnerRow.national_student_id)
    ).all()
    assert [
        (r.national_student_id, r.first_name, r.last_name, r.sex, r.birthdate, r.is_disabled)
        for r in stored
    ] == [
        (ine, first, last, sex and sex.value, born, off)
        for ine, first, last, sex, born, off in rows
    ]
    assert {r.created_at for r in stored} == {now.astimezone(UTC)}
    assert all(r.created_at.tzinfo is UTC for r in stored)


def test_nothing_is_inserted_for_no_rows(session, factories):
    school = factories.organization()
    insert_rows(session, LEARNERS, COLUMNS, [], constants={"organization_id": school.id})
    assert session.scalars(select(OrganizationLearnerRow)).all() == []


def test_a_naive_datetime_is_refused_as_by_the_orm(session, factories):
    school = factories.organization()
    with pytest.raises(ValueError, match="naive datetimes"):
        insert_rows(
            session,
            LEARNERS,
            COLUMNS,
            [("123456789FJ", "Léa", "Moreau", Sex.FEMALE, None, False)],
            constants={"organization_id": school.id, "created_at": datetime(2026, 1, 1)},
        )

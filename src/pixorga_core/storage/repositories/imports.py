"""The bulk side of importing pupils: the school's pupils as value tuples, and their writes.

A school file holds up to 100 000 pupils, so this repository works on plain tuples of the
:class:`~pixorga_core.domain.learners.LearnerRecord` fields, in :data:`RECORD_FIELDS` order (the
order of the attrs class itself, never copied by hand), and writes with Core statements: one
``executemany`` per chunk, inserts through :func:`~pixorga_core.storage.bulk.insert_rows`. The
ORM's bulk insert would split a chunk into one statement per pattern of NULL columns, tens of
thousands for a school.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar, cast

import attrs
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.imports import ImportCounts, ImportRecord, ImportStatus
from pixorga_core.domain.learners import LearnerRecord, Sex
from pixorga_core.storage.bulk import insert_rows
from pixorga_core.storage.models import OrganizationImportRow, OrganizationLearnerRow, UserRow
from pixorga_core.storage.repositories.learners import RECORD_FIELDS

__all__ = [
    "CHUNK_SIZE",
    "FIELD_LIMITS",
    "RECORD_FIELDS",
    "StoredLearner",
    "accounts_linked_to",
    "add_import",
    "disable",
    "history",
    "insert_learners",
    "learners_by_ine",
    "link_accounts",
    "pupils_of_users",
    "record_of",
    "record_values",
    "replace_values",
    "values_by_field",
]

#: Rows written (or looked up) per statement (pix-rules §3.4 uses 1 000 too).
CHUNK_SIZE = 1000

if RECORD_FIELDS[0] != "national_student_id":  # the key of a value tuple
    raise RuntimeError("LearnerRecord must start with national_student_id")

_LEARNERS = cast(Table, OrganizationLearnerRow.__table__)
_VALUES = operator.attrgetter(*RECORD_FIELDS)

#: The length limit of each pupil field that has one, from the table's columns.
FIELD_LIMITS: tuple[tuple[str, int], ...] = tuple(
    (name, length)
    for name in RECORD_FIELDS
    if (length := getattr(_LEARNERS.c[name].type, "length", None))
)


def record_values(record: LearnerRecord) -> tuple[Any, ...]:
    """The record's values in :data:`RECORD_FIELDS` order (tuples: cheap to compare).

    ``sex`` stays a :class:`Sex`, a ``str`` enum: equal to the stored ``"M"``/``"F"``.
    """
    values: tuple[Any, ...] = _VALUES(record)
    return values


def values_by_field(values: Sequence[Any]) -> dict[str, Any]:
    """A value tuple as a mapping of field names."""
    return dict(zip(RECORD_FIELDS, values, strict=True))


def record_of(values: Sequence[Any]) -> LearnerRecord:
    """The :class:`LearnerRecord` of a value tuple (built by keyword)."""
    fields = values_by_field(values)
    fields["sex"] = Sex(fields["sex"]) if fields["sex"] else None
    return LearnerRecord(**fields)


@attrs.frozen
class StoredLearner:
    """A pupil of the school as the comparison with a file needs it."""

    id: int
    values: tuple[Any, ...]
    is_disabled: bool
    user_id: int | None


def learners_by_ine(session: Session, organization_id: int) -> dict[str, StoredLearner]:
    """Every pupil of the organization (disabled ones included), by INE."""
    rows = session.execute(
        select(
            _LEARNERS.c.id,
            _LEARNERS.c.is_disabled,
            _LEARNERS.c.user_id,
            *(_LEARNERS.c[name] for name in RECORD_FIELDS),
        ).where(_LEARNERS.c.organization_id == organization_id)
    )
    existing: dict[str, StoredLearner] = {}
    for row_id, is_disabled, user_id, *values in rows:
        existing[values[0]] = StoredLearner(
            id=row_id, values=tuple(values), is_disabled=is_disabled, user_id=user_id
        )
    return existing


_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int = CHUNK_SIZE) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def accounts_linked_to(
    session: Session, ines: Sequence[str]
) -> dict[str, list[tuple[int, int, date | None]]]:
    """For each INE, the ``(user_id, organization_id, birthdate)`` of its pupils with an account,
    in any organization."""
    by_ine: dict[str, list[tuple[int, int, date | None]]] = defaultdict(list)
    for chunk in _chunks(ines):
        rows = session.execute(
            select(
                _LEARNERS.c.national_student_id,
                _LEARNERS.c.user_id,
                _LEARNERS.c.organization_id,
                _LEARNERS.c.birthdate,
            ).where(_LEARNERS.c.national_student_id.in_(chunk), _LEARNERS.c.user_id.is_not(None))
        )
        for ine, user_id, organization_id, birthdate in rows:
            if user_id is not None:
                by_ine[ine].append((user_id, organization_id, birthdate))
    return dict(by_ine)


def pupils_of_users(session: Session, user_ids: Iterable[int]) -> list[tuple[str, int, int]]:
    """The ``(ine, user_id, organization_id)`` of every pupil linked to one of ``user_ids``."""
    found: list[tuple[str, int, int]] = []
    for ids in _chunks(sorted(user_ids)):
        for ine, user_id, organization_id in session.execute(
            select(
                _LEARNERS.c.national_student_id,
                _LEARNERS.c.user_id,
                _LEARNERS.c.organization_id,
            ).where(_LEARNERS.c.user_id.in_(ids))
        ):
            if user_id is not None:
                found.append((ine, user_id, organization_id))
    return found


def disable(session: Session, ids: Sequence[int], *, now: datetime) -> None:
    """Disable the pupils with these ids."""
    for chunk in _chunks(ids):
        session.execute(
            update(_LEARNERS)
            .where(_LEARNERS.c.id.in_(chunk))
            .values(is_disabled=True, updated_at=now)
        )


def replace_values(
    session: Session, updates: Sequence[tuple[int, Sequence[Any]]], *, now: datetime
) -> None:
    """Give each pupil ``(id, values)`` these values, and enable it."""
    if not updates:
        return
    statement = (
        update(_LEARNERS)
        .where(_LEARNERS.c.id == bindparam("row_id"))
        .values({name: bindparam(name) for name in (*RECORD_FIELDS, "is_disabled", "updated_at")})
    )
    for chunk in _chunks(updates):
        session.execute(
            statement,
            [
                {"row_id": row_id, "is_disabled": False, "updated_at": now, **values_by_field(v)}
                for row_id, v in chunk
            ],
        )


def insert_learners(
    session: Session,
    organization_id: int,
    rows: Iterable[tuple[Any, ...]],
    *,
    now: datetime,
) -> None:
    """Insert enabled pupils: each row is a value tuple followed by its ``user_id`` (or None)."""
    insert_rows(
        session,
        _LEARNERS,
        (*RECORD_FIELDS, "user_id"),
        rows,
        constants={
            "organization_id": organization_id,
            "is_disabled": False,
            "created_at": now,
            "updated_at": now,
        },
    )


def link_accounts(
    session: Session, organization_id: int, links: Mapping[str, int], *, now: datetime
) -> None:
    """Link the organization's pupil of each INE to the user account."""
    for ine, user_id in links.items():
        session.execute(
            update(_LEARNERS)
            .where(
                _LEARNERS.c.organization_id == organization_id,
                _LEARNERS.c.national_student_id == ine,
            )
            .values(user_id=user_id, updated_at=now)
        )


def add_import(
    session: Session,
    *,
    organization_id: int,
    created_by_user_id: int | None,
    source: str,
    file_name: str | None,
    status: ImportStatus,
    counts: ImportCounts,
    warnings: int,
    now: datetime,
) -> None:
    """Record one import of the organization."""
    session.add(
        OrganizationImportRow(
            organization_id=organization_id,
            created_by_user_id=created_by_user_id,
            source=source,
            file_name=file_name,
            status=status.value,
            warnings=warnings,
            created_at=now,
            **attrs.asdict(counts),
        )
    )
    session.flush()


def history(session: Session, organization_id: int, *, limit: int = 10) -> list[ImportRecord]:
    """The organization's latest imports, newest first."""
    rows = session.execute(
        select(OrganizationImportRow, UserRow.first_name, UserRow.last_name)
        .outerjoin(UserRow, UserRow.id == OrganizationImportRow.created_by_user_id)
        .where(OrganizationImportRow.organization_id == organization_id)
        .order_by(OrganizationImportRow.created_at.desc(), OrganizationImportRow.id.desc())
        .limit(limit)
    )
    return [
        ImportRecord(
            id=r.id,
            organization_id=r.organization_id,
            created_by_user_id=r.created_by_user_id,
            source=r.source,
            file_name=r.file_name,
            status=ImportStatus(r.status),
            counts=ImportCounts(
                in_file=r.in_file,
                kept=r.kept,
                created=r.created,
                updated=r.updated,
                disabled=r.disabled,
                reenabled=r.reenabled,
                class_changes=r.class_changes,
            ),
            warnings=r.warnings,
            created_at=r.created_at,
            imported_by=f"{first} {last}" if first is not None else None,
        )
        for r, first, last in rows
    ]

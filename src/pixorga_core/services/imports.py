"""Importing pupils: read a school file, preview what it changes, commit it in one transaction.

Preview never writes. Commit disables the pupils absent from the file, updates the ones whose data
changed, creates the arrivals, re-enables returning pupils, links accounts that already exist
(pix-rules §3.4) and records the import; the caller's transaction makes it all-or-nothing.
Re-importing the same file changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO, TypeVar

import attrs
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pixorga_core.domain.imports import (
    AccountLink,
    ClassChange,
    Correction,
    ImportBatch,
    ImportCounts,
    ImportIssue,
    ImportPreview,
    ImportRecord,
    ImportReport,
    ImportStatus,
)
from pixorga_core.domain.learners import LearnerRecord, Sex
from pixorga_core.domain.organizations import Organization
from pixorga_core.errors import InvalidInputError, PermissionDeniedError
from pixorga_core.facade import Hooks
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.models import OrganizationImportRow, OrganizationLearnerRow

#: Rows written per statement (pix-rules §3.4 uses 1 000 too).
CHUNK_SIZE = 1000
#: Bytes read from the head of a file to choose its student source.
HEAD_SIZE = 4096

_RECORD_FIELDS = tuple(f.name for f in attrs.fields(LearnerRecord))
_IDENTITY_FIELDS = tuple(f for f in _RECORD_FIELDS if f not in {"national_student_id", "division"})

UNKNOWN_FILE_MESSAGE = (
    "Le fichier « {name} » n'est pas reconnu. Importez l'export SIECLE des élèves "
    "(ElevesSansAdresses.xml ou le fichier .zip téléchargé) ou un fichier CSV au bon format."
)


IMPORT_RIGHT_MESSAGE = (
    "Seuls les administrateurs de l'établissement peuvent importer la liste des élèves."
)
NOT_MANAGING_MESSAGE = (
    "Cet établissement ne gère pas de liste d'élèves : l'import n'est pas possible."
)


def require_import_right(context: OrgaContext) -> None:
    """Only administrators of a SCO organization that manages its pupils import (pix-rules §2).

    :raises PermissionDeniedError: with the French reason.
    """
    if not context.organization.is_sco_managing_students:
        raise PermissionDeniedError(NOT_MANAGING_MESSAGE)
    if not context.is_admin:
        raise PermissionDeniedError(IMPORT_RIGHT_MESSAGE)


def history(session: Session, organization_id: int, *, limit: int = 10) -> list[ImportRecord]:
    """The organization's latest imports, newest first."""
    rows = session.scalars(
        select(OrganizationImportRow)
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
        )
        for r in rows
    ]


def read_file(
    hooks: Hooks, stream: BinaryIO, filename: str, organization: Organization
) -> ImportBatch:
    """Read ``stream`` with the first registered student source that accepts its first bytes."""
    head = stream.read(HEAD_SIZE)
    stream.seek(0)
    source = hooks.student_sources().source_for(head, filename)
    if source is None:
        issue = ImportIssue(code="INVALID_FILE", message=UNKNOWN_FILE_MESSAGE.format(name=filename))
        return ImportBatch(source="unknown", errors=(issue,))
    return source.read(stream, organization)


def _row_values(record: LearnerRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in _RECORD_FIELDS}
    values["sex"] = record.sex.value if record.sex else None
    return values


def _record(values: dict[str, Any]) -> LearnerRecord:
    return LearnerRecord(**{**values, "sex": Sex(values["sex"]) if values["sex"] else None})


@attrs.frozen
class _Existing:
    id: int
    values: dict[str, Any]
    is_disabled: bool
    user_id: int | None


def _existing_learners(session: Session, organization_id: int) -> dict[str, _Existing]:
    columns = [getattr(OrganizationLearnerRow, name) for name in _RECORD_FIELDS]
    rows = session.execute(
        select(
            OrganizationLearnerRow.id,
            OrganizationLearnerRow.is_disabled,
            OrganizationLearnerRow.user_id,
            *columns,
        ).where(OrganizationLearnerRow.organization_id == organization_id)
    )
    existing: dict[str, _Existing] = {}
    for row in rows:
        values = {name: row._mapping[name] for name in _RECORD_FIELDS}
        existing[values["national_student_id"]] = _Existing(
            id=row.id, values=values, is_disabled=row.is_disabled, user_id=row.user_id
        )
    return existing


_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int = CHUNK_SIZE) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@attrs.define
class _Plan:
    preview: ImportPreview
    inserts: list[dict[str, Any]]
    updates: list[dict[str, Any]]
    disable_ids: list[int]


def _plan(session: Session, organization: Organization, batch: ImportBatch) -> _Plan:
    existing = _existing_learners(session, organization.id)
    in_file = {r.national_student_id for r in batch.records}
    arrivals: list[LearnerRecord] = []
    reenabled: list[LearnerRecord] = []
    class_changes: list[ClassChange] = []
    corrections: list[Correction] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for record in batch.records:
        values = _row_values(record)
        current = existing.get(record.national_student_id)
        if current is None:
            arrivals.append(record)
            inserts.append(values)
            continue
        changed = [name for name in _RECORD_FIELDS if current.values[name] != values[name]]
        if not changed and not current.is_disabled:
            continue
        if current.is_disabled:
            reenabled.append(record)
        if "division" in changed:
            class_changes.append(
                ClassChange(
                    national_student_id=record.national_student_id,
                    first_name=record.first_name,
                    last_name=record.last_name,
                    old_division=current.values["division"],
                    new_division=record.division,
                )
            )
        identity = tuple(name for name in changed if name in _IDENTITY_FIELDS)
        if identity:
            corrections.append(
                Correction(national_student_id=record.national_student_id, fields=identity)
            )
        updates.append({"id": current.id, "is_disabled": False, **values})
    to_disable = [
        (ine, e) for ine, e in existing.items() if not e.is_disabled and ine not in in_file
    ]
    links = _account_links(session, organization, batch.records, existing)
    updated = len(updates) - len(reenabled)
    counts = ImportCounts(
        in_file=batch.in_file,
        kept=len(batch.records),
        created=len(arrivals),
        updated=updated,
        disabled=len(to_disable),
        reenabled=len(reenabled),
        class_changes=len(class_changes),
    )
    preview = ImportPreview(
        organization_id=organization.id,
        source=batch.source,
        errors=batch.errors,
        warnings=batch.warnings,
        counts=counts,
        arrivals=tuple(arrivals),
        to_disable=tuple(_record(e.values) for _, e in to_disable),
        reenabled=tuple(reenabled),
        class_changes=tuple(class_changes),
        corrections=tuple(corrections),
        account_links=tuple(links),
    )
    return _Plan(
        preview=preview,
        inserts=inserts,
        updates=updates,
        disable_ids=[e.id for _, e in to_disable],
    )


def _account_links(
    session: Session,
    organization: Organization,
    records: Sequence[LearnerRecord],
    existing: dict[str, _Existing],
) -> list[AccountLink]:
    """Accounts to link automatically (pix-rules §3.4).

    A user already linked to a learner with the same INE (in any organization) is linked to the
    imported pupil when: the user is not linked to several different INEs; the user is not
    already linked in this organization to another INE; and it is this organization, or the
    birthdates are identical. A user two rows of the file would share is not linked.
    """
    wanted = [
        r
        for r in records
        if existing.get(r.national_student_id) is None
        or existing[r.national_student_id].user_id is None
    ]
    if not wanted:
        return []
    by_ine: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
    for chunk in _chunks([r.national_student_id for r in wanted]):
        rows = session.execute(
            select(
                OrganizationLearnerRow.national_student_id,
                OrganizationLearnerRow.user_id,
                OrganizationLearnerRow.organization_id,
                OrganizationLearnerRow.birthdate,
            ).where(
                OrganizationLearnerRow.national_student_id.in_(chunk),
                OrganizationLearnerRow.user_id.is_not(None),
            )
        )
        for ine, user_id, organization_id, birthdate in rows:
            if user_id is not None:
                by_ine[ine].append((user_id, organization_id, birthdate))
    if not by_ine:
        return []
    user_ids = {u for links in by_ine.values() for u, _, _ in links}
    ines_of_user: dict[int, set[str]] = defaultdict(set)
    ine_in_this_org: dict[int, set[str]] = defaultdict(set)
    for ids in _chunks(sorted(user_ids)):
        for ine, user_id, organization_id in session.execute(
            select(
                OrganizationLearnerRow.national_student_id,
                OrganizationLearnerRow.user_id,
                OrganizationLearnerRow.organization_id,
            ).where(OrganizationLearnerRow.user_id.in_(ids))
        ):
            if user_id is None:
                continue
            ines_of_user[user_id].add(ine)
            if organization_id == organization.id:
                ine_in_this_org[user_id].add(ine)
    proposals: list[AccountLink] = []
    for record in wanted:
        for user_id, organization_id, birthdate in by_ine.get(record.national_student_id, []):
            if len(ines_of_user[user_id]) > 1:
                continue
            if ine_in_this_org[user_id] - {record.national_student_id}:
                continue
            if organization_id != organization.id and birthdate != record.birthdate:
                continue
            proposals.append(
                AccountLink(national_student_id=record.national_student_id, user_id=user_id)
            )
            break
    shared = Counter(p.user_id for p in proposals)
    return [p for p in proposals if shared[p.user_id] == 1]


def preview_import(
    session: Session, organization: Organization, batch: ImportBatch
) -> ImportPreview:
    """What importing ``batch`` would change; reads only."""
    return _plan(session, organization, batch).preview


def commit_import(
    session: Session,
    hooks: Hooks,
    organization: Organization,
    batch: ImportBatch,
    *,
    imported_by_user_id: int | None,
    file_name: str | None,
    now: datetime | None = None,
) -> ImportReport:
    """Apply ``batch`` to the organization's pupils; nothing is written when it has errors.

    :raises InvalidInputError: the batch has blocking errors (the import is refused whole).
    """
    if batch.errors:
        msg = (
            f"Le fichier contient {len(batch.errors)} erreur(s) : l'import est refusé et aucun "
            "élève n'a été modifié."
        )
        raise InvalidInputError(msg, code="IMPORT_REJECTED")
    now = now or datetime.now(UTC)
    plan = _plan(session, organization, batch)
    for ids in _chunks(plan.disable_ids):
        session.execute(
            update(OrganizationLearnerRow)
            .where(OrganizationLearnerRow.id.in_(ids))
            .values(is_disabled=True, updated_at=now)
        )
    for chunk in _chunks(plan.updates):
        session.execute(
            update(OrganizationLearnerRow), [{**row, "updated_at": now} for row in chunk]
        )
    links = {link.national_student_id: link.user_id for link in plan.preview.account_links}
    for chunk in _chunks(plan.inserts):
        session.execute(
            insert(OrganizationLearnerRow),
            [
                {
                    **row,
                    "organization_id": organization.id,
                    "is_disabled": False,
                    "user_id": links.pop(row["national_student_id"], None),
                    "created_at": now,
                    "updated_at": now,
                }
                for row in chunk
            ],
        )
    for ine, user_id in links.items():  # existing pupils without an account yet
        session.execute(
            update(OrganizationLearnerRow)
            .where(
                OrganizationLearnerRow.organization_id == organization.id,
                OrganizationLearnerRow.national_student_id == ine,
            )
            .values(user_id=user_id, updated_at=now)
        )
    counts = plan.preview.counts
    session.add(
        OrganizationImportRow(
            organization_id=organization.id,
            created_by_user_id=imported_by_user_id,
            source=batch.source,
            file_name=file_name,
            status=ImportStatus.IMPORTED.value,
            warnings=len(batch.warnings),
            created_at=now,
            **attrs.asdict(counts),
        )
    )
    session.flush()
    report = ImportReport(
        organization_id=organization.id,
        source=batch.source,
        file_name=file_name,
        imported_by_user_id=imported_by_user_id,
        counts=counts,
        warnings=batch.warnings,
    )
    hooks.learners_imported(session, organization=organization, report=report)
    return report

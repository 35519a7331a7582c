"""Importing pupils: read a school file, preview what it changes, commit it in one transaction.

Preview never writes. Commit disables the pupils absent from the file, updates the ones whose data
changed, creates the arrivals, re-enables returning pupils, links accounts that already exist
(pix-rules §3.4) and records the import; the caller's transaction makes it all-or-nothing.
Re-importing the same file changes nothing.
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO, TypeVar, cast

import attrs
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from pixorga_core.access import Action, SystemContext, acting_user_id, require
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
from pixorga_core.errors import InvalidInputError
from pixorga_core.facade import Hooks
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.bulk import insert_rows
from pixorga_core.storage.models import OrganizationImportRow, OrganizationLearnerRow

#: Rows written per statement (pix-rules §3.4 uses 1 000 too).
CHUNK_SIZE = 1000
#: Bytes read from the head of a file to choose its student source.
HEAD_SIZE = 4096

# Core (not ORM) statements on the table: one executemany per chunk. The ORM's bulk insert
# splits a chunk into one statement per pattern of NULL columns, tens of thousands for a school.
_LEARNERS = cast(Table, OrganizationLearnerRow.__table__)
_RECORD_FIELDS = tuple(f.name for f in attrs.fields(LearnerRecord))
_IDENTITY_FIELDS = tuple(f for f in _RECORD_FIELDS if f not in {"national_student_id", "division"})

EMPTY_FILE_MESSAGE = "Le fichier « {name} » est vide."
NO_PUPIL_MESSAGE = "Le fichier « {name} » ne contient aucun élève à importer."
FIELD_TOO_LONG_MESSAGE = (
    "Élève d'INE {ine} : le champ « {field} » dépasse {limit} caractères. Corrigez la fiche de "
    "l'élève puis importez à nouveau le fichier."
)
#: French names of the pupil fields, for messages and pages.
FIELD_LABELS = {
    "national_student_id": "INE",
    "first_name": "Prénom",
    "middle_name": "Deuxième prénom",
    "third_name": "Troisième prénom",
    "last_name": "Nom de famille",
    "preferred_last_name": "Nom d'usage",
    "sex": "Sexe",
    "birthdate": "Date de naissance",
    "birth_city": "Commune de naissance",
    "birth_city_code": "Code commune de naissance",
    "birth_province_code": "Département de naissance",
    "birth_country_code": "Pays de naissance",
    "status": "Statut",
    "mef_code": "Code MEF",
    "division": "Classe",
}
_FIELD_LIMITS = tuple(
    (name, length)
    for name in FIELD_LABELS
    if (length := getattr(OrganizationLearnerRow.__table__.c[name].type, "length", None))
)

UNKNOWN_FILE_MESSAGE = (
    "Le fichier « {name} » n'est pas reconnu. Importez l'export SIECLE des élèves "
    "(ElevesSansAdresses.xml ou le fichier .zip téléchargé) ou un fichier CSV au bon format."
)


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
    if not head.strip():
        issue = ImportIssue(code="EMPTY", message=EMPTY_FILE_MESSAGE.format(name=filename))
        return ImportBatch(source="unknown", errors=(issue,))
    source = hooks.student_sources().source_for(head, filename)
    if source is None:
        issue = ImportIssue(code="INVALID_FILE", message=UNKNOWN_FILE_MESSAGE.format(name=filename))
        return ImportBatch(source="unknown", errors=(issue,))
    batch = source.read(stream, organization, filename)
    if not batch.records and not batch.errors:
        # Importing no pupil would disable every pupil of the school: never a valid file.
        issue = ImportIssue(code="EMPTY", message=NO_PUPIL_MESSAGE.format(name=filename))
        return attrs.evolve(batch, errors=(issue,))
    too_long = _length_issues(batch.records)
    if too_long:
        batch = attrs.evolve(batch, errors=(*batch.errors, *too_long))
    return batch


def _length_issues(records: Sequence[LearnerRecord]) -> list[ImportIssue]:
    """Values longer than their column, whatever the source (a safety net before the database)."""
    names = [name for name, _ in _FIELD_LIMITS]
    limits = [limit for _, limit in _FIELD_LIMITS]
    smallest = min(limits)
    values_of = operator.attrgetter(*names)
    issues = []
    for record in records:
        values = values_of(record)
        if all(value is None or len(value) <= smallest for value in values):
            continue  # the usual case, checked at C speed
        for name, limit, value in zip(names, limits, values, strict=True):
            if isinstance(value, str) and len(value) > limit:
                issues.append(
                    ImportIssue(
                        code="FIELD_MAX_LENGTH",
                        message=FIELD_TOO_LONG_MESSAGE.format(
                            ine=record.national_student_id, field=FIELD_LABELS[name], limit=limit
                        ),
                        national_student_id=record.national_student_id[:50],
                        field=name,
                    )
                )
    return issues


if _RECORD_FIELDS[0] != "national_student_id":  # the key of a row's value tuple
    raise RuntimeError("LearnerRecord must start with national_student_id")
_DIVISION_INDEX = _RECORD_FIELDS.index("division")


_VALUES = operator.attrgetter(*_RECORD_FIELDS)


def _row_values(record: LearnerRecord) -> tuple[Any, ...]:
    """The record's column values, in ``_RECORD_FIELDS`` order (tuples: cheap to compare).

    ``sex`` stays a :class:`Sex`, a ``str`` enum: equal to the stored ``"M"``/``"F"``.
    """
    values: tuple[Any, ...] = _VALUES(record)
    return values


def _as_dict(values: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(_RECORD_FIELDS, values, strict=True))


def _record(values: tuple[Any, ...]) -> LearnerRecord:
    fields = _as_dict(values)
    fields["sex"] = Sex(fields["sex"]) if fields["sex"] else None
    return LearnerRecord(**fields)


@attrs.frozen
class _Existing:
    id: int
    values: tuple[Any, ...]
    is_disabled: bool
    user_id: int | None


def _existing_learners(session: Session, organization_id: int) -> dict[str, _Existing]:
    rows = session.execute(
        select(
            _LEARNERS.c.id,
            _LEARNERS.c.is_disabled,
            _LEARNERS.c.user_id,
            *(_LEARNERS.c[name] for name in _RECORD_FIELDS),
        ).where(_LEARNERS.c.organization_id == organization_id)
    )
    existing: dict[str, _Existing] = {}
    for row_id, is_disabled, user_id, *values in rows:
        existing[values[0]] = _Existing(
            id=row_id, values=tuple(values), is_disabled=is_disabled, user_id=user_id
        )
    return existing


_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int = CHUNK_SIZE) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@attrs.frozen(eq=False)
class ImportPlan:
    """What committing a batch will write, computed once for the preview and the commit.

    Get it from :func:`plan_import`; it is valid in the transaction that computed it, as long as
    that transaction changes no pupil of the organization before :func:`commit_import`.
    """

    organization_id: int
    batch: ImportBatch = attrs.field(repr=False)
    preview: ImportPreview = attrs.field(repr=False)
    #: Rows to write, for :func:`commit_import` (not an interface).
    inserts: list[tuple[Any, ...]] = attrs.field(repr=False)
    updates: list[dict[str, Any]] = attrs.field(repr=False)
    disable_ids: list[int] = attrs.field(repr=False)


def plan_import(session: Session, organization: Organization, batch: ImportBatch) -> ImportPlan:
    """Compare ``batch`` with the organization's pupils; reads only.

    ``plan.preview`` is what :func:`preview_import` returns; pass the plan to
    :func:`commit_import` to commit without comparing again.
    """
    existing = _existing_learners(session, organization.id)
    in_file = {r.national_student_id for r in batch.records}
    arrivals: list[LearnerRecord] = []
    reenabled: list[LearnerRecord] = []
    class_changes: list[ClassChange] = []
    corrections: list[Correction] = []
    inserts: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    for record in batch.records:
        values = _row_values(record)
        current = existing.get(record.national_student_id)
        if current is None:
            arrivals.append(record)
            inserts.append(values)
            continue
        if values == current.values and not current.is_disabled:
            continue
        changed = [
            name
            for name, old, new in zip(_RECORD_FIELDS, current.values, values, strict=True)
            if old != new
        ]
        if current.is_disabled:
            reenabled.append(record)
        if "division" in changed:
            class_changes.append(
                ClassChange(
                    national_student_id=record.national_student_id,
                    first_name=record.first_name,
                    last_name=record.last_name,
                    old_division=current.values[_DIVISION_INDEX],
                    new_division=record.division,
                )
            )
        identity = tuple(name for name in changed if name in _IDENTITY_FIELDS)
        if identity:
            corrections.append(
                Correction(national_student_id=record.national_student_id, fields=identity)
            )
        updates.append({"row_id": current.id, "is_disabled": False, **_as_dict(values)})
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
    return ImportPlan(
        organization_id=organization.id,
        batch=batch,
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
    session: Session, context: OrgaContext | SystemContext, batch: ImportBatch
) -> ImportPreview:
    """What importing ``batch`` in the context's organization would change; reads only.

    :raises PermissionDeniedError: the context may not import (:data:`Action.IMPORT_LEARNERS`).
    """
    require(context, Action.IMPORT_LEARNERS)
    return plan_import(session, context.organization, batch).preview


def commit_import(
    session: Session,
    hooks: Hooks,
    context: OrgaContext | SystemContext,
    batch: ImportBatch,
    *,
    file_name: str | None,
    now: datetime | None = None,
    plan: ImportPlan | None = None,
) -> ImportReport:
    """Apply ``batch`` to the context's organization's pupils; nothing written if it has errors.

    The import is recorded as made by the context's user (none for a :class:`SystemContext`).
    ``plan``, from :func:`plan_import` earlier in the same transaction, saves comparing the
    batch with the pupils a second time.

    :raises PermissionDeniedError: the context may not import (:data:`Action.IMPORT_LEARNERS`).
    :raises InvalidInputError: the batch has blocking errors (the import is refused whole).
    :raises ValueError: ``plan`` was computed for another batch or organization.
    """
    require(context, Action.IMPORT_LEARNERS)
    organization = context.organization
    imported_by_user_id = acting_user_id(context)
    if batch.errors:
        msg = (
            f"Le fichier contient {len(batch.errors)} erreur(s) : l'import est refusé et aucun "
            "élève n'a été modifié."
        )
        raise InvalidInputError(msg, code="IMPORT_REJECTED")
    now = now or datetime.now(UTC)
    if plan is None:
        plan = plan_import(session, organization, batch)
    elif plan.batch is not batch or plan.organization_id != organization.id:
        msg = "the import plan was computed for another batch or organization"
        raise ValueError(msg)
    for ids in _chunks(plan.disable_ids):
        session.execute(
            update(OrganizationLearnerRow)
            .where(OrganizationLearnerRow.id.in_(ids))
            .values(is_disabled=True, updated_at=now)
        )
    if plan.updates:
        update_by_id = (
            update(_LEARNERS)
            .where(_LEARNERS.c.id == bindparam("row_id"))
            .values(
                {name: bindparam(name) for name in (*_RECORD_FIELDS, "is_disabled", "updated_at")}
            )
        )
        for chunk in _chunks(plan.updates):
            session.execute(
                update_by_id,
                [{**row, "updated_at": now} for row in chunk],
            )
    links = {link.national_student_id: link.user_id for link in plan.preview.account_links}
    if plan.inserts:
        insert_rows(
            session,
            _LEARNERS,
            (*_RECORD_FIELDS, "user_id"),
            ((*row, links.pop(row[0], None)) for row in plan.inserts),
            constants={
                "organization_id": organization.id,
                "is_disabled": False,
                "created_at": now,
                "updated_at": now,
            },
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

"""Importing pupils: read a school file, preview what it changes, commit it in one transaction.

Preview never writes. Commit disables the pupils absent from the file, updates the ones whose data
changed, creates the arrivals, re-enables returning pupils, links accounts that already exist
(pix-rules §3.4) and records the import; the caller's transaction makes it all-or-nothing.
Re-importing the same file changes nothing and records nothing (no history row, no event).
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO

import attrs
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
    IssueScope,
)
from pixorga_core.domain.learners import LearnerRecord
from pixorga_core.domain.organizations import Organization
from pixorga_core.errors import InvalidInputError
from pixorga_core.facade import Hooks
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import imports as imports_repo
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories.imports import (
    RECORD_FIELDS,
    StoredLearner,
    record_of,
    record_values,
)

#: Bytes read from the head of a file to choose its student source.
HEAD_SIZE = 4096

_IDENTITY_FIELDS = tuple(f for f in RECORD_FIELDS if f not in {"national_student_id", "division"})

EMPTY_FILE_MESSAGE = "Le fichier « {name} » est vide."
NO_PUPIL_MESSAGE = "Le fichier « {name} » ne contient aucun élève à importer."
FIELD_TOO_LONG_MESSAGE = (
    "{pupil} (INE {ine}) : le champ « {field} » dépasse {limit} caractères. Corrigez la fiche "
    "de l'élève puis importez à nouveau le fichier."
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
_FIELD_LIMITS = imports_repo.FIELD_LIMITS

UNKNOWN_FILE_MESSAGE = (
    "Le fichier « {name} » n'est pas reconnu. Importez l'export SIECLE des élèves "
    "(ElevesSansAdresses.xml ou le fichier .zip téléchargé) ou un fichier CSV au bon format."
)


def history(session: Session, organization_id: int, *, limit: int = 10) -> list[ImportRecord]:
    """The organization's latest imports, newest first."""
    return imports_repo.history(session, organization_id, limit=limit)


def read_file(
    hooks: Hooks, stream: BinaryIO, filename: str, organization: Organization
) -> ImportBatch:
    """Read ``stream`` with the first registered student source that accepts its first bytes."""
    head = stream.read(HEAD_SIZE)
    stream.seek(0)
    if not head.strip():
        issue = ImportIssue(
            code="EMPTY", message=EMPTY_FILE_MESSAGE.format(name=filename), scope=IssueScope.FILE
        )
        return ImportBatch(source="unknown", errors=(issue,))
    source = hooks.student_sources().source_for(head, filename)
    if source is None:
        issue = ImportIssue(
            code="INVALID_FILE",
            message=UNKNOWN_FILE_MESSAGE.format(name=filename),
            scope=IssueScope.FILE,
        )
        return ImportBatch(source="unknown", errors=(issue,))
    batch = source.read(stream, organization, filename)
    if not batch.records and not batch.errors:
        # Importing no pupil would disable every pupil of the school: never a valid file.
        issue = ImportIssue(
            code="EMPTY", message=NO_PUPIL_MESSAGE.format(name=filename), scope=IssueScope.FILE
        )
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
                            pupil=f"{record.first_name} {record.last_name}",
                            ine=record.national_student_id,
                            field=FIELD_LABELS[name],
                            limit=limit,
                        ),
                        national_student_id=record.national_student_id[:50],
                        field=name,
                    )
                )
    return issues


_DIVISION_INDEX = RECORD_FIELDS.index("division")


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
    updates: list[tuple[int, tuple[Any, ...]]] = attrs.field(repr=False)
    disable_ids: list[int] = attrs.field(repr=False)
    #: Computed after taking the organization's import lock (``plan_import(lock=True)``).
    locked: bool = False


def plan_import(
    session: Session, organization: Organization, batch: ImportBatch, *, lock: bool = False
) -> ImportPlan:
    """Compare ``batch`` with the organization's pupils; reads only.

    ``plan.preview`` is what :func:`preview_import` returns; pass the plan to
    :func:`commit_import` to commit without comparing again. With ``lock``, the organization's
    row is locked first (until the transaction ends), so that no other import of the same
    school can change its pupils between this comparison and the commit: a plan meant for
    :func:`commit_import` is computed that way (a plan without it is computed again there).
    """
    if lock:
        organizations_repo.lock(session, organization.id)
    existing = imports_repo.learners_by_ine(session, organization.id)
    in_file = {r.national_student_id for r in batch.records}
    arrivals: list[LearnerRecord] = []
    reenabled: list[LearnerRecord] = []
    class_changes: list[ClassChange] = []
    corrections: list[Correction] = []
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[int, tuple[Any, ...]]] = []
    for record in batch.records:
        values = record_values(record)
        current = existing.get(record.national_student_id)
        if current is None:
            arrivals.append(record)
            inserts.append(values)
            continue
        if values == current.values and not current.is_disabled:
            continue
        changed = [
            name
            for name, old, new in zip(RECORD_FIELDS, current.values, values, strict=True)
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
                Correction(
                    national_student_id=record.national_student_id,
                    fields=identity,
                    first_name=record.first_name,
                    last_name=record.last_name,
                )
            )
        updates.append((current.id, values))
    to_disable = [
        (ine, e) for ine, e in existing.items() if not e.is_disabled and ine not in in_file
    ]
    left_out_ines = {p.national_student_id for p in batch.left_out if p.national_student_id}
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
        to_disable=tuple(record_of(e.values) for i, e in to_disable if i not in left_out_ines),
        disabled_left_out=tuple(record_of(e.values) for i, e in to_disable if i in left_out_ines),
        reenabled=tuple(reenabled),
        class_changes=tuple(class_changes),
        corrections=tuple(corrections),
        account_links=tuple(links),
        left_out=batch.left_out,
    )
    return ImportPlan(
        organization_id=organization.id,
        batch=batch,
        preview=preview,
        inserts=inserts,
        updates=updates,
        disable_ids=[e.id for _, e in to_disable],
        locked=lock,
    )


def _account_links(
    session: Session,
    organization: Organization,
    records: Sequence[LearnerRecord],
    existing: dict[str, StoredLearner],
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
    by_ine = imports_repo.accounts_linked_to(session, [r.national_student_id for r in wanted])
    if not by_ine:
        return []
    user_ids = {u for links in by_ine.values() for u, _, _ in links}
    ines_of_user: dict[int, set[str]] = defaultdict(set)
    ine_in_this_org: dict[int, set[str]] = defaultdict(set)
    for ine, user_id, organization_id in imports_repo.pupils_of_users(session, user_ids):
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
    A batch that changes nothing (the same file again) writes nothing: no history row, no
    :func:`~pixorga_core.hooks.pixorga_learners_imported`; its report's counts say so.
    ``plan``, from :func:`plan_import` with ``lock=True`` earlier in the same transaction,
    saves comparing the batch with the pupils a second time. Imports of one organization are
    applied one at a time (its row is locked until the transaction ends).

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
    if plan is not None and (plan.batch is not batch or plan.organization_id != organization.id):
        msg = "the import plan was computed for another batch or organization"
        raise ValueError(msg)
    if plan is None or not plan.locked:
        # Two imports of one school at once: the second waits here for the first to commit,
        # then compares the batch with the pupils the first one wrote.
        plan = plan_import(session, organization, batch, lock=True)
    counts = plan.preview.counts
    report = ImportReport(
        organization_id=organization.id,
        source=batch.source,
        file_name=file_name,
        imported_by_user_id=imported_by_user_id,
        counts=counts,
        warnings=batch.warnings,
        changed=plan.preview.changes_anything,
    )
    if not report.changed:
        return report
    imports_repo.disable(session, plan.disable_ids, now=now)
    imports_repo.replace_values(session, plan.updates, now=now)
    links = {link.national_student_id: link.user_id for link in plan.preview.account_links}
    if plan.inserts:
        imports_repo.insert_learners(
            session,
            organization.id,
            ((*row, links.pop(row[0], None)) for row in plan.inserts),
            now=now,
        )
    imports_repo.link_accounts(session, organization.id, links, now=now)  # pupils already there
    imports_repo.add_import(
        session,
        organization_id=organization.id,
        created_by_user_id=imported_by_user_id,
        source=batch.source,
        file_name=file_name,
        status=ImportStatus.IMPORTED,
        counts=counts,
        warnings=len(batch.warnings),
        now=now,
    )
    hooks.learners_imported(session, organization=organization, report=report)
    return report

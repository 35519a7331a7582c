"""What a student source returns, and what an import reports."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from pixorga_core.domain.learners import LearnerRecord


class Severity(enum.StrEnum):
    ERROR = "error"  #: blocks the import
    WARNING = "warning"  #: shown, never blocking


@attrs.frozen(kw_only=True)
class ImportIssue:
    """One problem found in a school file, with a stable code and a French message."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    national_student_id: str | None = None
    line: int | None = None
    field: str | None = None


@attrs.frozen(kw_only=True)
class ImportBatch:
    """Everything a student source read from one file.

    ``in_file`` counts the pupil entries seen, including those the source left out on purpose
    (leavers, pupils without INE); ``records`` holds the kept ones.
    """

    source: str
    records: tuple[LearnerRecord, ...] = ()
    errors: tuple[ImportIssue, ...] = ()
    warnings: tuple[ImportIssue, ...] = ()
    in_file: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors


@attrs.frozen(kw_only=True)
class ImportCounts:
    in_file: int = 0
    kept: int = 0
    created: int = 0
    updated: int = 0
    disabled: int = 0
    reenabled: int = 0
    class_changes: int = 0


@attrs.frozen(kw_only=True)
class ImportReport:
    """The outcome of a committed import.

    Passed to :func:`~pixorga_core.hooks.pixorga_learners_imported`.
    """

    organization_id: int
    source: str
    file_name: str | None
    imported_by_user_id: int | None
    counts: ImportCounts
    warnings: tuple[ImportIssue, ...] = ()


class ImportStatus(enum.StrEnum):
    IMPORTED = "imported"
    REJECTED = "rejected"


@attrs.frozen(kw_only=True)
class ClassChange:
    national_student_id: str
    first_name: str
    last_name: str
    old_division: str | None
    new_division: str | None


@attrs.frozen(kw_only=True)
class Correction:
    """An existing pupil whose identity fields the file changes (names, birthdate…)."""

    national_student_id: str
    fields: tuple[str, ...]


@attrs.frozen(kw_only=True)
class AccountLink:
    """A pupil of the file that will be linked to an account that already exists (§3.4)."""

    national_student_id: str
    user_id: int


@attrs.frozen(kw_only=True)
class ImportPreview:
    """What importing a batch would change; computed without writing anything."""

    organization_id: int
    source: str
    errors: tuple[ImportIssue, ...]
    warnings: tuple[ImportIssue, ...]
    counts: ImportCounts
    arrivals: tuple[LearnerRecord, ...] = ()
    to_disable: tuple[LearnerRecord, ...] = ()
    reenabled: tuple[LearnerRecord, ...] = ()
    class_changes: tuple[ClassChange, ...] = ()
    corrections: tuple[Correction, ...] = ()
    account_links: tuple[AccountLink, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.errors


@attrs.frozen(kw_only=True)
class ImportRecord:
    """One past import, for the history shown to the school."""

    id: int
    organization_id: int
    created_by_user_id: int | None
    source: str
    file_name: str | None
    status: ImportStatus
    counts: ImportCounts
    warnings: int
    created_at: datetime

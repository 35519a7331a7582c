"""What a student source returns, and what an import reports."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from pixorga_core.domain.learners import LearnerRecord


class Severity(enum.StrEnum):
    ERROR = "error"  #: blocks the import
    WARNING = "warning"  #: shown, never blocking


class IssueScope(enum.StrEnum):
    FILE = "file"  #: the file cannot be used at all (format, encoding, school…)
    PUPIL = "pupil"  #: one pupil's data, to correct in the school's records


@attrs.frozen(kw_only=True)
class ImportIssue:
    """One problem found in a school file, with a stable code and a French message."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    national_student_id: str | None = None
    line: int | None = None
    field: str | None = None
    #: What the issue is about: the whole file (wrong file, wrong school…) or one pupil's data.
    #: ``None``: a pupil when it names an INE or a line, else the file.
    scope: IssueScope | None = None

    @property
    def about_file(self) -> bool:
        """Whether the issue is about the file as a whole, not one pupil's data."""
        if self.scope is not None:
            return self.scope is IssueScope.FILE
        return self.national_student_id is None and self.line is None


#: The code of the refusal of a file exported by another school.
WRONG_SCHOOL_CODE = "UAI_MISMATCHED"


class RefusalKind(enum.Enum):
    """Why a file is refused, which chooses the heading and the advice a school reads."""

    WRONG_SCHOOL = "wrong_school"  #: the export of another school
    WRONG_FILE = "wrong_file"  #: not a usable pupil file (type, encoding, empty, format)
    PUPIL_DATA = "pupil_data"  #: errors in the pupils' data, to correct at the source


def refusal_kind(errors: tuple[ImportIssue, ...]) -> RefusalKind | None:
    """The kind of refusal ``errors`` make; ``None`` when there is none."""
    if not errors:
        return None
    if any(e.code == WRONG_SCHOOL_CODE for e in errors):
        return RefusalKind.WRONG_SCHOOL
    if any(e.about_file for e in errors):
        return RefusalKind.WRONG_FILE
    return RefusalKind.PUPIL_DATA


class LeftOutReason(enum.StrEnum):
    """Why a pupil entry of a file is not imported, on purpose."""

    LEFT_SCHOOL = "left_school"  #: a leaver (an exit date in SIECLE)
    NO_INE = "no_ine"  #: no national student identifier (INE), or an empty one
    NO_DIVISION = "no_division"  #: in no class (division) yet


@attrs.frozen(kw_only=True)
class LeftOutPupil:
    """A pupil entry of a file that the source did not keep, and why."""

    reason: LeftOutReason
    first_name: str | None
    last_name: str | None
    national_student_id: str | None = None


@attrs.frozen(kw_only=True)
class ImportBatch:
    """Everything a student source read from one file.

    ``in_file`` counts the pupil entries seen, including those the source left out on purpose
    (leavers, pupils without INE or without class: ``left_out``, each named); ``records`` holds
    the kept ones.
    """

    source: str
    records: tuple[LearnerRecord, ...] = ()
    errors: tuple[ImportIssue, ...] = ()
    warnings: tuple[ImportIssue, ...] = ()
    in_file: int = 0
    left_out: tuple[LeftOutPupil, ...] = ()

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
    #: ``False`` when the file changed nothing (then nothing was recorded, no event was sent).
    changed: bool = True


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
    first_name: str = ""
    last_name: str = ""


@attrs.frozen(kw_only=True)
class AccountLink:
    """A pupil of the file that will be linked to an account that already exists (§3.4)."""

    national_student_id: str
    user_id: int


@attrs.frozen(kw_only=True)
class ImportPreview:
    """What importing a batch would change; computed without writing anything.

    The pupils it disables are ``to_disable`` (absent from the file) and ``disabled_left_out``
    (in the file, but left out by the source: leavers, pupils without class);
    ``counts.disabled`` counts both.
    """

    organization_id: int
    source: str
    errors: tuple[ImportIssue, ...]
    warnings: tuple[ImportIssue, ...]
    counts: ImportCounts
    arrivals: tuple[LearnerRecord, ...] = ()
    to_disable: tuple[LearnerRecord, ...] = ()
    disabled_left_out: tuple[LearnerRecord, ...] = ()
    reenabled: tuple[LearnerRecord, ...] = ()
    class_changes: tuple[ClassChange, ...] = ()
    corrections: tuple[Correction, ...] = ()
    account_links: tuple[AccountLink, ...] = ()
    left_out: tuple[LeftOutPupil, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def refusal(self) -> RefusalKind | None:
        return refusal_kind(self.errors)

    @property
    def changes_anything(self) -> bool:
        """Whether committing it would write anything (the same file again does not)."""
        c = self.counts
        return bool(c.created or c.updated or c.disabled or c.reenabled or self.account_links)

    def left_out_for(self, reason: LeftOutReason) -> tuple[LeftOutPupil, ...]:
        return tuple(p for p in self.left_out if p.reason is reason)


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
    #: The full name of who imported it; ``None`` for the command line or a removed account.
    imported_by: str | None = None

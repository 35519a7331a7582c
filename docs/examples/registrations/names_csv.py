"""A student source for a minimal CSV export: ``INE;Nom;Prénom;Date de naissance;Classe``.

Register it from a plugin module; pixorga offers it for every file it ``accepts``.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import BinaryIO, ClassVar

from pixorga_core import hookimpl
from pixorga_core.config import Settings
from pixorga_core.domain.imports import ImportBatch, ImportIssue
from pixorga_core.domain.learners import LearnerRecord
from pixorga_core.domain.organizations import Organization
from pixorga_core.registries import StudentSourceRegistry

HEADER = "INE;Nom;Prénom;Date de naissance;Classe"


class NamesCsvSource:
    """Follows :class:`pixorga_core.registries.StudentSource`."""

    name: ClassVar[str] = "names-csv"
    label: ClassVar[str] = "Fichier CSV simplifié (INE;Nom;Prénom;Date de naissance;Classe)"

    def accepts(self, head: bytes, filename: str) -> bool:
        return head.removeprefix(b"\xef\xbb\xbf").startswith(HEADER.encode())

    def read(self, stream: BinaryIO, organization: Organization, filename: str) -> ImportBatch:
        try:
            text = stream.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            # Problems go into the batch, for the school user to read; they are not raised.
            issue = ImportIssue(
                code="ENCODING_NOT_SUPPORTED", message="Le fichier doit être encodé en UTF-8."
            )
            return ImportBatch(source=self.name, errors=(issue,))
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
        records: list[LearnerRecord] = []
        errors: list[ImportIssue] = []
        for line, row in enumerate(rows, start=2):
            try:
                day, month, year = _cell(row, "Date de naissance").split("/")
                birthdate = date(int(year), int(month), int(day))
            except ValueError:
                errors.append(
                    ImportIssue(
                        code="INVALID_BIRTHDATE_FORMAT",
                        message="La date de naissance doit être au format JJ/MM/AAAA.",
                        line=line,
                        field="Date de naissance",
                    )
                )
                continue
            records.append(
                LearnerRecord(
                    national_student_id=_cell(row, "INE").upper(),
                    last_name=_cell(row, "Nom"),
                    first_name=_cell(row, "Prénom"),
                    birthdate=birthdate,
                    division=_cell(row, "Classe") or None,
                )
            )
        return ImportBatch(
            source=self.name, records=tuple(records), errors=tuple(errors), in_file=len(rows)
        )


def _cell(row: dict[str, str | None], column: str) -> str:
    return (row.get(column) or "").strip()


@hookimpl
def pixorga_register_student_sources(registry: StudentSourceRegistry, settings: Settings) -> None:
    registry.add(NamesCsvSource())

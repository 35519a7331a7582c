"""Checking one pupil of a SIECLE file and turning it into a :class:`LearnerRecord`.

Every problem is collected (never only the first), each with its code (pix-rules §3.3), the
pupil's INE and name where known, and a French message a school secretary understands. Check
characters of the INE are warnings, never blocking (formats.md §B.2).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

import attrs

from pixorga_core.domain.imports import ImportIssue, Severity
from pixorga_core.domain.learners import LearnerRecord, Sex
from pixorga_siecle_import.ine import IneKind, classify

__all__ = [
    "PUPIL_TAGS",
    "RECORD_FIELDS",
    "IssueCollector",
    "PupilFields",
    "PupilValues",
    "check_pupil",
    "clean",
    "parse_birthdate",
    "to_record",
    "who",
]

#: ``CODE_PAYS`` of France (INSEE country code without the ``99`` prefix).
FRANCE = "100"
_SEXES = {"1": Sex.MALE, "2": Sex.FEMALE}

PupilFields = Mapping[str, str]
#: The SIECLE tags :func:`check_pupil` reads (pix-rules §3.3); a reader may skip the others.
PUPIL_TAGS = (
    "NOM_DE_FAMILLE",
    "NOM",
    "NOM_USAGE",
    "PRENOM",
    "PRENOM2",
    "PRENOM3",
    "CODE_SEXE",
    "DATE_NAISS",
    "CODE_PAYS",
    "CODE_COMMUNE_INSEE_NAISS",
    "CODE_DEPARTEMENT_NAISS",
    "VILLE_NAISS",
    "CODE_STATUT",
    "CODE_MEF",
)
"""The non-empty, stripped texts of the direct children of one ``ELEVE``, by tag.

Codes are used as they are; names go through :func:`clean` (inner whitespace collapsed).
"""


@attrs.define
class IssueCollector:
    """Errors and warnings of one file, in the order found."""

    errors: list[ImportIssue] = attrs.field(factory=list)
    warnings: list[ImportIssue] = attrs.field(factory=list)

    def error(
        self,
        code: str,
        message: str,
        ine: str | None = None,
        *,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self._add(self.errors, Severity.ERROR, code, message, ine, field, line)

    def warning(
        self,
        code: str,
        message: str,
        ine: str | None = None,
        *,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self._add(self.warnings, Severity.WARNING, code, message, ine, field, line)

    @staticmethod
    def _add(
        issues: list[ImportIssue],
        severity: Severity,
        code: str,
        message: str,
        ine: str | None,
        field: str | None,
        line: int | None,
    ) -> None:
        issues.append(
            ImportIssue(
                code=code,
                message=message,
                severity=severity,
                national_student_id=ine,
                field=field,
                line=line,
            )
        )


def clean(value: str | None) -> str | None:
    """Strip and collapse inner whitespace; empty becomes ``None`` (missing and empty alike)."""
    if value is None:
        return None
    value = value.strip()
    if "  " in value or "\n" in value or "\t" in value or "\r" in value:
        value = " ".join(value.split())
    return value or None


def who(first_name: str | None, last_name: str | None, ine: str | None) -> str:
    """« Prénom NOM (INE 123456789FJ) », with what is known."""
    name = " ".join(p for p in (first_name, last_name.upper() if last_name else None) if p)
    if name and ine:
        return f"{name} (INE {ine})"
    if ine:
        return f"l'élève d'INE {ine}"
    return name or "un élève sans nom"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def parse_birthdate(value: str) -> date | None:
    """``JJ/MM/AAAA`` as a date, or ``None`` when it is not a real date in that format."""
    day, sep1, rest = value.partition("/")
    month, sep2, year = rest.partition("/")
    if not (sep1 and sep2 and day.isdigit() and month.isdigit() and year.isdigit()):
        return None
    if not (1 <= len(day) <= 2 and 1 <= len(month) <= 2 and len(year) == 4):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _check_ine(ine: str, first_name: str | None, last_name: str | None, c: IssueCollector) -> None:
    kind, valid = classify(ine)
    if valid:
        return

    def pupil() -> str:
        return who(first_name, last_name, ine)

    if kind is IneKind.UNKNOWN:
        c.warning(
            "INE_FORMAT",
            f"L'INE de {pupil()} n'a pas la forme habituelle (9 chiffres et 2 lettres, ou 10 "
            "chiffres et 1 lettre). Vérifiez-le dans SIECLE ; l'élève est importé quand même.",
            ine,
        )
    elif valid is False:
        c.warning(
            "INE_CHECK_LETTER",
            f"La clé de contrôle de l'INE de {pupil()} semble fausse : vérifiez-le dans SIECLE ; "
            "l'élève est importé quand même.",
            ine,
        )


class PupilValues(NamedTuple):
    """What :func:`check_pupil` keeps of one pupil: the :class:`LearnerRecord` fields but
    ``division`` (read later, from STRUCTURES). A named tuple: 100 000 of them stay in memory
    until the divisions are read, and a tuple is the smallest object that holds them."""

    national_student_id: str
    first_name: str
    middle_name: str | None
    third_name: str | None
    last_name: str
    preferred_last_name: str | None
    sex: Sex | None
    birthdate: date | None
    birth_city: str | None
    birth_city_code: str | None
    birth_province_code: str | None
    birth_country_code: str | None
    status: str | None
    mef_code: str | None


#: The fields :func:`check_pupil` returns (those of :class:`PupilValues`).
RECORD_FIELDS = PupilValues._fields


def to_record(values: PupilValues, division: str | None) -> LearnerRecord:
    """The :class:`LearnerRecord` of values from :func:`check_pupil` and a division."""
    return LearnerRecord(**values._asdict(), division=division)


def check_pupil(
    fields: PupilFields, ine: str, collector: IssueCollector, *, line: int | None = None
) -> PupilValues | None:
    """Validate one kept pupil (INE present, not a leaver); ``None`` when it has errors.

    Returns the pupil's :class:`PupilValues`.
    """
    first_name = clean(fields.get("PRENOM"))
    last_name = clean(fields.get("NOM_DE_FAMILLE") or fields.get("NOM"))

    def pupil() -> str:  # formatted only when a message needs it
        return who(first_name, last_name, ine)

    errors_before = len(collector.errors)

    if first_name is None:
        collector.error(
            "FIRST_NAME_REQUIRED",
            f"Le prénom de {pupil()} est manquant : complétez la fiche de l'élève dans SIECLE.",
            ine,
            field="PRENOM",
            line=line,
        )
    if last_name is None:
        collector.error(
            "LAST_NAME_REQUIRED",
            f"Le nom de famille de {pupil()} est manquant : complétez la fiche de l'élève dans "
            "SIECLE.",
            ine,
            field="NOM_DE_FAMILLE",
            line=line,
        )
    sex_code = fields.get("CODE_SEXE")
    sex = _SEXES.get(sex_code or "")
    if sex is None:
        collector.error(
            "SEX_CODE_REQUIRED",
            f"Le sexe de {pupil()} n'est pas renseigné (ou pas reconnu) : complétez la fiche de "
            "l'élève dans SIECLE.",
            ine,
            field="CODE_SEXE",
            line=line,
        )
    raw_birthdate = fields.get("DATE_NAISS")
    birthdate = None
    if raw_birthdate is None:
        collector.error(
            "BIRTHDATE_REQUIRED",
            f"La date de naissance de {pupil()} est manquante : complétez la fiche de l'élève "
            "dans SIECLE.",
            ine,
            field="DATE_NAISS",
            line=line,
        )
    else:
        birthdate = parse_birthdate(raw_birthdate)
        if birthdate is None:
            collector.error(
                "INVALID_BIRTHDATE_FORMAT",
                f"La date de naissance de {pupil()} (« {raw_birthdate} ») n'est pas une date "
                "valide au format JJ/MM/AAAA : corrigez-la dans SIECLE.",
                ine,
                field="DATE_NAISS",
                line=line,
            )
    country = fields.get("CODE_PAYS")
    city_code = fields.get("CODE_COMMUNE_INSEE_NAISS")
    if country == FRANCE and city_code is None:
        collector.error(
            "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT",
            f"{_capitalized(pupil())} est né(e) en France mais sa commune de naissance "
            "n'a pas de code INSEE : complétez la fiche de l'élève dans SIECLE.",
            ine,
            field="CODE_COMMUNE_INSEE_NAISS",
            line=line,
        )
    _check_ine(ine, first_name, last_name, collector)
    if len(collector.errors) > errors_before or first_name is None or last_name is None:
        return None
    return PupilValues(
        national_student_id=ine,
        first_name=first_name,
        middle_name=clean(fields.get("PRENOM2")),
        third_name=clean(fields.get("PRENOM3")),
        last_name=last_name,
        preferred_last_name=clean(fields.get("NOM_USAGE")),
        sex=sex,
        birthdate=birthdate,
        birth_city=clean(fields.get("VILLE_NAISS")),
        birth_city_code=city_code,
        birth_province_code=fields.get("CODE_DEPARTEMENT_NAISS"),
        birth_country_code=country,
        status=fields.get("CODE_STATUT"),
        mef_code=fields.get("CODE_MEF"),
    )

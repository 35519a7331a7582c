"""The SIECLE-like CSV of agricultural schools (FREGATA; pix-rules §3.5, formats.md §A.8).

Agricultural schools have no SIECLE XML; they fill a ``;``-separated file with the same data. The
file is decoded as UTF-8, then Windows-1252, then Mac Roman: the first decoding whose header holds
the ``Premier prénom*`` column wins; a text whose names a wrong encoding garbled (« CÃ©cile »,
U+FFFD) is refused (:mod:`~pixorga_siecle_import.garbled`). Every line is checked and every error
reported with its line number (the header is line 1) and column. Empty cells after the last
column (lines ending with ``;``, as spreadsheets often write them) are ignored.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

import attrs

from pixorga_core.domain.imports import ImportBatch, IssueScope
from pixorga_core.domain.learners import LearnerRecord, Sex
from pixorga_core.domain.organizations import Organization
from pixorga_siecle_import.archive import Limits
from pixorga_siecle_import.garbled import garbled_example
from pixorga_siecle_import.refusals import refusal
from pixorga_siecle_import.validation import IssueCollector, parse_birthdate

__all__ = ["COLUMNS", "SiecleCsvSource", "read_siecle_csv", "template"]

ID = "Identifiant unique*"
FIRST = "Premier prénom*"
SECOND = "Deuxième prénom"
THIRD = "Troisième prénom"
LAST = "Nom de famille*"
USAGE = "Nom d'usage"
SEX = "Code sexe*"
BIRTHDATE = "Date de naissance (jj/mm/aaaa)*"
CITY_CODE = "Code commune naissance**"
CITY = "Libellé commune naissance**"
PROVINCE = "Code département naissance*"
COUNTRY = "Code pays naissance*"
STATUS = "Statut*"
MEF = "Code MEF*"
DIVISION = "Division*"

#: The header, in the order of the template.
COLUMNS = (
    ID, FIRST, SECOND, THIRD, LAST, USAGE, SEX, BIRTHDATE, CITY_CODE, CITY, PROVINCE, COUNTRY,
    STATUS, MEF, DIVISION,
)  # fmt: skip
REQUIRED = frozenset(c for c in COLUMNS if c.endswith("*") and not c.endswith("**"))
_ALIASES = {"Nom d’usage": USAGE}  # typographic apostrophe of old templates
_ENCODINGS = ("utf-8-sig", "cp1252", "mac_roman")
_FRANCE = "99100"
_COUNTRY = re.compile(r"^99[1-5]\d\d$")
_COMMUNE = re.compile(r"^(\d{5}|\d[AB]\d{3}|2[AB]\d{3})$")
_SEXES = {"masculin": Sex.MALE, "féminin": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE}
_STATUSES = frozenset({"ST", "AP"})
MAX_LENGTH = 255


def template() -> bytes:
    """The file to fill in: the header only, UTF-8 with a BOM (opens well in a spreadsheet)."""
    return codecs.BOM_UTF8 + (";".join(COLUMNS) + "\r\n").encode("utf-8")


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """The text and ``None``, or ``None`` and the first decoded text (to tell why it failed)."""
    first_decoded = None
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        first_decoded = first_decoded or text
        first_line = text.split("\n", 1)[0]
        if FIRST in first_line:
            return text, None
    return None, first_decoded


@attrs.define
class _Line:
    number: int
    cells: dict[str, str]
    collector: IssueCollector
    ine: str | None = None

    def get(self, column: str) -> str | None:
        return self.cells.get(column) or None

    def error(self, code: str, column: str, message: str) -> None:
        self.collector.error(
            code, f"Ligne {self.number}, colonne « {column} » : {message}", self.ine,
            field=column, line=self.number,
        )  # fmt: skip

    def required(self, column: str) -> str | None:
        value = self.get(column)
        if value is None:
            self.error("FIELD_REQUIRED", column, "cette information est obligatoire.")
        elif len(value) > MAX_LENGTH:
            self.error(
                "FIELD_MAX_LENGTH", column, f"{MAX_LENGTH} caractères au maximum ({len(value)})."
            )
            return None
        return value

    def optional(self, column: str) -> str | None:
        value = self.get(column)
        if value is not None and len(value) > MAX_LENGTH:
            self.error(
                "FIELD_MAX_LENGTH", column, f"{MAX_LENGTH} caractères au maximum ({len(value)})."
            )
            return None
        return value


def _rows(text: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=True)


def _garbled(text: str) -> str | None:
    """A word a wrong encoding garbled, from the pupils' lines first (a name tells more)."""
    _, _, lines = text.partition("\n")
    return garbled_example(lines) or garbled_example(text)


def _without_trailing_empty(cells: list[str], keep: int = 0) -> list[str]:
    """``cells`` without the empty cells that end it, keeping at least ``keep`` cells."""
    end = len(cells)
    while end > keep and not cells[end - 1].strip():
        end -= 1
    return cells if end == len(cells) else cells[:end]


def _birthdate(line: _Line) -> date | None:
    raw = line.required(BIRTHDATE)
    if raw is None:
        return None
    day, _, year = raw.rpartition("/")
    if len(year) == 2 and year.isdigit():  # JJ/MM/AA: the century that gives an age of 0–99
        raw = f"{day}/{2000 + int(year) if int(year) <= 30 else 1900 + int(year)}"
    value = parse_birthdate(raw)
    if value is None:
        line.error("FIELD_DATE_FORMAT", BIRTHDATE, "la date doit être au format JJ/MM/AAAA.")
    return value


def _record(line: _Line) -> LearnerRecord | None:
    before = len(line.collector.errors)
    line.ine = line.required(ID)
    first = line.required(FIRST)
    last = line.required(LAST)
    sex_text = line.required(SEX)
    sex = _SEXES.get(sex_text.casefold()) if sex_text else None
    if sex_text and sex is None:
        line.error("FIELD_BAD_VALUES", SEX, "valeurs possibles : Masculin, Féminin.")
    birthdate = _birthdate(line)
    province = line.required(PROVINCE)
    if province and not 2 <= len(province) <= 3:
        line.error("FIELD_LENGTH", PROVINCE, "le code département a 2 ou 3 caractères.")
    country = line.required(COUNTRY)
    if country and not _COUNTRY.match(country):
        line.error(
            "INSEE_CODE_INVALID", COUNTRY,
            "le code pays INSEE a 5 chiffres et commence par 99 (France : 99100).",
        )  # fmt: skip
    city_code = line.optional(CITY_CODE)
    city = line.optional(CITY)
    if country == _FRANCE:
        if city_code is None:
            line.error("FIELD_REQUIRED", CITY_CODE, "obligatoire pour un élève né en France.")
        elif not _COMMUNE.match(city_code.upper()):
            line.error(
                "INSEE_CODE_INVALID", CITY_CODE,
                "le code commune INSEE a 5 caractères (chiffres, ou 2A/2B pour la Corse).",
            )  # fmt: skip
    elif country is not None and _COUNTRY.match(country) and city is None:
        line.error("FIELD_REQUIRED", CITY, "obligatoire pour un élève né à l'étranger.")
    status = line.required(STATUS)
    if status and status.upper() not in _STATUSES:
        line.error("FIELD_BAD_VALUES", STATUS, "valeurs possibles : ST (scolaire), AP (apprenti).")
    mef = line.required(MEF)
    division = line.required(DIVISION)
    second, third, usage = line.optional(SECOND), line.optional(THIRD), line.optional(USAGE)
    if len(line.collector.errors) > before or not (line.ine and first and last):
        return None
    return LearnerRecord(
        national_student_id=line.ine.upper(),
        first_name=first,
        middle_name=second,
        third_name=third,
        last_name=last,
        preferred_last_name=usage,
        sex=sex,
        birthdate=birthdate,
        birth_city=city,
        birth_city_code=city_code.upper() if city_code else None,
        birth_province_code=province,
        birth_country_code=country[2:] if country else None,
        status=status.upper() if status else None,
        mef_code=mef,
        division=" ".join(division.split()) if division else None,
    )


def read_siecle_csv(
    stream: BinaryIO,
    organization: Organization,
    *,
    name: str,
    source: str = "siecle-csv",
    limits: Limits | None = None,
) -> ImportBatch:
    """Read and validate every line of a SIECLE-like CSV; problems come back in the batch."""
    limits = limits or Limits()
    data = stream.read(limits.max_xml_bytes + 1)
    if len(data) > limits.max_xml_bytes:
        limit_mb = limits.max_xml_bytes // (1024 * 1024)
        return ImportBatch(source=source, errors=(refusal("TOO_LARGE", name=name, limit=limit_mb),))
    if not data.strip():
        return ImportBatch(source=source, errors=(refusal("EMPTY", name=name),))
    text, undecoded = _decode(data)
    example = _garbled(text if text is not None else undecoded or "")
    if example is not None:
        refused = refusal("CSV_GARBLED", name=name, example=example)
        return ImportBatch(source=source, errors=(refused,))
    if text is None:
        return ImportBatch(source=source, errors=(refusal("CSV_ENCODING", name=name),))
    collector = IssueCollector()
    rows = _rows(text)
    try:
        header = _without_trailing_empty([_ALIASES.get(c.strip(), c.strip()) for c in next(rows)])
        if len(header) == 1:
            return ImportBatch(source=source, errors=(refusal("CSV_DELIMITER", name=name),))
        missing = [c for c in COLUMNS if c in REQUIRED and c not in header]
        unknown = [c for c in header if c and c not in COLUMNS]
        for column in missing:
            collector.error(
                "HEADER_REQUIRED",
                f"La colonne « {column} » est obligatoire : utilisez le modèle de fichier.",
                field=column, line=1,
            )  # fmt: skip
        for column in unknown:
            collector.error(
                "HEADER_UNKNOWN",
                f"La colonne « {column} » n'est pas attendue : utilisez le modèle de fichier.",
                field=column, line=1,
            )  # fmt: skip
        if collector.errors:  # the file's format, not a pupil's data
            about_file = (attrs.evolve(e, scope=IssueScope.FILE) for e in collector.errors)
            return ImportBatch(source=source, errors=tuple(about_file))
        records: list[LearnerRecord] = []
        first_line_of: dict[str, int] = {}
        in_file = 0
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            in_file += 1
            if len(row) > len(header):
                row = _without_trailing_empty(row, keep=len(header))
            if len(row) > len(header):
                collector.error(
                    "BAD_CSV_FORMAT",
                    f"Ligne {number} : {len(row)} colonnes au lieu de {len(header)} (un « ; » "
                    "de trop dans une cellule ?).",
                    line=number,
                )
                continue
            cells = {column: cell.strip() for column, cell in zip(header, row, strict=False)}
            record = _record(_Line(number, cells, collector))
            if record is None:
                continue
            ine = record.national_student_id
            if ine in first_line_of:
                collector.error(
                    "IDENTIFIER_UNIQUE",
                    f"Ligne {number} : l'identifiant {ine} figure déjà ligne {first_line_of[ine]}.",
                    ine, field=ID, line=number,
                )  # fmt: skip
                continue
            first_line_of[ine] = number
            records.append(record)
    except csv.Error:
        line = getattr(rows, "line_num", 0) or 1
        return ImportBatch(source=source, errors=(refusal("CSV_MALFORMED", name=name, line=line),))
    if in_file == 0:
        return ImportBatch(source=source, errors=(refusal("NO_PUPIL", name=name),))
    return ImportBatch(
        source=source,
        records=tuple(records),
        errors=tuple(collector.errors),
        warnings=tuple(collector.warnings),
        in_file=in_file,
    )


@attrs.frozen
class SiecleCsvSource:
    """The :class:`~pixorga_core.registries.StudentSource` of SIECLE-like CSV files."""

    name: str = "siecle-csv"
    label: str = "Fichier CSV au format SIECLE (lycées agricoles)"
    limits: Limits = attrs.field(factory=Limits)

    def accepts(self, head: bytes, filename: str) -> bool:
        first_line = head.split(b"\n", 1)[0]
        return any(
            first_line.decode(encoding, errors="ignore").lstrip("\ufeff").startswith("Identifiant")
            for encoding in _ENCODINGS
        )

    def read(self, stream: BinaryIO, organization: Organization, filename: str) -> ImportBatch:
        return read_siecle_csv(
            stream, organization, name=filename, source=self.name, limits=self.limits
        )

    def template_file(self) -> tuple[str, bytes]:
        """The empty file to fill in, with its download name."""
        return "modele-import-eleves.csv", template()

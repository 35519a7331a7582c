"""The SIECLE-like CSV (pix-rules §3.5): encodings, header, every line rule, line numbers."""

from __future__ import annotations

import io
from datetime import date

import pytest

from pixorga_core.domain.imports import ImportBatch, RefusalKind, refusal_kind
from pixorga_core.domain.learners import Sex
from pixorga_core.domain.organizations import Organization
from pixorga_core.testing import sample_school
from pixorga_siecle_import.csv_reader import COLUMNS, SiecleCsvSource, read_siecle_csv, template

HEADER = ";".join(COLUMNS)
GOOD = "123456789FJ;Zoé;Anaïs;;Œuvray;;Féminin;14/03/2012;75056;;075;99100;ST;10110001110;2NDE  A"
ABROAD = "456F;Léo;;;Martin;Dupont;masculin;01/02/11;;Londres;99;99132;ap;2001;1 B"


@pytest.fixture
def school() -> Organization:
    return sample_school()


def read(text: str, school: Organization, encoding: str = "utf-8") -> ImportBatch:
    return read_siecle_csv(io.BytesIO(text.encode(encoding)), school, name="eleves.csv")


def test_reads_and_maps_every_column(school: Organization) -> None:
    batch = read(f"{HEADER}\r\n{GOOD}\r\n{ABROAD}\r\n\r\n", school)
    assert batch.errors == ()
    assert batch.source == "siecle-csv"
    assert batch.in_file == 2
    zoe, leo = batch.records
    assert zoe.national_student_id == "123456789FJ"
    assert zoe.middle_name == "Anaïs"
    assert zoe.third_name is None
    assert zoe.last_name == "Œuvray"
    assert zoe.sex is Sex.FEMALE
    assert zoe.birthdate == date(2012, 3, 14)
    assert zoe.birth_country_code == "100"
    assert zoe.birth_city_code == "75056"
    assert zoe.division == "2NDE A"
    assert leo.preferred_last_name == "Dupont"
    assert leo.sex is Sex.MALE
    assert leo.birthdate == date(2011, 2, 1)
    assert leo.birth_city == "Londres"
    assert leo.birth_country_code == "132"
    assert leo.status == "AP"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "mac_roman"])
def test_the_three_encodings_of_spreadsheets(school: Organization, encoding: str) -> None:
    batch = read(f"{HEADER}\n{GOOD}\n", school, encoding)
    assert batch.errors == ()
    assert batch.records[0].last_name == "Œuvray"


def test_the_typographic_apostrophe_of_old_templates(school: Organization) -> None:
    header = HEADER.replace("Nom d'usage", "Nom d’usage")
    assert read(f"{header}\n{GOOD}\n", school).errors == ()


def test_the_template_is_read_as_an_empty_file(school: Organization) -> None:
    data = template()
    assert data.startswith(b"\xef\xbb\xbfIdentifiant unique*;Premier pr\xc3\xa9nom*")
    batch = read_siecle_csv(io.BytesIO(data), school, name="modele.csv")
    assert [e.code for e in batch.errors] == ["EMPTY"]


def test_header_problems_are_listed(school: Organization) -> None:
    header = HEADER.replace("Code sexe*;", "").replace("Division*", "Classe")
    batch = read(f"{header}\n", school)
    assert [(e.code, e.field) for e in batch.errors] == [
        ("HEADER_REQUIRED", "Code sexe*"),
        ("HEADER_REQUIRED", "Division*"),
        ("HEADER_UNKNOWN", "Classe"),
    ]
    assert refusal_kind(batch.errors) is RefusalKind.WRONG_FILE  # the format, not the pupils


def test_a_comma_separated_file_is_refused(school: Organization) -> None:
    batch = read(HEADER.replace(";", ",") + "\n", school)
    assert [e.code for e in batch.errors] == ["BAD_CSV_FORMAT"]
    assert "points-virgules" in batch.errors[0].message


def test_an_unreadable_encoding_is_refused(school: Organization) -> None:
    batch = read_siecle_csv(io.BytesIO("x;y\n".encode("utf-16")), school, name="e.csv")
    assert [e.code for e in batch.errors] == ["ENCODING_NOT_SUPPORTED"]


def line(**changes: str) -> str:
    cells = dict(zip(COLUMNS, GOOD.split(";"), strict=True))
    cells.update({COLUMNS[int(k[1:])]: v for k, v in changes.items()})
    return ";".join(cells[c] for c in COLUMNS)


def test_every_line_error_is_reported_with_its_line_and_column(school: Organization) -> None:
    lines = [
        line(),
        line(c0="123456789FJ"),  # duplicate
        line(c0="A2", c1=""),  # no first name
        line(c0="A3", c6="X"),  # bad sex
        line(c0="A4", c7="31/02/2009"),
        line(c0="A5", c8=""),  # born in France without commune code
        line(c0="A6", c8="7505"),
        line(c0="A7", c11="100"),  # country code not INSEE
        line(c0="A8", c11="99132", c8="", c9=""),  # born abroad without city
        line(c0="A9", c12="XX"),
        line(c0="B1", c10="7"),  # department code too short
        line(c0="B2", c4="x" * 256),
        line(c0="B3", c14=""),
        line(c0="B4") + ";extra",
    ]
    batch = read(HEADER + "\n" + "\n".join(lines) + "\n", school)
    found = [(e.line, e.code, e.field) for e in batch.errors]
    assert found == [
        (3, "IDENTIFIER_UNIQUE", "Identifiant unique*"),
        (4, "FIELD_REQUIRED", "Premier prénom*"),
        (5, "FIELD_BAD_VALUES", "Code sexe*"),
        (6, "FIELD_DATE_FORMAT", "Date de naissance (jj/mm/aaaa)*"),
        (7, "FIELD_REQUIRED", "Code commune naissance**"),
        (8, "INSEE_CODE_INVALID", "Code commune naissance**"),
        (9, "INSEE_CODE_INVALID", "Code pays naissance*"),
        (10, "FIELD_REQUIRED", "Libellé commune naissance**"),
        (11, "FIELD_BAD_VALUES", "Statut*"),
        (12, "FIELD_LENGTH", "Code département naissance*"),
        (13, "FIELD_MAX_LENGTH", "Nom de famille*"),
        (14, "FIELD_REQUIRED", "Division*"),
        (15, "BAD_CSV_FORMAT", None),
    ]
    assert batch.errors[0].message.startswith("Ligne 3 : l'identifiant 123456789FJ figure déjà")
    assert batch.errors[1].message == (
        "Ligne 4, colonne « Premier prénom* » : cette information est obligatoire."
    )
    assert batch.errors[1].national_student_id == "A2"


def test_corsican_commune_codes(school: Organization) -> None:
    assert read(f"{HEADER}\n{line(c8='2A004')}\n", school).errors == ()


def test_the_source_recognises_its_header() -> None:
    source = SiecleCsvSource()
    assert source.accepts(template(), "x.txt")
    assert source.accepts(HEADER.encode("cp1252"), "x.csv")
    assert not source.accepts(b"<?xml version='1.0'?>", "x.csv")
    assert source.template_file()[0].endswith(".csv")


def test_lines_ending_with_a_semicolon_are_read_as_15_columns(school: Organization) -> None:
    # Spreadsheets often end every line with ";" (an empty 16th column), the header too or not.
    for header in (HEADER, HEADER + ";"):
        batch = read(f"{header}\r\n{GOOD};\r\n{ABROAD};;\r\n", school)
        assert batch.errors == (), header
        assert [r.division for r in batch.records] == ["2NDE A", "1 B"]
    extra = read(f"{HEADER}\r\n{GOOD};oups\r\n", school)  # a real 16th value is still refused
    assert [e.code for e in extra.errors] == ["BAD_CSV_FORMAT"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_file_saved_twice_in_utf8_is_refused_with_how_to_save_it(
    school: Organization, encoding: str
) -> None:
    # UTF-8 bytes read as a single-byte encoding then saved again in UTF-8: « CÃ©cile ».
    text = f"{HEADER}\r\n{GOOD.replace('Zoé', 'Cécile')}\r\n"
    garbled = text.encode("utf-8").decode(encoding).encode("utf-8")
    batch = read_siecle_csv(io.BytesIO(garbled), school, name="eleves.csv")
    assert [e.code for e in batch.errors] == ["ENCODING_NOT_SUPPORTED"]
    message = batch.errors[0].message
    assert "mauvais encodage" in message
    assert "« CÃ©cile »" in message
    assert "CSV UTF-8 (délimité par des points-virgules)" in message
    replacement = GOOD.replace("Zoé", "Ma\ufffdllys")
    replaced = read(f"{HEADER}\r\n{replacement}\r\n", school)
    assert [e.code for e in replaced.errors] == ["ENCODING_NOT_SUPPORTED"]

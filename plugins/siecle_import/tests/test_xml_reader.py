"""The SIECLE XML reader: field mapping, pix-rules §3.3 rules, every validation code."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest

from pixorga_core.domain.imports import ImportBatch, LeftOutReason
from pixorga_core.domain.learners import Sex
from pixorga_core.domain.organizations import Organization
from pixorga_core.testing import sample_school
from pixorga_siecle_import.ine import bea_check_letter, classify, rnie_check_letters
from pixorga_siecle_import.testing.samples import pupil, siecle_xml
from pixorga_siecle_import.testing.synthetic import SyntheticOptions, write_siecle
from pixorga_siecle_import.xml_reader import SiecleXmlSource, read_siecle_xml


@pytest.fixture
def school() -> Organization:
    return sample_school()


def read(data: bytes, school: Organization, name: str = "ElevesSansAdresses.xml") -> ImportBatch:
    return read_siecle_xml(io.BytesIO(data), school, name=name)


def codes(batch: ImportBatch) -> list[str]:
    return [issue.code for issue in batch.errors]


def test_maps_every_field_of_a_kept_pupil(school: Organization) -> None:
    data = siecle_xml(
        [
            pupil(
                1,
                ID_NATIONAL=" 123456789fj ",
                PRENOM2="Anaïs",
                PRENOM3="Maëlle",
                NOM_USAGE="DUPONT",
                VILLE_NAISS=None,
                structures=[("5 B", "D"), ("5LAT", "G")],
            )
        ]
    )
    batch = read(data, school)
    assert batch.errors == ()
    assert batch.in_file == 1
    [record] = batch.records
    assert record.national_student_id == "123456789FJ"
    assert record.first_name == "Zoé"
    assert record.middle_name == "Anaïs"
    assert record.third_name == "Maëlle"
    assert record.last_name == "ŒUVRAY"  # ISO-8859-15 0xBC, not Latin-1 "¼"
    assert record.preferred_last_name == "DUPONT"
    assert record.sex is Sex.FEMALE
    assert record.birthdate == date(2012, 3, 14)
    assert record.birth_country_code == "100"
    assert record.birth_province_code == "075"
    assert record.birth_city_code == "75056"
    assert record.birth_city is None  # present but empty = missing
    assert record.mef_code == "10110001110"
    assert record.status == "ST"
    assert record.division == "5 B"


def test_reads_only_direct_children_not_last_years_school(school: Organization) -> None:
    last_year = (
        "<SCOLARITE_AN_DERNIER><CODE_MEF>10010012110</CODE_MEF>"
        "<CODE_STRUCTURE>6A</CODE_STRUCTURE><CODE_RNE>0750001A</CODE_RNE></SCOLARITE_AN_DERNIER>"
    )
    batch = read(siecle_xml([pupil(1, omit=["CODE_MEF"], extra_xml=last_year)]), school)
    assert batch.records[0].mef_code is None


def test_missing_and_empty_tags_are_alike_and_order_does_not_matter(school: Organization) -> None:
    reordered = pupil(2, ID_NATIONAL="000000001KG")
    fields = dict(reversed(list(reordered.fields.items())))
    data = siecle_xml(
        [
            pupil(1, omit=["NOM_USAGE", "PRENOM2"]),
            pupil(3, ID_NATIONAL="000000097KH", NOM_USAGE="", PRENOM2="   "),
            type(reordered)(reordered.eleve_id, fields, reordered.structures),
        ]
    )
    batch = read(data, school)
    assert batch.errors == ()
    assert [r.preferred_last_name for r in batch.records] == [None, None, None]
    assert [r.middle_name for r in batch.records] == [None, None, None]


def test_old_exports_name_the_surname_nom(school: Organization) -> None:
    batch = read(siecle_xml([pupil(1, omit=["NOM_DE_FAMILLE"], NOM="DURAND")]), school)
    assert batch.records[0].last_name == "DURAND"


def test_leavers_and_pupils_without_ine_are_counted_not_kept(school: Organization) -> None:
    data = siecle_xml(
        [
            pupil(1),
            pupil(2, ID_NATIONAL="000000001KG", DATE_SORTIE="03/10/2024"),
            pupil(3, ID_NATIONAL=""),
            pupil(4, omit=["ID_NATIONAL"]),
        ]
    )
    batch = read(data, school)
    assert batch.in_file == 4
    assert [r.national_student_id for r in batch.records] == ["123456789FJ"]
    # Each is accounted for by name, an empty INE tag as a missing one (issue #16, points 5, 8).
    assert [(p.reason, p.first_name, p.national_student_id) for p in batch.left_out] == [
        (LeftOutReason.LEFT_SCHOOL, "Zoé", "000000001KG"),
        (LeftOutReason.NO_INE, "Zoé", None),
        (LeftOutReason.NO_INE, "Zoé", None),
    ]
    assert batch.left_out[0].last_name


def test_division_is_the_last_d_structure_that_is_not_inactifs(school: Organization) -> None:
    data = siecle_xml(
        [
            pupil(1, structures=[("4A", "D"), ("4 C", "D"), ("4ESP1", "G")]),
            pupil(2, ID_NATIONAL="000000001KG", structures=[("4B", "D"), ("Inactifs", "D")]),
            pupil(3, ID_NATIONAL="000000097KH", structures=[("Inactifs", "D")]),
            pupil(4, ID_NATIONAL="000000002KF", structures=[("_4AP1", "G")]),
        ]
    )
    batch = read(data, school)
    assert batch.errors == ()
    assert {r.national_student_id: r.division for r in batch.records} == {
        "123456789FJ": "4 C",
        "000000001KG": "4B",
    }
    assert batch.warnings == ()
    assert [(p.reason, p.national_student_id) for p in batch.left_out] == [
        (LeftOutReason.NO_DIVISION, "000000097KH"),
        (LeftOutReason.NO_DIVISION, "000000002KF"),
    ]


def test_all_errors_are_collected_at_once_with_codes_ine_and_french(school: Organization) -> None:
    data = siecle_xml(
        [
            pupil(1),
            pupil(2, ID_NATIONAL="123456789FJ", PRENOM="Léo", NOM_DE_FAMILLE="MARTIN"),
            pupil(3, ID_NATIONAL="000000001KG", CODE_SEXE=None),
            pupil(4, ID_NATIONAL="000000097KH", omit=["DATE_NAISS"]),
            pupil(5, ID_NATIONAL="000000002KF", DATE_NAISS="31/02/2009"),
            pupil(6, ID_NATIONAL="000000003KE", DATE_NAISS="2009-02-03"),
            pupil(7, ID_NATIONAL="000000004KD", CODE_COMMUNE_INSEE_NAISS=None),
            pupil(8, ID_NATIONAL="000000005KC", PRENOM=None),
            pupil(9, ID_NATIONAL="000000006KB", NOM_DE_FAMILLE=""),
            pupil(10, ID_NATIONAL="000000007KA", CODE_SEXE="3"),
        ]
    )
    batch = read(data, school)
    assert codes(batch) == [
        "INE_UNIQUE",
        "SEX_CODE_REQUIRED",
        "BIRTHDATE_REQUIRED",
        "INVALID_BIRTHDATE_FORMAT",
        "INVALID_BIRTHDATE_FORMAT",
        "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT",
        "FIRST_NAME_REQUIRED",
        "LAST_NAME_REQUIRED",
        "SEX_CODE_REQUIRED",
    ]
    by_code = {e.code: e for e in batch.errors}
    duplicate = by_code["INE_UNIQUE"]
    assert duplicate.national_student_id == "123456789FJ"
    assert "Zoé ŒUVRAY" in duplicate.message
    assert "Léo MARTIN" in duplicate.message
    assert "31/02/2009" in batch.errors[3].message
    assert "JJ/MM/AAAA" in batch.errors[3].message
    born = by_code["BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"]
    assert born.national_student_id == "000000004KD"
    assert born.message.startswith("Zoé ŒUVRAY (INE 000000004KD) est né(e) en France")
    assert all(e.line and e.line > 1 for e in batch.errors)


def test_a_foreign_born_pupil_needs_no_commune_code(school: Organization) -> None:
    data = siecle_xml(
        [pupil(1, CODE_PAYS="132", CODE_COMMUNE_INSEE_NAISS=None, VILLE_NAISS="LONDRES")]
    )
    batch = read(data, school)
    assert batch.errors == ()
    assert batch.records[0].birth_city == "LONDRES"


def test_ine_check_letters_give_warnings_never_errors(school: Organization) -> None:
    bea = "1234567890" + bea_check_letter("1234567890")
    data = siecle_xml(
        [
            pupil(1, ID_NATIONAL="123456789AA"),  # wrong RNIE key
            pupil(2, ID_NATIONAL=bea),
            pupil(3, ID_NATIONAL="1234567890A"),  # wrong BEA key
            pupil(4, ID_NATIONAL="0000000001X"),  # Pix's fixture style: unusual shape... BEA
            pupil(5, ID_NATIONAL="456F"),
            pupil(6, ID_NATIONAL="1234A12345F"),  # apprentice: no known key
        ]
    )
    batch = read(data, school)
    assert batch.errors == ()
    assert len(batch.records) == 6
    assert [(w.code, w.national_student_id) for w in batch.warnings] == [
        ("INE_CHECK_LETTER", "123456789AA"),
        ("INE_CHECK_LETTER", "1234567890A"),
        ("INE_CHECK_LETTER", "0000000001X"),
        ("INE_FORMAT", "456F"),
    ]


def test_ine_check_rules_of_formats_b2() -> None:
    assert rnie_check_letters("123456789") == "FJ"
    assert rnie_check_letters("000000001") == "KG"
    assert rnie_check_letters("000000097") == "KH"
    assert bea_check_letter("1234567890") == "V"
    assert classify("070832327JA")[1] is True


@pytest.mark.parametrize("uaj", ["0759999L", " 0759999l ", "0759999L\n"])
def test_uaj_is_compared_trimmed_and_upper_case(school: Organization, uaj: str) -> None:
    assert read(siecle_xml([pupil(1)], uai=uaj), school).errors == ()


@pytest.mark.parametrize("uaj", ["0930001W", "", None])
def test_another_school_file_is_refused(school: Organization, uaj: str | None) -> None:
    batch = read(siecle_xml([pupil(1)], uai=uaj), school)
    assert codes(batch) == ["UAI_MISMATCHED"]
    assert batch.records == ()
    if uaj:
        assert "0930001W" in batch.errors[0].message
        assert "0759999L" in batch.errors[0].message


def test_the_file_of_another_export_is_refused(school: Organization) -> None:
    batch = read(siecle_xml([pupil(1)], root="BEE_RESPONSABLES"), school)
    assert codes(batch) == ["INVALID_FILE"]
    assert "c'est l'export des responsables" in batch.errors[0].message
    assert "BEE_" not in batch.errors[0].message  # the element is for support only
    assert batch.errors[0].field == "BEE_RESPONSABLES"


def test_a_file_without_any_pupil_or_only_leavers_is_refused(school: Organization) -> None:
    assert codes(read(siecle_xml([]), school)) == ["EMPTY"]
    leavers = siecle_xml([pupil(1, DATE_SORTIE="01/01/2025")])
    assert codes(read(leavers, school)) == ["EMPTY"]


def test_a_file_where_no_pupil_has_a_class_yet_is_refused(school: Organization) -> None:
    data = siecle_xml([pupil(1, structures=[]), pupil(2, ID_NATIONAL="000000001KG", structures=[])])
    batch = read(data, school)
    assert codes(batch) == ["DIVISION_REQUIRED"]
    assert "répartition des élèves" in batch.errors[0].message


def test_utf8_exports_are_read_too(school: Organization) -> None:
    data = siecle_xml([pupil(1, PRENOM="Thảo")], encoding="UTF-8")
    assert read(data, school).records[0].first_name == "Thảo"


def test_question_marks_of_unencodable_names_are_kept(school: Organization) -> None:
    batch = read(siecle_xml([pupil(1, NOM_DE_FAMILLE="NGUY?N")]), school)
    assert batch.records[0].last_name == "NGUY?N"


def test_a_synthetic_export_matches_its_summary(school: Organization) -> None:
    out = io.BytesIO()
    summary = write_siecle(out, SyntheticOptions(pupils=800, seed=7, with_addresses=True))
    batch = read(out.getvalue(), school, name="ElevesAvecAdresses.xml")
    assert batch.errors == ()
    assert batch.in_file == summary.in_file
    assert len(batch.records) == summary.kept
    divisions: dict[str, int] = {}
    for record in batch.records:
        divisions[record.division or ""] = divisions.get(record.division or "", 0) + 1
    assert divisions == dict(summary.kept_by_division)
    left_out = Counter(p.reason for p in batch.left_out)
    assert left_out == {
        LeftOutReason.LEFT_SCHOOL: summary.leavers,
        LeftOutReason.NO_INE: summary.without_ine,
        LeftOutReason.NO_DIVISION: summary.inactive_only,
    }


def test_the_source_accepts_xml_and_zip_heads_only() -> None:
    source = SiecleXmlSource()
    assert source.accepts(b'<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES', "a.xml")
    assert source.accepts(b"\xef\xbb\xbf<BEE_ELEVES VERSION='3.0'>", "a.txt")
    assert source.accepts(b"PK\x03\x04rest", "export.bin")
    assert not source.accepts(b"\x89PNG\r\n\x1a\n", "eleves.xml")
    assert not source.accepts("Identifiant unique*;Premier prénom*".encode(), "a.csv")


def test_check_pupil_reads_only_the_tags_the_reader_keeps() -> None:
    # The reader skips the children of ELEVE outside PUPIL_TAGS: a field read by check_pupil
    # but missing from that list would silently become "empty".
    from pixorga_siecle_import.validation import PUPIL_TAGS, IssueCollector, check_pupil

    read: set[str] = set()

    class Recording(dict[str, str]):
        def get(self, key, default=None):  # type: ignore[override]
            read.add(key)
            return super().get(key, default)

    fields = Recording(
        PRENOM="Léa", NOM_DE_FAMILLE="Moreau", CODE_SEXE="2", DATE_NAISS="01/02/2010"
    )
    check_pupil(fields, "123456789FJ", IssueCollector())
    assert read
    assert read <= set(PUPIL_TAGS)


def test_pupil_values_are_the_learner_record_fields_but_the_division() -> None:
    # check_pupil's values become a LearnerRecord by keyword: the names, not an order, must match.
    import attrs

    from pixorga_core.domain.learners import LearnerRecord
    from pixorga_siecle_import.validation import PupilValues

    record_fields = {f.name for f in attrs.fields(LearnerRecord)}
    assert set(PupilValues._fields) == record_fields - {"division"}


@pytest.mark.parametrize("garbled", ["CÃ©cile", "MaÃ«llys", "Ma\ufffdllys"])
def test_names_garbled_by_a_wrong_encoding_refuse_the_file(
    school: Organization, garbled: str
) -> None:
    data = siecle_xml(
        [pupil(1), pupil(2, ID_NATIONAL="000000001KG", PRENOM=garbled)], encoding="UTF-8"
    )
    batch = read(data, school)
    assert codes(batch) == ["ENCODING_NOT_SUPPORTED"]
    assert batch.records == ()
    message = batch.errors[0].message
    assert f"mauvais encodage : des noms y sont déformés (par exemple « {garbled} »)" in message
    assert "Exportations > En XML > Élèves sans adresses" in message  # how to export again


@pytest.mark.parametrize(
    "name", ["Cécile", "Maëllys", "Thảo", "Ådne", "Œdipe", "N’Diaye", "Çağla", "ÉLODIE", "Zoë"]
)
def test_real_accented_names_are_never_taken_for_garbled_ones(
    school: Organization, name: str
) -> None:
    data = siecle_xml([pupil(1, PRENOM=name)], encoding="UTF-8")
    assert read(data, school).records[0].first_name == name

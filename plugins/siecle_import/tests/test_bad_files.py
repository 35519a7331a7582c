"""Bad input: each refused with its code and a French message, quickly, without a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pixorga_core.domain.imports import ImportBatch
from pixorga_core.domain.organizations import Organization
from pixorga_core.testing import sample_school
from pixorga_siecle_import.archive import CappedReader, Limits
from pixorga_siecle_import.refusals import FileRefused
from pixorga_siecle_import.testing.samples import pupil, siecle_xml
from pixorga_siecle_import.xml_reader import read_siecle_xml

GOOD = siecle_xml([pupil(1), pupil(2, ID_NATIONAL="000000001KG")])


@pytest.fixture
def school() -> Organization:
    return sample_school()


def read(
    data: bytes, school: Organization, name: str = "eleves.xml", limits: Limits | None = None
) -> ImportBatch:
    return read_siecle_xml(io.BytesIO(data), school, name=name, limits=limits)


def refused(batch: ImportBatch, code: str) -> str:
    assert batch.records == ()
    assert [e.code for e in batch.errors] == [code], batch.errors
    message = batch.errors[0].message
    assert "Traceback" not in message
    assert "lxml" not in message
    return message


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b"<BEE_ELEVES><PARAMETRES><UAJ>&x;</UAJ></PARAMETRES></BEE_ELEVES>"
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">'.encode() for i in range(1, 10)
    )
    + b"]>\n<BEE_ELEVES><PARAMETRES><UAJ>&lol9;</UAJ></PARAMETRES></BEE_ELEVES>"
)


def test_xxe_is_refused_and_no_file_is_read(school: Organization) -> None:
    message = refused(read(XXE, school), "INVALID_FILE")
    assert "refusé par sécurité" in message
    assert "root:" not in message


def test_billion_laughs_is_refused(school: Organization) -> None:
    assert "refusé par sécurité" in refused(read(LAUGHS, school), "INVALID_FILE")


def test_any_doctype_is_refused_even_after_a_long_prolog(school: Organization) -> None:
    padding = b"<!--" + b" " * 70_000 + b"-->\n"
    data = GOOD.replace(b"?>\n", b"?>\n" + padding + b'<!DOCTYPE BEE_ELEVES SYSTEM "x.dtd">\n', 1)
    assert "refusé par sécurité" in refused(read(data, school), "INVALID_FILE")


def test_a_zipped_export_is_read_whatever_its_name(school: Organization) -> None:
    data = zipped({"ElevesSansAdresses.xml": GOOD, "__MACOSX/._ElevesSansAdresses.xml": b"junk"})
    batch = read(data, school, name="export.bin")
    assert batch.errors == ()
    assert len(batch.records) == 2


def test_a_zip_with_two_xml_documents_is_refused(school: Organization) -> None:
    data = zipped({"ElevesSansAdresses.xml": GOOD, "ElevesAvecAdresses.xml": GOOD})
    message = refused(read(data, school, name="export.zip"), "INVALID_FILE")
    assert "plusieurs fichiers XML" in message


def test_a_zip_without_xml_is_refused(school: Organization) -> None:
    data = zipped({"eleves.csv": b"a;b", ".hidden.xml": GOOD})
    assert "aucun fichier XML" in refused(read(data, school, name="e.zip"), "INVALID_FILE")


def test_a_zip_bomb_is_refused_before_it_is_inflated(school: Organization) -> None:
    bomb = zipped({"ElevesSansAdresses.xml": GOOD + b" " * (40 * 1024 * 1024)})
    assert len(bomb) < 100_000
    message = refused(read(bomb, school, name="bomb.zip"), "INVALID_FILE")
    assert "anormalement compressée" in message


def test_the_cap_holds_whatever_the_archive_declares() -> None:
    reader = CappedReader(io.BytesIO(b"x" * 300), limit=100, name="e.zip", prefix=b"<?xml")
    assert reader.read(3) == b"<?x"
    assert reader.read(100) == b"ml"
    assert len(reader.read(64)) == 64
    with pytest.raises(FileRefused) as refusal:
        reader.read(64)
    assert refusal.value.issue.code == "PAYLOAD_TOO_LARGE"


def test_an_oversized_xml_is_refused_before_parsing(school: Organization, tmp_path: Path) -> None:
    path = tmp_path / "ElevesSansAdresses.xml"
    with path.open("wb") as out:
        out.write(GOOD)
        out.truncate(600 * 1024 * 1024)  # sparse: 600 MB without writing them
    with path.open("rb") as stream:
        batch = read_siecle_xml(stream, school, name=path.name)
    assert "512 Mo" in refused(batch, "PAYLOAD_TOO_LARGE")


def test_an_oversized_document_is_stopped_while_streaming(school: Organization) -> None:
    limits = Limits(max_xml_bytes=200_000)
    big = siecle_xml([pupil(i, ID_NATIONAL=f"{i:09d}AA") for i in range(1, 400)])
    data = zipped({"ElevesSansAdresses.xml": big})
    refused(read(data, school, name="e.zip", limits=limits), "PAYLOAD_TOO_LARGE")


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_an_empty_file_is_refused(school: Organization, data: bytes) -> None:
    assert "vide" in refused(read(data, school), "EMPTY")


def test_a_png_renamed_xml_is_refused(school: Organization) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)
    assert "n'est pas un fichier XML" in refused(read(png, school), "INVALID_FILE")


def test_a_truncated_export_is_refused_with_its_line_for_support_only(school: Organization) -> None:
    data = GOOD[: len(GOOD) // 2]
    batch = read(data, school)
    message = refused(batch, "INVALID_FILE")
    assert "incomplet ou abîmé : il ne peut pas être lu" in message
    assert "ligne" not in message  # no XML line numbers for the school (issue #16, point 6)
    line = batch.errors[0].line
    assert line is not None
    assert line > 1  # kept for support


def test_a_corrupted_zip_is_refused(school: Organization) -> None:
    data = zipped({"ElevesSansAdresses.xml": GOOD})
    assert "abîmée" in refused(read(data[: len(data) // 2], school, name="e.zip"), "INVALID_FILE")


def test_latin_bytes_without_an_encoding_declaration_are_refused(school: Organization) -> None:
    data = GOOD.replace(b' encoding="ISO-8859-15"', b"")
    message = refused(read(data, school), "ENCODING_NOT_SUPPORTED")
    assert "encodage" in message


@pytest.mark.parametrize("encoding", ["KLINGON-8", "UTF-16"])
def test_an_unknown_declared_encoding_is_refused(school: Organization, encoding: str) -> None:
    data = GOOD.replace(b"ISO-8859-15", encoding.encode(), 1)
    assert encoding in refused(read(data, school), "ENCODING_NOT_SUPPORTED")


def test_a_utf16_file_is_refused(school: Organization) -> None:
    data = siecle_xml([pupil(1)], encoding="UTF-16")
    refused(read(data, school), "ENCODING_NOT_SUPPORTED")


def test_a_spreadsheet_gets_a_message_about_csv(school: Organization) -> None:
    xlsx = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet/>",
        }
    )
    message = refused(read(xlsx, school, name="eleves.xlsx"), "INVALID_FILE")
    assert "classeur" in message
    assert "CSV (séparateur : point-virgule)" in message
    ods = zipped(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": b"<x/>",
            "styles.xml": b"<y/>",
        }
    )
    assert "classeur" in refused(read(ods, school, name="eleves.ods"), "INVALID_FILE")

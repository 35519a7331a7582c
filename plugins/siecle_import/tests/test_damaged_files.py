"""Damaged exports (truncated, bit flips, inserted bytes, corrupted zip members) are refused.

The property: whatever the damage, reading returns a batch — domain errors only, never an
exception — and a batch without errors holds pupils that pass the batch's own checks.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

import pixorga_siecle_import.plugin
from pixorga_core.cli import build_cli
from pixorga_core.domain.imports import ImportBatch
from pixorga_core.facade import Hooks
from pixorga_core.testing import sample_school, table_snapshot
from pixorga_siecle_import.csv_reader import read_siecle_csv
from pixorga_siecle_import.testing.mutations import damaged_exports
from pixorga_siecle_import.testing.samples import pupil, siecle_xml
from pixorga_siecle_import.xml_reader import read_siecle_xml

UAI = "0759999L"
SCHOOL = sample_school(uai=UAI)


def corrupted_zip() -> bytes:
    """A zip whose deflated member has damaged bytes right after its header (zlib.error)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ElevesSansAdresses.xml", siecle_xml([pupil(i) for i in range(1, 40)]))
    raw = bytearray(buffer.getvalue())
    start = 30 + len("ElevesSansAdresses.xml") + 5
    for i in range(start, start + 35):
        raw[i] ^= 0x55
    return bytes(raw)


def test_a_corrupted_zip_member_is_refused_not_raised():
    batch = read_siecle_xml(io.BytesIO(corrupted_zip()), SCHOOL, name="export.zip")
    assert batch.records == ()
    assert [e.code for e in batch.errors] == ["INVALID_FILE"]
    assert "abîmée" in batch.errors[0].message


def test_the_cli_refuses_a_corrupted_zip_in_json(
    pm, settings, factories, session, sessions, tmp_path
):
    pm.register(pixorga_siecle_import.plugin, name="siecle_import")
    factories.organization(uai=UAI)
    session.commit()
    session.close()
    path = tmp_path / "export.zip"
    path.write_bytes(corrupted_zip())
    cli = build_cli(settings, Hooks(pm, settings))
    before = table_snapshot(sessions)
    result = CliRunner().invoke(
        cli, ["import-siecle", "--uai", UAI, str(path), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["status"] == "rejected"
    assert [e["code"] for e in out["errors"]] == ["INVALID_FILE"]
    assert "Traceback" not in result.output
    assert table_snapshot(sessions) == before


def check(batch: ImportBatch) -> None:
    assert isinstance(batch, ImportBatch)
    for issue in batch.errors:
        assert issue.message
        assert "Traceback" not in issue.message
    if batch.errors:
        return
    ines = [r.national_student_id for r in batch.records]
    assert len(set(ines)) == len(ines)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(damaged_exports())
def test_damaged_xml_and_zip_exports_give_domain_errors_only(damaged):
    name, data = damaged
    check(read_siecle_xml(io.BytesIO(data), SCHOOL, name=name))


@settings(max_examples=100, deadline=None, database=None)
@given(damaged_exports())
def test_damaged_bytes_read_as_csv_give_domain_errors_only(damaged):
    name, data = damaged
    check(read_siecle_csv(io.BytesIO(data), SCHOOL, name=name))


@pytest.mark.parametrize("cut", [1, 10, 100, 1000])
def test_a_truncated_zip_is_refused(cut):
    data = corrupted_zip()[:cut]
    batch = read_siecle_xml(io.BytesIO(data), SCHOOL, name="export.zip")
    assert batch.errors
    assert batch.records == ()

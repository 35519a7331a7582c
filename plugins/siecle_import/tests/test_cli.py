"""``pixorga import-siecle`` on real SIECLE files: JSON shape, exit codes, nothing half-written."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import pixorga_siecle_import.plugin
from pixorga_core.cli import build_cli
from pixorga_core.facade import Hooks
from pixorga_core.testing import learner_rows, table_snapshot
from pixorga_siecle_import.testing.samples import pupil, siecle_xml
from pixorga_siecle_import.testing.synthetic import SyntheticOptions, write_siecle_zip

UAI = "0759999L"


@pytest.fixture
def invoke(pm, settings, factories, session):
    pm.register(pixorga_siecle_import.plugin, name="siecle_import")
    factories.organization(uai=UAI)
    session.commit()
    session.close()
    cli = build_cli(settings, Hooks(pm, settings))

    def run(*args: str) -> tuple[int, dict]:
        result = CliRunner().invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
        return result.exit_code, json.loads(result.stdout)

    return run


def test_a_synthetic_zip_dry_run_then_import_then_again(invoke, tmp_path, sessions):
    path = tmp_path / "ExportXML_ElevesSansAdresses.zip"
    summary = write_siecle_zip(path, SyntheticOptions(pupils=400, uai=UAI, seed=11))
    code, out = invoke("import-siecle", "--uai", UAI, str(path), "--dry-run")
    assert (code, out["status"]) == (0, "previewed")
    assert out["counts"] == {
        "in_file": summary.in_file,
        "kept": summary.kept,
        "created": summary.kept,
        "updated": 0,
        "disabled": 0,
        "reenabled": 0,
        "class_changes": 0,
    }
    assert out["errors"] == []
    assert {w["code"] for w in out["warnings"]} <= {"INE_CHECK_LETTER"}
    reasons = Counter(p["reason"] for p in out["left_out"])  # by name, for support
    assert reasons == {
        "left_school": summary.leavers,
        "no_ine": summary.without_ine,
        "no_division": summary.inactive_only,
    }
    assert all(p["last_name"] for p in out["left_out"])
    assert learner_rows(sessions) == []
    code, out = invoke("import-siecle", "--uai", UAI, str(path))
    assert (code, out["status"], out["counts"]["created"]) == (0, "imported", summary.kept)
    imported = learner_rows(sessions)
    assert len(imported) == summary.kept
    code, out = invoke("import-siecle", "--uai", UAI, str(path))
    assert out["counts"]["created"] == out["counts"]["updated"] == out["counts"]["disabled"] == 0
    assert learner_rows(sessions) == imported


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (siecle_xml([pupil(1)], uai="0930001W"), "UAI_MISMATCHED"),
        (siecle_xml([pupil(1), pupil(2)]), "INE_UNIQUE"),
        (siecle_xml([pupil(1, DATE_NAISS="31/02/2009")]), "INVALID_BIRTHDATE_FORMAT"),
        (
            siecle_xml([pupil(1, CODE_COMMUNE_INSEE_NAISS=None)]),
            "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT",
        ),
        (b"", "EMPTY"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x/>',
            "INVALID_FILE",
        ),
    ],
)
def test_a_rejected_file_exits_1_with_its_code_and_changes_nothing(
    invoke, tmp_path, sessions, content, code
):
    invoke("import-siecle", "--uai", UAI, _write(tmp_path / "ok.xml", siecle_xml([pupil(5)])))
    before = table_snapshot(sessions)
    status, out = invoke("import-siecle", "--uai", UAI, _write(tmp_path / "bad.xml", content))
    assert (status, out["status"]) == (1, "rejected")
    assert [e["code"] for e in out["errors"]] == [code]
    assert all(e["message"] for e in out["errors"])
    assert table_snapshot(sessions) == before


def test_a_600_mb_file_is_refused_without_reading_it(invoke, tmp_path, sessions):
    before = table_snapshot(sessions)
    path = tmp_path / "ElevesSansAdresses.xml"
    with path.open("wb") as out:
        out.write(siecle_xml([pupil(1)]))
        out.truncate(600 * 1024 * 1024)  # sparse
    status, out = invoke("import-siecle", "--uai", UAI, str(path))
    assert (status, [e["code"] for e in out["errors"]]) == (1, ["PAYLOAD_TOO_LARGE"])
    assert table_snapshot(sessions) == before


def test_a_zip_with_two_exports_is_refused(invoke, tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ElevesSansAdresses.xml", siecle_xml([pupil(1)]))
        archive.writestr("ElevesAvecAdresses.xml", siecle_xml([pupil(1)]))
    status, out = invoke("import-siecle", "--uai", UAI, str(path))
    assert status == 1
    assert "plusieurs fichiers XML" in out["errors"][0]["message"]


def _write(path: Path, content: bytes) -> str:
    path.write_bytes(content)
    return str(path)

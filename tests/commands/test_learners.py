"""``pixorga import-siecle``: JSON output, exit codes, dry run."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from pixorga_core.cli import build_cli
from pixorga_core.facade import Hooks
from pixorga_core.storage.models import OrganizationLearnerRow
from pixorga_core.testing import LineStudentSourcePlugin


@pytest.fixture
def invoke(pm, settings, factories, session):
    pm.register(LineStudentSourcePlugin())
    factories.organization(uai="0752387M")
    session.commit()
    session.close()
    cli = build_cli(settings, Hooks(pm, settings))

    def run(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return run


def pupils(sessions) -> int:
    # A short session of its own: on SQLite an open transaction holds the write lock.
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(OrganizationLearnerRow)) or 0)


def test_dry_run_previews_as_json_and_writes_nothing(invoke, tmp_path, sessions):
    path = tmp_path / "eleves.csv"
    path.write_text("INE;Prénom;Nom;Classe\n000000001AA;Léa;Moreau;6A\n", encoding="utf-8")
    result = invoke(
        "import-siecle", "--uai", "0752387m", str(path), "--dry-run", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["status"] == "previewed"
    assert out["counts"]["created"] == 1
    assert out["errors"] == []
    assert pupils(sessions) == 0


def test_import_then_rejected_file_exits_1_and_changes_nothing(invoke, tmp_path, sessions):
    good = tmp_path / "eleves.csv"
    good.write_text("INE;Prénom;Nom;Classe\n000000001AA;Léa;Moreau;6A\n", encoding="utf-8")
    result = invoke("import-siecle", "--uai", "0752387M", str(good), "--format", "json")
    assert json.loads(result.output)["status"] == "imported"
    assert pupils(sessions) == 1
    bad = tmp_path / "autre.csv"
    bad.write_text("INE;Prénom;Nom;Classe\nERREUR\n", encoding="utf-8")
    result = invoke("import-siecle", "--uai", "0752387M", str(bad), "--format", "json")
    assert result.exit_code == 1
    out = json.loads(result.output)
    assert out["status"] == "rejected"
    assert [e["code"] for e in out["errors"]] == ["INE_UNIQUE"]
    assert pupils(sessions) == 1


def test_unknown_uai_is_a_clean_error(invoke, tmp_path):
    path = tmp_path / "eleves.csv"
    path.write_text("INE;Prénom;Nom\n", encoding="utf-8")
    result = invoke("import-siecle", "--uai", "0930001W", str(path))
    assert result.exit_code == 1
    assert "no school with UAI 0930001W" in result.output
    assert "Traceback" not in result.output


def test_the_progress_reader_reports_each_byte_once_and_never_goes_back():
    import io

    from pixorga_core.commands.learners import _Progress

    advanced: list[int] = []
    raw = io.BytesIO(bytes(range(256)) * 1000)
    stream = io.BufferedReader(_Progress(raw, advanced.append), buffer_size=4096)
    stream.seek(-100, io.SEEK_END)
    stream.read()
    stream.seek(0)
    assert stream.read(10) == bytes(range(10))
    assert stream.read() == (bytes(range(256)) * 1000)[10:]
    assert sum(advanced) == 256_000
    assert all(step > 0 for step in advanced)

"""``pixorga campaigns export CODE [-o FILE]`` (issue #15): the file the web export gives."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from pixorga_core.cli import build_cli
from pixorga_core.domain.assessments import KnowledgeElementStatus
from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.memberships import Role
from pixorga_core.services import campaigns, orga


def invoke(settings, hooks, *args):
    return CliRunner().invoke(build_cli(settings, hooks), list(args), catch_exceptions=False)


@pytest.fixture
def campaign(session, hooks, factories):
    school = factories.organization(name="Collège Pix")
    teacher = factories.user(password=None)
    factories.membership(school, teacher, Role.MEMBER)
    made = campaigns.create_campaign(
        session,
        hooks,
        orga.context_for(session, teacher.id, school.id),
        campaigns.CampaignForm(name="3e4", target="pix-demo:competence-1-1"),
    )
    for n in range(3):
        factories.participation(
            made,
            learner=factories.learner(school, last_name=f"Nom{n}"),
            status=ParticipationStatus.SHARED if n else ParticipationStatus.STARTED,
            knowledge={"1.1-moteur-1": KnowledgeElementStatus.VALIDATED},
        )
    session.commit()
    session.close()  # on SQLite an open transaction holds the write lock
    return made


def test_export_writes_the_campaigns_file(settings, hooks, campaign, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(settings, hooks, "campaigns", "export", campaign.code.lower())
    assert result.exit_code == 0, result.output
    written = tmp_path / result.output.strip()
    assert written.name.startswith(f"Resultats-3e4-{campaign.id}-")
    rows = list(csv.reader(io.StringIO(written.read_text("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[5] for r in rows[1:]] == ["Nom0", "Nom1", "Nom2"]
    shared = rows[0].index("Partage (O/N)")
    assert [r[shared] for r in rows[1:]] == ["Non", "Oui", "Oui"]


def test_export_to_a_file_or_the_standard_output_with_skills(settings, hooks, campaign, tmp_path):
    target = tmp_path / "out.csv"
    result = invoke(settings, hooks, "campaigns", "export", campaign.code, "-o", str(target))
    assert result.exit_code == 0
    assert result.output.strip() == str(target)
    plain = target.read_bytes()
    out = CliRunner().invoke(
        build_cli(settings, hooks), ["campaigns", "export", campaign.code, "-o", "-", "--skills"]
    )
    assert out.exit_code == 0
    assert out.stdout_bytes.startswith(b"\xef\xbb\xbf")
    header = out.stdout_bytes.split(b"\r\n")[0]
    assert header.count(b";") == plain.split(b"\r\n")[0].count(b";") + 20


def test_export_of_an_unknown_code_fails_cleanly(settings, hooks, engine, tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    result = invoke(settings, hooks, "campaigns", "export", "AAAAAA222")
    assert result.exit_code == 1
    assert "Cette campagne est introuvable." in result.output
    assert list((tmp_path / "here").iterdir()) == []

"""``pixorga calibrate``: from a CSV or from campaigns' answers to a new referential version
with the calibrated parameters and their standard errors; a refusal writes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pytest
from click.testing import CliRunner

from pixorga_core.cli import build_cli
from pixorga_core.referentials import load_referential
from pixorga_core.storage.models import AnswerRow, AssessmentRow
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.testing import table_snapshot

T0 = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)
PUPILS = 300


@pytest.fixture
def invoke(settings, hooks):
    cli = build_cli(settings, hooks)

    def run(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def demo(hooks):
    return hooks.referentials().get("pix-demo")


def draws(demo, items: int = 12, seed: int = 4):
    """(challenge ids, pupils × items answers) drawn from the challenges' own 2PL parameters."""
    challenges = demo.challenges[:items]
    a = np.array([c.irt_discriminant for c in challenges])
    b = np.array([c.irt_difficulty for c in challenges]) + 3.0  # an able population
    rng = np.random.default_rng(seed)
    theta = rng.normal(0.0, 1.0, PUPILS)
    right = rng.random((PUPILS, items)) < 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    return [c.id for c in challenges], right


def write_csv(path, ids, right, extra: str = ""):
    lines = ["pupil,challenge,correct"]
    lines += [
        f"p{i},{ids[j]},{int(right[i, j])}" for i in range(len(right)) for j in range(len(ids))
    ]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")


def test_from_a_csv_a_new_version_with_the_parameters_and_their_errors(invoke, demo, tmp_path):
    ids, right = draws(demo)
    responses = tmp_path / "answers.csv"
    write_csv(responses, ids, right)
    out = tmp_path / "calibrated"
    result = invoke(
        "calibrate",
        "--referential",
        "pix-demo",
        "--responses",
        str(responses),
        "--output",
        str(out),
        "--version",
        "2026.11-c1",
    )
    assert result.exit_code == 0, result.output
    assert f"calibrated 12 challenges from {PUPILS} pupils ({PUPILS * 12} answers" in result.output
    assert "version 2026.11-c1, to review before use" in result.output
    new = load_referential(out)
    assert (new.id, new.version) == ("pix-demo", "2026.11-c1")
    main = json.loads((out / "referential.json").read_text("utf-8"))
    assert main["x-calibration"]["source"] == "responses file answers.csv"
    assert main["x-calibration"]["calibrated_from_version"] == demo.version
    assert main["x-calibration"]["items_calibrated"] == 12
    written = json.loads((out / "competences" / "1.1.json").read_text("utf-8"))
    first = next(c for c in written["challenges"] if c["id"] == ids[0])
    assert set(first["x-calibration"]) == {
        "discriminant_se",
        "difficulty_se",
        "answers",
        "right",
        "previous_discriminant",
        "previous_difficulty",
    }
    assert first["x-calibration"]["answers"] == PUPILS
    assert new.challenges_by_id[ids[0]].difficulty == first["difficulty"]
    # The challenges nobody answered are as they were.
    assert new.challenges[20:] == demo.challenges[20:]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("p1,no-such-challenge,1\n", "1 challenge(s) not in the referential: no-such-challenge"),
        ("p1,{first},0\n", "answered"),
        ("p1,{first},peut-être\n", "is not 1 or 0"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(invoke, demo, tmp_path, extra, message):
    ids, right = draws(demo)
    responses = tmp_path / "answers.csv"
    write_csv(responses, ids, right, extra.format(first=ids[0]))
    before = sorted(p.name for p in tmp_path.iterdir())
    result = invoke(
        "calibrate",
        "--referential",
        "pix-demo",
        "--responses",
        str(responses),
        "--output",
        str(tmp_path / "calibrated"),
    )
    assert result.exit_code == 1
    assert message in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_sources_and_output_are_checked_first(invoke, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("x", encoding="utf-8")
    neither = invoke("calibrate", "--referential", "pix-demo", "--output", str(tmp_path / "o"))
    assert "give either --campaign (one or more) or --responses" in neither.output
    taken = invoke(
        "calibrate",
        "--referential",
        "pix-demo",
        "--campaign",
        "ABC",
        "--output",
        str(tmp_path / "full"),
    )
    assert "exists and is not an empty directory" in taken.output
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep.txt"]
    both = invoke(
        "calibrate",
        "--referential",
        "pix-demo",
        "--referential-dir",
        str(tmp_path),
        "--campaign",
        "ABC",
        "--output",
        str(tmp_path / "o"),
    )
    assert "give either --referential ID or --referential-dir DIRECTORY" in both.output


def test_a_referential_directory_and_the_steps_of_simulate(invoke, tmp_path):
    from pixorga_core.referentials.bank import bank_documents, write_documents

    rng = np.random.default_rng(2)
    a, b = rng.uniform(0.8, 2.0, 8), rng.normal(0.0, 1.0, 8)
    bank = "id,a,b\n" + "".join(f"i{j},{a[j]:.3f},{b[j]:.3f}\n" for j in range(8))
    write_documents(bank_documents(bank, referential_id="bank", name="Banque"), tmp_path / "bank")
    theta = rng.normal(0.0, 1.0, 400)
    right = rng.random((400, 8)) < 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    lines = ["algorithm,pupil,step,challenge,right,estimate,standard_error"]
    for i in range(400):
        lines.append(f"flash,{i},0,,,0.0,5.0")
        lines += [f"flash,{i},{j + 1},i{j},{int(right[i, j])},0.0,1.0" for j in range(8)]
    (tmp_path / "sim-steps.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke(
        "calibrate",
        "--referential-dir",
        str(tmp_path / "bank"),
        "--responses",
        str(tmp_path / "sim-steps.csv"),
        "--output",
        str(tmp_path / "new"),
    )
    assert result.exit_code == 0, result.output
    assert "calibrated 8 challenges from 400 pupils (3200 answers" in result.output
    new = load_referential(tmp_path / "new")
    recovered = np.array([new.challenges_by_id[f"i{j}"].difficulty for j in range(8)])
    assert float(np.sqrt(np.mean((recovered - b) ** 2))) < 0.3


def stored_campaign(session, factories, demo, ids, right, *, referential_id="pix-demo"):
    school = factories.organization()
    teacher = factories.user()
    campaign = campaigns_repo.insert_if_code_free(
        session,
        campaigns_repo.NewCampaignRow(
            name="Calibration",
            title=None,
            landing_text=None,
            external_id_label=None,
            referential_id=referential_id,
            referential_version=demo.version,
            target_profile_id="competence-1-1",
            algorithm="flash",
        ),
        code="CALIBR123",
        organization_id=school.id,
        creator_id=teacher.id,
        now=T0,
    )
    assert campaign is not None
    for i in range(len(right)):
        assessment = AssessmentRow(
            campaign_id=campaign.id,
            is_preview=i == 0,
            answer_count=len(ids),
            state="completed",
            created_at=T0,
        )
        session.add(assessment)
        session.flush()
        session.add_all(
            AnswerRow(
                assessment_id=assessment.id,
                challenge_id=ids[j],
                status="ok" if right[i, j] else ("ko" if j % 2 else "skipped"),
                created_at=T0,
            )
            for j in range(len(ids))
        )
    session.commit()
    return campaign


def test_from_a_campaign_its_pupils_answers_without_previews(
    invoke, session, factories, demo, tmp_path
):
    ids, right = draws(demo)
    stored_campaign(session, factories, demo, ids, right)
    out = tmp_path / "calibrated"
    result = invoke(
        "calibrate", "--referential", "pix-demo", "--campaign", "calibr-123", "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    # The preview (the first assessment) is left out.
    assert f"from {PUPILS - 1} pupils ({(PUPILS - 1) * 12} answers" in result.output
    main = json.loads((out / "referential.json").read_text("utf-8"))
    assert main["x-calibration"]["source"] == "campaigns calibr-123"
    assert load_referential(out).version.startswith(f"{demo.version}+calibrated.")


def test_an_unknown_campaign_or_one_on_another_referential_is_refused(
    invoke, session, factories, demo, sessions, tmp_path
):
    ids, right = draws(demo)
    stored_campaign(session, factories, demo, ids[:2], right[:3, :2], referential_id="other")
    session.close()
    before = table_snapshot(sessions)
    out = tmp_path / "calibrated"
    for code, message in (
        ("ZZZZZZ999", "no campaign with the code 'ZZZZZZ999'"),
        ("CALIBR123", "campaign CALIBR123 tests the referential 'other', not 'pix-demo'"),
    ):
        result = invoke(
            "calibrate", "--referential", "pix-demo", "--campaign", code, "--output", str(out)
        )
        assert result.exit_code == 1
        assert message in result.output
    assert not out.exists()
    assert table_snapshot(sessions) == before

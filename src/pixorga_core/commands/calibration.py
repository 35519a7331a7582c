"""``pixorga calibrate``: 2PL parameters from real answers, written as a new referential version.

The answers come from a CSV (``--responses``) or from campaigns (``--campaign``, read by
:mod:`pixorga_core.storage.repositories.calibration_answers`); the fit is
:mod:`pixorga_core.engine.responses` and :mod:`pixorga_core.engine.calibration`; the new version
is the registered referential written back by :mod:`pixorga_core.referentials.dump` with the
calibrated challenges' ``discriminant`` and ``difficulty`` replaced and their standard errors in
``x-calibration``. It goes to a new directory and nothing registers it: an academy reviews it,
then ships it in its plugin in place of the old one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.errors import InvalidInputError
from pixorga_core.hooks import hookimpl

if TYPE_CHECKING:
    from pixorga_core.domain.referential import Referential
    from pixorga_core.engine.responses import Calibration, Response

METHOD = (
    "2PL, marginal maximum likelihood (Bock-Aitkin EM, 41 quadrature points from -5 to 5), "
    "abilities N(0, 1) in the answering population; standard errors from the cross-product "
    "information"
)


def _campaign_responses(
    ctx: CliContext, referential: Referential, codes: tuple[str, ...]
) -> tuple[list[Response], list[str]]:
    """The campaigns' answers, and warnings (a campaign on another version)."""
    from pixorga_core.domain.assessments import AnswerStatus
    from pixorga_core.domain.campaigns import normalize_code
    from pixorga_core.engine.responses import Response
    from pixorga_core.storage.db import transaction
    from pixorga_core.storage.repositories import calibration_answers
    from pixorga_core.storage.repositories import campaigns as campaigns_repo

    warnings, ids = [], []
    with transaction(ctx.sessions, read_only=True) as session:
        for code in codes:
            campaign = campaigns_repo.find_by_code(session, normalize_code(code))
            if campaign is None or campaign.deleted_at is not None:
                raise InvalidInputError(f"no campaign with the code {code!r}", code="NO_CAMPAIGN")
            if campaign.referential_id != referential.id:
                msg = (
                    f"campaign {campaign.code} tests the referential {campaign.referential_id!r}, "
                    f"not {referential.id!r}"
                )
                raise InvalidInputError(msg, code="OTHER_REFERENTIAL")
            if campaign.referential_version != referential.version:
                warnings.append(
                    f"campaign {campaign.code} ran on version {campaign.referential_version!r} "
                    f"of {referential.id}, not the registered {referential.version!r}"
                )
            ids.append(campaign.id)
        stored = calibration_answers.answers_of_campaigns(session, ids)
    responses = [
        Response(f"assessment-{a.assessment_id}", a.challenge_id, a.status is AnswerStatus.OK)
        for a in stored
    ]
    return responses, warnings


def calibrated_documents(
    referential: Referential, calibration: Calibration, *, version: str, source: str
) -> Any:
    """The referential's documents with the calibrated parameters (see the module)."""
    import attrs

    from pixorga_core.referentials.dump import referential_documents

    by_id = referential.challenges_by_id
    replaced, extensions = {}, {}
    for item in calibration.items:
        old = by_id[item.challenge_id]
        replaced[item.challenge_id] = attrs.evolve(
            old, discriminant=round(item.discriminant, 4), difficulty=round(item.difficulty, 4)
        )
        extensions[item.challenge_id] = {
            "x-calibration": {
                "discriminant_se": round(item.discriminant_se, 4),
                "difficulty_se": round(item.difficulty_se, 4),
                "answers": item.answers,
                "right": item.right,
                "previous_discriminant": old.irt_discriminant,
                "previous_difficulty": old.irt_difficulty,
            }
        }
    summary = {
        "method": METHOD,
        "source": source,
        "calibrated_from_version": referential.version,
        "pupils": calibration.pupils,
        "pupils_left_out": calibration.pupils_left_out,
        "answers": calibration.responses,
        "iterations": calibration.iterations,
        "converged": calibration.converged,
        "items_calibrated": len(calibration.items),
        "items_left_out": [
            {"id": i.challenge_id, "answers": i.answers, "reason": i.reason}
            for i in calibration.left_out
        ],
        "status": "to review: not used until an academy registers this version",
    }
    return referential_documents(
        referential,
        version=version,
        challenges=replaced,
        extensions=extensions,
        main_extensions={"x-calibration": summary},
    )


def write_atomically(documents: Any, directory: Path) -> None:
    """Write the referential next to ``directory``, load it back, then move it into place: a
    refusal leaves nothing behind."""
    import shutil
    import tempfile

    from pixorga_core.referentials.bank import write_documents
    from pixorga_core.referentials.loader import load_referential

    parent = directory.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".calibrate-", dir=parent))
    try:
        write_documents(documents, staging)
        load_referential(staging)
        if directory.exists():
            directory.rmdir()  # checked empty before
        staging.rename(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


@click.command("calibrate")
@click.option("--referential", "referential_id", default=None, help="Registered referential id.")
@click.option(
    "--referential-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A referential directory instead (e.g. one made by referentials from-bank).",
)
@click.option(
    "--campaign", "codes", multiple=True, help="A campaign whose answers to use (repeatable)."
)
@click.option(
    "--responses",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A CSV pupil,challenge,correct instead of campaigns.",
)
@click.option(
    "--output",
    "directory",
    type=click.Path(file_okay=True, path_type=Path),
    required=True,
    help="The directory of the new version (must not exist, or be empty).",
)
@click.option("--version", default=None, help="Version of the new referential.")
@click.option(
    "--min-answers",
    type=click.IntRange(min=2),
    default=None,
    help="Fewest answers an item needs to be calibrated (default 30).",
)
@click.pass_obj
@reports_errors
def calibrate_command(
    ctx: CliContext,
    referential_id: str | None,
    referential_dir: Path | None,
    codes: tuple[str, ...],
    responses: Path | None,
    directory: Path,
    version: str | None,
    min_answers: int | None,
) -> None:
    """Estimate 2PL parameters (marginal maximum likelihood) from answers and write them, with
    their standard errors, as a new version of the referential, to review before use."""
    from datetime import UTC, datetime

    from pixorga_core.clock import in_paris
    from pixorga_core.engine.responses import MIN_ANSWERS, calibrate, read_responses

    if bool(codes) == (responses is not None):
        msg = "give either --campaign (one or more) or --responses"
        raise InvalidInputError(msg, code="BAD_CALIBRATION_SOURCE")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        msg = f"--output {directory}: exists and is not an empty directory"
        raise InvalidInputError(msg, code="OUTPUT_EXISTS")
    if (referential_id is None) == (referential_dir is None):
        msg = "give either --referential ID or --referential-dir DIRECTORY"
        raise InvalidInputError(msg, code="BAD_CALIBRATION_SOURCE")
    if referential_dir is not None:
        from pixorga_core.referentials.loader import load_referential

        referential = load_referential(referential_dir)
    else:
        assert referential_id is not None
        referential = ctx.hooks.referentials().get(referential_id)
    warnings: list[str] = []
    if responses is not None:
        try:
            text = responses.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInputError(f"{responses}: {exc}", code="BAD_RESPONSES") from exc
        answers, source = read_responses(text), f"responses file {responses.name}"
    else:
        answers, warnings = _campaign_responses(ctx, referential, codes)
        source = "campaigns " + ", ".join(codes)
    calibration = calibrate(
        answers, referential.challenges_by_id, min_answers=min_answers or MIN_ANSWERS
    )
    version = (
        version or f"{referential.version or '0'}+calibrated.{in_paris(datetime.now(UTC)):%Y%m%d}"
    )
    documents = calibrated_documents(referential, calibration, version=version, source=source)
    write_atomically(documents, directory)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if not calibration.converged:
        click.echo(f"warning: no convergence after {calibration.iterations} iterations", err=True)
    for item in calibration.left_out:
        click.echo(f"not calibrated: {item.challenge_id} ({item.reason})", err=True)
    click.echo(
        f"calibrated {len(calibration.items)} challenges from {calibration.pupils} pupils "
        f"({calibration.responses} answers; {len(calibration.left_out)} challenges and "
        f"{calibration.pupils_left_out} pupils left out) in {calibration.iterations} iterations"
    )
    click.echo(
        f"wrote {directory}: referential {referential.id} version {version}, to review before "
        "use (pixorga does not register it)"
    )


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(calibrate_command)

"""``pixorga referentials list|check|from-bank``: the registered referentials; validating a
directory; an item bank (CSV) made a referential directory."""

from __future__ import annotations

from pathlib import Path

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.hooks import hookimpl


@click.group("referentials")
def referentials_group() -> None:
    """Competence referentials: list the registered ones, check a directory."""


@referentials_group.command("list")
@click.pass_obj
@reports_errors
def referentials_list(ctx: CliContext) -> None:
    """List the registered referentials and their target profiles."""
    for referential in ctx.hooks.referentials():
        click.echo(
            f"{referential.id}  {referential.name}  ({len(referential.competences)} competences, "
            f"{len(referential.skills)} skills, {len(referential.challenges)} challenges)"
        )
        for profile in referential.target_profiles:
            click.echo(f"  {profile.id:<28} {len(profile.skill_ids):>4} skills  {profile.name}")


@referentials_group.command("check")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path), nargs=1)
@click.option("--strict", is_flag=True, help="Exit with status 1 when there is a warning.")
@reports_errors
def referentials_check(directory: Path, strict: bool) -> None:
    """Validate the referential in DIRECTORY; list every problem (exit status 1) or sum it up.

    Content quality rules a valid referential breaks (guessable keys, example answers the
    checker disagrees with, Markdown outside the subset, duplicated questions…) are listed as
    warnings; with --strict, a warning also makes the exit status 1.
    """
    from pixorga_core.engine.answers import is_right
    from pixorga_core.referentials.lint import lint
    from pixorga_core.referentials.loader import load_referential

    referential = load_referential(directory)
    warnings = lint(referential, is_right)
    for problem in warnings:
        click.echo(f"warning: {problem}", err=True)
    click.echo(
        f"{referential.id}: valid ({len(referential.competences)} competences, "
        f"{len(referential.tubes)} tubes, {len(referential.skills)} skills, "
        f"{len(referential.challenges)} challenges, {len(referential.tutorials)} tutorials, "
        f"{len(referential.target_profiles)} target profiles)"
        + (f", {len(warnings)} warning(s)" if warnings else "")
    )
    if strict and warnings:
        raise SystemExit(1)


@referentials_group.command("from-bank")
@click.argument("bank", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The referential directory to write (created).",
)
@click.option("--id", "referential_id", default=None, help="Referential id (default: from BANK).")
@click.option("--name", default=None, help="Referential name (default: from BANK).")
@reports_errors
def referentials_from_bank(
    bank: Path, directory: Path, referential_id: str | None, name: str | None
) -> None:
    """Make a referential directory from the item bank BANK, a CSV ``id,a,b[,c]`` with optional
    ``skill``, ``tube`` and ``competence`` columns; it is checked by loading it back.

    Use it with ``pixorga simulate --referential-dir DIRECTORY --target-profile all``.
    """
    import re

    from pixorga_core.errors import InvalidInputError
    from pixorga_core.referentials.bank import bank_documents, write_documents
    from pixorga_core.referentials.loader import load_referential

    stem = re.sub(r"[^a-z0-9._-]+", "-", bank.stem.lower()).strip("-._") or "bank"
    try:
        text = bank.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{bank}: {exc}", code="BAD_BANK") from exc
    documents = bank_documents(
        text, referential_id=referential_id or stem, name=name or f"Banque {bank.name}"
    )
    write_documents(documents, directory)
    referential = load_referential(directory)
    click.echo(
        f"wrote {directory}: referential {referential.id} ({documents.items} items, "
        f"{len(referential.skills)} skills, {len(referential.tubes)} tubes, "
        f"{len(referential.competences)} competences; target profiles: "
        f"{', '.join(p.id for p in referential.target_profiles)})"
    )
    if documents.guessing:
        click.echo(
            f"warning: {documents.guessing} items have c > 0, kept as x-guessing: the engine "
            "uses the 2PL model and ignores it",
            err=True,
        )


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(referentials_group)

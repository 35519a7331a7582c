"""``pixorga import-siecle``: a school's pupils from a SIECLE export or any registered format."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import attrs
import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.errors import NotFoundError
from pixorga_core.hooks import hookimpl

#: Warnings printed in text mode (a whole district file can have thousands).
WARNINGS_SHOWN = 20


@click.command("import-siecle")
@click.option("--uai", required=True, help="UAI of the school whose pupils the file lists.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only show what would change; write nothing.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.pass_obj
@reports_errors
def import_siecle_command(
    ctx: CliContext, uai: str, file: Path, dry_run: bool, output_format: str
) -> None:
    """Import a school's pupils from a SIECLE export (.xml or .zip) or any registered format.

    Exits 0 when the file was imported (or previewed) without errors, 1 when it was rejected.
    """
    from pixorga_core.access import SystemContext
    from pixorga_core.domain.organizations import normalize_uai
    from pixorga_core.services import imports
    from pixorga_core.storage.repositories import organizations as organizations_repo

    with ctx.transaction() as session:
        schools = [
            o
            for o in organizations_repo.find_by_uai(session, normalize_uai(uai))
            if not o.is_archived
        ]
        if len(schools) != 1:
            what = "no school" if not schools else "several schools"
            raise NotFoundError(f"{what} with UAI {normalize_uai(uai)}")
        school = schools[0]
        show = sys.stderr.isatty()
        with (
            file.open("rb") as raw,
            click.progressbar(
                length=file.stat().st_size,
                label="Lecture du fichier",
                file=sys.stderr if show else io.StringIO(),
            ) as bar,
        ):
            stream = io.BufferedReader(_Progress(raw, bar.update), buffer_size=1 << 16)
            batch = imports.read_file(ctx.hooks, stream, file.name, school)
        plan = imports.plan_import(session, school, batch, lock=not dry_run)
        preview = plan.preview
        status = "rejected" if batch.errors else ("previewed" if dry_run else "imported")
        if status == "imported":
            if show:
                click.echo(f"Enregistrement de {preview.counts.kept} élèves…", err=True)
            imports.commit_import(
                session,
                ctx.hooks,
                SystemContext(organization=school, operator="pixorga import-siecle"),
                batch,
                file_name=file.name,
                plan=plan,
            )
    _print_import(status, preview, output_format)
    if status == "rejected":
        sys.exit(1)


class _Progress(io.RawIOBase):
    """A read-only, seekable view of ``raw`` that reports the bytes read (for the progress bar).

    Seeking back (a zip's central directory is read first) does not move the bar backwards.
    """

    def __init__(self, raw: BinaryIO, advance: Callable[[int], None]) -> None:
        self._raw = raw
        self._advance = advance
        self._furthest = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        position = self._raw.tell()
        if position > self._furthest:
            self._advance(position - self._furthest)
            self._furthest = position
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()


def _print_import(status: str, preview: Any, output_format: str) -> None:
    def issue(i: Any) -> dict[str, Any]:
        return {
            "code": i.code,
            "ine": i.national_student_id,
            "line": i.line,
            "field": i.field,
            "message": i.message,
        }

    def left_out(p: Any) -> dict[str, Any]:
        return {
            "reason": p.reason.value,
            "ine": p.national_student_id,
            "first_name": p.first_name,
            "last_name": p.last_name,
        }

    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "status": status,
                    "counts": attrs.asdict(preview.counts),
                    "errors": [issue(i) for i in preview.errors],
                    "warnings": [issue(i) for i in preview.warnings],
                    "left_out": [left_out(p) for p in preview.left_out],
                },
                ensure_ascii=False,
            )
        )
        return
    for i in preview.errors:
        click.echo(f"ERREUR {i.code}: {i.message}", err=True)
    for i in preview.warnings[:WARNINGS_SHOWN]:
        click.echo(f"attention {i.code}: {i.message}", err=True)
    if len(preview.warnings) > WARNINGS_SHOWN:
        more = len(preview.warnings) - WARNINGS_SHOWN
        click.echo(f"… et {more} autre(s) avertissement(s) (--format json : tous)", err=True)
    reasons = Counter(p.reason.value for p in preview.left_out)
    if reasons:
        kept_out = ", ".join(f"{reason}={n}" for reason, n in sorted(reasons.items()))
        click.echo(f"non importés : {kept_out} (--format json : leurs noms)", err=True)
    counts = ", ".join(f"{k}={v}" for k, v in attrs.asdict(preview.counts).items())
    click.echo(f"{status}: {counts}")


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(import_siecle_command)

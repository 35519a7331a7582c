"""``pixorga organizations create|import-csv``: schools, each with its activation invitation."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pixorga_core.commands.context import CliContext, reports_errors
from pixorga_core.domain.organizations import OrganizationType
from pixorga_core.hooks import hookimpl


@click.group("organizations")
def organizations_group() -> None:
    """Manage organizations (schools)."""


@organizations_group.command("create")
@click.option("--uai", required=True, help="UAI (ex-RNE) with its check letter, e.g. 0752387M.")
@click.option("--name", required=True, help="Name of the school.")
@click.option("--email", default=None, help="Contact mailbox of the school.")
@click.option(
    "--type",
    "type_",
    type=click.Choice([t.value for t in OrganizationType]),
    default=OrganizationType.SCO.value,
    show_default=True,
)
@click.option("--managing-students/--no-managing-students", default=True, show_default=True)
@click.option("--identity-provider", default=None, help="SSO provider of its pupils, e.g. GAR.")
@click.pass_obj
@reports_errors
def organizations_create(
    ctx: CliContext,
    uai: str,
    name: str,
    email: str | None,
    type_: str,
    managing_students: bool,
    identity_provider: str | None,
) -> None:
    """Create a school and send the activation invitation to its e-mail address."""
    from pixorga_core.services.organizations import NewOrganization
    from pixorga_core.services.schools import create_school

    with ctx.transaction() as session:
        activation = create_school(
            session,
            ctx.hooks,
            NewOrganization(
                name=name,
                uai=uai,
                email=email,
                type=OrganizationType(type_),
                is_managing_students=managing_students,
                identity_provider=identity_provider,
            ),
        )
    organization = activation.organization
    click.echo(f"created organization {organization.id}: {organization.name} ({organization.uai})")
    if activation.invitation is not None:
        click.echo(
            f"activation invitation queued for {activation.invitation.email} "
            "(`pixorga outbox list` shows its delivery)"
        )


@organizations_group.command("import-csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every line; create nothing.")
@click.pass_obj
@reports_errors
def organizations_import_csv(ctx: CliContext, file: Path, dry_run: bool) -> None:
    """Create schools from a CSV ``UAI;Nom;E-mail`` (UTF-8 or Windows-1252, header optional).

    Each school gets its activation invitation at its e-mail address. One report line per line;
    exits 1 when some line was refused (the others are created).
    """
    from pixorga_core.services.schools import LineStatus, create_schools_from_csv

    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    with ctx.transaction() as session:
        report = create_schools_from_csv(session, ctx.hooks, text, dry_run=dry_run)
    for line in report:
        if line.status is LineStatus.SKIPPED:
            continue
        mark = "ERREUR" if line.status is LineStatus.ERROR else "ok"
        click.echo(f"ligne {line.line}: {mark} {line.uai} {line.name} : {line.message}")
    errors = sum(1 for r in report if r.status is LineStatus.ERROR)
    created = sum(1 for r in report if r.status is LineStatus.CREATED)
    click.echo(
        f"{created} établissement(s) {'valides' if dry_run else 'créés'}, {errors} erreur(s)"
    )
    if errors:
        sys.exit(1)


@hookimpl
def pixorga_register_commands(cli: click.Group) -> None:
    cli.add_command(organizations_group)

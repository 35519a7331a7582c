"""Activating school spaces: create a school and invite its mailbox, in bulk from a CSV, and the
« Demande d'accès administrateur » (pix-rules §1, SCO invitation).

The *activation invitation* goes to the school's contact mailbox with the role ADMIN: whoever
accepts it becomes administrator; its link works 7 days. Anyone may ask for a new one by giving
the school's UAI; it still goes only to the school's mailbox, never to the requester, and carries
nothing the requester typed (only that a request was made, when and from which page), so that
the official sender cannot relay anyone's words. Requests are throttled per school (once a
minute) and per client (:data:`ADMIN_REQUESTS_PER_CLIENT` an hour).
"""

from __future__ import annotations

import csv
import enum
import io
from datetime import UTC, datetime, timedelta

import attrs
from sqlalchemy.orm import Session

from pixorga_core import clock, paths
from pixorga_core.domain.invitations import InvitationOrigin
from pixorga_core.domain.memberships import Role
from pixorga_core.domain.messages import MessageKind
from pixorga_core.domain.organizations import Organization, OrganizationType, normalize_uai
from pixorga_core.errors import AlreadyExistsError, InvalidInputError, TooSoonError
from pixorga_core.facade import Hooks
from pixorga_core.services import invitations
from pixorga_core.services.organizations import NewOrganization, create_organization
from pixorga_core.storage.repositories import organizations as organizations_repo
from pixorga_core.storage.repositories import throttles as throttles_repo

#: Most lines a CSV of schools may have.
MAX_CSV_LINES = 5000
#: Most « Demande d'accès administrateur » one client may make in :data:`ADMIN_REQUEST_WINDOW`.
ADMIN_REQUESTS_PER_CLIENT = 5
ADMIN_REQUEST_WINDOW = timedelta(hours=1)
#: The throttle of those requests (``request_throttles.scope``).
ADMIN_REQUEST_SCOPE = "admin_request_client"
TOO_MANY_REQUESTS = (
    f"Trop de demandes d'accès administrateur depuis votre connexion : "
    f"{ADMIN_REQUESTS_PER_CLIENT} au plus par heure. Réessayez dans une heure."
)


@attrs.frozen(kw_only=True)
class Activation:
    organization: Organization
    #: None when the school has no contact mailbox (nobody was invited).
    invitation: invitations.InviteLine | None


def send_activation(
    session: Session,
    hooks: Hooks,
    organization: Organization,
    *,
    reason: str = "activation",
    extra_context: dict[str, str] | None = None,
    always_new: bool = False,
    now: datetime,
) -> invitations.InviteLine | None:
    """Invite the school's mailbox as administrator (renews a pending invitation with a new
    code, unless ``always_new``). ``extra_context`` holds values pixorga wrote, never text
    typed by a visitor."""
    if not organization.email:
        return None
    return invitations.invite(
        session,
        hooks,
        organization,
        organization.email,
        role=Role.ADMIN,
        kind=MessageKind.SCO_ADMIN_INVITATION,
        extra_context={"reason": reason, **(extra_context or {})},
        always_new=always_new,
        origin=(
            InvitationOrigin.ADMIN_REQUEST
            if reason == "admin_request"
            else InvitationOrigin.ACTIVATION
        ),
        now=now,
    )


def create_school(
    session: Session, hooks: Hooks, new: NewOrganization, *, now: datetime | None = None
) -> Activation:
    """Create a school and send the activation invitation to its mailbox."""
    now = now or datetime.now(UTC)
    organization = create_organization(session, new, now=now)
    return Activation(
        organization=organization,
        invitation=send_activation(session, hooks, organization, now=now),
    )


class LineStatus(enum.StrEnum):
    CREATED = "created"
    ERROR = "error"
    SKIPPED = "skipped"  #: the header line


@attrs.frozen(kw_only=True)
class SchoolLine:
    """The report for one line of a CSV of schools."""

    line: int
    uai: str
    name: str
    status: LineStatus
    message: str
    organization_id: int | None = None


def create_schools_from_csv(
    session: Session,
    hooks: Hooks,
    text: str,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
) -> list[SchoolLine]:
    """Create the schools of a ``UAI;Nom;E-mail`` CSV, one report line per line.

    Each line is created in its own SAVEPOINT: a wrong line is reported and skipped, the others
    are created (and their activation invitations sent after commit). A first line starting
    with ``UAI`` is a header. With ``dry_run`` everything is checked and nothing is kept.
    """
    now = now or datetime.now(UTC)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if len(rows) > MAX_CSV_LINES:
        msg = f"Le fichier a {len(rows)} lignes ; {MAX_CSV_LINES} au plus sont acceptées."
        raise InvalidInputError(msg)
    report: list[SchoolLine] = []
    for number, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if number == 1 and normalize_uai(cells[0]) == "UAI":
            report.append(
                SchoolLine(line=1, uai="", name="", status=LineStatus.SKIPPED, message="en-tête")
            )
            continue
        report.append(_csv_line(session, hooks, number, cells, dry_run=dry_run, now=now))
    return report


def _csv_line(
    session: Session, hooks: Hooks, number: int, cells: list[str], *, dry_run: bool, now: datetime
) -> SchoolLine:
    uai = normalize_uai(cells[0]) if cells else ""
    name = cells[1] if len(cells) > 1 else ""
    if len(cells) != 3:
        return SchoolLine(
            line=number,
            uai=uai,
            name=name,
            status=LineStatus.ERROR,
            message=f"{len(cells)} colonne(s) au lieu de 3 (UAI;Nom;E-mail).",
        )
    savepoint = session.begin_nested()
    try:
        activation = create_school(
            session, hooks, NewOrganization(name=name, uai=uai, email=cells[2] or None), now=now
        )
    except InvalidInputError as exc:
        savepoint.rollback()
        message = " ".join(exc.field_errors.values()) or exc.message
        return SchoolLine(line=number, uai=uai, name=name, status=LineStatus.ERROR, message=message)
    except AlreadyExistsError as exc:
        savepoint.rollback()
        return SchoolLine(
            line=number, uai=uai, name=name, status=LineStatus.ERROR, message=exc.message
        )
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    invited = activation.organization.email
    message = (
        f"créé ; invitation d'activation envoyée à {invited}"
        if invited
        else "créé ; aucune adresse e-mail, aucune invitation envoyée"
    )
    if dry_run:
        message = "valide (simulation : rien n'a été créé)"
    return SchoolLine(
        line=number,
        uai=uai,
        name=activation.organization.name,
        status=LineStatus.CREATED,
        message=message,
        organization_id=None if dry_run else activation.organization.id,
    )


@attrs.frozen(kw_only=True)
class AdminAccessRequest:
    """The « Demande d'accès administrateur » form: only the school's UAI, and who asks.

    ``client`` names the requesting client for the throttle (the web app passes the address
    of the connection); it is never written anywhere but as a hash.
    """

    uai: str
    client: str


def request_admin_access(
    session: Session, hooks: Hooks, request: AdminAccessRequest, *, now: datetime | None = None
) -> invitations.InviteLine:
    """« Demande d'accès administrateur »: send a new ADMIN invitation to the school's mailbox.

    No login needed. The message says only that a request was made, when (Europe/Paris time)
    and from which page; its link is new and works 7 days, and links sent before keep working.
    Sent again to a school at most once a minute (outcome TOO_SOON); a client may make
    :data:`ADMIN_REQUESTS_PER_CLIENT` requests an hour.

    :raises InvalidInputError: UAI missing or unknown; several schools with that UAI; the
        school has no contact e-mail; the school's space is archived.
    :raises TooSoonError: the client made too many requests this hour.
    """
    now = now or datetime.now(UTC)
    uai = normalize_uai(request.uai)
    if not uai:
        raise InvalidInputError(
            field_errors={"uai": "L'UAI/RNE de l'établissement n'est pas renseigné."}
        )
    school = _school_with_uai(session, uai)
    if not throttles_repo.count_request(
        session,
        ADMIN_REQUEST_SCOPE,
        request.client,
        now,
        window=ADMIN_REQUEST_WINDOW,
        limit=ADMIN_REQUESTS_PER_CLIENT,
    ):
        raise TooSoonError(TOO_MANY_REQUESTS)
    organizations_repo.lock(session, school.id)  # one request of a school at a time
    line = send_activation(
        session,
        hooks,
        school,
        reason="admin_request",
        extra_context={
            "requested_at": clock.datetime_fr_words(now),
            "request_page": paths.absolute(hooks.settings.base_url, paths.ADMIN_REQUEST),
        },
        always_new=True,
        now=now,
    )
    assert line is not None
    return line


def _school_with_uai(session: Session, uai: str) -> Organization:
    schools = [
        o
        for o in organizations_repo.find_by_uai(session, uai)
        if o.type in {OrganizationType.SCO, OrganizationType.SCO_1D}
    ]
    if not schools:
        msg = f"L'UAI/RNE {uai[:20]} de l'établissement n'est pas reconnu. Vérifiez-le."
        raise InvalidInputError(field_errors={"uai": msg}, code="UAI_NOT_FOUND")
    if len(schools) > 1:
        msg = (
            f"Plusieurs établissements ont l'UAI/RNE {uai[:20]} : la demande ne peut pas "
            "aboutir. Contactez le support de Pix Orga."
        )
        raise InvalidInputError(field_errors={"uai": msg}, code="MANY_ORGANIZATIONS")
    school = schools[0]
    if school.is_archived:
        msg = "L'espace Pix Orga de cet établissement est archivé : il ne peut plus être rejoint."
        raise InvalidInputError(field_errors={"uai": msg}, code="ORGANIZATION_ARCHIVED")
    if not school.email:
        msg = (
            "Cet établissement n'a pas d'adresse e-mail de contact enregistrée : la demande ne "
            "peut pas être envoyée. Contactez le support de Pix Orga."
        )
        raise InvalidInputError(field_errors={"uai": msg}, code="ORGANIZATION_WITHOUT_EMAIL")
    return school

"""The « Équipe » page: members (paginated), invitations, inviting, roles, removal, unblocking,
leaving.

Every action calls a service that checks the rights itself (:mod:`pixorga_core.access`); the
page asks ``allowed`` to hide what the user cannot do. Refused actions re-render the page with
the reason (nothing written), with the status :func:`~pixorga_reference_app.pages.status_for`
gives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import bottle

from pixorga_core import clock, paths
from pixorga_core.access import Action, allowed
from pixorga_core.domain.invitations import InvitationView, MailState
from pixorga_core.domain.memberships import Role
from pixorga_core.errors import (
    InvalidInputError,
    LastAdministratorError,
    NotFoundError,
    PixorgaError,
    TooSoonError,
)
from pixorga_core.services import invitations, orga, team
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form
from pixorga_reference_app.input_checks import parse_int
from pixorga_reference_app.routes.guards import require_orga

#: Messages shown after a redirect, by key (never text taken from the URL).
NOTICES = {
    "renvoyee": (
        "L'invitation a été envoyée à nouveau, avec un nouveau lien : le précédent ne "
        "fonctionne plus."
    ),
    "annulee": "L'invitation a été annulée.",
    "role": "Le rôle a été modifié.",
    "supprime": "Le membre a été retiré de l'équipe.",
    "debloque": "Le compte du membre est débloqué : il peut de nouveau se connecter.",
}
TABS = ("membres", "invitations")
#: The « E-mail » column of the invitations: a label per state (none for MailState.NONE).
MAIL_LABELS = {
    MailState.SENT: "Envoyé",
    MailState.QUEUED: "En cours d'envoi",
    MailState.RETRYING: "Pas encore envoyé (nouvel essai automatique)",
    MailState.FAILED: "Refusé par le serveur de messagerie : vérifiez l'adresse",
}


def local_time(value: datetime) -> str:
    return clock.datetime_fr(value)


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    def render(context: orga.OrgaContext, *, tab: str = "membres", **values: Any) -> str:
        query = bottle.request.query
        page_number = parse_int(query.getunicode("page")) or 1
        members = team.members_page(db(), context, page=page_number)
        pending: list[InvitationView] = []
        if allowed(context, Action.SEE_INVITATIONS):
            pending = invitations.pending_invitations(db(), context)
        else:
            tab = "membres"
        editing = parse_int(query.getunicode("modifier")) or 0
        values.setdefault("lines", [])
        values.setdefault("errors", {})
        values.setdefault("emails", "")
        values.setdefault("error", None)
        values.setdefault("notice", NOTICES.get(query.getunicode("message", default="") or ""))
        return pages.page(
            "team.tpl",
            context,
            "equipe",
            title="Équipe",
            tab=tab,
            members=members,
            invitations=pending,
            unsent=[v for v in pending if v.mail_pending],
            editing=editing,
            base=paths.team(context.organization.id),
            roles=list(Role),
            local_time=local_time,
            mail_labels=MAIL_LABELS,
            **values,
        )

    def refuse(context: orga.OrgaContext, error: PixorgaError, tab: str) -> Exception:
        return pages.refuse(render(context, tab=tab, error=error.message), error)

    def done(organization_id: int, notice: str, tab: str = "membres") -> None:
        pages.redirect(paths.team(organization_id, onglet=tab, message=notice))

    @app.get("/etablissements/<organization_id:int>/equipe")
    def team_page(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        tab = bottle.request.query.getunicode("onglet", default="membres") or "membres"
        return render(context, tab=tab if tab in TABS else "membres")

    @app.post("/etablissements/<organization_id:int>/equipe/inviter")
    def invite(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        emails = form("emails")
        try:
            lines = invitations.invite_members(db(), ctx.hooks, context, emails=emails)
        except InvalidInputError as exc:
            body = render(context, tab="invitations", errors=exc.field_errors, emails=emails)
            raise pages.refuse(body, exc) from None
        return render(context, tab="invitations", lines=lines)

    @app.post(
        "/etablissements/<organization_id:int>/equipe/invitations/<invitation_id:int>/renvoyer"
    )
    def resend(organization_id: int, invitation_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            invitations.resend_invitation(db(), ctx.hooks, context, invitation_id=invitation_id)
        except (TooSoonError, InvalidInputError) as exc:
            raise refuse(context, exc, "invitations") from None
        done(organization_id, "renvoyee", "invitations")

    @app.post(
        "/etablissements/<organization_id:int>/equipe/invitations/<invitation_id:int>/annuler"
    )
    def cancel(organization_id: int, invitation_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            invitations.cancel_invitation(db(), context, invitation_id=invitation_id)
        except InvalidInputError as exc:
            raise refuse(context, exc, "invitations") from None
        done(organization_id, "annulee", "invitations")

    @app.post("/etablissements/<organization_id:int>/equipe/membres/<membership_id:int>/role")
    def change_role(organization_id: int, membership_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            role = Role(form("role"))
        except ValueError:
            message = "Choisissez un rôle : Administrateur ou Membre."
            raise refuse(context, InvalidInputError(message), "membres") from None
        try:
            team.change_role(db(), context, membership_id=membership_id, role=role)
        except (LastAdministratorError, NotFoundError) as exc:
            raise refuse(context, exc, "membres") from None
        if membership_id == context.membership.id and role is Role.MEMBER:
            pages.redirect(paths.team(organization_id, message="role"))
        done(organization_id, "role")

    @app.post("/etablissements/<organization_id:int>/equipe/membres/<membership_id:int>/supprimer")
    def remove(organization_id: int, membership_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            team.remove_member(db(), context, membership_id=membership_id)
        except (LastAdministratorError, NotFoundError) as exc:
            raise refuse(context, exc, "membres") from None
        if membership_id == context.membership.id:
            pages.redirect(paths.CURRENT_CAMPAIGNS)
        done(organization_id, "supprime")

    @app.post("/etablissements/<organization_id:int>/equipe/membres/<membership_id:int>/debloquer")
    def unblock(organization_id: int, membership_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            team.unblock_member(db(), context, membership_id=membership_id)
        except NotFoundError as exc:
            raise refuse(context, exc, "membres") from None
        done(organization_id, "debloque")

    @app.post("/etablissements/<organization_id:int>/equipe/quitter")
    def leave(organization_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            team.leave(db(), context)
        except LastAdministratorError as exc:
            raise refuse(context, exc, "membres") from None
        pages.redirect(paths.CURRENT_CAMPAIGNS)

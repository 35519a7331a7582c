"""The « Équipe » page: members (paginated), invitations, inviting, roles, removal, leaving.

Every action calls a service that checks the rights itself (pix-rules §2); the page only hides
what the user cannot do. Refused actions re-render the page with the reason (nothing written).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import bottle

from pixorga_core.domain.memberships import Role
from pixorga_core.errors import (
    InvalidInputError,
    LastAdministratorError,
    NotFoundError,
    TooSoonError,
)
from pixorga_core.services import invitations, orga, team
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form, web_session
from pixorga_reference_app.routes.guards import require_orga

#: Messages shown after a redirect, by key (never text taken from the URL).
NOTICES = {
    "renvoyee": "L'invitation a été envoyée à nouveau.",
    "annulee": "L'invitation a été annulée.",
    "role": "Le rôle a été modifié.",
    "supprime": "Le membre a été retiré de l'équipe.",
}
TABS = ("membres", "invitations")
#: Dates are shown in the schools' time zone (mainland France).
TIME_ZONE = ZoneInfo("Europe/Paris")
MAIL_LABELS = {
    "sent": "Envoyé",
    "queued": "En cours d'envoi",
    "retrying": "Pas encore envoyé (nouvel essai automatique)",
    "failed": "Refusé par le serveur de messagerie : vérifiez l'adresse",
}


def local_time(value: datetime) -> str:
    return value.astimezone(TIME_ZONE).strftime("%d/%m/%Y %H:%M")


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    def base(organization_id: int) -> str:
        return f"/etablissements/{organization_id}/equipe"

    def render(context: orga.OrgaContext, *, tab: str = "membres", **values: Any) -> str:
        user_id = context.user.id
        organization_id = context.organization.id
        query = bottle.request.query
        try:
            page_number = int(query.getunicode("page", default="1") or "1")
        except ValueError:
            page_number = 1
        members = team.members_page(
            db(), actor_id=user_id, organization_id=organization_id, page=page_number
        )
        pending: list[Any] = []
        if context.is_admin:
            pending = invitations.pending_invitations(
                db(), actor_id=user_id, organization_id=organization_id
            )
        else:
            tab = "membres"
        try:
            editing = int(query.getunicode("modifier", default="") or "0")
        except ValueError:
            editing = 0
        values.setdefault("lines", [])
        values.setdefault("errors", {})
        values.setdefault("emails", "")
        values.setdefault("error", None)
        values.setdefault("notice", NOTICES.get(query.getunicode("message", default="") or ""))
        return pages.render(
            "team.tpl",
            title="Équipe",
            ctx=context,
            section="equipe",
            csrf_token=web_session(ctx.codec).csrf_token,
            tab=tab,
            members=members,
            invitations=pending,
            unsent=[v for v in pending if v.mail_pending],
            editing=editing,
            base=base(organization_id),
            roles=list(Role),
            local_time=local_time,
            mail_labels=MAIL_LABELS,
            **values,
        )

    def refuse(context: orga.OrgaContext, message: str, tab: str, status: int) -> Exception:
        return pages.rollback_response(render(context, tab=tab, error=message), status)

    def done(organization_id: int, notice: str, tab: str = "membres") -> None:
        bottle.redirect(f"{base(organization_id)}?onglet={tab}&message={notice}")

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
            lines = invitations.invite_members(
                db(),
                ctx.hooks,
                actor_id=context.user.id,
                organization_id=organization_id,
                emails=emails,
            )
        except InvalidInputError as exc:
            response = bottle.response.copy(cls=pages.RollbackResponse)
            response.status = 422
            response.body = render(
                context, tab="invitations", errors=exc.field_errors, emails=emails
            )
            raise response from None
        return render(context, tab="invitations", lines=lines)

    @app.post(
        "/etablissements/<organization_id:int>/equipe/invitations/<invitation_id:int>/renvoyer"
    )
    def resend(organization_id: int, invitation_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            invitations.resend_invitation(
                db(),
                ctx.hooks,
                actor_id=context.user.id,
                organization_id=organization_id,
                invitation_id=invitation_id,
            )
        except (TooSoonError, InvalidInputError) as exc:
            raise refuse(context, exc.message, "invitations", 409) from None
        done(organization_id, "renvoyee", "invitations")

    @app.post(
        "/etablissements/<organization_id:int>/equipe/invitations/<invitation_id:int>/annuler"
    )
    def cancel(organization_id: int, invitation_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            invitations.cancel_invitation(
                db(),
                actor_id=context.user.id,
                organization_id=organization_id,
                invitation_id=invitation_id,
            )
        except InvalidInputError as exc:
            raise refuse(context, exc.message, "invitations", 409) from None
        done(organization_id, "annulee", "invitations")

    @app.post("/etablissements/<organization_id:int>/equipe/membres/<membership_id:int>/role")
    def change_role(organization_id: int, membership_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            role = Role(form("role"))
        except ValueError:
            message = "Choisissez un rôle : Administrateur ou Membre."
            raise refuse(context, message, "membres", 422) from None
        try:
            team.change_role(
                db(),
                actor_id=context.user.id,
                organization_id=organization_id,
                membership_id=membership_id,
                role=role,
            )
        except (LastAdministratorError, NotFoundError) as exc:
            raise refuse(context, exc.message, "membres", 409) from None
        if membership_id == context.membership.id and role is Role.MEMBER:
            bottle.redirect(f"{base(organization_id)}?message=role")
        done(organization_id, "role")

    @app.post("/etablissements/<organization_id:int>/equipe/membres/<membership_id:int>/supprimer")
    def remove(organization_id: int, membership_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            team.remove_member(
                db(),
                actor_id=context.user.id,
                organization_id=organization_id,
                membership_id=membership_id,
            )
        except (LastAdministratorError, NotFoundError) as exc:
            raise refuse(context, exc.message, "membres", 409) from None
        if membership_id == context.membership.id:
            bottle.redirect("/campagnes")
        done(organization_id, "supprime")

    @app.post("/etablissements/<organization_id:int>/equipe/quitter")
    def leave(organization_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            team.leave(db(), actor_id=context.user.id, organization_id=organization_id)
        except LastAdministratorError as exc:
            raise refuse(context, exc.message, "membres", 409) from None
        bottle.redirect("/campagnes")

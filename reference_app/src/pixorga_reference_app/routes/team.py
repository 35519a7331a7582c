"""The « Équipe » page: members (paginated), invitations, inviting, roles, removal, unblocking,
leaving.

« Supprimer », « Annuler l'invitation » and « Quitter l'espace » are links to a page asking to
confirm, naming the person (no JavaScript needed); the notice after the action names them too.
The invitation results are rendered after the commit (:class:`pages.AfterCommit`), once the
e-mails have been tried: « envoyée » only for an e-mail that has gone, and otherwise the link to
copy (the code exists only then: the database keeps its hash).

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
from pixorga_core.services import invitation_lists, invitations, orga, team
from pixorga_core.services.invitations import InviteLine
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form
from pixorga_reference_app.input_checks import parse_int
from pixorga_reference_app.routes.guards import require_orga

#: Messages shown after a redirect, by key (never text taken from the URL); ``{name}`` is the
#: person the action was about, looked up from the id in the address (``qui``).
NOTICES = {
    "annulee": "L'invitation à {name} a été annulée.",
    "role": "Le rôle de {name} a été modifié.",
    "supprime": "{name} a été retiré(e) de l'équipe.",
    "debloque": "Le compte de {name} est débloqué : cette personne peut de nouveau se connecter.",
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
    def notice(context: orga.OrgaContext) -> str | None:
        query = bottle.request.query
        key = query.getunicode("message", default="") or ""
        template = NOTICES.get(key)
        subject = parse_int(query.getunicode("qui"))
        if template is None or subject is None:
            return None
        if key == "annulee":
            name = invitation_lists.invitation_email(db(), context, invitation_id=subject)
        else:
            name = team.member_name(db(), context, membership_id=subject)
        return template.format(name=name) if name else None

    def render(context: orga.OrgaContext, *, tab: str = "membres", **values: Any) -> str:
        query = bottle.request.query
        page_number = parse_int(query.getunicode("page")) or 1
        members = team.members_page(db(), context, page=page_number)
        pending: list[InvitationView] = []
        if allowed(context, Action.SEE_INVITATIONS):
            pending = invitation_lists.pending_invitations(db(), context)
        else:
            tab = "membres"
        editing = parse_int(query.getunicode("modifier")) or 0
        values.setdefault("lines", [])
        values.setdefault("states", {})
        values.setdefault("errors", {})
        values.setdefault("emails", "")
        values.setdefault("error", None)
        values.setdefault("notice", notice(context))
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
            MailState=MailState,
            link_of=lambda line: paths.invitation_link(
                ctx.settings.base_url, line.invitation.id, line.code
            ),
            **values,
        )

    def refuse(context: orga.OrgaContext, error: PixorgaError, tab: str) -> Exception:
        return pages.refuse(render(context, tab=tab, error=error.message), error)

    def done(organization_id: int, notice: str, subject: int, tab: str = "membres") -> None:
        pages.redirect(paths.team(organization_id, onglet=tab, message=notice, qui=subject))

    def results(context: orga.OrgaContext, lines: list[InviteLine], **values: Any) -> str:
        """The invitation results, read after the commit: « envoyée » only for e-mails gone."""
        ids = [line.invitation.id for line in lines if line.invitation and not line.is_refusal]
        states = invitation_lists.mail_states(db(), context, ids)
        return render(context, tab="invitations", lines=lines, states=states, **values)

    def confirm(context: orga.OrgaContext, **values: Any) -> str:
        return pages.page(
            "team_confirm.tpl",
            context,
            "equipe",
            base=paths.team(context.organization.id),
            **values,
        )

    @app.get("/etablissements/<organization_id:int>/equipe")
    def team_page(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        tab = bottle.request.query.getunicode("onglet", default="membres") or "membres"
        return render(context, tab=tab if tab in TABS else "membres")

    @app.post("/etablissements/<organization_id:int>/equipe/inviter")
    def invite(organization_id: int) -> pages.AfterCommit:
        context = require_orga(ctx, organization_id)
        emails = form("emails")
        try:
            lines = invitations.invite_members(db(), ctx.hooks, context, emails=emails)
        except InvalidInputError as exc:
            body = render(context, tab="invitations", errors=exc.field_errors, emails=emails)
            raise pages.refuse(body, exc) from None
        return pages.AfterCommit(lambda: results(context, lines))

    @app.post(
        "/etablissements/<organization_id:int>/equipe/invitations/<invitation_id:int>/renvoyer"
    )
    def resend(organization_id: int, invitation_id: int) -> pages.AfterCommit:
        context = require_orga(ctx, organization_id)
        try:
            line = invitations.resend_invitation(
                db(), ctx.hooks, context, invitation_id=invitation_id
            )
        except (TooSoonError, InvalidInputError, NotFoundError) as exc:
            raise refuse(context, exc, "invitations") from None
        return pages.AfterCommit(lambda: results(context, [line]))

    @app.get("/etablissements/<organization_id:int>/equipe/invitations/<invitation_id:int>/annuler")
    def cancel_form(organization_id: int, invitation_id: int) -> str:
        context = require_orga(ctx, organization_id)
        try:
            invitation = invitation_lists.pending_invitation(
                db(), context, invitation_id=invitation_id
            )
        except (InvalidInputError, NotFoundError) as exc:
            raise refuse(context, exc, "invitations") from None
        return confirm(
            context,
            title="Annuler l'invitation",
            question=f"Annuler l'invitation à {invitation.email} ?",
            explanation="Le lien de son invitation ne fonctionnera plus.",
            action=paths.team(organization_id, f"invitations/{invitation.id}/annuler"),
            button="Annuler l'invitation",
            back=paths.team(organization_id, onglet="invitations"),
            back_label="Garder l'invitation",
        )

    @app.post(
        "/etablissements/<organization_id:int>/equipe/invitations/<invitation_id:int>/annuler"
    )
    def cancel(organization_id: int, invitation_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            invitations.cancel_invitation(db(), context, invitation_id=invitation_id)
        except (InvalidInputError, NotFoundError) as exc:
            raise refuse(context, exc, "invitations") from None
        done(organization_id, "annulee", invitation_id, "invitations")

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
        done(organization_id, "role", membership_id)

    @app.get("/etablissements/<organization_id:int>/equipe/membres/<membership_id:int>/supprimer")
    def remove_form(organization_id: int, membership_id: int) -> str:
        context = require_orga(ctx, organization_id)
        try:
            member = team.member(db(), context, membership_id=membership_id)
        except NotFoundError as exc:
            raise refuse(context, exc, "membres") from None
        return confirm(
            context,
            title=f"Retirer {member.full_name}",
            question=f"Retirer {member.full_name} de l'équipe ?",
            explanation=(
                f"{member.full_name} n'aura plus accès à l'espace Pix Orga de "
                f"{context.organization.name}. Ses campagnes restent dans l'espace."
            ),
            action=paths.team(organization_id, f"membres/{member.membership.id}/supprimer"),
            button="Supprimer",
            back=paths.team(organization_id),
            back_label="Ne pas supprimer",
        )

    @app.post("/etablissements/<organization_id:int>/equipe/membres/<membership_id:int>/supprimer")
    def remove(organization_id: int, membership_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            team.remove_member(db(), context, membership_id=membership_id)
        except (LastAdministratorError, NotFoundError) as exc:
            raise refuse(context, exc, "membres") from None
        if membership_id == context.membership.id:
            pages.redirect(paths.CURRENT_CAMPAIGNS)
        done(organization_id, "supprime", membership_id)

    @app.post("/etablissements/<organization_id:int>/equipe/membres/<membership_id:int>/debloquer")
    def unblock(organization_id: int, membership_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            team.unblock_member(db(), context, membership_id=membership_id)
        except NotFoundError as exc:
            raise refuse(context, exc, "membres") from None
        done(organization_id, "debloque", membership_id)

    @app.get("/etablissements/<organization_id:int>/equipe/quitter")
    def leave_form(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        refusal = team.leaving_refusal(db(), context)
        return confirm(
            context,
            title="Quitter l'espace",
            question=f"Quitter l'espace Pix Orga de {context.organization.name} ?",
            explanation=(
                f"{context.user.full_name}, vous n'aurez plus accès à cet espace. Un espace doit "
                "toujours garder au moins un administrateur."
            ),
            refusal=refusal,
            action=paths.team(organization_id, "quitter"),
            button="Quitter l'espace",
            back=paths.team(organization_id),
            back_label="Rester dans l'espace",
        )

    @app.post("/etablissements/<organization_id:int>/equipe/quitter")
    def leave(organization_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            team.leave(db(), context)
        except LastAdministratorError as exc:
            raise refuse(context, exc, "membres") from None
        pages.redirect(paths.CURRENT_CAMPAIGNS)

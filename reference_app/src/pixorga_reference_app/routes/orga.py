"""Pix Orga pages: terms, school chooser, and the sections of the sidebar."""

from __future__ import annotations

import bottle

from pixorga_core.services import orga
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form, web_session
from pixorga_reference_app.routes.guards import require_orga, require_user_id, safe_next


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    def page(template: str, context: orga.OrgaContext, section: str, **values: object) -> str:
        return pages.render(
            template,
            ctx=context,
            section=section,
            csrf_token=web_session(ctx.codec).csrf_token,
            **values,
        )

    @app.get("/campagnes")
    def current_campaigns() -> None:
        context = orga.current_context(db(), require_user_id(ctx))
        bottle.redirect(f"/etablissements/{context.organization.id}/campagnes")

    @app.get("/cgu")
    def terms_form() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        return pages.render(
            "terms.tpl",
            title="Conditions d'utilisation de Pix Orga",
            ctx=context,
            next=safe_next(bottle.request.query.getunicode("suivant")),
            csrf_token=web_session(ctx.codec).csrf_token,
        )

    @app.post("/cgu")
    def accept_terms() -> None:
        orga.accept_terms(db(), require_user_id(ctx))
        bottle.redirect(safe_next(form("suivant")))

    @app.get("/choisir-etablissement")
    def chooser() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        return page("chooser.tpl", context, "", title="Choisir un établissement")

    @app.post("/choisir-etablissement")
    def choose() -> None:
        try:
            organization_id = int(form("organization_id"))
        except ValueError:
            organization_id = -1
        context = orga.choose_organization(db(), require_user_id(ctx), organization_id)
        bottle.redirect(f"/etablissements/{context.organization.id}/campagnes")

    @app.get("/etablissements/<organization_id:int>/campagnes")
    def campaigns(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        return page("campaigns.tpl", context, "campagnes", title="Campagnes")

    @app.get("/documentation")
    def documentation() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        if context.needs_terms:
            bottle.redirect("/cgu?suivant=/documentation")
        return page("documentation.tpl", context, "documentation", title="Documentation")

"""Pix Orga pages: terms, school chooser, and the sections of the sidebar."""

from __future__ import annotations

import bottle

from pixorga_core import paths
from pixorga_core.services import orga
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form
from pixorga_reference_app.routes.guards import require_user_id, safe_next


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    @app.get(paths.CURRENT_CAMPAIGNS)
    def current_campaigns() -> None:
        context = orga.current_context(db(), require_user_id(ctx))
        bottle.redirect(paths.campaigns(context.organization.id))

    @app.get(paths.TERMS)
    def terms_form() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        return pages.page(
            "terms.tpl",
            context,
            title="Conditions d'utilisation de Pix Orga",
            next=safe_next(bottle.request.query.getunicode("suivant")),
        )

    @app.post(paths.TERMS)
    def accept_terms() -> None:
        orga.accept_terms(db(), require_user_id(ctx))
        bottle.redirect(safe_next(form("suivant")))

    @app.get(paths.CHOOSER)
    def chooser() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        return pages.page("chooser.tpl", context, title="Choisir un établissement")

    @app.post(paths.CHOOSER)
    def choose() -> None:
        try:
            organization_id = int(form("organization_id"))
        except ValueError:
            organization_id = -1
        context = orga.choose_organization(db(), require_user_id(ctx), organization_id)
        bottle.redirect(paths.campaigns(context.organization.id))

    @app.get(paths.DOCUMENTATION)
    def documentation() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        if context.needs_terms:
            bottle.redirect(paths.terms(paths.DOCUMENTATION))
        return pages.page("documentation.tpl", context, "documentation", title="Documentation")

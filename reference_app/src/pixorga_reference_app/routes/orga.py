"""Pix Orga pages: terms, school chooser, and the sections of the sidebar."""

from __future__ import annotations

import bottle

from pixorga_core import paths
from pixorga_core.services import home, orga
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form
from pixorga_reference_app.input_checks import parse_int
from pixorga_reference_app.routes.guards import require_orga, require_user_id, safe_next


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    @app.get(paths.CURRENT_CAMPAIGNS)
    def current_campaigns() -> None:
        context = orga.current_context(db(), require_user_id(ctx))
        pages.redirect(paths.campaigns(context.organization.id))

    @app.get(paths.ORGA_HOME)
    def current_home() -> None:
        context = orga.current_context(db(), require_user_id(ctx))
        pages.redirect(paths.organization_home(context.organization.id))

    @app.get("/etablissements/<organization_id:int>/accueil")
    def organization_home(organization_id: int) -> str:
        """« Premiers pas » until the space is set up, then the campaigns in progress."""
        context = require_orga(ctx, organization_id)
        page = home.home_page(db(), context)
        title = "Accueil" if page.is_set_up else "Premiers pas"
        return pages.page("orga_home.tpl", context, "accueil", title=title, home=page)

    @app.get(paths.TERMS)
    def terms_form() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        return pages.page(
            "terms.tpl",
            context,
            title=f"Conditions d'utilisation de {ctx.settings.service_name}",
            next=safe_next(bottle.request.query.getunicode("suivant")),
        )

    @app.post(paths.TERMS)
    def accept_terms() -> None:
        orga.accept_terms(db(), require_user_id(ctx))
        pages.redirect(safe_next(form("suivant")))

    @app.get(paths.CHOOSER)
    def chooser() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        return pages.page("chooser.tpl", context, title="Choisir un établissement")

    @app.post(paths.CHOOSER)
    def choose() -> None:
        organization_id = parse_int(form("organization_id"))
        if organization_id is None:
            organization_id = -1
        context = orga.choose_organization(db(), require_user_id(ctx), organization_id)
        pages.redirect(paths.organization_home(context.organization.id))

    @app.get(paths.DOCUMENTATION)
    def documentation() -> str:
        context = orga.current_context(db(), require_user_id(ctx))
        if context.needs_terms:
            pages.redirect(paths.terms(paths.DOCUMENTATION))
        return pages.page("documentation.tpl", context, "documentation", title="Documentation")

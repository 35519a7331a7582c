"""« Signalements »: the problems reported on a campaign's challenges (« Signaler un problème »),
for the members of its school, the newest first, a page at a time."""

from __future__ import annotations

import bottle

from pixorga_core.services import challenge_reports
from pixorga_reference_app import pages, rich_text
from pixorga_reference_app.context import AppContext, db
from pixorga_reference_app.input_checks import parse_int
from pixorga_reference_app.routes.guards import require_orga

PATH = "/etablissements/<organization_id:int>/campagnes/<campaign_id:int>/signalements"


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    @app.get(PATH)
    def reports(organization_id: int, campaign_id: int) -> str:
        context = require_orga(ctx, organization_id)
        number = parse_int(bottle.request.query.getunicode("page", default="")) or 1
        shown = challenge_reports.campaign_reports(
            db(), ctx.hooks, context, campaign_id, page=number
        )
        return pages.page(
            "campaigns_reports.tpl",
            context,
            "campagnes",
            title=f"Signalements de la campagne {shown.campaign.name}",
            view=shown,
            summary=rich_text.summary,
        )

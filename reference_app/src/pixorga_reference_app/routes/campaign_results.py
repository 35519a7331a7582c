"""Following a campaign: the « Participants », participant result, « Résultats collectifs » and
« Analyse » tabs of a campaign's page (GET only: they read).

Each page calls one service of :mod:`pixorga_core.services.campaign_results`, which checks the
right itself; the header (counts and tabs) comes from the campaign's view.
"""

from __future__ import annotations

import functools
from typing import Any

import bottle

from pixorga_core import paths
from pixorga_core.domain.campaign_results import (
    ParticipantPage,
    ParticipantQuery,
    ParticipantSort,
    ParticipantStatus,
)
from pixorga_core.services import campaign_results, campaigns
from pixorga_core.services.orga import OrgaContext
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db
from pixorga_reference_app.routes.guards import require_orga
from pixorga_reference_app.svg_chart import bar_chart_svg

ONE = "/etablissements/<organization_id:int>/campagnes/<campaign_id:int>"


def listing_url(
    organization_id: int, campaign_id: int, listing: ParticipantPage, **changes: object
) -> str:
    """The participant list with the listing's filters, sort and page, then ``changes``."""
    query = listing.query
    params: dict[str, object] = {
        "nom": query.search,
        "classe": query.division,
        "statut": query.status.value if query.status else None,
        "tri": query.sort.value,
        "ordre": "desc" if query.descending else None,
        "page": listing.number,
    }
    params.update(changes)
    defaults = {"tri": ParticipantSort.NAME.value, "page": 1}
    kept = {k: v for k, v in params.items() if defaults.get(k) != v}
    return paths.campaign_participants(organization_id, campaign_id, **kept)


def _enum(kind: Any, text: str | None, default: Any) -> Any:
    try:
        return kind(text) if text else default
    except ValueError:
        return default


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    def tab_page(
        template: str, context: OrgaContext, campaign_id: int, title: str, **values: Any
    ) -> str:
        view = campaigns.campaign_view(
            db(), ctx.hooks, context, campaign_id, base_url=ctx.settings.base_url
        )
        return pages.page(
            template,
            context,
            "campagnes",
            title=f"{title} — {view.campaign.name}",
            view=view,
            **values,
        )

    def division() -> str | None:
        return bottle.request.query.getunicode("classe", default="") or None

    @app.get(ONE + "/" + paths.CAMPAIGN_PARTICIPANTS)
    def participants(organization_id: int, campaign_id: int) -> str:
        context = require_orga(ctx, organization_id)
        query = bottle.request.query
        typed = ParticipantQuery(
            search=query.getunicode("nom"),
            division=division(),
            status=_enum(ParticipantStatus, query.getunicode("statut"), None),
            sort=_enum(ParticipantSort, query.getunicode("tri"), ParticipantSort.NAME),
            descending=query.get("ordre") == "desc",
            page=query.get("page") or 1,
        )
        listing = campaign_results.find_participants(db(), ctx.hooks, context, campaign_id, typed)
        return tab_page(
            "campaign_participants.tpl",
            context,
            campaign_id,
            "Participants",
            listing=listing,
            statuses=list(ParticipantStatus),
            url=functools.partial(listing_url, organization_id, campaign_id, listing),
        )

    @app.get(ONE + "/" + paths.CAMPAIGN_PARTICIPANTS + "/<participation_id:int>")
    def participant(organization_id: int, campaign_id: int, participation_id: int) -> str:
        context = require_orga(ctx, organization_id)
        shown = campaign_results.participant_result(
            db(), ctx.hooks, context, campaign_id, participation_id
        )
        return tab_page(
            "campaign_participant.tpl",
            context,
            campaign_id,
            shown.participant.full_name,
            shown=shown,
        )

    @app.get(ONE + "/" + paths.CAMPAIGN_COLLECTIVE_RESULTS)
    def collective(organization_id: int, campaign_id: int) -> str:
        context = require_orga(ctx, organization_id)
        found = campaign_results.collective_results(
            db(), ctx.hooks, context, campaign_id, division=division()
        )
        assert found.collective is not None
        chart = bar_chart_svg(
            [(c.label, c.percent) for c in found.collective.competences],
            title="Maîtrise moyenne par compétence, en pourcentage",
            chart_id="graphique-collectif",
        )
        return tab_page(
            "campaign_collective.tpl",
            context,
            campaign_id,
            "Résultats collectifs",
            found=found,
            chart=chart,
        )

    @app.get(ONE + "/" + paths.CAMPAIGN_ANALYSIS)
    def analysis(organization_id: int, campaign_id: int) -> str:
        context = require_orga(ctx, organization_id)
        found = campaign_results.campaign_analysis(
            db(), ctx.hooks, context, campaign_id, division=division()
        )
        return tab_page("campaign_analysis.tpl", context, campaign_id, "Analyse", found=found)

"""« Campagnes »: the list, « Créer une campagne », a campaign's page, « Modifier »,
« Archiver » / « Désarchiver », « Supprimer », and the QR code of the direct link.

Every action calls a service of :mod:`pixorga_core.services.campaigns`, which checks the rights
itself; the pages ask ``allowed`` (through the view) to hide what the user cannot do. A refused
form is shown again with its errors next to the fields, and nothing is written.
"""

from __future__ import annotations

import io
from typing import Any

import bottle
import segno

from pixorga_core import paths
from pixorga_core.domain.campaigns import LANDING_TEXT_MAX
from pixorga_core.errors import InvalidInputError
from pixorga_core.services import campaigns
from pixorga_core.services.orga import OrgaContext
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form
from pixorga_reference_app.routes.guards import require_orga

#: Messages shown after a redirect, by key (never text taken from the URL).
NOTICES = {
    "creee": "La campagne a été créée. Communiquez son code ou son lien à vos élèves.",
    "modifiee": "La campagne a été modifiée.",
    "archivee": "La campagne a été archivée : elle n'accepte plus de participants.",
    "desarchivee": "La campagne a été désarchivée.",
    "supprimee": "La campagne a été supprimée.",
}
BASE = "/etablissements/<organization_id:int>/campagnes"
ONE = BASE + "/<campaign_id:int>"


def qr_code_svg(link: str, *, scale: int = 6) -> str:
    """The QR code of ``link`` as an inline SVG image, labelled for screen readers."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(
        buffer, kind="svg", xmldecl=False, scale=scale, border=2, svgclass="qr-code"
    )
    label = f"QR code du lien {link}".replace('"', "")
    return buffer.getvalue().decode().replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    def notice() -> str | None:
        return NOTICES.get(bottle.request.query.getunicode("message", default="") or "")

    def create_form(context: OrgaContext, **values: Any) -> str:
        values.setdefault("errors", {})
        values.setdefault("values", {})
        return pages.page(
            "campaigns_create.tpl",
            context,
            "campagnes",
            title="Créer une campagne",
            choices=campaigns.target_choices(ctx.hooks),
            algorithms=campaigns.algorithm_choices(ctx.hooks),
            landing_text_max=LANDING_TEXT_MAX,
            **values,
        )

    def view(context: OrgaContext, campaign_id: int) -> campaigns.CampaignView:
        return campaigns.campaign_view(
            db(), ctx.hooks, context, campaign_id, base_url=ctx.settings.base_url
        )

    def edit_form(context: OrgaContext, campaign_id: int, **values: Any) -> str:
        shown = view(context, campaign_id)
        campaign = shown.campaign
        values.setdefault("errors", {})
        values.setdefault(
            "values",
            {
                "name": campaign.name,
                "title": campaign.title or "",
                "landing_text": campaign.landing_text or "",
                "owner_id": str(campaign.owner_id),
            },
        )
        return pages.page(
            "campaigns_edit.tpl",
            context,
            "campagnes",
            title=f"Modifier la campagne {campaign.name}",
            view=shown,
            owners=campaigns.owner_choices(db(), context),
            landing_text_max=LANDING_TEXT_MAX,
            **values,
        )

    @app.get(BASE)
    def campaign_list(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        query = bottle.request.query
        which = campaigns.CampaignFilter.ALL
        if query.getunicode("filtre", default="") == campaigns.CampaignFilter.MINE.value:
            which = campaigns.CampaignFilter.MINE
        archived = query.getunicode("archivees", default="") == "1"
        rows = campaigns.list_campaigns(db(), context, which=which, archived=archived)
        return pages.page(
            "campaigns.tpl",
            context,
            "campagnes",
            title="Campagnes",
            rows=rows,
            which=which,
            archived=archived,
            filters=campaigns.CampaignFilter,
            notice=notice(),
        )

    @app.get(BASE + "/creer")
    def create_page(organization_id: int) -> str:
        return create_form(require_orga(ctx, organization_id))

    @app.post(BASE + "/creer")
    def create(organization_id: int) -> None:
        context = require_orga(ctx, organization_id)
        values = {
            name: form(name)
            for name in (
                "name",
                "target",
                "asks_external_id",
                "external_id_label",
                "title",
                "landing_text",
                "algorithm",
            )
        }
        typed = campaigns.CampaignForm(
            name=values["name"],
            target=values["target"],
            asks_external_id=values["asks_external_id"] == "oui",
            external_id_label=values["external_id_label"],
            title=values["title"],
            landing_text=values["landing_text"],
            algorithm=values["algorithm"],
        )
        try:
            campaign = campaigns.create_campaign(db(), ctx.hooks, context, typed)
        except InvalidInputError as exc:
            body = create_form(context, errors=exc.field_errors, values=values)
            raise pages.refuse(body, exc) from None
        bottle.redirect(
            paths.with_query(paths.campaign(organization_id, campaign.id), message="creee")
        )

    @app.get(ONE)
    def campaign_page(organization_id: int, campaign_id: int) -> str:
        context = require_orga(ctx, organization_id)
        shown = view(context, campaign_id)
        return pages.page(
            "campaigns_detail.tpl",
            context,
            "campagnes",
            title=shown.campaign.name,
            view=shown,
            qr_code=qr_code_svg(shown.link),
            notice=notice(),
            error=None,
        )

    @app.get(ONE + "/qr-code.svg")
    def qr_code(organization_id: int, campaign_id: int) -> str:
        context = require_orga(ctx, organization_id)
        shown = view(context, campaign_id)
        bottle.response.content_type = "image/svg+xml; charset=utf-8"
        bottle.response.set_header(
            "Content-Disposition", f'inline; filename="campagne-{shown.campaign.code}.svg"'
        )
        return qr_code_svg(shown.link, scale=16)

    @app.get(ONE + "/modifier")
    def edit_page(organization_id: int, campaign_id: int) -> str:
        return edit_form(require_orga(ctx, organization_id), campaign_id)

    @app.post(ONE + "/modifier")
    def edit(organization_id: int, campaign_id: int) -> None:
        context = require_orga(ctx, organization_id)
        values = {name: form(name) for name in ("name", "title", "landing_text", "owner_id")}
        try:
            owner_id: int | None = int(values["owner_id"])
        except ValueError:
            owner_id = None
        typed = campaigns.CampaignEdit(
            name=values["name"],
            title=values["title"],
            landing_text=values["landing_text"],
            owner_id=owner_id,
        )
        try:
            campaigns.update_campaign(db(), context, campaign_id, typed)
        except InvalidInputError as exc:
            body = edit_form(context, campaign_id, errors=exc.field_errors, values=values)
            raise pages.refuse(body, exc) from None
        done(organization_id, campaign_id, "modifiee")

    def done(organization_id: int, campaign_id: int, message: str) -> None:
        bottle.redirect(
            paths.with_query(paths.campaign(organization_id, campaign_id), message=message)
        )

    def refuse_on_page(
        context: OrgaContext, campaign_id: int, error: InvalidInputError
    ) -> Exception:
        shown = view(context, campaign_id)
        body = pages.page(
            "campaigns_detail.tpl",
            context,
            "campagnes",
            title=shown.campaign.name,
            view=shown,
            qr_code=qr_code_svg(shown.link),
            notice=None,
            error=error.message,
        )
        return pages.refuse(body, error)

    @app.post(ONE + "/archiver")
    def archive(organization_id: int, campaign_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            campaigns.archive_campaign(db(), context, campaign_id)
        except InvalidInputError as exc:
            raise refuse_on_page(context, campaign_id, exc) from None
        done(organization_id, campaign_id, "archivee")

    @app.post(ONE + "/desarchiver")
    def unarchive(organization_id: int, campaign_id: int) -> None:
        context = require_orga(ctx, organization_id)
        try:
            campaigns.unarchive_campaign(db(), context, campaign_id)
        except InvalidInputError as exc:
            raise refuse_on_page(context, campaign_id, exc) from None
        done(organization_id, campaign_id, "desarchivee")

    @app.get(ONE + "/supprimer")
    def delete_page(organization_id: int, campaign_id: int) -> str:
        context = require_orga(ctx, organization_id)
        shown = view(context, campaign_id)
        return pages.page(
            "campaigns_delete.tpl",
            context,
            "campagnes",
            title=f"Supprimer la campagne {shown.campaign.name}",
            view=shown,
        )

    @app.post(ONE + "/supprimer")
    def delete(organization_id: int, campaign_id: int) -> None:
        context = require_orga(ctx, organization_id)
        campaigns.delete_campaign(db(), context, campaign_id)
        bottle.redirect(paths.campaigns(organization_id, message="supprimee"))

"""« Exporter résultats (.csv) »: the streamed CSV file of a campaign's results.

The service checks the right and finds the campaign before anything is sent, so a refusal is an
ordinary error page; then the response starts with the header line and goes on a chunk of
participations at a time (:class:`~pixorga_reference_app.transaction.Streamed`), in the
request's read-only transaction. ``?acquis=1`` adds one column per skill.
"""

from __future__ import annotations

from urllib.parse import quote

import bottle

from pixorga_core import paths
from pixorga_core.domain.exports import ascii_file_name
from pixorga_core.services import exports
from pixorga_reference_app.context import AppContext, db
from pixorga_reference_app.routes.guards import require_orga
from pixorga_reference_app.transaction import Streamed

#: The route, as :func:`pixorga_core.paths.campaign_export` builds it.
EXPORT = (
    "/etablissements/<organization_id:int>/campagnes/<campaign_id:int>/" + paths.CAMPAIGN_EXPORT
)
#: The query value that asks for the skill columns.
WITH_SKILLS = "1"


def content_disposition(file_name: str) -> str:
    """``attachment`` with ``file_name`` (RFC 6266): an ASCII ``filename`` for old clients and
    the exact name, percent-encoded in UTF-8, as ``filename*``."""
    fallback = ascii_file_name(file_name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    @app.get(EXPORT)
    def export_results(organization_id: int, campaign_id: int) -> Streamed:
        context = require_orga(ctx, organization_id)
        with_skills = bottle.request.query.getunicode("acquis", default="") == WITH_SKILLS
        export = exports.campaign_export(
            db(), ctx.hooks, context, campaign_id, with_skills=with_skills
        )
        bottle.response.content_type = "text/csv; charset=utf-8"
        bottle.response.set_header("Content-Disposition", content_disposition(export.file_name))
        return Streamed(export.chunks())

"""``make_app(settings, hooks)``: the reference WSGI application."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import bottle
from sqlalchemy import Engine

from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_core.storage.db import make_engine, make_sessionmaker
from pixorga_reference_app import input_checks, pages
from pixorga_reference_app.context import STATIC_DIR, AppContext
from pixorga_reference_app.routes import (
    auth,
    campaign_results,
    campaigns,
    challenge_reports,
    exports,
    invitations,
    join,
    learners,
    orga,
    passwords,
    team,
    test_flow,
)
from pixorga_reference_app.transaction import TransactionPlugin
from pixorga_reference_app.web_session import SessionCodec

logger = logging.getLogger(__name__)

#: Largest request body accepted in memory by Bottle (uploads go through their own limits).
MEMREFILE_MAX = 1024 * 1024
#: Sent with every response but static files (their errors included): pages show personal data,
#: and a shared computer's browser cache or a proxy must not keep them.
NO_STORE = "no-store"
#: Sent when the base URL is https: browsers then refuse plain http for a year.
HSTS = "max-age=31536000; includeSubDomains"

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


STATIC_PREFIX = "/static/"


def make_app(settings: Settings, hooks: Hooks, *, engine: Engine | None = None) -> bottle.Bottle:
    """Build the reference app: an explicit Bottle instance (never Bottle's default app).

    :param settings: must carry a secret key (it signs the session cookies); every plugin
        checks its own options first (:func:`~pixorga_core.hooks.pixorga_check_settings`).
    :param hooks: the facade over the plugin manager the services will call.
    :param engine: an engine to share; by default one is created from ``settings.database_url``.
    """
    hooks.check_settings()
    codec = SessionCodec(
        settings.require_secret_key(), secure=urlsplit(settings.base_url).scheme == "https"
    )
    engine = engine or make_engine(settings.database_url)
    ctx = AppContext(
        settings=settings, hooks=hooks, sessions=make_sessionmaker(engine), codec=codec
    )
    bottle.BaseRequest.MEMFILE_MAX = MEMREFILE_MAX

    https = urlsplit(settings.base_url).scheme == "https"

    app = bottle.Bottle(catchall=True)
    app.config["json.enable"] = False
    app.config["pixorga.context"] = ctx
    # Before any route is added: the filter is applied when a route is.
    app.router.add_filter("int", input_checks.bounded_int_filter)
    app.install(TransactionPlugin(ctx))

    @app.hook("before_request")
    def _check_address() -> None:
        if input_checks.nul_in_address(bottle.request):
            raise bottle.HTTPError(400, input_checks.INVALID_MESSAGE)

    @app.hook("after_request")
    def _finish() -> None:
        for name, value in SECURITY_HEADERS.items():
            bottle.response.set_header(name, value)
        if https:
            bottle.response.set_header("Strict-Transport-Security", HSTS)
        static = bottle.request.path.startswith(STATIC_PREFIX)
        if not static or bottle.response.status_code >= 400:
            bottle.response.set_header("Cache-Control", NO_STORE)

    @app.get(STATIC_PREFIX + "<path:path>", **{"pixorga.no_db": True})
    def static(path: str) -> bottle.HTTPResponse:
        return bottle.static_file(path, root=str(STATIC_DIR))

    for status in (400, 403, 404, 405, 413, 500):
        app.error(status)(_error_handler(status))

    auth.install(app, ctx)
    orga.install(app, ctx)
    campaigns.install(app, ctx)
    campaign_results.install(app, ctx)
    exports.install(app, ctx)
    challenge_reports.install(app, ctx)
    learners.install(app, ctx)
    team.install(app, ctx)
    invitations.install(app, ctx)
    passwords.install(app, ctx)
    join.install(app, ctx)
    test_flow.install(app, ctx)
    return app


def _error_handler(status: int) -> object:
    messages = {
        400: "La requête n'a pas pu être comprise.",
        403: "Vous n'avez pas accès à cette page.",
        404: "La page demandée n'existe pas ou n'existe plus.",
        405: "Cette action n'est pas possible sur cette page.",
        413: "Le fichier envoyé est trop volumineux.",
        500: "Une erreur inattendue est survenue. Réessayez dans quelques instants.",
    }

    def handler(error: bottle.HTTPError) -> str:
        if status == 500 and error.exception is not None:
            logger.error("unhandled error: %r", error.exception)
        return pages.error_page(status, messages[status])

    return handler

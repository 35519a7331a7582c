"""Rendering pages, and mapping errors to statuses and pages, in one place.

Every route renders through :func:`page` (or :func:`error_page`, :func:`refuse_form`): a page
gets the CSRF token, and the rights asked by templates with ``allowed(ctx, Action.…)``
(:mod:`pixorga_core.access`) and the links built with ``paths`` (:mod:`pixorga_core.paths`).
Every error's HTTP status is decided by :func:`status_for`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NoReturn
from urllib.parse import urlsplit

import bottle

from pixorga_core import access, clock, paths
from pixorga_core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    InvalidInputError,
    InvitationError,
    InvitationNotFoundError,
    LastAdministratorError,
    NotFoundError,
    OrgaAccessDeniedError,
    PasswordResetLinkError,
    PermissionDeniedError,
    PixorgaError,
    TooSoonError,
)
from pixorga_core.services import orga
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.db import open_session
from pixorga_reference_app.context import TEMPLATE_DIR, AppContext, db_or_none, set_db, web_session
from pixorga_reference_app.web_session import COOKIE_NAME

logger = logging.getLogger(__name__)

#: HTTP status for each error class; the first matching class (in order) wins.
ERROR_STATUSES: tuple[tuple[type[PixorgaError], int], ...] = (
    (InvitationNotFoundError, 404),
    (InvitationError, 410),
    (PasswordResetLinkError, 410),
    (LastAdministratorError, 409),
    (TooSoonError, 429),
    (NotFoundError, 404),
    (OrgaAccessDeniedError, 403),
    (PermissionDeniedError, 403),
    (AuthenticationError, 401),
    (InvalidInputError, 422),
    (AlreadyExistsError, 409),
)

ERROR_TITLES = {
    400: "Requête invalide",
    401: "Connexion impossible",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Action impossible",
    409: "Action impossible",
    410: "Lien expiré",
    413: "Fichier trop volumineux",
    422: "Informations invalides",
    429: "Trop de demandes",
    500: "Erreur inattendue",
}


class RollbackResponse(bottle.HTTPResponse):
    """A response after which the request's transaction is rolled back (a refused form)."""


class AfterCommit:
    """A page a route returns to be rendered once its transaction has committed, its
    after-commit hooks run (the e-mails it queued tried): the invitation results say
    « envoyée » only for an e-mail that has gone. ``render`` reads in a new transaction of the
    request's session and must not write."""

    def __init__(self, render: Callable[[], str]) -> None:
        self.render = render


#: What every template may use, besides the values of its page.
TEMPLATE_GLOBALS: dict[str, Any] = {
    "allowed": access.allowed,
    "Action": access.Action,
    "paths": paths,
    "clock": clock,  # dates and times in Paris time: clock.datetime_fr(value), clock.date_fr(value)
}


#: Where the templates are, one list for the life of the process: Bottle caches a compiled
#: template under the id of its lookup list, so a new list per call compiled every page again.
TEMPLATE_LOOKUP = [str(TEMPLATE_DIR)]


def render(template: str, **values: Any) -> str:
    """Render ``template`` with ``values`` and the globals; ``service_name`` is the setting
    (the name of the service in titles and headers), ``title`` defaults to it."""
    values.setdefault("service_name", app_context().settings.service_name)
    values.setdefault("title", values["service_name"])
    return str(
        bottle.template(template, template_lookup=TEMPLATE_LOOKUP, **TEMPLATE_GLOBALS, **values)
    )


def app_context() -> AppContext:
    """The context of the app serving the current request."""
    context = bottle.request.app.config["pixorga.context"]
    assert isinstance(context, AppContext)
    return context


def csrf_token() -> str:
    """The CSRF token of the current request's browser session."""
    return web_session(app_context().codec).csrf_token


def absolute_url(path: str) -> str:
    """``path`` (a local path, ``/…``) on the configured ``settings.base_url``.

    The origin comes from the settings, never from the request's ``Host`` header: a forged
    header cannot send a user to another site.
    """
    if not path.startswith("/") or path.startswith("//"):
        msg = f"not a local path: {path!r}"
        raise ValueError(msg)
    base = urlsplit(app_context().settings.base_url)
    return f"{base.scheme}://{base.netloc}{path}"


def redirect(path: str) -> NoReturn:
    """Redirect to the local ``path`` (303 after a form, as ``bottle.redirect`` does), built
    with :func:`absolute_url` (``bottle.redirect`` would join it to the ``Host`` header)."""
    response = bottle.response.copy(cls=bottle.HTTPResponse)  # keeps the cookies
    response.status = 303 if bottle.request.get("SERVER_PROTOCOL") == "HTTP/1.1" else 302
    response.body = ""
    response.set_header("Location", absolute_url(path))
    raise response


def page(
    template: str, context: OrgaContext | None = None, section: str = "", /, **values: Any
) -> str:
    """A page of the app, with its CSRF token; a Pix Orga page also gets its context (``ctx``)
    and the sidebar ``section`` it belongs to."""
    values.setdefault("csrf_token", csrf_token())
    if context is not None:
        values.setdefault("ctx", context)
        values.setdefault("section", section)
    return render(template, **values)


def status_for(error: PixorgaError) -> int:
    """The HTTP status of a page refused with ``error`` (the first matching class wins)."""
    for cls, status in ERROR_STATUSES:
        if isinstance(error, cls):
            return status
    return 500


def error_page(status: int, message: str, **values: Any) -> str:
    """The page of a refused request; a logged-in member keeps the Pix Orga sidebar."""
    values.setdefault("ctx", signed_in_context())
    if values["ctx"] is not None:
        values.setdefault("csrf_token", csrf_token())
    return render(
        "error.tpl",
        title=ERROR_TITLES.get(status, "Erreur"),
        status=status,
        message=message,
        section="",
        **values,
    )


def signed_in_context() -> OrgaContext | None:
    """The Orga context of the logged-in user (their current school), for error pages; None for
    a visitor, a user of no school, or when the database cannot tell.

    Inside the transaction plugin the request's session is used; elsewhere (unknown paths,
    Bottle's own errors) a read-only session is opened for the look-up.
    """
    if not bottle.request.get_cookie(COOKIE_NAME):
        return None
    try:
        ctx = app_context()
    except (KeyError, AssertionError, RuntimeError):
        return None
    session = db_or_none()
    opened = None
    environ = bottle.request.environ
    try:
        if session is None:
            opened = open_session(ctx.sessions, read_only=True)
            set_db(environ, opened)
            session = opened
        user_id = web_session(ctx.codec).user_id
        if user_id is None:
            return None
        return orga.current_context(session, user_id)
    except PixorgaError:
        return None
    except Exception:  # an error page must never fail: show it without the sidebar
        logger.warning("error page: could not read the logged-in user's school", exc_info=True)
        return None
    finally:
        if opened is not None:
            set_db(environ, None)
            opened.close()


def rollback_response(body: str, status: int) -> RollbackResponse:
    """A page answered with ``status`` after which the transaction is rolled back."""
    response: RollbackResponse = bottle.response.copy(cls=RollbackResponse)  # keeps the cookies
    response.body = body
    response.status = status
    return response


def refuse_form(template: str, status: int = 422, **values: Any) -> RollbackResponse:
    """Re-render a form with its errors; the transaction is rolled back (nothing is written)."""
    return rollback_response(page(template, **values), status)


def refuse(body: str, error: PixorgaError) -> RollbackResponse:
    """``body`` (the page re-rendered with ``error``'s reason) answered with its status."""
    return rollback_response(body, status_for(error))

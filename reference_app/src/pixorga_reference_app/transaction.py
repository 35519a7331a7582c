"""The Bottle plugin that frames one database transaction per request, and checks CSRF tokens.

Commit when the route returns or redirects; roll back when it raises (including a refused form,
:class:`~pixorga_reference_app.pages.RollbackResponse`). Errors become pages in one place:
:class:`~pixorga_core.errors.PixorgaError` subclasses map to their status and French message;
anything else is logged and shown as a generic page, never as a traceback.

The CSRF token of a form is its ``csrf_token`` field or the ``X-CSRF-Token`` header, never its
address; a ``multipart/form-data`` body (an upload) is never parsed before its token is checked:
its token is its first field, read from the first few kilobytes of the body only
(:mod:`pixorga_reference_app.multipart_token`).

GET and HEAD requests run in a read-only transaction
(:func:`pixorga_core.storage.db.open_session`): on SQLite a plain ``BEGIN`` that never waits
behind a writer, so a class of pupils reading pages is not serialised behind one import; a write
in it fails at once. A GET route that must write sets ``pixorga.read_write`` in its config (none
does today). Other methods keep write transactions (``BEGIN IMMEDIATE`` on SQLite).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import bottle

from pixorga_core.errors import (
    ConfigurationError,
    OrgaAccessDeniedError,
    PixorgaError,
    PluginError,
)
from pixorga_core.storage.db import open_session
from pixorga_reference_app import input_checks, multipart_token, pages
from pixorga_reference_app.context import AppContext, form, set_db, web_session

logger = logging.getLogger(__name__)

CSRF_FIELD = "csrf_token"
CSRF_MESSAGE = (
    "Ce formulaire a expiré ou ne provient pas de Pix Orga. Rechargez la page et recommencez."
)
UNEXPECTED_MESSAGE = "Une erreur inattendue est survenue. Réessayez dans quelques instants."
#: Largest request body a route accepts unless it sets ``pixorga.max_body`` in its config.
DEFAULT_MAX_BODY = 1024 * 1024
#: Largest request body of any route (the school file upload, a 100 000-pupil SIECLE export is
#: about 250 MB): waitress itself refuses a longer one (``max_request_body_size``,
#: :mod:`pixorga_reference_app.serve`), chunked bodies included.
MAX_REQUEST_BODY = 300 * 1024 * 1024


def too_large_message(limit: int) -> str:
    return (
        f"Le fichier envoyé est trop volumineux : la taille maximale est de "
        f"{limit // (1024 * 1024)} Mo."
    )


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Methods whose requests only read, in a read-only transaction.
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


def is_multipart(request: bottle.BaseRequest) -> bool:
    return str(request.content_type).lower().startswith("multipart/")


def csrf_token_of(request: bottle.BaseRequest) -> str | None:
    """The CSRF token the request carries; a multipart body is not parsed, only its first part."""
    header = request.headers.get("X-CSRF-Token")
    if is_multipart(request):
        return multipart_token.first_field(request, CSRF_FIELD) or header
    return form(CSRF_FIELD) or header


class TransactionPlugin:
    """One Session per request, committed on success, rolled back on error."""

    name = "pixorga_transaction"
    api = 2

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def setup(self, app: bottle.Bottle) -> None:
        for other in app.plugins:
            if isinstance(other, TransactionPlugin) and other is not self:
                msg = "TransactionPlugin is installed twice"
                raise bottle.PluginError(msg)

    def apply(self, callback: Callable[..., Any], route: bottle.Route) -> Callable[..., Any]:
        if route.config.get("pixorga.no_db"):
            return callback
        read_write = bool(route.config.get("pixorga.read_write"))

        @functools.wraps(callback)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request = bottle.request
            limit = int(route.config.get("pixorga.max_body", DEFAULT_MAX_BODY))
            if (request.content_length or 0) > limit:
                bottle.response.status = 413
                return pages.error_page(413, too_large_message(limit))
            read_only = request.method in READ_ONLY_METHODS and not read_write
            session = open_session(self.ctx.sessions, read_only=read_only)
            set_db(request.environ, session)
            try:
                # After the session opens: reading the browser session checks its version.
                # The token is read without parsing a multipart body (csrf_token_of).
                if request.method in UNSAFE_METHODS:
                    if not web_session(self.ctx.codec).check_csrf(csrf_token_of(request)):
                        session.rollback()
                        bottle.response.status = 403
                        return pages.error_page(403, CSRF_MESSAGE)
                    if input_checks.nul_in_body(request):
                        session.rollback()
                        bottle.response.status = 400
                        return pages.error_page(400, input_checks.INVALID_MESSAGE)
                result = callback(*args, **kwargs)
                session.commit()
                return result
            except pages.RollbackResponse:
                session.rollback()
                raise
            except bottle.HTTPResponse:  # redirects and explicit responses
                session.commit()
                raise
            except (PluginError, ConfigurationError):
                # Meant for the operator, in English: logged, never shown to a school user.
                session.rollback()
                logger.exception(
                    "plugin or configuration error on %s %s", request.method, request.path
                )
                bottle.response.status = 500
                return pages.error_page(500, UNEXPECTED_MESSAGE)
            except PixorgaError as exc:
                session.rollback()
                status = pages.status_for(exc)
                bottle.response.status = status
                return pages.error_page(
                    status,
                    exc.message,
                    show_logout=isinstance(exc, OrgaAccessDeniedError),
                    csrf_token=web_session(self.ctx.codec).csrf_token,
                )
            except Exception:
                session.rollback()
                logger.exception("unexpected error on %s %s", request.method, request.path)
                bottle.response.status = 500
                return pages.error_page(500, UNEXPECTED_MESSAGE)
            finally:
                set_db(request.environ, None)
                session.close()

        return wrapper

    def close(self) -> None:
        pass

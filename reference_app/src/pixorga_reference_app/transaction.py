"""The Bottle plugin that frames one database transaction per request, and checks CSRF tokens.

Commit when the route returns or redirects; roll back when it raises (including a refused form,
:class:`~pixorga_reference_app.pages.RollbackResponse`). A route that returns
:class:`~pixorga_reference_app.pages.AfterCommit` has its page rendered after the commit (and its
after-commit hooks: the e-mails it queued have been tried). Errors become pages in one place:
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
does today). Other methods keep write transactions (``BEGIN IMMEDIATE`` on SQLite), except a
route configured ``pixorga.read_then_write`` (the login): it starts read-only and calls
:func:`~pixorga_reference_app.context.begin_writing` once its slow reading part is done, so that
the write lock is held only for the short write that follows.

A route that streams its body (the CSV export) returns a :class:`Streamed`: its refusals are
raised before it returns, as any route's, and the plugin hands the session over to the body,
which closes it after its last chunk (or when the client goes away). An error once the response
has started cannot become a page: it is logged and the response is cut short, so that the client
sees an incomplete download rather than a file that looks whole.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

import bottle
from sqlalchemy.orm import Session

from pixorga_core.errors import (
    ConfigurationError,
    OrgaAccessDeniedError,
    PixorgaError,
    PluginError,
)
from pixorga_core.storage.db import open_session
from pixorga_reference_app import input_checks, multipart_token, pages, stale_form
from pixorga_reference_app.context import AppContext, form, set_db, set_writer, web_session

logger = logging.getLogger(__name__)

CSRF_FIELD = "csrf_token"
CSRF_MESSAGE = (
    "Ce formulaire a expiré ou ne provient pas de Pix Orga. Rechargez la page et recommencez."
)
#: The refusal of a form of this app's own pages that was open too long: what was typed is kept.
STALE_MESSAGE = (
    "Ce formulaire a expiré (la page était ouverte depuis longtemps, ou vous vous êtes "
    "reconnecté(e) entre-temps) : il n'a pas été pris en compte."
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


class Streamed:
    """A response body written as it is read (``chunks``), in the request's transaction."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = chunks


class _StreamBody:
    """The WSGI body of a :class:`Streamed`: its chunks, then the end of the transaction.

    The session is closed after the last chunk, on an error, or when the server closes the
    body (the client went away, a HEAD request), whether or not a chunk was read.
    """

    def __init__(self, body: Streamed, session: Session, request_line: str) -> None:
        self._chunks = iter(body.chunks)
        self._session: Session | None = session
        self._request_line = request_line

    def __iter__(self) -> _StreamBody:
        return self

    def __next__(self) -> bytes:
        if self._session is None:
            raise StopIteration
        try:
            return next(self._chunks)
        except StopIteration:
            self._end(commit=True)
            raise
        except Exception:
            logger.exception("error while streaming %s", self._request_line)
            self._end(commit=False)
            raise

    def close(self) -> None:
        closing = getattr(self._chunks, "close", None)
        if closing is not None:
            closing()
        self._end(commit=False)

    def _end(self, *, commit: bool) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            if commit:
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()


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
        read_then_write = bool(route.config.get("pixorga.read_then_write"))

        @functools.wraps(callback)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request = bottle.request
            limit = int(route.config.get("pixorga.max_body", DEFAULT_MAX_BODY))
            if (request.content_length or 0) > limit:
                bottle.response.status = 413
                return pages.error_page(413, too_large_message(limit))
            read_only = read_then_write or (request.method in READ_ONLY_METHODS and not read_write)
            opened = [open_session(self.ctx.sessions, read_only=read_only)]
            set_db(request.environ, opened[0])

            def begin_writing() -> Session:
                opened[-1].commit()  # the read-only part ends (and its connection goes back)
                opened.append(open_session(self.ctx.sessions))
                set_db(request.environ, opened[-1])
                set_writer(request.environ, None)  # once
                return opened[-1]

            if read_then_write:
                set_writer(request.environ, begin_writing)

            def session() -> Session:
                return opened[-1]

            streamed: _StreamBody | None = None
            try:
                # After the session opens: reading the browser session checks its version.
                # The token is read without parsing a multipart body (csrf_token_of).
                if request.method in UNSAFE_METHODS:
                    browser_session = web_session(self.ctx.codec)
                    if not browser_session.check_csrf(csrf_token_of(request)):
                        session().rollback()
                        bottle.response.status = 403
                        stale = stale_form.kept(
                            request,
                            self.ctx.settings.base_url,
                            logged_in=browser_session.is_authenticated,
                        )
                        return pages.error_page(
                            403,
                            STALE_MESSAGE if stale else CSRF_MESSAGE,
                            stale=stale,
                            csrf_token=browser_session.csrf_token,
                        )
                    if input_checks.nul_in_body(request):
                        session().rollback()
                        bottle.response.status = 400
                        return pages.error_page(400, input_checks.INVALID_MESSAGE)
                result = callback(*args, **kwargs)
                if isinstance(result, Streamed):
                    streamed = _StreamBody(result, session(), f"{request.method} {request.path}")
                    return streamed
                session().commit()
                if isinstance(result, pages.AfterCommit):
                    # The e-mails it queued were tried by the commit: the page can tell.
                    result = result.render()
                return result
            except pages.RollbackResponse:
                session().rollback()
                raise
            except bottle.HTTPResponse:  # redirects and explicit responses
                session().commit()
                raise
            except (PluginError, ConfigurationError):
                # Meant for the operator, in English: logged, never shown to a school user.
                session().rollback()
                logger.exception(
                    "plugin or configuration error on %s %s", request.method, request.path
                )
                bottle.response.status = 500
                return pages.error_page(500, UNEXPECTED_MESSAGE)
            except PixorgaError as exc:
                session().rollback()
                status = pages.status_for(exc)
                bottle.response.status = status
                return pages.error_page(
                    status,
                    exc.message,
                    show_logout=isinstance(exc, OrgaAccessDeniedError),
                    csrf_token=web_session(self.ctx.codec).csrf_token,
                )
            except Exception:
                session().rollback()
                logger.exception("unexpected error on %s %s", request.method, request.path)
                bottle.response.status = 500
                return pages.error_page(500, UNEXPECTED_MESSAGE)
            finally:
                set_db(request.environ, None)
                set_writer(request.environ, None)
                for each in opened:
                    if streamed is None or each is not opened[-1]:
                        each.close()  # a streamed body closes its own session

        return wrapper

    def close(self) -> None:
        pass

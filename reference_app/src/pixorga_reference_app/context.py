"""What routes share: settings, hooks, the session factory, and per-request accessors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import bottle
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_core.services import accounts
from pixorga_reference_app.web_session import COOKIE_NAME, SessionCodec, WebSession

PACKAGE_DIR = Path(__file__).parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

_DB_KEY = "pixorga.db_session"
_WEB_KEY = "pixorga.web_session"
_WRITE_KEY = "pixorga.begin_writing"


@attrs.frozen
class AppContext:
    settings: Settings
    hooks: Hooks
    sessions: sessionmaker[Session]
    codec: SessionCodec


def db() -> Session:
    """The database session of the current request (opened by the transaction plugin)."""
    session = bottle.request.environ.get(_DB_KEY)
    if session is None:
        msg = "no database session: is the route behind the transaction plugin?"
        raise RuntimeError(msg)
    assert isinstance(session, Session)
    return session


def db_or_none() -> Session | None:
    """The database session of the current request, if it runs behind the transaction plugin."""
    session = bottle.request.environ.get(_DB_KEY)
    return session if isinstance(session, Session) else None


def set_db(environ: dict[str, Any], session: Session | None) -> None:
    if session is None:
        environ.pop(_DB_KEY, None)
    else:
        environ[_DB_KEY] = session


def writing_can_begin() -> bool:
    """Whether the current route is configured ``pixorga.read_then_write`` and still reading."""
    return bottle.request.environ.get(_WRITE_KEY) is not None


def begin_writing() -> Session:
    """In a route configured ``pixorga.read_then_write``, end the request's read-only
    transaction and go on in a write transaction: :func:`db` returns its session from now on.

    For a POST whose slow part only reads (the login's password hash): it runs first, holding
    no lock (on SQLite, no write lock that every other form waits for), then the short write.
    The transaction plugin commits or rolls back the write transaction as any other.
    """
    switch = bottle.request.environ.get(_WRITE_KEY)
    if switch is None:
        msg = "begin_writing() needs a route configured with pixorga.read_then_write"
        raise RuntimeError(msg)
    session = switch()
    assert isinstance(session, Session)
    return session


def set_writer(environ: dict[str, Any], switch: Callable[[], Session] | None) -> None:
    """What :func:`begin_writing` calls in this request (set by the transaction plugin)."""
    if switch is None:
        environ.pop(_WRITE_KEY, None)
    else:
        environ[_WRITE_KEY] = switch


def web_session(codec: SessionCodec) -> WebSession:
    """The browser session of the current request; a new anonymous one if none is valid.

    A logged-in session is valid only while its session version is still the user's: checked
    once per request with one query (:func:`~pixorga_core.services.accounts.session_is_current`).
    A session that has been ended (logout, removal, block) is replaced by a new anonymous one,
    with a new CSRF token, so a form posted with it is refused. Outside the transaction plugin
    (no database: error pages of unknown paths) a logged-in session is only trusted for its CSRF
    token and is never kept.
    """
    environ = bottle.request.environ
    current = environ.get(_WEB_KEY)
    if current is None:
        current = codec.decode(bottle.request.get_cookie(COOKIE_NAME))
        if current is not None and current.user_id is not None:
            session = environ.get(_DB_KEY)
            if session is None:
                return attrs.evolve(current, user_id=None)
            assert isinstance(session, Session)
            if not accounts.session_is_current(session, current.user_id, current.session_version):
                current = None
        if current is None:
            current = WebSession()
            _store(codec, current)
        environ[_WEB_KEY] = current
    assert isinstance(current, WebSession)
    return current


def log_in(codec: SessionCodec, user_id: int) -> None:
    """Start a new browser session for ``user_id`` (a new CSRF token, the current version)."""
    version = accounts.session_version(db(), user_id)
    if version is None:
        msg = f"no user {user_id} to log in"
        raise RuntimeError(msg)
    replace_web_session(codec, WebSession(user_id=user_id, session_version=version))


def log_out(codec: SessionCodec) -> None:
    """End every session of the logged-in user (all devices), then start an anonymous one."""
    user_id = web_session(codec).user_id
    if user_id is not None:
        accounts.end_all_sessions(db(), user_id)
    replace_web_session(codec, WebSession())


def replace_web_session(codec: SessionCodec, new: WebSession) -> None:
    """Use ``new`` from now on and send its cookie (log in, log out)."""
    bottle.request.environ[_WEB_KEY] = new
    _store(codec, new)


def _store(codec: SessionCodec, session: WebSession) -> None:
    # Set on the response at once: pages.redirect() copies the response when it is raised.
    bottle.response.set_cookie(COOKIE_NAME, codec.encode(session), **codec.cookie_options())


def client_address() -> str:
    """The address of the connection (``REMOTE_ADDR``), for per-client throttles.

    Never ``X-Forwarded-For`` (Bottle's ``remote_addr`` reads it first): any client can write
    that header. Behind a reverse proxy every request comes from the proxy, unless waitress is
    told to trust it (its ``trusted_proxy`` settings rewrite ``REMOTE_ADDR``).
    """
    value = bottle.request.environ.get("REMOTE_ADDR")
    return value if isinstance(value, str) else ""


def form(name: str) -> str:
    """A form field as text (decoded as UTF-8), empty when absent."""
    value = bottle.request.forms.getunicode(name, default="")
    return value if isinstance(value, str) else ""

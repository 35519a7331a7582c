"""What routes share: settings, hooks, the session factory, and per-request accessors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import bottle
from sqlalchemy.orm import Session, sessionmaker

from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_reference_app.web_session import COOKIE_NAME, SessionCodec, WebSession

PACKAGE_DIR = Path(__file__).parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

_DB_KEY = "pixorga.db_session"
_WEB_KEY = "pixorga.web_session"


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


def set_db(environ: dict[str, Any], session: Session | None) -> None:
    if session is None:
        environ.pop(_DB_KEY, None)
    else:
        environ[_DB_KEY] = session


def web_session(codec: SessionCodec) -> WebSession:
    """The browser session of the current request; a new anonymous one if none is valid."""
    environ = bottle.request.environ
    current = environ.get(_WEB_KEY)
    if current is None:
        current = codec.decode(bottle.request.get_cookie(COOKIE_NAME))
        if current is None:
            current = WebSession()
            _store(codec, current)
        environ[_WEB_KEY] = current
    assert isinstance(current, WebSession)
    return current


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

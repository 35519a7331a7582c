"""The browser session: a signed cookie, so no state lives in the process.

The cookie holds a :class:`WebSession` — the user id (or none) and the user's session version,
a CSRF token, when it was issued, the state of the single sign-on logins under way and the
identity declaration of a pupil joining a campaign — unstructured by the core's cattrs
converter and signed with the secret key by itsdangerous. Several app processes sharing a
database and a secret key serve the same users. Logging in or out issues a new token (no
session fixation). A cookie that is not valid (tampered, expired, another format) is an
anonymous session, never an error. A signed cookie is not enough to be logged in: every
request checks, with one query (:func:`pixorga_reference_app.context.web_session`), that its
session version is still the user's (:func:`pixorga_core.services.accounts.end_all_sessions`
bumps it), so a cookie kept from before a logout is worth nothing.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from collections.abc import Mapping

import attrs
from cattrs import BaseValidationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from pixorga_core.serialization import make_converter

COOKIE_NAME = "pixorga_session"
MAX_AGE_SECONDS = 8 * 3600

logger = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class WebSession:
    user_id: int | None = None
    #: The user's session version when the session was issued; a session whose version is no
    #: longer the user's (logout, removal from every school, permanent block) is logged out.
    session_version: int = 0
    csrf_token: str = attrs.field(factory=lambda: secrets.token_urlsafe(32), repr=False)
    issued_at: int = attrs.field(factory=lambda: int(time.time()))
    #: Identity provider name -> the ``state`` of its login under way
    #: (:attr:`pixorga_core.domain.sso.LoginRedirect.state`), for ``complete_login``.
    sso_states: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, repr=False)

    #: The pupil's identity declaration while they make their account (« Je m'inscris »): the
    #: campaign ``code``, ``first_name``, ``last_name``, ``birthdate`` (ISO) and the
    #: ``username`` shown. Signed with the cookie, so no pupil id travels in a form field.
    joining: Mapping[str, str] = attrs.field(factory=dict, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def check_csrf(self, token: str | None) -> bool:
        # Compared as bytes: compare_digest refuses a str that is not ASCII (a TypeError, a 500).
        given = (token or "").encode("utf-8", "surrogateescape")
        return bool(token) and hmac.compare_digest(self.csrf_token.encode(), given)

    def with_sso_state(self, provider: str, state: Mapping[str, str]) -> WebSession:
        """This session, remembering ``state`` for the login just started with ``provider``."""
        return attrs.evolve(self, sso_states={**self.sso_states, provider: dict(state)})

    def sso_state(self, provider: str) -> Mapping[str, str]:
        """The state kept for ``provider`` (empty when no login with it is under way)."""
        return self.sso_states.get(provider, {})

    def without_sso_state(self, provider: str) -> WebSession:
        """This session, forgetting ``provider``'s state (its answer came: used once)."""
        states = {name: st for name, st in self.sso_states.items() if name != provider}
        return attrs.evolve(self, sso_states=states)

    def with_joining(self, joining: Mapping[str, str]) -> WebSession:
        return attrs.evolve(self, joining=dict(joining))

    def without_joining(self) -> WebSession:
        return attrs.evolve(self, joining={})


def _exact_int(value: object, _type: object) -> int:
    # cattrs' default is int(value): "7" and True would pass for a user id.
    if type(value) is not int:
        msg = f"{value!r} is not an integer"
        raise TypeError(msg)
    return value


def _exact_str(value: object, _type: object) -> str:
    if not isinstance(value, str):
        msg = f"{value!r} is not a string"
        raise TypeError(msg)
    return value


_converter = make_converter()
_converter.register_structure_hook(int, _exact_int)
_converter.register_structure_hook(str, _exact_str)


class SessionCodec:
    """Signs and reads the session cookie."""

    def __init__(self, secret_key: str, *, secure: bool, max_age: int = MAX_AGE_SECONDS) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="pixorga.web-session")
        self.secure = secure
        self.max_age = max_age

    def decode(self, cookie: str | None) -> WebSession | None:
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age)
        except BadSignature:  # also covers expired signatures
            return None
        if not isinstance(data, dict) or "csrf_token" not in data or "issued_at" not in data:
            return None  # not a session of this format (an older one: its keys were u, c, t)
        try:
            return _converter.structure(data, WebSession)
        except (BaseValidationError, ValueError, TypeError, AttributeError):
            logger.warning("session cookie with a valid signature but not a valid session")
            return None

    def encode(self, session: WebSession) -> str:
        return str(self._serializer.dumps(_converter.unstructure(session)))

    def cookie_options(self) -> dict[str, object]:
        return {
            "httponly": True,
            "samesite": "lax",
            "secure": self.secure,
            "path": "/",
            "max_age": self.max_age,
        }

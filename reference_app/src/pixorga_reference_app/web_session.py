"""The browser session: a signed cookie, so no state lives in the process.

The cookie holds the user id (or none), a CSRF token and when it was issued, signed with the
secret key by itsdangerous. Several app processes sharing a database and a secret key serve the
same users. Logging in or out issues a new token (no session fixation).
"""

from __future__ import annotations

import hmac
import secrets
import time

import attrs
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE_NAME = "pixorga_session"
MAX_AGE_SECONDS = 8 * 3600


@attrs.frozen(kw_only=True)
class WebSession:
    user_id: int | None = None
    csrf_token: str = attrs.field(factory=lambda: secrets.token_urlsafe(32), repr=False)
    issued_at: int = attrs.field(factory=lambda: int(time.time()))

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def check_csrf(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_token, token or "")


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
        if not isinstance(data, dict):
            return None
        user_id = data.get("u")
        csrf = data.get("c")
        issued = data.get("t")
        if not isinstance(csrf, str) or not isinstance(issued, int):
            return None
        if user_id is not None and not isinstance(user_id, int):
            return None
        return WebSession(user_id=user_id, csrf_token=csrf, issued_at=issued)

    def encode(self, session: WebSession) -> str:
        return str(
            self._serializer.dumps(
                {"u": session.user_id, "c": session.csrf_token, "t": session.issued_at}
            )
        )

    def cookie_options(self) -> dict[str, object]:
        return {
            "httponly": True,
            "samesite": "lax",
            "secure": self.secure,
            "path": "/",
            "max_age": self.max_age,
        }

"""Single sign-on: what an identity provider plugin gives back to pixorga."""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen(kw_only=True)
class LoginRedirect:
    """Where to send the browser to start an SSO login (HTTP-Redirect binding)."""

    url: str


@attrs.frozen(kw_only=True)
class ExternalIdentity:
    """A user as asserted by an identity provider (for GAR: IDO, PRE, NOM)."""

    provider: str
    external_id: str
    first_name: str
    last_name: str
    relay_state: str | None = None
    attributes: Mapping[str, str] = attrs.field(factory=dict)

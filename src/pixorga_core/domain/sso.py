"""Single sign-on: what an identity provider plugin gives back to pixorga."""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen(kw_only=True)
class LoginRedirect:
    """Where to send the browser to start an SSO login (HTTP-Redirect binding).

    ``state`` is what the provider needs to check the answer (for GAR, the id of the SAML
    request, which the response must name in ``InResponseTo``). The app keeps it in the user's
    signed session cookie, under the provider's name, and hands it back to
    :meth:`~pixorga_core.registries.IdentityProvider.complete_login`. Keep it small (a cookie
    holds about 4 KB) and free of secrets: the cookie is signed, not encrypted.
    """

    url: str
    state: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class ExternalIdentity:
    """A user as asserted by an identity provider (for GAR: IDO, PRE, NOM)."""

    provider: str
    external_id: str
    first_name: str
    last_name: str
    relay_state: str | None = None
    attributes: Mapping[str, str] = attrs.field(factory=dict)

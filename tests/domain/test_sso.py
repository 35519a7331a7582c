"""What an identity provider gives back: a redirect with its state, an external identity."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from pixorga_core.domain.sso import ExternalIdentity, LoginRedirect
from pixorga_core.domain.users import PIX_IDENTITY_PROVIDER, AuthenticationMethod
from pixorga_core.registries import IdentityProvider


def test_a_login_redirect_has_no_state_unless_given():
    assert LoginRedirect(url="https://idp.test/sso").state == {}
    redirect = LoginRedirect(url="https://idp.test/sso", state={"request_id": "id-42"})
    assert redirect.state["request_id"] == "id-42"


@attrs.define
class RoundTripProvider:
    """A provider that checks the answer names the request it started (InResponseTo)."""

    name: str = "academie"
    label: str = "Académie"

    def login_redirect(self, relay_state: str | None) -> LoginRedirect:
        return LoginRedirect(url="https://idp.test/sso?r=id-42", state={"request_id": "id-42"})

    def complete_login(self, form: Mapping[str, str], state: Mapping[str, str]) -> ExternalIdentity:
        assert form["InResponseTo"] == state["request_id"]
        return ExternalIdentity(
            provider=self.name, external_id="ido-1", first_name="Léa", last_name="Martin"
        )

    def metadata(self) -> bytes | None:
        return None


def test_a_provider_gets_its_state_back():
    provider = RoundTripProvider()
    assert isinstance(provider, IdentityProvider)
    redirect = provider.login_redirect(None)
    identity = provider.complete_login({"InResponseTo": "id-42"}, redirect.state)
    assert identity.provider == "academie"


def test_an_authentication_method_names_any_provider():
    password = AuthenticationMethod(id=1, user_id=1, identity_provider=PIX_IDENTITY_PROVIDER)
    sso = AuthenticationMethod(
        id=2, user_id=1, identity_provider="academie", external_identifier="ido-1"
    )
    assert password.identity_provider == "PIX"
    assert sso.identity_provider == "academie"

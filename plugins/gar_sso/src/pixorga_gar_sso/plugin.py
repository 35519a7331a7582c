"""Hook implementations of the ``gar_sso`` plugin — none yet.

In later issues this module will implement exactly one hook:

* :func:`~pixorga_core.hooks.pixorga_register_identity_providers` — register the GAR SAML 2.0
  identity provider (an object following :class:`~pixorga_core.registries.IdentityProvider`,
  named ``gar``; formats.md §C, pix-rules §6), configured from
  ``settings.plugin_options("gar_sso", GarOptions)``. Its ``login_redirect`` will return the
  id of the SAML ``AuthnRequest`` in ``LoginRedirect.state``; ``complete_login(form, state)``
  will check that the response's ``InResponseTo`` names it.

The provider itself (built on pysaml2, which needs the ``xmlsec1`` program) will live in its own
module of this package; this module will only forward to it.
"""

from __future__ import annotations

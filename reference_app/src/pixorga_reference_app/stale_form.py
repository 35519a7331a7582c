"""A form posted with an expired CSRF token or session keeps what was typed.

The transaction plugin refuses such a form (nothing is done), but when the request provably
comes from one of this app's own pages (its ``Origin`` is the configured base URL, or the
browser says ``Sec-Fetch-Site: same-origin``), the refusal page shows the typed values again:
in a form with a fresh token when the user can still send it, read-only to copy when their
session has ended. A request from another site gets the bare refusal, so a forged form never
comes back with a valid token. Passwords are never echoed; file uploads cannot be kept.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import attrs
import bottle

from pixorga_core import paths

#: French labels of the fields pixorga's forms use; other fields travel hidden.
LABELS = {
    "emails": "Adresse(s) e-mail",
    "email": "Adresse e-mail",
    "login": "Adresse e-mail ou identifiant",
    "first_name": "Prénom",
    "last_name": "Nom",
    "name": "Nom",
    "title": "Titre",
    "uai": "UAI/RNE de l'établissement",
    "description": "Description",
    "custom_text": "Texte",
    "external_id_label": "Identifiant demandé",
}
NEVER_KEPT = frozenset({"csrf_token"})
#: Pages under it need a logged-in member: their stale forms cannot be sent again logged out.
ORGA_PREFIX = paths.organization(0).removesuffix("0")


def _is_secret(name: str) -> bool:
    return "password" in name or "mot_de_passe" in name


@attrs.frozen(kw_only=True)
class StaleForm:
    """What a stale form carried, to show it again."""

    action: str
    #: (name, label, value) of the fields the user typed, shown in text areas.
    shown: tuple[tuple[str, str, str], ...]
    #: (name, value) of the other fields (hidden inputs, choices), sent again unchanged.
    hidden: tuple[tuple[str, str], ...]
    #: Password fields, to be typed again.
    secrets: tuple[str, ...]
    #: Whether the form can be sent again at once (False: the user must log in again first).
    can_resend: bool


def same_origin(request: bottle.BaseRequest, base_url: str) -> bool:
    """Whether the browser says the request comes from this app's own pages."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = str(request.headers.get("Origin") or "")
    base = urlsplit(base_url)
    return bool(origin) and origin.rstrip("/") == f"{base.scheme}://{base.netloc}"


def kept(request: bottle.BaseRequest, base_url: str, *, logged_in: bool) -> StaleForm | None:
    """The typed values of a refused form, or None when they must not (or cannot) come back."""
    if str(request.content_type).lower().startswith("multipart/"):
        return None
    if not same_origin(request, base_url):
        return None
    shown: list[tuple[str, str, str]] = []
    hidden: list[tuple[str, str]] = []
    secret_names: list[str] = []
    for name in request.forms:
        if name in NEVER_KEPT:
            continue
        if _is_secret(name):
            secret_names.append(name)
            continue
        for value in request.forms.getall(name):
            text = value if isinstance(value, str) else ""
            text = text.encode("latin-1", "replace").decode("utf-8", "replace")
            if name in LABELS:
                shown.append((name, LABELS[name], text))
            else:
                hidden.append((name, text))
    if not any(value.strip() for _, _, value in shown):
        return None
    return StaleForm(
        action=request.path,
        shown=tuple(shown),
        hidden=tuple(hidden),
        secrets=tuple(dict.fromkeys(secret_names)),
        can_resend=logged_in or not request.path.startswith(ORGA_PREFIX),
    )

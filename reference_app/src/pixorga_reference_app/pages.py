"""Rendering pages, and mapping errors to pages in one place."""

from __future__ import annotations

from typing import Any

import bottle

from pixorga_core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    InvalidInputError,
    InvitationError,
    InvitationNotFoundError,
    LastAdministratorError,
    NotFoundError,
    OrgaAccessDeniedError,
    PermissionDeniedError,
    PixorgaError,
    TooSoonError,
)
from pixorga_reference_app.context import TEMPLATE_DIR

#: HTTP status for each error class; the first matching class (in order) wins.
ERROR_STATUSES: tuple[tuple[type[PixorgaError], int], ...] = (
    (InvitationNotFoundError, 404),
    (InvitationError, 410),
    (LastAdministratorError, 409),
    (TooSoonError, 429),
    (NotFoundError, 404),
    (OrgaAccessDeniedError, 403),
    (PermissionDeniedError, 403),
    (AuthenticationError, 401),
    (InvalidInputError, 422),
    (AlreadyExistsError, 409),
)

ERROR_TITLES = {
    400: "Requête invalide",
    401: "Connexion impossible",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Action impossible",
    409: "Action impossible",
    410: "Lien expiré",
    413: "Fichier trop volumineux",
    422: "Informations invalides",
    429: "Trop de demandes",
    500: "Erreur inattendue",
}


class RollbackResponse(bottle.HTTPResponse):
    """A response after which the request's transaction is rolled back (a refused form)."""


def render(template: str, **values: Any) -> str:
    values.setdefault("title", "Pix Orga")
    return str(bottle.template(template, template_lookup=[str(TEMPLATE_DIR)], **values))


def status_for(error: PixorgaError) -> int:
    for cls, status in ERROR_STATUSES:
        if isinstance(error, cls):
            return status
    return 500


def error_page(status: int, message: str, **values: Any) -> str:
    return render(
        "error.tpl",
        title=ERROR_TITLES.get(status, "Erreur"),
        status=status,
        message=message,
        **values,
    )


def rollback_response(body: str, status: int) -> RollbackResponse:
    """A page answered with ``status`` after which the transaction is rolled back."""
    response: RollbackResponse = bottle.response.copy(cls=RollbackResponse)  # keeps the cookies
    response.body = body
    response.status = status
    return response


def refuse_form(template: str, status: int = 422, **values: Any) -> RollbackResponse:
    """Re-render a form with its errors; the transaction is rolled back (nothing is written)."""
    return rollback_response(render(template, **values), status)

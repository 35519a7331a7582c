"""« Mot de passe oublié »: ask for a link by e-mail, then choose a new password (no login)."""

from __future__ import annotations

import bottle

from pixorga_core import paths
from pixorga_core.errors import InvalidInputError, PasswordResetLinkError, TooSoonError
from pixorga_core.services import password_resets
from pixorga_reference_app import pages
from pixorga_reference_app.context import (
    AppContext,
    client_address,
    db,
    form,
    replace_web_session,
)
from pixorga_reference_app.web_session import WebSession

FORGOTTEN_TITLE = "Mot de passe oublié"
RESET_TITLE = "Nouveau mot de passe"


def _link_refused(error: PasswordResetLinkError) -> pages.RollbackResponse:
    """A used, expired or unknown link: a French page with a link to ask again."""
    body = pages.page("password_reset_error.tpl", title="Lien inutilisable", message=error.message)
    return pages.refuse(body, error)


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    @app.get(paths.PASSWORD_FORGOTTEN)
    def forgotten_form() -> str:
        return pages.page("password_forgotten.tpl", title=FORGOTTEN_TITLE, values={}, errors={})

    @app.post(paths.PASSWORD_FORGOTTEN)
    def forgotten() -> str:
        values = {"email": form("email")}
        try:
            password_resets.request_reset(
                db(),
                ctx.hooks,
                password_resets.ResetRequest(email=values["email"], client=client_address()),
            )
        except (InvalidInputError, TooSoonError) as exc:
            errors = exc.field_errors if isinstance(exc, InvalidInputError) else {}
            raise pages.refuse_form(
                "password_forgotten.tpl",
                pages.status_for(exc),
                title=FORGOTTEN_TITLE,
                values=values,
                errors=errors or {"email": exc.message},
            ) from None
        # The same page whether or not an account has this address.
        return pages.page(
            "password_forgotten_sent.tpl",
            title="E-mail envoyé",
            email=values["email"].strip()[:254],
        )

    @app.get(paths.PASSWORD_RESET)
    def reset_form() -> str:
        token = bottle.request.query.getunicode("jeton") or ""
        try:
            password_resets.check_link(db(), token)
        except PasswordResetLinkError as exc:
            raise _link_refused(exc) from None
        return pages.page("password_reset.tpl", title=RESET_TITLE, token=token, errors={})

    @app.post(paths.PASSWORD_RESET)
    def reset() -> None:
        token = form("jeton")
        try:
            password_resets.reset_password(db(), token, form("password"))
        except PasswordResetLinkError as exc:
            raise _link_refused(exc) from None
        except InvalidInputError as exc:
            raise pages.refuse_form(
                "password_reset.tpl", title=RESET_TITLE, token=token, errors=exc.field_errors
            ) from None
        # Every session of the account has ended; this browser starts anew, whoever it was.
        replace_web_session(ctx.codec, WebSession())
        pages.redirect(paths.with_query(paths.LOGIN, message="mot-de-passe-modifie"))

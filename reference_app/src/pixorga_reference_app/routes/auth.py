"""Login (the empty fields named), sign-up and logout."""

from __future__ import annotations

from typing import Any

import bottle

from pixorga_core import paths
from pixorga_core.domain.users import User
from pixorga_core.errors import InvalidInputError
from pixorga_core.services import accounts
from pixorga_reference_app import pages
from pixorga_reference_app.context import (
    AppContext,
    begin_writing,
    db,
    form,
    log_in,
    log_out,
    web_session,
    writing_can_begin,
)
from pixorga_reference_app.routes.guards import safe_next
from pixorga_reference_app.routes.join import home_for


def sign_up_from_form(ctx: AppContext, **page: Any) -> User:
    """Create the account the posted sign-up form describes.

    A refused form is shown again (``signup.tpl`` with ``page``, the values and the French
    messages) and the transaction rolled back.
    """
    values = {key: form(key) for key in ("first_name", "last_name", "email")}
    try:
        return accounts.sign_up(
            db(),
            ctx.hooks,
            accounts.SignUpForm(
                **values, password=form("password"), cgu_accepted=form("cgu") == "on"
            ),
        )
    except InvalidInputError as exc:
        raise pages.refuse_form(
            "signup.tpl",
            values=values,
            errors=exc.field_errors,
            **page,
        ) from None


def authenticate_form(**page: Any) -> accounts.LoginOutcome:
    """Check the posted login form (``login``, ``password``).

    A form with an empty field is shown again (``login.tpl`` with ``page`` and a message naming
    each empty field), status 422, nothing counted. In a route configured
    ``pixorga.read_then_write`` the password hash is checked in the read-only transaction, then
    the attempt is counted in a short write one: the slow argon2 check never holds SQLite's
    write lock.
    """
    login_value = form("login")
    password = form("password")
    try:
        accounts.check_login_form(login_value, password)
    except InvalidInputError as exc:
        raise pages.refuse_form(
            "login.tpl", login=login_value, error=None, field_errors=exc.field_errors, **page
        ) from None
    if not writing_can_begin():
        return accounts.authenticate(db(), login_value, password)
    checked = accounts.check_password(db(), login_value, password)
    return accounts.authenticate(begin_writing(), login_value, password, checked=checked)


def campaign_signup(next_path: str) -> str | None:
    """For a pupil sent to log in on the way to a campaign: that campaign's sign-up."""
    prefix = paths.CURRENT_CAMPAIGNS + "/"
    return next_path if next_path.startswith(prefix) else None


#: Notices the login page shows after a redirect (``?message=…``).
NOTICES = {
    "mot-de-passe-modifie": "Votre mot de passe a été modifié. Connectez-vous avec le nouveau."
}


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    @app.get(paths.HOME)
    def home() -> str:
        """The login form and « J'ai un code »; Pix Orga for a member, « Mes parcours » for a
        pupil."""
        user_id = web_session(ctx.codec).user_id
        if user_id is not None:
            pages.redirect(home_for(user_id))
        return pages.page(
            "login.tpl",
            title="Connexion",
            login="",
            error=None,
            next="/",
            show_code=True,
            code_value="",
            code_error=None,
        )

    @app.get(paths.LOGIN)
    def login_form() -> str:
        next_path = safe_next(bottle.request.query.getunicode("suivant"))
        if web_session(ctx.codec).is_authenticated:
            pages.redirect(next_path)
        return pages.page(
            "login.tpl",
            title="Connexion",
            login="",
            error=None,
            next=next_path,
            campaign_signup=campaign_signup(next_path),
            notice=NOTICES.get(bottle.request.query.getunicode("message") or ""),
        )

    # The password hash is checked in a read-only transaction, then the attempt is counted in a
    # short write one: the slow argon2 check never holds SQLite's write lock.
    @app.post(paths.LOGIN, **{"pixorga.read_then_write": True})
    def login() -> str:
        login_value = form("login")
        next_path = safe_next(form("suivant"))
        page = {
            "title": "Connexion",
            "next": next_path,
            "campaign_signup": campaign_signup(next_path),
        }
        outcome = authenticate_form(**page)
        if outcome.error is not None:
            # Returned, not raised: the failure count must be committed.
            bottle.response.status = 401
            return pages.page(
                "login.tpl",
                login=login_value,
                error=outcome.error.message,
                **page,
            )
        assert outcome.user is not None
        log_in(ctx.codec, outcome.user.id)
        pages.redirect(next_path)
        raise AssertionError  # pragma: no cover - redirect raises

    @app.get(paths.SIGN_UP)
    def sign_up_form() -> str:
        return pages.page("signup.tpl", title="Inscription", values={}, errors={})

    @app.post(paths.SIGN_UP)
    def sign_up() -> str:
        user = sign_up_from_form(ctx, title="Inscription")
        log_in(ctx.codec, user.id)
        pages.redirect(paths.HOME)
        raise AssertionError  # pragma: no cover

    @app.post(paths.LOGOUT)
    def logout() -> None:
        log_out(ctx.codec)
        pages.redirect(paths.LOGIN)

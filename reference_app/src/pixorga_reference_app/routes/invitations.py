"""Public invitation pages: the invitation link, joining by sign-up or login, and the
« Demande d'accès administrateur » (no login needed)."""

from __future__ import annotations

import bottle

from pixorga_core import paths
from pixorga_core.domain.invitations import InvitationView
from pixorga_core.domain.memberships import Role
from pixorga_core.errors import (
    InvalidInputError,
    InvitationError,
    InvitationNotFoundError,
    TooSoonError,
)
from pixorga_core.services import accounts, invitations, schools
from pixorga_core.services.invitations import InviteOutcome
from pixorga_reference_app import pages
from pixorga_reference_app.context import (
    AppContext,
    client_address,
    db,
    form,
    log_in,
    web_session,
)
from pixorga_reference_app.input_checks import parse_int
from pixorga_reference_app.routes.auth import authenticate_form, sign_up_from_form


class Link:
    """An invitation opened from its link, and the code of that link (only its hash is
    stored, so the pages carry on the code they were given)."""

    def __init__(self, view: InvitationView, code: str) -> None:
        self.view = view
        self.code = code


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    def link_params() -> tuple[int, str]:
        source = bottle.request.forms if bottle.request.method == "POST" else bottle.request.query
        raw_id = source.getunicode("invitation", default="") or ""
        code = source.getunicode("code", default="") or ""
        invitation_id = parse_int(raw_id)
        if invitation_id is None:
            raise InvitationNotFoundError
        return invitation_id, str(code)

    def open_or_explain() -> Link:
        """The invitation of the link, or a French page saying why it cannot be used."""
        try:
            invitation_id, code = link_params()
            return Link(invitations.open_invitation(db(), invitation_id, code), code)
        except InvitationError as exc:
            body = pages.page(
                "invitation_error.tpl",
                title="Invitation impossible à utiliser",
                message=exc.message,
                logged_in=web_session(ctx.codec).is_authenticated,
            )
            raise pages.refuse(body, exc) from None

    def hidden(opened: Link) -> dict[str, str]:
        return {"invitation": str(opened.view.invitation.id), "code": opened.code}

    def link(opened: Link, path: str = paths.INVITATION) -> str:
        return paths.invitation(opened.view.invitation.id, opened.code, path)

    def joined(opened: Link) -> None:
        pages.redirect(paths.campaigns(opened.view.invitation.organization_id))

    @app.get(paths.INVITATION)
    def landing() -> str:
        opened = open_or_explain()
        view = opened.view
        session = web_session(ctx.codec)
        user = None
        if session.user_id is not None:
            user = accounts.get_user(db(), session.user_id)
        return pages.page(
            "invitation.tpl",
            title=f"Invitation à rejoindre {view.organization_name}",
            view=view,
            user=user,
            signup_link=link(opened, paths.INVITATION_SIGN_UP),
            login_link=link(opened, paths.INVITATION_LOGIN),
            hidden=hidden(opened),
        )

    def signup_args(opened: Link) -> dict[str, object]:
        return {
            "title": "Inscription",
            "heading": f"Inscrivez-vous pour rejoindre {opened.view.organization_name}",
            "action": paths.INVITATION_SIGN_UP,
            "hidden": hidden(opened),
            "login_link": link(opened, paths.INVITATION_LOGIN),
        }

    @app.get(paths.INVITATION_SIGN_UP)
    def join_sign_up_form() -> str:
        opened = open_or_explain()
        invitation = opened.view.invitation
        # A team invitation names the person; an administrator invitation names a school mailbox.
        email = "" if invitation.role is Role.ADMIN else invitation.email
        return pages.page("signup.tpl", values={"email": email}, errors={}, **signup_args(opened))

    @app.post(paths.INVITATION_SIGN_UP)
    def join_sign_up() -> None:
        opened = open_or_explain()
        user = sign_up_from_form(ctx, **signup_args(opened))
        invitations.accept_invitation(
            db(), invitation_id=opened.view.invitation.id, code=opened.code, user_id=user.id
        )
        log_in(ctx.codec, user.id)
        joined(opened)

    def login_args(opened: Link) -> dict[str, object]:
        return {
            "title": "Connexion",
            "heading": f"Connectez-vous pour rejoindre {opened.view.organization_name}",
            "action": paths.INVITATION_LOGIN,
            "hidden": hidden(opened),
            "signup_link": link(opened, paths.INVITATION_SIGN_UP),
            "next": "",
        }

    def login_page(opened: Link, login: str, error: str | None) -> str:
        return pages.page("login.tpl", login=login, error=error, **login_args(opened))

    @app.get(paths.INVITATION_LOGIN)
    def join_login_form() -> str:
        return login_page(open_or_explain(), "", None)

    @app.post(paths.INVITATION_LOGIN)
    def join_login() -> str:
        opened = open_or_explain()
        login_value = form("login")
        outcome = authenticate_form(**login_args(opened))
        if outcome.error is not None:
            bottle.response.status = 401  # returned, not raised: the failure count is kept
            return login_page(opened, login_value, outcome.error.message)
        assert outcome.user is not None
        invitations.accept_invitation(
            db(),
            invitation_id=opened.view.invitation.id,
            code=opened.code,
            user_id=outcome.user.id,
        )
        log_in(ctx.codec, outcome.user.id)
        joined(opened)
        raise AssertionError  # pragma: no cover - redirect raises

    @app.post(paths.INVITATION_ACCEPT)
    def accept() -> None:
        opened = open_or_explain()
        user_id = web_session(ctx.codec).user_id
        if user_id is None:
            pages.redirect(link(opened, paths.INVITATION_LOGIN))
        assert user_id is not None
        invitations.accept_invitation(
            db(), invitation_id=opened.view.invitation.id, code=opened.code, user_id=user_id
        )
        joined(opened)

    @app.get(paths.ADMIN_REQUEST)
    def admin_request_form() -> str:
        return pages.page(
            "admin_request.tpl", title="Demande d'accès administrateur", values={}, errors={}
        )

    @app.post(paths.ADMIN_REQUEST)
    def admin_request() -> str:
        values = {"uai": form("uai")}
        try:
            line = schools.request_admin_access(
                db(),
                ctx.hooks,
                schools.AdminAccessRequest(uai=values["uai"], client=client_address()),
            )
        except (InvalidInputError, TooSoonError) as exc:
            errors = exc.field_errors if isinstance(exc, InvalidInputError) else {}
            raise pages.refuse_form(
                "admin_request.tpl",
                pages.status_for(exc),
                title="Demande d'accès administrateur",
                values=values,
                errors=errors or {"uai": exc.message},
            ) from None
        return pages.page(
            "admin_request_sent.tpl",
            title="Demande envoyée",
            email=line.email,
            too_soon=line.outcome is InviteOutcome.TOO_SOON,
        )

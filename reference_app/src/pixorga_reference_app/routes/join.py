"""The pupil's way in: « J'ai un code », ``/campagnes/<CODE>``, the identity declaration, the
account, the external identifier and « Mes parcours ». Once the pupil participates, they go to
:func:`pixorga_core.paths.campaign_test` (the test's own routes).

The declaration in progress lives in the signed session cookie (:attr:`WebSession.joining`),
never in a form field: the account is made for the pupil the server matched, matched again.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

import bottle

from pixorga_core import paths
from pixorga_core.domain.matching import DeclaredIdentity
from pixorga_core.errors import InvalidInputError, NotFoundError, OrgaAccessDeniedError
from pixorga_core.services import accounts, campaign_results, orga, participations
from pixorga_core.services.participations import (
    AccountForm,
    AccountKind,
    JoinOutcome,
    JoinRefusal,
    JoinRefusedError,
    JoinStep,
)
from pixorga_reference_app import pages, rich_text
from pixorga_reference_app.context import (
    AppContext,
    db,
    form,
    log_in,
    replace_web_session,
    web_session,
)
from pixorga_reference_app.routes.guards import require_user_id

DECLARATION_FIELDS = ("first_name", "last_name", "birthdate", "day", "month", "year")
#: GET routes that may start a participation (after a login, the browser comes back by GET).
READ_WRITE = {"pixorga.read_write": True}


def _go(path: str) -> NoReturn:
    pages.redirect(path)
    raise AssertionError  # pragma: no cover - redirect raises


def _entry(ctx: AppContext, code: str) -> participations.CampaignEntry:
    """The campaign of the code in the address; a code in another form goes to its own page."""
    try:
        entry = participations.find_campaign(db(), ctx.hooks, code)
    except InvalidInputError:
        raise participations.CampaignCodeNotFoundError from None
    if entry.campaign.code != code:
        _go(paths.campaign_landing(entry.campaign.code) + _rest_of_path(code))
    return entry


def _rest_of_path(code: str) -> str:
    path = bottle.request.path
    prefix = paths.campaign_landing(code)
    return path[len(prefix) :] if path.startswith(prefix) else ""


def _refused(entry: participations.CampaignEntry | None, error: JoinRefusedError) -> NoReturn:
    """A clear page saying why and what to do; the transaction is rolled back."""
    body = pages.page(
        "join_refused.tpl",
        title="Impossible de rejoindre le parcours",
        entry=entry,
        message=error.message,
        refusal=error.refusal,
        logged_in=_user_id() is not None,
        JoinRefusal=JoinRefusal,
    )
    raise pages.rollback_response(body, 403)


def _user_id() -> int | None:
    app_context = bottle.request.app.config["pixorga.context"]
    assert isinstance(app_context, AppContext)
    return web_session(app_context.codec).user_id


def _next(outcome: JoinOutcome) -> NoReturn:
    _go(_next_path(outcome))


def _declared(joining: dict[str, str] | Any) -> DeclaredIdentity | None:
    try:
        return DeclaredIdentity(
            first_name=joining["first_name"],
            last_name=joining["last_name"],
            birthdate=date.fromisoformat(joining["birthdate"]),
        )
    except (KeyError, ValueError, TypeError):
        return None


def _account_name(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = accounts.get_user(db(), user_id)
    return user.username or user.email or user.full_name


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    def declaration_page(
        entry: participations.CampaignEntry, values: dict[str, str], errors: dict[str, str]
    ) -> dict[str, Any]:
        return {
            "title": "Je m'inscris",
            "entry": entry,
            "values": values,
            "errors": errors,
            "account": _account_name(_user_id()),
            "login_link": paths.login(paths.campaign_join(entry.campaign.code)),
        }

    @app.get(paths.CAMPAIGN_CODE)
    def by_code() -> str:
        typed = bottle.request.query.getunicode("code") or ""
        try:
            entry = participations.find_campaign(db(), ctx.hooks, typed)
        except (InvalidInputError, NotFoundError) as exc:
            bottle.response.status = 404 if isinstance(exc, NotFoundError) else 422
            target = "join_my_campaigns.tpl" if _user_id() is not None else "login.tpl"
            values: dict[str, Any] = {
                "title": "Connexion" if target == "login.tpl" else "Mes parcours",
                "code_value": typed,
                "code_error": exc.message,
                "show_code": True,
            }
            if target == "login.tpl":
                values.update(login="", error=None, next="/")
            else:
                values.update(mine=participations.my_campaigns(db(), _user_id() or 0))
                values.update(
                    results=campaign_results.my_results(db(), ctx.hooks, _user_id() or 0),
                    markdown=rich_text.markdown,
                )
                values.update(account=_account_name(_user_id()))
            return pages.page(target, **values)
        _go(paths.campaign_landing(entry.campaign.code))

    @app.get("/campagnes/<code>")
    def landing(code: str) -> str:
        entry = _entry(ctx, code)
        user_id = _user_id()
        member = None
        if user_id is not None:  # a member of the school may try it (« Tester la campagne »)
            member = orga.member_context(db(), user_id, entry.organization.id)
        return pages.page(
            "join_landing.tpl",
            title="Commencez votre parcours",
            entry=entry,
            account=_account_name(user_id),
            member=member,
        )

    @app.get("/campagnes/<code>/rejoindre", **READ_WRITE)
    def start(code: str) -> str:
        entry = _entry(ctx, code)
        if entry.refusal is not None:
            _refused(entry, JoinRefusedError(JoinRefusal.CAMPAIGN_CLOSED, entry.refusal))
        user_id = _user_id()
        if user_id is not None:
            try:
                outcome = participations.join_as_user(db(), ctx.hooks, code, user_id)
            except JoinRefusedError as exc:
                _refused(entry, exc)
            if outcome.step is not JoinStep.DECLARE:
                _next(outcome)
        return pages.page("join_declare.tpl", **declaration_page(entry, {}, {}))

    @app.post("/campagnes/<code>/rejoindre")
    def declare(code: str) -> str:
        entry = _entry(ctx, code)
        values = {name: form(name) for name in DECLARATION_FIELDS}
        try:
            declared = participations.declaration(**values)
            user_id = _user_id()
            if user_id is not None:
                _next(
                    participations.join_as_user(db(), ctx.hooks, code, user_id, declared=declared)
                )
            match = participations.match_declaration(db(), ctx.hooks, code, declared)
        except InvalidInputError as exc:
            raise pages.refuse_form(
                "join_declare.tpl", **declaration_page(entry, values, exc.field_errors)
            ) from None
        except JoinRefusedError as exc:
            _refused(entry, exc)
        session = web_session(ctx.codec)
        replace_web_session(
            ctx.codec,
            session.with_joining(
                {
                    "code": entry.campaign.code,
                    "first_name": declared.first_name,
                    "last_name": declared.last_name,
                    "birthdate": declared.birthdate.isoformat(),
                    "username": match.proposed_username,
                }
            ),
        )
        _go(paths.campaign_join(entry.campaign.code, "inscription"))

    def joining_for(code: str) -> tuple[dict[str, str], DeclaredIdentity]:
        session = web_session(ctx.codec)
        joining = dict(session.joining)
        declared = _declared(joining)
        if session.user_id is not None or declared is None or joining.get("code") != code:
            _go(paths.campaign_join(code))
        assert declared is not None
        return joining, declared

    def account_page(
        entry: participations.CampaignEntry,
        joining: dict[str, str],
        kind: AccountKind,
        values: dict[str, str],
        errors: dict[str, str],
    ) -> dict[str, Any]:
        return {
            "title": "Je m'inscris",
            "entry": entry,
            "username": joining.get("username", ""),
            "kind": kind,
            "AccountKind": AccountKind,
            "values": values,
            "errors": errors,
            "base": paths.campaign_join(entry.campaign.code, "inscription"),
            "login_link": paths.login(paths.campaign_join(entry.campaign.code)),
        }

    def kind_of(value: str | None) -> AccountKind:
        return AccountKind.EMAIL if value == AccountKind.EMAIL.value else AccountKind.USERNAME

    @app.get("/campagnes/<code>/inscription")
    def account_form(code: str) -> str:
        entry = _entry(ctx, code)
        joining, _ = joining_for(entry.campaign.code)
        kind = kind_of(bottle.request.query.getunicode("avec"))
        return pages.page("join_account.tpl", **account_page(entry, joining, kind, {}, {}))

    @app.post("/campagnes/<code>/inscription")
    def create_account(code: str) -> str:
        entry = _entry(ctx, code)
        joining, declared = joining_for(entry.campaign.code)
        kind = kind_of(form("kind"))
        values = {"email": form("email")}
        try:
            made = participations.create_account_and_join(
                db(),
                ctx.hooks,
                code,
                declared,
                AccountForm(kind=kind, email=values["email"], password=form("password")),
                proposed_username=joining.get("username") or None,
            )
        except InvalidInputError as exc:
            raise pages.refuse_form(
                "join_account.tpl", **account_page(entry, joining, kind, values, exc.field_errors)
            ) from None
        except JoinRefusedError as exc:
            _refused(entry, exc)
        # Logged in: a new session (new CSRF token), the declaration forgotten.
        log_in(ctx.codec, made.user.id)
        if made.username_changed:
            return pages.page(
                "join_account_created.tpl",
                title="Votre compte est créé",
                entry=entry,
                username=made.user.username,
                next_path=_next_path(made.outcome),
            )
        _next(made.outcome)

    @app.post("/campagnes/<code>/ce-n-est-pas-moi")
    def not_me(code: str) -> None:
        entry = _entry(ctx, code)
        replace_web_session(ctx.codec, web_session(ctx.codec).without_joining())
        _go(paths.campaign_join(entry.campaign.code))

    def external_id_page(
        entry: participations.CampaignEntry, value: str, errors: dict[str, str]
    ) -> dict[str, Any]:
        return {
            "title": entry.campaign.external_id_label or "Identifiant",
            "entry": entry,
            "value": value,
            "errors": errors,
        }

    @app.get("/campagnes/<code>/identifiant", **READ_WRITE)
    def external_id_form(code: str) -> str:
        entry = _entry(ctx, code)
        user_id = require_user_id(ctx)
        try:
            outcome = participations.join_as_user(db(), ctx.hooks, code, user_id)
        except JoinRefusedError as exc:
            _refused(entry, exc)
        if outcome.step is not JoinStep.EXTERNAL_ID:
            _next(outcome)
        return pages.page("join_external_id.tpl", **external_id_page(entry, "", {}))

    @app.post("/campagnes/<code>/identifiant")
    def external_id(code: str) -> None:
        entry = _entry(ctx, code)
        user_id = require_user_id(ctx)
        value = form("external_id")
        try:
            outcome = participations.join_as_user(db(), ctx.hooks, code, user_id, external_id=value)
        except InvalidInputError as exc:
            raise pages.refuse_form(
                "join_external_id.tpl", **external_id_page(entry, value, exc.field_errors)
            ) from None
        except JoinRefusedError as exc:
            _refused(entry, exc)
        _next(outcome)

    @app.get(paths.MY_CAMPAIGNS)
    def my_campaigns() -> str:
        user_id = require_user_id(ctx)
        return pages.page(
            "join_my_campaigns.tpl",
            title="Mes parcours",
            mine=participations.my_campaigns(db(), user_id),
            results=campaign_results.my_results(db(), ctx.hooks, user_id),
            markdown=rich_text.markdown,
            account=_account_name(user_id),
            code_value="",
            code_error=None,
        )


def _next_path(outcome: JoinOutcome) -> str:
    code = outcome.entry.campaign.code
    if outcome.step is JoinStep.TEST:
        return paths.campaign_test(code)
    if outcome.step is JoinStep.EXTERNAL_ID:
        return paths.campaign_join(code, "identifiant")
    return paths.campaign_join(code)


def home_for(user_id: int) -> str:
    """Where ``/`` sends a logged-in user: Pix Orga for a member, « Mes parcours » for a pupil
    (anyone else gets Pix Orga's « accès limité aux membres invités »)."""
    try:
        orga.current_context(db(), user_id)
    except OrgaAccessDeniedError:
        if participations.is_pupil(db(), user_id):
            return paths.MY_CAMPAIGNS
    return paths.ORGA_HOME

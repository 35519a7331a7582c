"""Who may see a page: logged-in users, members of the organization in the URL."""

from __future__ import annotations

import bottle

from pixorga_core import paths
from pixorga_core.services import orga
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, web_session


def safe_next(value: str | None) -> str:
    """A local path to go to after login; anything else (another site) becomes ``/``."""
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        # Browsers drop tabs and newlines from URLs: "/\t/evil.example" would become "//evil…".
        and all(c.isprintable() and not c.isspace() for c in value)
    ):
        return value
    return "/"


def require_user_id(ctx: AppContext) -> int:
    """The logged-in user's id; otherwise redirect to the login page and come back after."""
    session = web_session(ctx.codec)
    if session.user_id is None:
        target = bottle.request.fullpath
        if bottle.request.query_string:
            target += "?" + bottle.request.query_string
        pages.redirect(paths.login(target))
    assert session.user_id is not None
    return session.user_id


def require_orga(ctx: AppContext, organization_id: int) -> orga.OrgaContext:
    """The Orga context for a page of ``organization_id``.

    Non-members get the "accès limité aux membres invités" page, members of another school a
    403; a member who has not accepted the Pix Orga terms is sent to accept them first.
    """
    user_id = require_user_id(ctx)
    context = orga.context_for(db(), user_id, organization_id)
    if context.needs_terms:
        pages.redirect(paths.terms(bottle.request.fullpath))
    return context

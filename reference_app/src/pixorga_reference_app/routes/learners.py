"""The "Élèves" section: the pupil list, and importing it.

Importing is post/redirect/get: the form (its own page) posts the file, which is stored and
checked; a usable file redirects to its preview page, addressed by the upload's signed token,
which only reads however often it is reloaded; "Confirmer" imports once and marks the upload
confirmed, so the preview reached again says so. A refused file is shown at once and deleted.
"""

from __future__ import annotations

import contextlib
import functools

import bottle

from pixorga_core import paths
from pixorga_core.access import Action, require
from pixorga_core.domain.imports import ImportPreview, LeftOutReason
from pixorga_core.domain.learners import (
    MAX_SEARCH_LENGTH,
    MAX_SEARCH_WORDS,
    LearnerPage,
    LearnerQuery,
    LearnerSort,
    bound_search,
)
from pixorga_core.errors import InvalidInputError
from pixorga_core.events import after_commit
from pixorga_core.registries import StudentSourceWithTemplate
from pixorga_core.services import imports, learners, orga
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form
from pixorga_reference_app.routes.guards import require_orga
from pixorga_reference_app.transaction import MAX_REQUEST_BODY
from pixorga_reference_app.uploads import UploadState, UploadStore

#: Largest school file accepted (the app's largest request body).
MAX_UPLOAD_BYTES = MAX_REQUEST_BODY
IMPORTED_MESSAGE = "La liste a été importée avec succès."
DONE_TITLES = {
    UploadState.CONFIRMED: "Import déjà confirmé",
    UploadState.CANCELLED: "Import annulé",
}
UNCHANGED_MESSAGE = "Aucun changement : la liste des élèves était déjà à jour."


def listing_url(organization_id: int, listing: LearnerPage, **changes: object) -> str:
    """The address of the pupil list with the listing's filters, sort and page, then ``changes``."""
    query = listing.query
    params: dict[str, object] = {
        "recherche": query.search,
        "classe": query.division,
        "tri": query.sort.value,
        "ordre": "desc" if query.descending else None,
        "page": listing.number,
    }
    params.update(changes)
    defaults = {"tri": LearnerSort.LAST_NAME.value, "page": 1}
    kept = {k: v for k, v in params.items() if defaults.get(k) != v}
    return paths.learners(organization_id, **kept)


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    store = UploadStore(ctx.settings.require_secret_key(), ctx.settings.upload_dir)

    def page(template: str, context: orga.OrgaContext, **values: object) -> str:
        return pages.page(template, context, "eleves", **values)

    def templates() -> list[tuple[str, str]]:
        """(source name, label) of the student sources offering a file to fill in."""
        return [
            (source.name, source.label)
            for source in ctx.hooks.student_sources()
            if isinstance(source, StudentSourceWithTemplate)
        ]

    def learners_page(context: orga.OrgaContext, **values: object) -> str:
        values.setdefault("message", None)
        query = bottle.request.query
        try:
            sort = LearnerSort(query.get("tri") or LearnerSort.LAST_NAME)
        except ValueError:
            sort = LearnerSort.LAST_NAME
        search, search_cut = bound_search(query.getunicode("recherche"))
        learner_query = LearnerQuery(
            search=search,
            division=query.getunicode("classe") or None,
            sort=sort,
            descending=query.get("ordre") == "desc",
            page=query.get("page") or 1,
        )
        listing = learners.find_learners(db(), context, learner_query)
        organization_id = context.organization.id
        return page(
            "learners.tpl",
            context,
            title="Élèves",
            listing=listing,
            base=paths.learners(organization_id),
            url=functools.partial(listing_url, organization_id, listing),
            history=imports.history(db(), organization_id),
            search_cut=search_cut,
            search_limits=(MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS),
            **values,
        )

    @app.get("/etablissements/<organization_id:int>/eleves")
    def learner_list(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        query = bottle.request.query
        message = (
            IMPORTED_MESSAGE
            if query.get("importe") == "1"
            else UNCHANGED_MESSAGE
            if query.get("inchange") == "1"
            else None
        )
        return learners_page(context, message=message)

    @app.get("/etablissements/<organization_id:int>/eleves/modele/<source_name>")
    def template_file(organization_id: int, source_name: str) -> bytes:
        require_orga(ctx, organization_id)
        offered = dict(templates())
        if source_name not in offered:
            raise bottle.HTTPError(404, "Modèle introuvable.")
        source = ctx.hooks.student_sources().get(source_name)
        assert isinstance(source, StudentSourceWithTemplate)
        file_name, data = source.template_file()
        bottle.response.content_type = "text/csv; charset=utf-8"
        bottle.response.set_header("Content-Disposition", f'attachment; filename="{file_name}"')
        return data

    def import_form(context: orga.OrgaContext, upload_error: str | None = None) -> str:
        return page(
            "import_form.tpl",
            context,
            title="Importer la liste des élèves",
            upload_error=upload_error,
            templates=templates(),
        )

    def preview_page(
        context: orga.OrgaContext, preview: ImportPreview, file_name: str, token: str | None
    ) -> str:
        return page(
            "import_preview.tpl",
            context,
            title="Vérifier l'import" if preview.is_valid else "Import refusé",
            preview=preview,
            field_labels=imports.FIELD_LABELS,
            reasons=LeftOutReason,
            file_name=file_name,
            token=token,
        )

    @app.get("/etablissements/<organization_id:int>/eleves/import")
    def upload_form(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        require(context, Action.IMPORT_LEARNERS)
        return import_form(context)

    @app.post(
        "/etablissements/<organization_id:int>/eleves/import",
        **{"pixorga.max_body": MAX_UPLOAD_BYTES},
    )
    def upload(organization_id: int) -> str:
        """Store and check the file; a usable one redirects to its preview (post/redirect/get).

        A refused file is shown at once (422) and deleted: reloading it imports nothing.
        """
        context = require_orga(ctx, organization_id)
        require(context, Action.IMPORT_LEARNERS)  # before the upload is stored
        upload = bottle.request.files.get("fichier")
        if upload is None or not upload.raw_filename:
            bottle.response.status = 422
            return import_form(context, upload_error="Choisissez le fichier à importer.")
        token, pending = store.save(
            upload.file, upload.raw_filename, organization_id, context.user.id
        )
        with pending.path.open("rb") as stream:
            batch = imports.read_file(ctx.hooks, stream, pending.file_name, context.organization)
        if not batch.is_valid:  # the comparison with the school's pupils is the preview's job
            store.discard(pending)
            bottle.response.status = 422
            refused = imports.preview_import(db(), context, batch)
            return preview_page(context, refused, pending.file_name, None)
        pages.redirect(paths.learners(organization_id, "import/apercu", jeton=token))

    @app.get("/etablissements/<organization_id:int>/eleves/import/apercu")
    def preview(organization_id: int) -> str:
        """The preview of a stored upload; only reads, however often it is reloaded."""
        context = require_orga(ctx, organization_id)
        require(context, Action.IMPORT_LEARNERS)
        token = str(bottle.request.query.getunicode("jeton") or "")
        pending = store.lookup(token, organization_id, context.user.id)
        if pending.state is not UploadState.PENDING:
            return page(
                "import_done.tpl",
                context,
                title=DONE_TITLES[pending.state],
                confirmed=pending.state is UploadState.CONFIRMED,
                file_name=pending.file_name,
            )
        with pending.path.open("rb") as stream:
            batch = imports.read_file(ctx.hooks, stream, pending.file_name, context.organization)
        result = imports.preview_import(db(), context, batch)
        if not result.is_valid:  # the school's data cannot make a stored file invalid, but
            bottle.response.status = 422  # a plugin's reading may change between two requests
        return preview_page(context, result, pending.file_name, token)

    @app.post("/etablissements/<organization_id:int>/eleves/import/confirmer")
    def confirm(organization_id: int) -> None:
        context = require_orga(ctx, organization_id)
        require(context, Action.IMPORT_LEARNERS)  # before the upload is read
        token = form("jeton")
        pending = store.lookup(token, organization_id, context.user.id)
        if pending.state is not UploadState.PENDING:  # a second click, or "Retour" then again
            pages.redirect(paths.learners(organization_id, "import/apercu", jeton=token))
        with pending.path.open("rb") as stream:
            batch = imports.read_file(ctx.hooks, stream, pending.file_name, context.organization)
        report = imports.commit_import(db(), ctx.hooks, context, batch, file_name=pending.file_name)
        after_commit(
            db(),
            lambda: store.finish(pending, UploadState.CONFIRMED),
            description="mark the upload confirmed",
        )
        outcome = {"importe": 1} if report.changed else {"inchange": 1}
        pages.redirect(paths.learners(organization_id, **outcome))

    @app.post("/etablissements/<organization_id:int>/eleves/import/annuler")
    def cancel(organization_id: int) -> None:
        context = require_orga(ctx, organization_id)
        require(context, Action.IMPORT_LEARNERS)
        with contextlib.suppress(InvalidInputError):  # an expired upload needs no cleaning
            pending = store.load(form("jeton"), organization_id, context.user.id)
            store.finish(pending, UploadState.CANCELLED)
        pages.redirect(paths.learners(organization_id))

"""The "Élèves" section: the pupil list, and importing it (upload → preview → confirm)."""

from __future__ import annotations

import contextlib

import bottle

from pixorga_core.errors import InvalidInputError
from pixorga_core.events import after_commit
from pixorga_core.services import imports, orga
from pixorga_reference_app import pages
from pixorga_reference_app.context import AppContext, db, form, web_session
from pixorga_reference_app.routes.guards import require_orga
from pixorga_reference_app.uploads import UploadStore

#: Largest school file accepted (a 100 000-pupil SIECLE export is about 250 MB).
MAX_UPLOAD_BYTES = 300 * 1024 * 1024
IMPORTED_MESSAGE = "La liste a été importée avec succès."


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    store = UploadStore(ctx.settings.require_secret_key(), ctx.settings.upload_dir)

    def page(template: str, context: orga.OrgaContext, **values: object) -> str:
        return pages.render(
            template,
            ctx=context,
            section="eleves",
            csrf_token=web_session(ctx.codec).csrf_token,
            **values,
        )

    def learners_page(context: orga.OrgaContext, **values: object) -> str:
        values.setdefault("message", None)
        values.setdefault("upload_error", None)
        return page(
            "learners.tpl",
            context,
            title="Élèves",
            learners=orga.list_learners(db(), context, limit=200),
            history=imports.history(db(), context.organization.id),
            can_import=context.is_admin and context.organization.is_sco_managing_students,
            **values,
        )

    @app.get("/etablissements/<organization_id:int>/eleves")
    def learners(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        imported = bottle.request.query.get("importe") == "1"
        return learners_page(context, message=IMPORTED_MESSAGE if imported else None)

    @app.post(
        "/etablissements/<organization_id:int>/eleves/import",
        **{"pixorga.max_body": MAX_UPLOAD_BYTES},
    )
    def upload(organization_id: int) -> str:
        context = require_orga(ctx, organization_id)
        imports.require_import_right(context)
        upload = bottle.request.files.get("fichier")
        if upload is None or not upload.raw_filename:
            bottle.response.status = 422
            return learners_page(context, upload_error="Choisissez le fichier à importer.")
        token, pending = store.save(
            upload.file, upload.raw_filename, organization_id, context.user.id
        )
        with pending.path.open("rb") as stream:
            batch = imports.read_file(ctx.hooks, stream, pending.file_name, context.organization)
        preview = imports.preview_import(db(), context.organization, batch)
        if not preview.is_valid:
            store.discard(pending)
            bottle.response.status = 422
        return page(
            "import_preview.tpl",
            context,
            title="Vérifier l'import",
            preview=preview,
            file_name=pending.file_name,
            token=token,
        )

    @app.post("/etablissements/<organization_id:int>/eleves/import/confirmer")
    def confirm(organization_id: int) -> None:
        context = require_orga(ctx, organization_id)
        imports.require_import_right(context)
        pending = store.load(form("jeton"), organization_id, context.user.id)
        with pending.path.open("rb") as stream:
            batch = imports.read_file(ctx.hooks, stream, pending.file_name, context.organization)
        imports.commit_import(
            db(),
            ctx.hooks,
            context.organization,
            batch,
            imported_by_user_id=context.user.id,
            file_name=pending.file_name,
        )
        after_commit(db(), lambda: store.discard(pending), description="discard the upload")
        bottle.redirect(f"/etablissements/{organization_id}/eleves?importe=1")

    @app.post("/etablissements/<organization_id:int>/eleves/import/annuler")
    def cancel(organization_id: int) -> None:
        context = require_orga(ctx, organization_id)
        imports.require_import_right(context)
        with contextlib.suppress(InvalidInputError):  # an expired upload needs no cleaning
            store.discard(store.load(form("jeton"), organization_id, context.user.id))
        bottle.redirect(f"/etablissements/{organization_id}/eleves")

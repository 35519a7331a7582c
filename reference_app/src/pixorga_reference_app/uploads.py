"""Uploaded school files waiting between the preview and the confirmation.

No state lives in the process: the file is written to ``settings.upload_dir`` (shared by the app
processes) under a random name, and the preview page's address carries a signed token naming it,
the school and the user, valid one hour. Confirming or cancelling replaces the file with an empty
marker (``<name>.confirmed`` or ``<name>.cancelled``), so that the preview page, reloaded or
reached again with "Retour", says the import was already confirmed instead of importing again or
pretending the upload expired. Stale files and markers are swept on each upload.
"""

from __future__ import annotations

import enum
import secrets
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

import attrs
from itsdangerous import BadSignature, URLSafeTimedSerializer

from pixorga_core.errors import InvalidInputError

TOKEN_MAX_AGE = 3600
CHUNK = 1024 * 1024
EXPIRED_MESSAGE = "Cet import a expiré. Importez de nouveau le fichier."


class UploadState(enum.Enum):
    PENDING = "pending"  #: waiting for the confirmation
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


@attrs.frozen(kw_only=True)
class PendingUpload:
    path: Path
    file_name: str
    organization_id: int
    user_id: int
    state: UploadState = UploadState.PENDING

    def marker(self, state: UploadState) -> Path:
        return self.path.with_name(f"{self.path.name}.{state.value}")


class UploadStore:
    def __init__(self, secret_key: str, directory: str | None) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="pixorga.upload")
        self.directory = Path(directory or Path(tempfile.gettempdir()) / "pixorga-uploads")

    def save(
        self, stream: BinaryIO, file_name: str, organization_id: int, user_id: int
    ) -> tuple[str, PendingUpload]:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._sweep()
        name = secrets.token_hex(16)
        path = self.directory / name
        with path.open("wb") as out:
            while chunk := stream.read(CHUNK):
                out.write(chunk)
        token = self._serializer.dumps(
            {"f": name, "n": file_name, "o": organization_id, "u": user_id}
        )
        pending = PendingUpload(
            path=path, file_name=file_name, organization_id=organization_id, user_id=user_id
        )
        return str(token), pending

    def load(self, token: str, organization_id: int, user_id: int) -> PendingUpload:
        """The pending upload ``token`` names, for this school and user only.

        :raises InvalidInputError: the token is forged, expired, or no longer pending
            (:meth:`lookup` tells a confirmed or cancelled upload apart).
        """
        pending = self.lookup(token, organization_id, user_id)
        if pending.state is not UploadState.PENDING:
            raise InvalidInputError(EXPIRED_MESSAGE, code="IMPORT_EXPIRED")
        return pending

    def lookup(self, token: str, organization_id: int, user_id: int) -> PendingUpload:
        """The upload ``token`` names, pending, confirmed or cancelled.

        :raises InvalidInputError: the token is forged, of another school or user, or expired.
        """
        try:
            data = self._serializer.loads(token, max_age=TOKEN_MAX_AGE)
        except BadSignature:
            raise InvalidInputError(EXPIRED_MESSAGE, code="IMPORT_EXPIRED") from None
        name = data.get("f") if isinstance(data, dict) else None
        if (
            not isinstance(name, str)
            or not name.isalnum()
            or data.get("o") != organization_id
            or data.get("u") != user_id
        ):
            raise InvalidInputError(EXPIRED_MESSAGE, code="IMPORT_EXPIRED")
        pending = PendingUpload(
            path=self.directory / name,
            file_name=str(data.get("n", "")),
            organization_id=organization_id,
            user_id=user_id,
        )
        if pending.path.is_file():
            return pending
        for state in (UploadState.CONFIRMED, UploadState.CANCELLED):
            if pending.marker(state).is_file():
                return attrs.evolve(pending, state=state)
        raise InvalidInputError(EXPIRED_MESSAGE, code="IMPORT_EXPIRED")

    def discard(self, pending: PendingUpload) -> None:
        """Delete the file (a refused upload: its token is never handed out)."""
        pending.path.unlink(missing_ok=True)

    def finish(self, pending: PendingUpload, state: UploadState) -> None:
        """Replace the file with the marker of ``state`` (confirmed or cancelled)."""
        pending.marker(state).touch()
        pending.path.unlink(missing_ok=True)

    def _sweep(self) -> None:
        limit = time.time() - TOKEN_MAX_AGE
        for path in self.directory.iterdir():
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)

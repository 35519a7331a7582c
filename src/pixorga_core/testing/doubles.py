"""Test doubles that need no database: a student source, a message channel, a school.

* :class:`LineStudentSource` (registered by :class:`LineStudentSourcePlugin`): a tiny
  ``INE;Prénom;Nom;Classe`` format for tests of import paths;
* :class:`RecordingChannel`: renders and "delivers" messages to a list (the ``mailbox`` fixture);
* :func:`sample_school`: a school as a domain object, for tests of student sources.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, BinaryIO

import attrs

from pixorga_core.domain.imports import ImportBatch, ImportIssue
from pixorga_core.domain.learners import LearnerRecord
from pixorga_core.domain.messages import DeliveryResult, MessageRequest, OutboundMessage
from pixorga_core.domain.organizations import Organization, OrganizationType
from pixorga_core.hooks import hookimpl
from pixorga_core.registries import StudentSourceRegistry

__all__ = ["LineStudentSource", "LineStudentSourcePlugin", "RecordingChannel", "sample_school"]


# -- a student source for tests -------------------------------------------------------------------


class LineStudentSource:
    """A tiny student source for tests of import paths: ``INE;Prénom;Nom;Classe`` lines (UTF-8).

    The first line is a header and must start with ``INE;``. A line reading ``ERREUR`` makes the
    whole file invalid (code ``INE_UNIQUE``), to test refusals. Register it with
    :class:`LineStudentSourcePlugin`: ``pm.register(LineStudentSourcePlugin())``.
    """

    name = "test-lines"
    label = "Fichier de test"

    def accepts(self, head: bytes, filename: str) -> bool:
        return head.startswith(b"INE;")

    def read(self, stream: BinaryIO, organization: Organization, filename: str) -> ImportBatch:
        try:
            lines = stream.read().decode("utf-8").splitlines()[1:]
        except UnicodeDecodeError:
            issue = ImportIssue(
                code="ENCODING_NOT_SUPPORTED", message="Le fichier n'est pas en UTF-8."
            )
            return ImportBatch(source=self.name, errors=(issue,))
        if "ERREUR" in lines:
            issue = ImportIssue(
                code="INE_UNIQUE",
                message="L'INE 000000001AA apparaît deux fois.",
                national_student_id="000000001AA",
            )
            return ImportBatch(source=self.name, errors=(issue,), in_file=len(lines))
        records = []
        for number, line in enumerate(lines, start=2):
            ine, first, last, *rest = [*line.split(";"), "", ""][:4]
            if not (ine and first and last):
                issue = ImportIssue(
                    code="FIELD_REQUIRED", message=f"Ligne {number} incomplète.", line=number
                )
                return ImportBatch(source=self.name, errors=(issue,), in_file=len(lines))
            records.append(
                LearnerRecord(
                    national_student_id=ine,
                    first_name=first,
                    last_name=last,
                    birthdate=date(2011, 1, 1),
                    division=rest[0] or "6A",
                )
            )
        return ImportBatch(source=self.name, records=tuple(records), in_file=len(records))


class LineStudentSourcePlugin:
    """Registers :class:`LineStudentSource`."""

    @hookimpl
    def pixorga_register_student_sources(self, registry: StudentSourceRegistry) -> None:
        registry.add(LineStudentSource())


# -- student sources ---------------------------------------------------------------------------


def sample_school(**overrides: Any) -> Organization:
    """A SCO school that manages its pupils, UAI ``0759999L``, as a domain object (no database).

    For tests of student sources, which read files for an organization without writing.
    """
    values: dict[str, Any] = {
        "id": 1,
        "name": "Collège des Tilleuls",
        "type": OrganizationType.SCO,
        "uai": "0759999L",
        "email": None,
        "is_managing_students": True,
        "identity_provider": None,
        "archived_at": None,
        "created_at": datetime(2026, 9, 1, tzinfo=UTC),
    }
    values.update(overrides)
    return Organization(**values)


# -- a message channel for tests ------------------------------------------------------------------


@attrs.define
class RecordingChannel:
    """Renders messages as ``key: value`` lines and records deliveries instead of sending them.

    ``down`` makes every delivery fail (retryable); ``refuse`` makes them fail for good.
    """

    delivered: list[OutboundMessage] = attrs.field(factory=list)
    attempts: int = 0
    down: bool = False
    refuse: bool = False

    @hookimpl
    def pixorga_render_message(self, request: MessageRequest) -> OutboundMessage:
        lines = [f"{k}: {v}" for k, v in sorted(request.context.items())]
        return OutboundMessage(
            kind=request.kind,
            recipient=request.recipient,
            subject=f"[{request.kind.value}] {request.context.get('organization_name', '')}",
            text="\n".join(lines),
        )

    @hookimpl
    def pixorga_deliver_message(self, message: OutboundMessage) -> DeliveryResult:
        self.attempts += 1
        if self.down or self.refuse:
            return DeliveryResult(
                channel="test", delivered=False, detail="channel down", retryable=not self.refuse
            )
        self.delivered.append(message)
        return DeliveryResult(channel="test", delivered=True)

    def links(self) -> list[str]:
        """The invitation links of the delivered messages, in order."""
        found = []
        for message in self.delivered:
            for line in message.text.splitlines():
                if line.startswith("invitation_link: "):
                    found.append(line.removeprefix("invitation_link: "))
        return found

"""« Exporter résultats (.csv) »: a campaign's results as a streamed CSV file (pix-rules §8).

:func:`campaign_export` checks the right (any member of the school, ``EXPORT_RESULTS``), finds
the campaign and its target profile, and returns a :class:`CampaignExport` whose
:meth:`~CampaignExport.chunks` writes the file: first the byte order mark and the header line, at
once, then the lines of each chunk of participations as the storage reads them. Nothing is read
before the caller asks for the next chunk, so the web response starts at once and the memory is
that of one chunk. The caller keeps its (read-only) transaction open until the last chunk.
:func:`export_for_code` is the command line's way in (``pixorga campaigns export CODE``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs
from sqlalchemy.orm import Session

from pixorga_core.access import Action, Actor, SystemContext
from pixorga_core.domain.campaigns import Campaign
from pixorga_core.domain.exports import (
    BOM,
    LINE_END,
    SEPARATOR,
    ExportCampaign,
    ExportLayout,
    file_name,
    layout_of,
)
from pixorga_core.domain.organizations import Organization
from pixorga_core.domain.results import target_of
from pixorga_core.errors import NotFoundError, PixorgaError
from pixorga_core.facade import Hooks
from pixorga_core.services import campaigns
from pixorga_core.services.campaign_targets import unavailable_reason
from pixorga_core.services.campaigns import CAMPAIGN_NOT_FOUND
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import exports as exports_repo
from pixorga_core.storage.repositories import organizations as organizations_repo

__all__ = [
    "CAMPAIGN_NOT_FOUND",
    "CampaignExport",
    "ExportUnavailableError",
    "campaign_export",
    "export_for_code",
    "write_rows",
]


class ExportUnavailableError(PixorgaError):
    """The campaign's referential or target profile is no longer installed: no columns."""

    code = "EXPORT_UNAVAILABLE"
    default_message = "Les résultats de cette campagne ne peuvent pas être exportés."


def write_rows(buffer: io.StringIO, rows: list[list[str]]) -> None:
    """Write ``rows`` to ``buffer`` as the export does (``;``, quoted when needed, CRLF)."""
    csv.writer(buffer, delimiter=SEPARATOR, lineterminator=LINE_END).writerows(rows)


@attrs.define(kw_only=True)
class CampaignExport:
    """One export, ready to be written: its file name, its columns, and the chunks."""

    session: Session
    campaign: Campaign
    layout: ExportLayout
    file_name: str
    chunk_size: int = exports_repo.CHUNK_SIZE
    #: Lines written so far (for a progress bar).
    rows_written: int = 0

    @property
    def header(self) -> tuple[str, ...]:
        return self.layout.header

    def count(self) -> int:
        """How many lines the file will have (one query)."""
        return exports_repo.count(self.session, self.campaign.id)

    def chunks(self) -> Iterator[bytes]:
        """The file in UTF-8: the byte order mark and the header first, then one chunk of lines
        per chunk of participations read."""
        buffer = io.StringIO()
        write_rows(buffer, [list(self.layout.header)])
        yield (BOM + buffer.getvalue()).encode("utf-8")
        row = self.layout.row
        for chunk in exports_repo.participants(
            self.session,
            self.campaign.id,
            with_failed=self.layout.with_skills,
            chunk_size=self.chunk_size,
        ):
            buffer.seek(0)
            buffer.truncate()
            write_rows(buffer, [row(p) for p in chunk])
            self.rows_written += len(chunk)
            yield buffer.getvalue().encode("utf-8")


def campaign_export(
    session: Session,
    hooks: Hooks,
    context: Actor,
    campaign_id: int,
    *,
    with_skills: bool = False,
    now: datetime | None = None,
) -> CampaignExport:
    """The export of the school's campaign ``campaign_id`` (any member; a deleted campaign or
    another school's is not found). ``with_skills``: one column per skill (OK / KO / Non testé).

    :raises PermissionDeniedError: not a member of the school.
    :raises NotFoundError: no such campaign in the school.
    :raises ExportUnavailableError: its referential or target profile is not installed.
    """
    campaign = campaigns.campaign_of(session, context, campaign_id, Action.EXPORT_RESULTS)
    try:
        referential, profile = hooks.referentials().find_target_profile(
            campaign.target_profile_id, referential_id=campaign.referential_id
        )
    except NotFoundError:
        raise ExportUnavailableError(unavailable_reason(hooks, campaign)) from None
    organization: Organization = organizations_repo.get(session, campaign.organization_id)
    fixed = ExportCampaign(
        organization_name=organization.name,
        campaign_id=campaign.id,
        code=campaign.code,
        name=campaign.name,
        target_profile_name=profile.name,
        external_id_label=campaign.external_id_label,
        with_division=organization.is_sco_managing_students,
    )
    layout = layout_of(fixed, target_of(referential, profile), with_skills=with_skills)
    return CampaignExport(
        session=session,
        campaign=campaign,
        layout=layout,
        file_name=file_name(campaign.name, campaign.id, now or datetime.now(UTC)),
        chunk_size=exports_repo.CHUNK_SIZE_WITH_SKILLS if with_skills else exports_repo.CHUNK_SIZE,
    )


def export_for_code(
    session: Session, hooks: Hooks, code: str, *, with_skills: bool = False, operator: str
) -> CampaignExport:
    """The export of the campaign whose code is ``code``, by an operator (every right)."""
    from pixorga_core.domain.campaigns import normalize_code

    campaign = campaigns_repo.find_by_code(session, normalize_code(code))
    if campaign is None or campaign.is_deleted:
        raise NotFoundError(CAMPAIGN_NOT_FOUND)
    organization = organizations_repo.get(session, campaign.organization_id)
    context = SystemContext(organization=organization, operator=operator)
    return campaign_export(session, hooks, context, campaign.id, with_skills=with_skills)

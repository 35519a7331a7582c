"""Reading a campaign's participations for its CSV export, a chunk at a time.

:func:`participants` streams the participations (a server-side cursor on PostgreSQL through
``yield_per``; SQLite reads lazily anyway) in chunks of ``chunk_size``. A shared participation
carries its validated skills per competence, counted from the snapshot at sharing
(``validated_by_competence``); for each chunk, one query reads the snapshot itself (aggregated per
participation by the database: the validated skill ids, and the failed ones) only where it is
needed: for the skill columns, and for participations shared before the counts were stored; one
more the live knowledge elements of the tests under way. Memory is that of one chunk, whatever
the number of participants.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from pixorga_core.domain.assessments import KnowledgeElementStatus
from pixorga_core.domain.campaigns import AssessmentStatus, ParticipationStatus
from pixorga_core.domain.exports import ExportParticipant
from pixorga_core.storage.models import (
    AssessmentRow,
    CampaignParticipationRow,
    KnowledgeElementRow,
    KnowledgeElementSnapshotRow,
    OrganizationLearnerRow,
    UserRow,
)

#: Participations per chunk (each chunk: one fetch and at most two more queries).
CHUNK_SIZE = 500
#: With the skill columns (each participation: its whole snapshot, a line of 700 cells).
CHUNK_SIZE_WITH_SKILLS = 100
#: Separator of the aggregated skill ids (skill ids are ``[a-z0-9._-]``, pix-rules schema).
_SEP = ","

P = CampaignParticipationRow
_VALIDATED = KnowledgeElementStatus.VALIDATED.value


def count(session: Session, campaign_id: int) -> int:
    """How many participations (not deleted) the export will have."""
    found = session.scalar(
        select(func.count())
        .select_from(P)
        .where(P.campaign_id == campaign_id, P.deleted_at.is_(None))
    )
    return int(found or 0)


def _participations(campaign_id: int) -> Select[*tuple[Any, ...]]:
    learner = aliased(OrganizationLearnerRow)
    user = aliased(UserRow)
    last = func.coalesce(learner.last_name, user.last_name, "")
    first = func.coalesce(learner.first_name, user.first_name, "")
    return (
        select(
            P.id,
            last,
            first,
            learner.division,
            P.external_id,
            P.status,
            P.created_at,
            P.shared_at,
            AssessmentRow.state,
            P.validated_by_competence,
        )
        .select_from(P)
        .outerjoin(learner, learner.id == P.organization_learner_id)
        .outerjoin(user, user.id == P.user_id)
        .outerjoin(AssessmentRow, AssessmentRow.participation_id == P.id)
        .where(P.campaign_id == campaign_id, P.deleted_at.is_(None))
        .order_by(last, first, P.id)
    )


def _split(text: str | None) -> frozenset[str]:
    return frozenset(text.split(_SEP)) if text else frozenset()


def _list(text: str | None) -> list[str]:
    return text.split(_SEP) if text else []


def _snapshots(
    session: Session, ids: Sequence[int], *, with_failed: bool
) -> dict[int, tuple[list[str], list[str]]]:
    """(validated, failed) skill ids of each shared participation of ``ids``."""
    if not ids:
        return {}
    s = KnowledgeElementSnapshotRow
    validated = func.aggregate_strings(s.skill_id, _SEP).filter(s.status == _VALIDATED)
    columns: list[Any] = [s.participation_id, validated]
    if with_failed:
        columns.append(func.aggregate_strings(s.skill_id, _SEP).filter(s.status != _VALIDATED))
    query = select(*columns).where(s.participation_id.in_(ids)).group_by(s.participation_id)
    if not with_failed:
        query = query.where(s.status == _VALIDATED)
    found: dict[int, tuple[list[str], list[str]]] = {}
    for row in session.execute(query):
        found[row[0]] = (_list(row[1]), _list(row[2]) if with_failed else [])
    return found


def _knowledge(session: Session, ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """Skill ids of the live knowledge elements of each participation of ``ids``."""
    if not ids:
        return {}
    ke = KnowledgeElementRow
    query = (
        select(AssessmentRow.participation_id, func.aggregate_strings(ke.skill_id, _SEP))
        .join(AssessmentRow, AssessmentRow.id == ke.assessment_id)
        .where(AssessmentRow.participation_id.in_(ids))
        .group_by(AssessmentRow.participation_id)
    )
    found: dict[int, frozenset[str]] = {}
    for participation_id, skill_ids in session.execute(query):
        if participation_id is not None:  # ids are participations: never None here
            found[participation_id] = _split(skill_ids)
    return found


def participants(
    session: Session,
    campaign_id: int,
    *,
    with_failed: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[list[ExportParticipant]]:
    """The campaign's participations (not deleted) by name, in chunks of ``chunk_size``.

    A generator: it reads a chunk when asked for it, in the caller's (read-only) transaction,
    which must stay open until the last chunk.
    """
    shared_status = ParticipationStatus.SHARED.value
    completed_state = AssessmentStatus.COMPLETED.value
    result = session.execute(_participations(campaign_id).execution_options(yield_per=chunk_size))
    try:
        for chunk in result.partitions():
            shared = [
                r[0]
                for r in chunk
                if r[5] == shared_status and r[7] is not None and (with_failed or r[9] is None)
            ]
            under_way = [r[0] for r in chunk if r[5] != shared_status and r[8] != completed_state]
            snapshots = _snapshots(session, shared, with_failed=with_failed)
            knowledge = _knowledge(session, under_way)
            empty: tuple[list[str], list[str]] = ([], [])
            out = []
            for row in chunk:
                pid, last, first, division, external_id, status, created, shared_at, state = row[:9]
                validated, failed = snapshots.get(pid, empty)
                out.append(
                    ExportParticipant(
                        participation_id=pid,
                        last_name=last,
                        first_name=first,
                        division=division,
                        external_id=external_id,
                        status=ParticipationStatus(status),
                        created_at=created,
                        shared_at=shared_at,
                        completed=state == completed_state,
                        knowledge=knowledge.get(pid, frozenset()),
                        validated=validated,
                        failed=failed,
                        by_competence=None if pid in snapshots else row[9],
                    )
                )
            yield out
    finally:
        result.close()

"""Following a campaign (pix-rules §7, §8): « Participants », a participant's result,
« Résultats collectifs », « Analyse », and the pupil's own results in « Mes parcours ».

Any member of the school sees its campaigns' results (``Action.SEE_RESULTS``); a campaign of
another school, or deleted, is « introuvable », as is a participation of another campaign. Only a
shared participation shows its detail, computed from the snapshot taken at sharing
(:func:`pixorga_core.domain.results.compute_result`); the others show their progression. The
collective results and the analysis fold per-skill counts the database aggregated
(:func:`pixorga_core.storage.repositories.campaign_results.skill_counts`), never the
participations one by one.

Names are searched and sorted with :func:`pixorga_core.names.fold` on a light projection of the
campaign's participations, as the pupil list does; only the class and the status filter in SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from sqlalchemy.orm import Session

from pixorga_core.access import Action
from pixorga_core.domain.campaign_results import (
    Analysis,
    CollectiveResult,
    ParticipantPage,
    ParticipantQuery,
    ParticipantRow,
    ParticipantSort,
    ParticipantStatus,
    analysis,
    collective_result,
)
from pixorga_core.domain.campaigns import Campaign
from pixorga_core.domain.pages import clamp_page, first_index
from pixorga_core.domain.referential import Referential, Tutorial
from pixorga_core.domain.results import (
    ParticipationResult,
    ResultTarget,
    compute_result,
    progression,
    target_of,
)
from pixorga_core.errors import NotFoundError
from pixorga_core.facade import Hooks
from pixorga_core.names import fold
from pixorga_core.services import campaigns
from pixorga_core.services.campaigns import CAMPAIGN_NOT_FOUND
from pixorga_core.services.learners import division_key
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import campaign_results as results_repo
from pixorga_core.storage.repositories import campaigns as campaigns_repo
from pixorga_core.storage.repositories import participations as participations_repo

__all__ = [
    "CAMPAIGN_NOT_FOUND",
    "PARTICIPANT_NOT_FOUND",
    "ClassResults",
    "ParticipantResult",
    "PupilResult",
    "campaign_analysis",
    "campaign_of",
    "collective_results",
    "find_participants",
    "my_results",
    "participant_result",
]

PARTICIPANT_NOT_FOUND = "Ce participant est introuvable dans cette campagne."


def campaign_of(session: Session, context: OrgaContext | None, campaign_id: int) -> Campaign:
    """The organization's campaign ``campaign_id``, for its results (any member)."""
    return campaigns.campaign_of(session, context, campaign_id, Action.SEE_RESULTS)


def _target(hooks: Hooks, campaign: Campaign) -> tuple[Referential, ResultTarget]:
    referential, profile = hooks.referentials().find_target_profile(
        campaign.target_profile_id, referential_id=campaign.referential_id
    )
    return referential, target_of(referential, profile)


def _divisions(session: Session, campaign_id: int) -> tuple[str, ...]:
    return tuple(sorted(results_repo.divisions(session, campaign_id), key=division_key))


def _row(light: results_repo.ParticipantLight, targeted: int) -> ParticipantRow:
    return ParticipantRow(
        participation_id=light.participation_id,
        first_name=light.first_name,
        last_name=light.last_name,
        division=light.division,
        status=ParticipantStatus.of(light.status),
        progression=progression(
            completed=light.completed, evaluated=light.knowledge_count, targeted=targeted
        ),
        started_at=light.started_at,
        shared_at=light.shared_at,
    )


_STATUS_ORDER = {
    ParticipantStatus.STARTED: 0,
    ParticipantStatus.TO_SHARE: 1,
    ParticipantStatus.SHARED: 2,
}


def _sort_key(sort: ParticipantSort) -> Callable[[ParticipantRow], tuple[Any, ...]]:
    def names(row: ParticipantRow) -> tuple[str, str, int]:
        return fold(row.last_name), fold(row.first_name), row.participation_id

    if sort is ParticipantSort.DIVISION:
        return lambda row: (division_key(row.division or "~"), *names(row))
    if sort is ParticipantSort.PROGRESS:
        return lambda row: (row.progression, *names(row))
    if sort is ParticipantSort.STATUS:
        return lambda row: (_STATUS_ORDER[row.status], *names(row))
    return names


def find_participants(
    session: Session, hooks: Hooks, context: OrgaContext, campaign_id: int, query: ParticipantQuery
) -> ParticipantPage:
    """One page of « Participants » (a page past the end is the last one)."""
    campaign = campaign_of(session, context, campaign_id)
    _, target = _target(hooks, campaign)
    status = query.status.participation_status if query.status else None
    light = results_repo.participants(session, campaign.id, division=query.division, status=status)
    rows = [_row(item, target.targeted) for item in light]
    words = fold(query.search or "").split()
    if words:

        def matches(row: ParticipantRow) -> bool:
            text = fold(f"{row.first_name} {row.last_name}")
            compact = text.replace(" ", "")
            return all(word in text or word in compact for word in words)

        rows = [row for row in rows if matches(row)]
    rows.sort(key=_sort_key(query.sort), reverse=query.descending)
    number = clamp_page(query.page, query.per_page, len(rows))
    start = first_index(number, query.per_page)
    return ParticipantPage(
        items=tuple(rows[start : start + query.per_page]),
        number=number,
        size=query.per_page,
        total=len(rows),
        query=query,
        divisions=_divisions(session, campaign.id),
    )


@attrs.frozen(kw_only=True)
class ParticipantResult:
    """A participant's page: the row, and the result when shared (None otherwise)."""

    participant: ParticipantRow
    result: ParticipationResult | None


def participant_result(
    session: Session, hooks: Hooks, context: OrgaContext, campaign_id: int, participation_id: int
) -> ParticipantResult:
    """One participant of the campaign; the detail only once the results were shared, from the
    snapshot taken then."""
    campaign = campaign_of(session, context, campaign_id)
    _, target = _target(hooks, campaign)
    found = results_repo.participants(session, campaign.id, participation_id=participation_id)
    if not found:
        raise NotFoundError(PARTICIPANT_NOT_FOUND)
    row = _row(found[0], target.targeted)
    result = None
    if row.status is ParticipantStatus.SHARED:
        result = compute_result(target, participations_repo.snapshot(session, participation_id))
    return ParticipantResult(participant=row, result=result)


@attrs.frozen(kw_only=True)
class ClassResults:
    """A class filter's answer: the classes offered and the one chosen."""

    divisions: tuple[str, ...]
    division: str | None
    collective: CollectiveResult | None = None
    analysis: Analysis | None = None


def _class_of(session: Session, campaign_id: int, division: str | None) -> ClassResults:
    return ClassResults(divisions=_divisions(session, campaign_id), division=division or None)


def collective_results(
    session: Session, hooks: Hooks, context: OrgaContext, campaign_id: int, *, division: str | None
) -> ClassResults:
    """« Résultats collectifs » over the shared participations (of one class if given)."""
    campaign = campaign_of(session, context, campaign_id)
    _, target = _target(hooks, campaign)
    chosen = _class_of(session, campaign.id, division)
    counts = results_repo.skill_counts(session, campaign.id, division=chosen.division)
    return attrs.evolve(chosen, collective=collective_result(target, counts))


def campaign_analysis(
    session: Session, hooks: Hooks, context: OrgaContext, campaign_id: int, *, division: str | None
) -> ClassResults:
    """« Analyse »: per tube, the share of pupils at each level, and the tubes to work on
    first with their tutorials."""
    campaign = campaign_of(session, context, campaign_id)
    referential, target = _target(hooks, campaign)
    chosen = _class_of(session, campaign.id, division)
    counts = results_repo.skill_counts(session, campaign.id, division=chosen.division)
    return attrs.evolve(chosen, analysis=analysis(target, counts, referential.tutorials))


# --- the pupil's side ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PupilResult:
    """A pupil's own shared result, and the tutorials of the skills they failed."""

    result: ParticipationResult
    tutorials: tuple[Tutorial, ...]


def my_results(session: Session, hooks: Hooks, user_id: int) -> dict[int, PupilResult]:
    """The account's shared participations' results, by participation id (its own only; a
    campaign whose referential is gone is left out)."""
    found: dict[int, PupilResult] = {}
    for participation in participations_repo.list_for_user(session, user_id):
        if not participation.is_shared:
            continue
        campaign = campaigns_repo.get(session, participation.campaign_id)
        if campaign is None or campaign.is_deleted:
            continue
        try:
            referential, target = _target(hooks, campaign)
        except NotFoundError:
            continue
        result = compute_result(target, participations_repo.snapshot(session, participation.id))
        tutorials: dict[str, Tutorial] = {}
        for skill in target.skills:
            if skill.id in result.failed_skill_ids:
                for tutorial in referential.tutorials_by_skill.get(skill.id, ()):
                    tutorials.setdefault(tutorial.id, tutorial)
        found[participation.id] = PupilResult(result=result, tutorials=tuple(tutorials.values()))
    return found

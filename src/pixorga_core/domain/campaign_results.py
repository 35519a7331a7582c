"""Following a campaign (pix-rules §7, §8): the participant list, the collective results and the
analysis by tube, as attrs types and pure functions over counts the database aggregated.

The collective results and the analysis never see a participation one by one: the storage
counts, over the shared participations (of one class if asked), how many validated each skill
(:class:`SkillCounts`); :func:`collective_result` and :func:`analysis` fold those counts along
the target (:class:`~pixorga_core.domain.results.ResultTarget`), so their cost in Python grows
with the target's size, not with the number of pupils.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs

from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.learners import bound_search
from pixorga_core.domain.pages import Page, bounded_int, page_number
from pixorga_core.domain.referential import Tutorial
from pixorga_core.domain.results import ResultTarget, TargetTube, percent, rate

#: How many tubes « Sujets à travailler en priorité » lists, and below which mastery.
PRIORITY_TUBES = 5
PRIORITY_BELOW_PERCENT = 50


class ParticipantStatus(enum.StrEnum):
    """The three states of the seeds' participant list (values are the page addresses')."""

    SHARED = "recus"  #: sent: « Résultats reçus »
    STARTED = "en-cours"  #: not finished: « En cours »
    TO_SHARE = "a-envoyer"  #: finished, not sent: « Pas encore envoyé »

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def of(cls, status: ParticipationStatus) -> ParticipantStatus:
        return _OF[status]

    @property
    def participation_status(self) -> ParticipationStatus:
        return {v: k for k, v in _OF.items()}[self]


_LABELS = {
    ParticipantStatus.SHARED: "Résultats reçus",
    ParticipantStatus.STARTED: "En cours",
    ParticipantStatus.TO_SHARE: "Pas encore envoyé",
}
_OF = {
    ParticipationStatus.SHARED: ParticipantStatus.SHARED,
    ParticipationStatus.STARTED: ParticipantStatus.STARTED,
    ParticipationStatus.TO_SHARE: ParticipantStatus.TO_SHARE,
}


class ParticipantSort(enum.StrEnum):
    """Orders of the participant list (values are the French words of the page addresses)."""

    NAME = "nom"
    DIVISION = "classe"
    PROGRESS = "avancement"
    STATUS = "statut"


def _page_size(value: object) -> int:
    return bounded_int(value, 1, 200)


def _search(value: object) -> str | None:
    return bound_search(value if isinstance(value, str) else None)[0]


def _division(value: object) -> str | None:
    return value[:255] if isinstance(value, str) and value else None


@attrs.frozen(kw_only=True)
class ParticipantQuery:
    """Which participants to list and how: ``search`` matches any part of the names (case,
    accents and punctuation ignored), ``division`` keeps one class, ``status`` one state."""

    search: str | None = attrs.field(default=None, converter=_search)
    division: str | None = attrs.field(default=None, converter=_division)
    status: ParticipantStatus | None = None
    sort: ParticipantSort = ParticipantSort.NAME
    descending: bool = False
    page: int = attrs.field(default=1, converter=page_number)
    per_page: int = attrs.field(default=50, converter=_page_size)

    @property
    def filtering(self) -> bool:
        return bool(self.search or self.division or self.status)


@attrs.frozen(kw_only=True)
class ParticipantRow:
    """One line of « Participants »."""

    participation_id: int
    first_name: str
    last_name: str
    division: str | None
    status: ParticipantStatus
    #: 0 to 1 (pix-rules §8).
    progression: float
    started_at: datetime
    shared_at: datetime | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def progress_percent(self) -> int:
        return round(100 * self.progression)


@attrs.frozen(kw_only=True)
class ParticipantPage(Page[ParticipantRow]):
    """One page of « Participants », with its query and the classes the filter offers."""

    query: ParticipantQuery
    divisions: tuple[str, ...] = ()


# --- what the database counts ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SkillCounts:
    """Over the shared participations of a campaign (one class if asked): how many there are,
    and per skill how many validated it."""

    shared: int
    validated: Mapping[str, int] = attrs.field(factory=dict)


# --- « Résultats collectifs » ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CollectiveCompetence:
    """One competence: average validated skills over the targeted ones (pix-rules §8)."""

    code: str
    name: str
    area_name: str
    average_validated: float
    targeted: int

    @property
    def percent(self) -> int:
        """round(average × 100 ÷ targeted), as Orga shows it."""
        return percent(self.average_validated, self.targeted)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@attrs.frozen(kw_only=True)
class CollectiveResult:
    shared: int
    competences: tuple[CollectiveCompetence, ...]
    average_validated: float
    targeted: int

    @property
    def percent(self) -> int:
        return percent(self.average_validated, self.targeted)


def collective_result(target: ResultTarget, counts: SkillCounts) -> CollectiveResult:
    """Per competence of the target, the validated skills of the shared participations ÷ their
    number, with the targeted count."""

    def average(skill_ids: Sequence[str]) -> float:
        total = sum(counts.validated.get(s, 0) for s in skill_ids)
        return total / counts.shared if counts.shared else 0.0

    competences = tuple(
        CollectiveCompetence(
            code=c.code,
            name=c.name,
            area_name=c.area_name,
            average_validated=average(c.skill_ids),
            targeted=c.targeted,
        )
        for c in target.competences
    )
    return CollectiveResult(
        shared=counts.shared,
        competences=competences,
        average_validated=average([s.id for s in target.skills]),
        targeted=target.targeted,
    )


# --- « Analyse » -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LevelShare:
    """One level of a tube: the share of the shared pupils who validated its skill(s)."""

    level: int
    validated: int
    shared: int

    @property
    def percent(self) -> int:
        return percent(self.validated, self.shared)


@attrs.frozen(kw_only=True)
class TubeAnalysis:
    tube: TargetTube
    competence_label: str
    levels: tuple[LevelShare, ...]
    #: Validated skills of the tube over (pupils × its target skills), 0 to 1.
    mastery_rate: float
    tutorials: tuple[Tutorial, ...] = ()

    @property
    def label(self) -> str:
        return self.tube.label

    @property
    def percent(self) -> int:
        return round(100 * self.mastery_rate)


@attrs.frozen(kw_only=True)
class Analysis:
    shared: int
    tubes: tuple[TubeAnalysis, ...]
    #: The tubes to work on first (lowest mastery first), each with its tutorials.
    priorities: tuple[TubeAnalysis, ...]


def analysis(
    target: ResultTarget,
    counts: SkillCounts,
    tutorials: Sequence[Tutorial] = (),
    *,
    priority_count: int = PRIORITY_TUBES,
    priority_below: int = PRIORITY_BELOW_PERCENT,
) -> Analysis:
    """Per tube of the target, the share of pupils who validated each level and the tube's
    mastery; the ``priority_count`` tubes of lowest mastery under ``priority_below`` % come
    first to work on, with the tutorials of their skills."""
    competence_labels = {c.competence_id: c.label for c in target.competences}
    tubes = []
    for tube in target.tubes:
        levels = []
        for level in tube.levels:
            skills = [s.id for s in tube.skills if s.difficulty == level]
            validated = max(counts.validated.get(s, 0) for s in skills)
            levels.append(LevelShare(level=level, validated=validated, shared=counts.shared))
        done = sum(counts.validated.get(s.id, 0) for s in tube.skills)
        wanted = {s.id for s in tube.skills}
        tubes.append(
            TubeAnalysis(
                tube=tube,
                competence_label=competence_labels.get(tube.competence_id, ""),
                levels=tuple(levels),
                mastery_rate=rate(done, counts.shared * len(tube.skills)),
                tutorials=tuple(
                    t
                    for t in tutorials
                    if t.tube_id == tube.tube_id or wanted.intersection(t.skill_ids)
                ),
            )
        )
    weakest = sorted(
        (t for t in tubes if t.percent < priority_below),
        key=lambda t: (t.mastery_rate, t.label),
    )
    priorities = tuple(weakest[:priority_count]) if counts.shared else ()
    return Analysis(shared=counts.shared, tubes=tuple(tubes), priorities=priorities)

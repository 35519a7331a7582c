"""The CSV export of a campaign's results (pix-rules §8): columns, cells, file name, pure.

:func:`layout_of` decides the columns of one export (the « Classe » column for a school that
manages its pupils, the external-id column when the campaign asks one, one column per skill when
asked) and :meth:`ExportLayout.row` turns one participant (:class:`ExportParticipant`, read in
chunks by the storage) into the cells of its line. Results of shared participations come from the
knowledge elements snapshotted at sharing; the other participations get ``NA`` in every result
column, as the original.

Every text cell goes through :func:`safe_text`: a cell a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, as OWASP lists for CSV
injection) is prefixed with a single quote. Numbers are written with a decimal comma and dates as
``AAAA-MM-JJ`` in Paris time, so that a French spreadsheet reads them as numbers and dates.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime

import attrs

from pixorga_core.clock import in_paris
from pixorga_core.domain.campaigns import ParticipationStatus
from pixorga_core.domain.results import PROGRESSION_DECIMALS, ResultTarget, progression, rate

#: Column separator: a French spreadsheet opens a ``;``-separated file as columns.
SEPARATOR = ";"
#: Line end (RFC 4180).
LINE_END = "\r\n"
#: The file starts with a UTF-8 byte order mark, so that spreadsheets read it as UTF-8.
BOM = "\ufeff"
#: A result the participant has not shared.
NOT_AVAILABLE = "NA"
YES, NO = "Oui", "Non"
SKILL_OK, SKILL_KO, SKILL_NOT_TESTED = "OK", "KO", "Non testé"
#: Decimals of the mastery rates (pix-rules §8).
MASTERY_DECIMALS = 2
#: What a cell must not start with, lest a spreadsheet run it as a formula (OWASP, « CSV
#: Injection »); a line feed too, which some spreadsheets trim before reading a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Prefix of such a cell: a spreadsheet shows the text as it is.
FORMULA_GUARD = "'"

FIXED_HEADER = (
    "Nom de l'organisation",
    "ID Campagne",
    "Code",
    "Nom de la campagne",
    "Nom du Profil Cible",
    "Nom du Participant",
    "Prénom du Participant",
)
DIVISION_HEADER = "Classe"
PROGRESS_HEADERS = ("% de progression", "Date de début", "Partage (O/N)", "Date du partage")
MASTERY_HEADER = "% maitrise de l'ensemble des acquis du profil"

# Characters left out of a file name: path separators, those Windows refuses, controls.
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_text(value: str) -> str:
    """``value`` as a cell no spreadsheet runs as a formula: prefixed with ``'`` when it starts
    (after spaces) with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed."""
    if value.startswith(FORMULA_STARTS) or value.lstrip(" ").startswith(FORMULA_STARTS):
        return FORMULA_GUARD + value
    return value


def decimal_fr(value: float, places: int) -> str:
    """``value`` rounded to ``places`` decimals with a decimal comma, no trailing zero
    (``0,67``, ``0,5``, ``1``)."""
    text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if text != "-0" else "0"


def date_cell(value: datetime) -> str:
    """``AAAA-MM-JJ``, the day in Paris."""
    return in_paris(value).date().isoformat()


def file_name(campaign_name: str, campaign_id: int, now: datetime) -> str:
    """``Resultats-{nom}-{id}-{AAAA-MM-JJ-hhmm}.csv``, the time in Paris; characters a file
    system refuses (``/``, ``:``, line breaks…) become ``_``."""
    name = " ".join(_UNSAFE_IN_FILE_NAME.sub("_", campaign_name).split()) or "campagne"
    stamp = in_paris(now).strftime("%Y-%m-%d-%H%M")
    return f"Resultats-{name}-{campaign_id}-{stamp}.csv"


def ascii_file_name(name: str) -> str:
    """``name`` in ASCII letters, digits, ``.``, ``_`` and ``-`` only (accents dropped), for the
    HTTP header's fallback ``filename``."""
    decomposed = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_ASCII_SAFE.sub("_", decomposed).strip("._") or "resultats.csv"


@attrs.frozen(kw_only=True)
class ExportParticipant:
    """One participation as the export reads it (the storage fills it, a chunk at a time).

    ``knowledge`` are the skill ids of the live knowledge elements of a test under way (its
    progression). A shared one carries either ``by_competence``, its validated skills per
    competence id counted from the snapshot at sharing, or the snapshot's ``validated`` and
    ``failed`` skill ids (read for the skill columns, and when no counts were stored).
    """

    participation_id: int
    last_name: str
    first_name: str
    division: str | None = None
    external_id: str | None = None
    status: ParticipationStatus
    created_at: datetime
    shared_at: datetime | None = None
    completed: bool = False
    knowledge: frozenset[str] = frozenset()
    validated: Collection[str] = ()
    failed: Collection[str] = ()
    by_competence: Mapping[str, int] | None = None


@attrs.frozen(kw_only=True)
class ExportCampaign:
    """What every line repeats: the school, the campaign and its target profile."""

    organization_name: str
    campaign_id: int
    code: str
    name: str
    target_profile_name: str
    external_id_label: str | None = None
    with_division: bool = False


@attrs.frozen(kw_only=True)
class ExportLayout:
    """The columns of one export and how a participant fills them."""

    campaign: ExportCampaign
    target: ResultTarget
    with_skills: bool = False
    header: tuple[str, ...] = attrs.field(init=False)
    _fixed: tuple[str, ...] = attrs.field(init=False, repr=False)
    _skill_competence: Mapping[str, int] = attrs.field(init=False, repr=False)
    _competences: tuple[tuple[str, int, tuple[tuple[str, str, str], ...]], ...] = attrs.field(
        init=False, repr=False
    )
    _area_cells: tuple[tuple[tuple[str, str, str], ...], ...] = attrs.field(init=False, repr=False)
    _targeted: int = attrs.field(init=False, repr=False)
    _untested: dict[str, str] = attrs.field(init=False, repr=False)
    _na_tail: tuple[str, ...] = attrs.field(init=False, repr=False)
    _target_ids: frozenset[str] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        c, target = self.campaign, self.target
        header = [*FIXED_HEADER]
        if c.with_division:
            header.append(DIVISION_HEADER)
        if c.external_id_label:
            header.append(c.external_id_label)
        header.extend(PROGRESS_HEADERS)
        header.append(MASTERY_HEADER)
        for competence in target.competences:
            header.extend(
                (
                    f"% de maitrise des acquis de la compétence {competence.name}",
                    f"Nombre d'acquis du profil cible dans la compétence {competence.name}",
                    f"Acquis maitrisés dans la compétence {competence.name}",
                )
            )
        for area in target.areas:
            header.extend(
                (
                    f"% de maitrise des acquis du domaine {area.name}",
                    f"Nombre d'acquis du profil cible du domaine {area.name}",
                    f"Acquis maitrisés du domaine {area.name}",
                )
            )
        if self.with_skills:
            header.extend(skill.name for skill in target.skills)
        area_index = {a.area_id: i for i, a in enumerate(target.areas)}
        setattr_ = object.__setattr__
        setattr_(self, "header", tuple(safe_text(h) for h in header))
        fixed = (
            safe_text(c.organization_name),
            str(c.campaign_id),
            safe_text(c.code),
            safe_text(c.name),
            safe_text(c.target_profile_name),
        )
        setattr_(self, "_fixed", fixed)
        setattr_(
            self,
            "_skill_competence",
            {s: i for i, comp in enumerate(target.competences) for s in comp.skill_ids},
        )
        # (id, area index, cells by count); -1: an area the referential does not list.
        setattr_(
            self,
            "_competences",
            tuple(
                (x.competence_id, area_index.get(x.area_id, -1), _count_cells(x.targeted))
                for x in target.competences
            ),
        )
        setattr_(self, "_area_cells", tuple(_count_cells(a.targeted) for a in target.areas))
        setattr_(self, "_targeted", target.targeted)
        setattr_(self, "_untested", dict.fromkeys((s.id for s in target.skills), SKILL_NOT_TESTED))
        setattr_(self, "_target_ids", target.skill_ids)
        results = 1 + 3 * (len(target.competences) + len(target.areas))
        results += len(target.skills) if self.with_skills else 0
        setattr_(self, "_na_tail", (NOT_AVAILABLE,) * results)

    def row(self, participant: ExportParticipant) -> list[str]:
        """The cells of ``participant``'s line, in :attr:`header` order."""
        p = participant
        cells = [*self._fixed, safe_text(p.last_name), safe_text(p.first_name)]
        if self.campaign.with_division:
            cells.append(safe_text(p.division or ""))
        if self.campaign.external_id_label:
            cells.append(safe_text(p.external_id or ""))
        shared = p.status is ParticipationStatus.SHARED and p.shared_at is not None
        if shared or p.completed:
            cells.append("1")
        else:
            evaluated = len(p.knowledge & self._target_ids) if p.knowledge else 0
            progress = progression(completed=False, evaluated=evaluated, targeted=self._targeted)
            cells.append(decimal_fr(progress, PROGRESSION_DECIMALS))
        cells.append(date_cell(p.created_at))
        if not shared:
            cells.extend((NO, NOT_AVAILABLE))
            cells.extend(self._na_tail)
            return cells
        assert p.shared_at is not None
        cells.extend((YES, date_cell(p.shared_at)))
        self._results(cells, p)
        return cells

    def _results(self, cells: list[str], p: ExportParticipant) -> None:
        competences = self._competences
        counts: list[int]
        if p.by_competence is not None:
            stored = p.by_competence
            counts = [stored.get(competence_id, 0) for competence_id, _, _ in competences]
        else:
            found = Counter(map(self._skill_competence.get, p.validated))
            counts = [found.get(i, 0) for i in range(len(competences))]
        cells.append(_rate_cell(sum(counts), self._targeted))
        per_area = [0] * len(self._area_cells)
        extend = cells.extend
        for count, (_, area, table) in zip(counts, competences, strict=True):
            if area >= 0:
                per_area[area] += count
            extend(table[min(count, len(table) - 1)])
        for count, table in zip(per_area, self._area_cells, strict=True):
            extend(table[min(count, len(table) - 1)])
        if self.with_skills:
            # Every target skill "Non testé", in order, then the snapshot's statuses: dict
            # operations in C, not a loop over 700 skills. A skill outside the target would
            # come last: it is cut off.
            statuses = self._untested.copy()
            statuses.update(zip(p.validated, itertools.repeat(SKILL_OK)))
            statuses.update(zip(p.failed, itertools.repeat(SKILL_KO)))
            skills = statuses.values()
            extend(skills if len(statuses) == self._targeted else list(skills)[: self._targeted])


def _count_cells(targeted: int) -> tuple[tuple[str, str, str], ...]:
    """The three cells of each possible count of validated skills out of ``targeted`` (rate,
    targeted, validated), computed once per export."""
    return tuple(
        (_rate_cell(count, targeted), str(targeted), str(count)) for count in range(targeted + 1)
    )


@functools.lru_cache(maxsize=4096)
def _rate_cell(validated: int, targeted: int) -> str:
    """A mastery rate's cell (few distinct values: computed once each)."""
    return decimal_fr(rate(validated, targeted), MASTERY_DECIMALS)


def layout_of(
    campaign: ExportCampaign, target: ResultTarget, *, with_skills: bool = False
) -> ExportLayout:
    """The columns of ``campaign``'s export on ``target`` (one per skill with ``with_skills``)."""
    return ExportLayout(campaign=campaign, target=target, with_skills=with_skills)


def rows_of(layout: ExportLayout, participants: Iterable[ExportParticipant]) -> list[list[str]]:
    """The lines of ``participants`` (a chunk)."""
    return [layout.row(p) for p in participants]

"""Listing a school's pupils: search by name, filter by class, sort, paginate.

Names are compared and sorted with :func:`pixorga_core.names.fold` (accents, case, ligatures and
punctuation ignored), which SQL cannot do portably; so the filtering and ordering run on a light
projection of the school's enabled pupils (id and the sort fields), and only the page's pupils
are loaded whole. A school has at most a few thousand pupils; 100 000 take a fraction of a
second.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from pixorga_core.access import Action, require
from pixorga_core.domain.learners import LearnerPage, LearnerQuery, LearnerSort
from pixorga_core.domain.pages import clamp_page, first_index
from pixorga_core.names import fold
from pixorga_core.services.orga import OrgaContext
from pixorga_core.storage.repositories import learners as learners_repo
from pixorga_core.storage.repositories.learners import ListingRow as _Light

__all__ = ["division_key", "divisions", "find_learners"]

_DIGITS = re.compile(r"(\d+)")


def divisions(session: Session, organization_id: int) -> tuple[str, ...]:
    """The classes of the school's enabled pupils, in natural order ("5A" < "6A" < "10A")."""
    rows = learners_repo.list_divisions(session, organization_id)
    return tuple(sorted(rows, key=_division_key))


def _division_key(division: str) -> tuple[Any, ...]:
    parts = _DIGITS.split(fold(division))
    return (tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p), division)


#: Natural order of classes, for other lists that offer a class filter.
division_key = _division_key


def _sort_key(sort: LearnerSort) -> Callable[[_Light], tuple[Any, ...]]:
    def names(row: _Light) -> tuple[str, str]:
        return fold(row[3] or row[2]), fold(row[1])

    if sort is LearnerSort.FIRST_NAME:
        return lambda row: (fold(row[1]), names(row)[0], row[0])
    if sort is LearnerSort.BIRTHDATE:
        return lambda row: (row[4] or date.max, *names(row), row[0])
    if sort is LearnerSort.DIVISION:
        return lambda row: (_division_key(row[5] or "~"), *names(row), row[0])
    return lambda row: (*names(row), row[0])


def find_learners(session: Session, context: OrgaContext, query: LearnerQuery) -> LearnerPage:
    """One page of the context's enabled pupils matching ``query`` (any member may list them)."""
    require(context, Action.SEE_LEARNERS)
    organization_id = context.organization.id
    light = learners_repo.list_for_listing(session, organization_id, division=query.division)
    words = fold(query.search or "").split()
    if words:

        def matches(row: _Light) -> bool:
            text = fold(" ".join(n for n in (row[1], row[2], row[3]) if n))
            compact = text.replace(" ", "")  # "ndiaye" finds "N'Diaye"
            return all(word in text or word in compact for word in words)

        light = [row for row in light if matches(row)]
    light.sort(key=_sort_key(query.sort), reverse=query.descending)
    total = len(light)
    number = clamp_page(query.page, query.per_page, total)
    start = first_index(number, query.per_page)
    window = light[start : start + query.per_page]
    by_id = {
        learner.id: learner
        for learner in learners_repo.get_many(session, [row[0] for row in window])
    }
    return LearnerPage(
        items=tuple(by_id[row[0]] for row in window),
        number=number,
        size=query.per_page,
        total=total,
        query=query,
        divisions=divisions(session, organization_id),
    )

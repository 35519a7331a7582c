"""One page of a paginated list: the one page type of every listing (members, pupils…).

A service counts the matching items, clamps the requested page number with :func:`clamp_page`,
loads the page's items from :func:`first_index` on and returns a :class:`Page`; templates read
``number``, ``pages``, ``has_previous`` and ``has_next`` to draw the navigation. Pages are
numbered from 1, and a list with no item still has one (empty) page.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

_T = TypeVar("_T")


#: The highest page number a list query keeps (a larger one shows the last page anyway).
MAX_PAGE_NUMBER = 1_000_000


def bounded_int(value: object, low: int, high: int) -> int:
    """``value`` (an int or the text of a query string) as an int within ``[low, high]``;
    anything else is ``low``. For attrs converters of list queries."""
    try:
        number = int(value) if isinstance(value, int | str) else low
    except ValueError:
        number = low
    return min(max(low, number), high)


def page_number(value: object) -> int:
    """A page number from a query string: 1 to :data:`MAX_PAGE_NUMBER`, 1 if unreadable."""
    return bounded_int(value, 1, MAX_PAGE_NUMBER)


def page_count(total: int, size: int) -> int:
    """How many pages of ``size`` items ``total`` items fill; at least 1."""
    return max(1, -(-total // size))


def clamp_page(number: int, size: int, total: int) -> int:
    """``number`` brought within ``1`` … :func:`page_count` (a page past the end is the last)."""
    return min(max(1, number), page_count(total, size))


def first_index(number: int, size: int) -> int:
    """The 0-based index, in the whole list, of the first item of page ``number``."""
    return (number - 1) * size


@attrs.frozen(kw_only=True)
class Page(Generic[_T]):
    """The ``items`` of page ``number`` (from 1) of a list of ``total`` items, ``size`` a page.

    ``number`` is expected within ``1`` … ``pages`` (see :func:`clamp_page`).
    """

    items: tuple[_T, ...]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the whole list has (at least 1)."""
        return page_count(self.total, self.size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

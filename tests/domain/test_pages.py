from __future__ import annotations

import attrs
import pytest

from pixorga_core.domain.pages import Page, clamp_page, first_index, page_count


@pytest.mark.parametrize(
    ("total", "size", "pages"), [(0, 20, 1), (1, 20, 1), (20, 20, 1), (21, 20, 2), (27, 10, 3)]
)
def test_page_count_is_at_least_one(total: int, size: int, pages: int) -> None:
    assert page_count(total, size) == pages


@pytest.mark.parametrize(("number", "expected"), [(-3, 1), (0, 1), (1, 1), (2, 2), (3, 3), (99, 3)])
def test_a_requested_page_is_brought_within_the_pages(number: int, expected: int) -> None:
    assert clamp_page(number, 10, 27) == expected


def test_first_index() -> None:
    assert [first_index(n, 10) for n in (1, 2, 3)] == [0, 10, 20]


@pytest.mark.parametrize(
    ("number", "previous", "following"), [(1, False, True), (2, True, True), (3, True, False)]
)
def test_navigation(number: int, previous: bool, following: bool) -> None:
    page = Page(items=("a",), number=number, size=10, total=27)
    assert page.pages == 3
    assert (page.has_previous, page.has_next) == (previous, following)


def test_a_single_empty_page_has_no_neighbour() -> None:
    page: Page[str] = Page(items=(), number=1, size=50, total=0)
    assert (page.pages, page.has_previous, page.has_next) == (1, False, False)


def test_pages_are_frozen() -> None:
    page = Page(items=(1, 2), number=1, size=2, total=2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        page.number = 2  # type: ignore[misc]

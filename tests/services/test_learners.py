"""The pupil list: search, class filter, French sorting, pagination, disabled pupils hidden."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from pixorga_core.domain.learners import LearnerPage, LearnerQuery, LearnerSort, bound_search
from pixorga_core.domain.memberships import Role
from pixorga_core.services import orga
from pixorga_core.services.learners import divisions, find_learners
from pixorga_core.testing import Factories


@pytest.fixture
def context(session: Session, factories: Factories) -> orga.OrgaContext:
    school = factories.organization()
    other = factories.organization()
    teacher = factories.user()
    factories.membership(school, teacher, Role.MEMBER)
    pupils = [
        ("Zoé", "Œuvray", None, date(2012, 3, 14), "5A"),
        ("Éloïse", "Martin", None, date(2011, 1, 2), "10A"),
        ("Léo", "N'Diaye", None, date(2012, 7, 1), "5A"),
        ("Anaïs", "Durand", "Lefèvre", date(2011, 9, 9), "6B"),
        ("Hugo", "Émery", None, None, "6B"),
    ]
    for first, last, usage, birthdate, division in pupils:
        factories.learner(
            school,
            first_name=first,
            last_name=last,
            preferred_last_name=usage,
            birthdate=birthdate,
            division=division,
        )
    factories.learner(school, first_name="Gone", last_name="Away", is_disabled=True, division="3Z")
    factories.learner(other, first_name="Elsewhere", last_name="Martin")
    session.flush()
    return orga.context_for(session, teacher.id, school.id)


def names(page: LearnerPage) -> list[str]:
    return [learner.first_name for learner in page.items]


def test_default_order_is_french_alphabetical_on_the_usage_name(
    session: Session, context: orga.OrgaContext
) -> None:
    page = find_learners(session, context, LearnerQuery())
    # Émery sorts with E, Œuvray with O, and Anaïs under her usage name Lefèvre.
    assert names(page) == ["Hugo", "Anaïs", "Éloïse", "Léo", "Zoé"]
    assert page.total == 5
    assert page.pages == 1


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("oeuvray", ["Zoé"]),
        ("ELOISE", ["Éloïse"]),
        ("ndiaye", ["Léo"]),
        ("n diaye", ["Léo"]),
        ("léo n'diaye", ["Léo"]),
        ("durand", ["Anaïs"]),
        ("lefevre anais", ["Anaïs"]),
        ("martin", ["Éloïse"]),
        ("gone", []),
    ],
)
def test_search_ignores_case_accents_ligatures_and_punctuation(
    session: Session, context: orga.OrgaContext, search: str, expected: list[str]
) -> None:
    assert names(find_learners(session, context, LearnerQuery(search=search))) == expected


def test_filter_by_class_and_list_the_classes_in_natural_order(
    session: Session, context: orga.OrgaContext
) -> None:
    page = find_learners(session, context, LearnerQuery(division="5A"))
    assert names(page) == ["Léo", "Zoé"]
    assert page.divisions == ("5A", "6B", "10A")
    assert divisions(session, context.organization.id) == ("5A", "6B", "10A")


def test_sorts(session: Session, context: orga.OrgaContext) -> None:
    by = {
        sort: names(find_learners(session, context, LearnerQuery(sort=sort)))
        for sort in LearnerSort
    }
    assert by[LearnerSort.FIRST_NAME] == ["Anaïs", "Éloïse", "Hugo", "Léo", "Zoé"]
    assert by[LearnerSort.BIRTHDATE] == ["Éloïse", "Anaïs", "Zoé", "Léo", "Hugo"]
    assert by[LearnerSort.DIVISION] == ["Léo", "Zoé", "Hugo", "Anaïs", "Éloïse"]
    descending = find_learners(session, context, LearnerQuery(descending=True))
    assert names(descending) == ["Zoé", "Léo", "Éloïse", "Anaïs", "Hugo"]


def test_pagination(session: Session, context: orga.OrgaContext) -> None:
    first = find_learners(session, context, LearnerQuery(per_page=2))
    last = find_learners(session, context, LearnerQuery(per_page=2, page=3))
    beyond = find_learners(session, context, LearnerQuery(per_page=2, page=99))
    assert (names(first), first.pages, first.number) == (["Hugo", "Anaïs"], 3, 1)
    assert names(last) == ["Zoé"]
    assert (names(beyond), beyond.number) == (["Zoé"], 3)


@pytest.mark.parametrize(("raw", "page"), [("0", 1), ("-3", 1), ("abc", 1), ("7", 7)])
def test_page_numbers_from_addresses_are_bounded(raw: str, page: int) -> None:
    assert LearnerQuery(page=raw, per_page="100000").page == page  # type: ignore[arg-type]
    assert LearnerQuery(per_page="100000").per_page == 500  # type: ignore[arg-type]


# -- a long search costs no more than a short one (issue #13, point 5) -------------------------


@pytest.mark.parametrize(
    ("raw", "kept", "cut"),
    [
        (None, None, False),
        ("", None, False),
        ("   ", None, False),
        ("  Zoé   Œuvray ", "Zoé Œuvray", False),
        ("a b c d e", "a b c d e", False),
        ("a b c d e f", "a b c d e", True),
        ("x" * 100, "x" * 100, False),
        ("x" * 101, "x" * 100, True),
        ("dupont " * 20_000, "dupont dupont dupont dupont dupont", True),
    ],
)
def test_the_search_is_cut_to_five_words_and_a_hundred_characters(
    raw: str | None, kept: str | None, cut: bool
) -> None:
    assert bound_search(raw) == (kept, cut)
    assert LearnerQuery(search=raw).search == kept


def test_words_beyond_the_fifth_are_ignored(session: Session, context: orga.OrgaContext) -> None:
    search = "Zoé Œuvray zoe zoe zoe " + "personne " * 20_000
    assert names(find_learners(session, context, LearnerQuery(search=search))) == ["Zoé"]


def test_the_sql_of_a_search_does_not_grow_with_its_length(
    session: Session, context: orga.OrgaContext
) -> None:
    """The search runs on a projection in Python: the SQL is the same for 1 and 20 000 words,
    and no search word reaches it (no LIKE term per word)."""
    bind = session.get_bind()
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(bind, "before_cursor_execute", record)
    try:
        find_learners(session, context, LearnerQuery(search="zoe martin"))
        short = list(seen)
        seen.clear()
        find_learners(session, context, LearnerQuery(search="zoe martin " * 20_000))
        long = list(seen)
    finally:
        event.remove(bind, "before_cursor_execute", record)
    assert [statement for statement, _ in long] == [statement for statement, _ in short]
    assert len(long) <= 4
    assert not any("LIKE" in statement.upper() for statement, _ in long)
    assert "zoe" not in repr([parameters for _, parameters in long]).lower()

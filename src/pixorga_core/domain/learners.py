"""Pupils as the school declares them (SIECLE), and as pixorga stores them."""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from pixorga_core.domain.pages import Page, bounded_int, page_number


class Sex(enum.StrEnum):
    MALE = "M"
    FEMALE = "F"


@attrs.frozen(kw_only=True)
class LearnerRecord:
    """One pupil read from a school file: every SIECLE field of pix-rules §3.3.

    A student source produces these; the import service turns them into
    :class:`OrganizationLearner` rows keyed by (organization, ``national_student_id``).
    """

    national_student_id: str
    first_name: str
    middle_name: str | None = None
    third_name: str | None = None
    last_name: str
    preferred_last_name: str | None = None
    sex: Sex | None = None
    birthdate: date | None = None
    birth_city: str | None = None
    birth_city_code: str | None = None
    birth_province_code: str | None = None
    birth_country_code: str | None = None
    status: str | None = None
    mef_code: str | None = None
    division: str | None = None


@attrs.frozen(kw_only=True)
class OrganizationLearner(LearnerRecord):
    """A pupil of one organization, possibly linked to a user account.

    Disabled learners (absent from the last import) are hidden from lists, cannot join
    campaigns and cannot be matched.
    """

    id: int
    organization_id: int
    is_disabled: bool = False
    user_id: int | None = None
    created_at: datetime
    updated_at: datetime

    @property
    def first_names(self) -> tuple[str, ...]:
        """The given names in SIECLE order, the empty ones left out."""
        return tuple(n for n in (self.first_name, self.middle_name, self.third_name) if n)


def _page_size(value: object) -> int:
    return bounded_int(value, 1, 500)


#: The pupil search keeps at most this many characters, then at most this many words: its cost
#: is bounded whatever is typed (each word is compared with every pupil's names).
MAX_SEARCH_LENGTH = 100
MAX_SEARCH_WORDS = 5


def bound_search(value: str | None) -> tuple[str | None, bool]:
    """``value`` as the pupil search uses it, and whether it had to be cut.

    White space is collapsed, then the text is cut to :data:`MAX_SEARCH_LENGTH` characters and
    :data:`MAX_SEARCH_WORDS` words; an empty search is ``None``.
    """
    if not value:
        return None, False
    whole = " ".join(value.split())  # linear in the input: cheap even for megabytes
    kept = " ".join(whole[:MAX_SEARCH_LENGTH].split()[:MAX_SEARCH_WORDS])
    return kept or None, kept != whole


def _search(value: object) -> str | None:
    return bound_search(value if isinstance(value, str) else None)[0]


class LearnerSort(enum.StrEnum):
    """Orders of the pupil list (values are the French words used in page addresses)."""

    LAST_NAME = "nom"
    FIRST_NAME = "prenom"
    BIRTHDATE = "naissance"
    DIVISION = "classe"


@attrs.frozen(kw_only=True)
class LearnerQuery:
    """Which enabled pupils to list, and how.

    ``search`` matches any part of the names, ignoring case, accents and punctuation; it is cut
    to :data:`MAX_SEARCH_WORDS` words and :data:`MAX_SEARCH_LENGTH` characters
    (:func:`bound_search`). ``division`` keeps one class. Pages are numbered from 1.
    """

    search: str | None = attrs.field(default=None, converter=_search)
    division: str | None = None
    sort: LearnerSort = LearnerSort.LAST_NAME
    descending: bool = False
    page: int = attrs.field(default=1, converter=page_number)
    per_page: int = attrs.field(default=50, converter=_page_size)


@attrs.frozen(kw_only=True)
class LearnerPage(Page[OrganizationLearner]):
    """One page of the pupil list, with the query it answers and the classes the filter offers.

    ``number`` is ``query.page`` within the pages there are; ``size`` is ``query.per_page``.
    """

    query: LearnerQuery
    divisions: tuple[str, ...] = ()

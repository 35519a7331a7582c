"""Dates and times as French schools read them: Europe/Paris, day first.

The database stores timezone-aware UTC datetimes (:class:`pixorga_core.storage.models.UTCDateTime`);
everything a school user, a pupil or an exported file shows goes through these functions, so that
no page, e-mail or CSV prints UTC or the server's own time zone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

__all__ = ["PARIS", "date_fr", "datetime_fr", "datetime_fr_words", "in_paris"]

#: The schools' time zone (mainland France).
PARIS: Final = ZoneInfo("Europe/Paris")


def in_paris(value: datetime) -> datetime:
    """``value`` (timezone-aware) as a Europe/Paris datetime."""
    if value.tzinfo is None:
        msg = "a naive datetime has no known time zone: use timezone-aware UTC datetimes"
        raise ValueError(msg)
    return value.astimezone(PARIS)


def datetime_fr(value: datetime) -> str:
    """``01/09/2026 10:00``, Paris time."""
    return in_paris(value).strftime("%d/%m/%Y %H:%M")


def datetime_fr_words(value: datetime) -> str:
    """``01/09/2026 à 10:00``, Paris time (for sentences and e-mails)."""
    return in_paris(value).strftime("%d/%m/%Y à %H:%M")


def date_fr(value: date | datetime) -> str:
    """``01/09/2026`` (a datetime is first taken to Paris time)."""
    if isinstance(value, datetime):
        value = in_paris(value).date()
    return value.strftime("%d/%m/%Y")

"""Dates and times shown to schools are Paris time, day first."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pixorga_core import clock


def test_summer_and_winter_times_are_paris_time() -> None:
    assert clock.datetime_fr(datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) == "01/07/2026 10:30"
    assert clock.datetime_fr(datetime(2026, 12, 1, 8, 30, tzinfo=UTC)) == "01/12/2026 09:30"
    assert clock.datetime_fr_words(datetime(2026, 9, 1, 8, 0, tzinfo=UTC)) == "01/09/2026 à 10:00"


def test_a_late_evening_in_utc_is_the_next_day_in_paris() -> None:
    assert clock.date_fr(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "01/01/2027"
    assert clock.date_fr(date(2011, 6, 23)) == "23/06/2011"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        clock.in_paris(datetime(2026, 1, 1, 12, 0))

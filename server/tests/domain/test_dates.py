"""Tests for calendar helpers: local dates, year bounds and splitting ranges by year."""

from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.dates import days_in_year, local_today, split_by_year

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "tz_name", "expected"),
    [
        (utc(2026, 3, 1, 3, 30), "UTC", date(2026, 3, 1)),
        # EST is UTC-5: 03:30Z is still the previous evening in New York.
        (utc(2026, 3, 1, 3, 30), "America/New_York", date(2026, 2, 28)),
        (utc(2026, 3, 1, 5, 0), "America/New_York", date(2026, 3, 1)),
        # Winter (PST, UTC-8) and summer (PDT, UTC-7) midnights in Los Angeles.
        (utc(2026, 1, 15, 7, 59), "America/Los_Angeles", date(2026, 1, 14)),
        (utc(2026, 1, 15, 8, 0), "America/Los_Angeles", date(2026, 1, 15)),
        (utc(2026, 7, 1, 6, 59), "America/Los_Angeles", date(2026, 6, 30)),
        (utc(2026, 7, 1, 7, 0), "America/Los_Angeles", date(2026, 7, 1)),
        # Tokyo (UTC+9) reaches the new year first.
        (utc(2026, 12, 31, 14, 59), "Asia/Tokyo", date(2026, 12, 31)),
        (utc(2026, 12, 31, 15, 0), "Asia/Tokyo", date(2027, 1, 1)),
        # Half-hour offset (UTC+5:30).
        (utc(2026, 6, 30, 18, 29), "Asia/Kolkata", date(2026, 6, 30)),
        (utc(2026, 6, 30, 18, 30), "Asia/Kolkata", date(2026, 7, 1)),
        # UTC+14 is a calendar day ahead of UTC-10 at the same instant.
        (utc(2026, 5, 10, 12, 0), "Pacific/Kiritimati", date(2026, 5, 11)),
        (utc(2026, 5, 10, 8, 0), "Pacific/Honolulu", date(2026, 5, 9)),
    ],
)
def test_local_today(now: datetime, tz_name: str, expected: date) -> None:
    assert local_today(now, tz_name) == expected


def test_local_today_accepts_any_aware_instant() -> None:
    plus_two = datetime(2026, 3, 1, 1, 0, tzinfo=timezone(timedelta(hours=2)))
    assert local_today(plus_two, "UTC") == date(2026, 2, 28)


def test_local_today_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_today(datetime(2026, 3, 1, 12, 0), "UTC")


@pytest.mark.parametrize(("year", "expected"), [(2026, 365), (2028, 366), (2000, 366), (2100, 365)])
def test_days_in_year(year: int, expected: int) -> None:
    assert days_in_year(year) == expected


def test_split_by_year_within_one_year() -> None:
    assert split_by_year(date(2026, 3, 2), date(2026, 3, 8)) == [
        (date(2026, 3, 2), date(2026, 3, 8))
    ]


def test_split_by_year_single_day() -> None:
    assert split_by_year(date(2026, 7, 3), date(2026, 7, 3)) == [
        (date(2026, 7, 3), date(2026, 7, 3))
    ]


def test_split_by_year_across_new_year() -> None:
    assert split_by_year(date(2026, 12, 28), date(2027, 1, 5)) == [
        (date(2026, 12, 28), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 5)),
    ]


def test_split_by_year_new_years_eve_to_new_years_day() -> None:
    assert split_by_year(date(2026, 12, 31), date(2027, 1, 1)) == [
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 1)),
    ]


def test_split_by_year_over_three_years() -> None:
    assert split_by_year(date(2026, 6, 1), date(2028, 2, 1)) == [
        (date(2026, 6, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 2, 1)),
    ]


def test_split_by_year_rejects_reversed_range() -> None:
    with pytest.raises(ValueError):
        split_by_year(date(2026, 3, 2), date(2026, 3, 1))


@given(DATES, DATES)
def test_split_by_year_covers_every_date_once_in_order(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    parts = split_by_year(start, end)

    assert len(parts) == end.year - start.year + 1
    assert parts[0][0] == start
    assert parts[-1][1] == end
    for part_start, part_end in parts:
        assert part_start <= part_end
        assert part_start.year == part_end.year
    # Each part starts the day after the previous one ends: no gap, no overlap, in order.
    for (_, previous_end), (next_start, _) in pairwise(parts):
        assert next_start == previous_end + timedelta(days=1)

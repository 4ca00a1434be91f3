"""Calendar helpers: local dates and calendar-year boundaries."""

import calendar
from datetime import date, datetime, timedelta

import pytz


def local_today(now_utc: datetime, tz_name: str) -> date:
    """The calendar date in IANA zone `tz_name` at the aware instant `now_utc`."""
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        # A naive value would be read as local server time, silently shifting the date.
        raise ValueError("now_utc must be timezone-aware")
    return now_utc.astimezone(pytz.timezone(tz_name)).date()


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def split_by_year(start: date, end: date) -> list[tuple[date, date]]:
    """Consecutive inclusive sub-ranges of start..end, one per calendar year touched."""
    if end < start:
        raise ValueError("end must be on or after start")
    parts = []
    current = start
    while current.year < end.year:
        year_end = date(current.year, 12, 31)
        parts.append((current, year_end))
        current = year_end + timedelta(days=1)
    parts.append((current, end))
    return parts


def range_problems(first: date, last: date, max_days: int) -> dict[str, str]:
    """Why first..last is not an acceptable range (field -> message); empty when it is."""
    if last < first:
        return {"to": "must be on or after from"}
    if (last - first).days > max_days:
        return {"to": f"must be at most {max_days} days after from"}
    return {}

"""Partial days in the iCal feed, as pure functions: when a half or an hour part starts
and ends in the owner's zone, and how a request splits into all-day and timed events."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from server.domain.feed import FeedEvent, partial_days, split_request

BERLIN = ZoneInfo("Europe/Berlin")
NINE = time(9)


def starts_and_ends(found):
    return [(p.date.isoformat(), p.starts_at.strftime("%H:%M"), p.ends_at.strftime("%H:%M"))
            for p in found]  # fmt: skip


def test_halves_sit_at_the_ends_of_the_days_scheduled_hours():
    scheduled = {date(2027, 3, 1): Decimal(8), date(2027, 3, 3): Decimal(4)}
    found = partial_days(
        date(2027, 3, 1), date(2027, 3, 3), True, True, {}, scheduled, lambda d: NINE, BERLIN
    )
    # Monday afternoon ends at 17:00 (9 + 8); Wednesday's 4-hour morning ends at 11:00.
    assert starts_and_ends(found) == [
        ("2027-03-01", "13:00", "17:00"),
        ("2027-03-03", "09:00", "11:00"),
    ]


def test_an_hour_part_runs_from_its_start_time_and_lasts_its_hours_across_the_clock_change():
    # 28 March 2027: Berlin's clocks jump from 02:00 to 03:00.
    day = date(2027, 3, 28)
    parts = {day: (Decimal(2), time(1, 30))}
    (part,) = partial_days(day, day, False, False, parts, {day: Decimal(8)}, lambda d: NINE, BERLIN)
    assert (part.starts_at.strftime("%H:%M"), part.ends_at.strftime("%H:%M")) == ("01:30", "04:30")
    # On the clock 01:30 to 04:30; in real time two hours.
    assert (part.ends_at.astimezone(UTC) - part.starts_at.astimezone(UTC)).seconds == 2 * 3600
    assert part.label == "2 h"


def test_a_request_splits_into_runs_of_whole_days_and_its_partial_days():
    event = FeedEvent("pto-request-7@host", date(2027, 3, 1), date(2027, 3, 5), "Flexi", True,
                      datetime(2027, 1, 1, tzinfo=UTC))  # fmt: skip
    wednesday = date(2027, 3, 3)
    parts = {wednesday: (Decimal("1.5"), None)}
    scheduled = {date(2027, 3, d): Decimal(8) for d in range(1, 6)}
    partials = partial_days(
        event.first, event.last, False, False, parts, scheduled, lambda d: time(8), BERLIN
    )
    found = split_request(event, partials, lambda label: f"Flexi ({label})")
    assert [(e.uid, e.first.day, e.last.day, e.summary, e.starts_at is None) for e in found] == [
        ("pto-request-7@host", 1, 2, "Flexi", True),
        ("pto-request-7-20270304@host", 4, 5, "Flexi", True),
        ("pto-request-7-20270303@host", 3, 3, "Flexi (1.5 h)", False),
    ]
    assert found[2].starts_at.isoformat() == "2027-03-03T08:00:00+01:00"
    assert split_request(event, [], str) == [event]

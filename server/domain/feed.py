"""The personal iCal feed (RFC 5545), built with `icalendar`. Pure: values in, bytes out.

Whole days of leave are all-day events (DTSTART/DTEND as dates, DTEND exclusive), so they
show on the same days in every subscriber's time zone. A partial day (a half, or an hour
part) is a timed event in the time zone of the person on leave (`DTSTART;TZID=…` with its
VTIMEZONE), so a subscriber anywhere sees it at the right local hours: a morning half runs
from the day's start for half its scheduled hours, an afternoon half ends when the day's
hours do, and an hour part runs from its `start_time` (else the day's start) for its hours.
A request with both is split: one all-day event per run of whole days (the first keeps the
request's UID) and one timed event per partial day, UIDs `pto-request-<id>-<yyyymmdd>`.

The owner's own leave blocks their free/busy (OOF); everyone else's is "<name> — Away" and
free, so a subscribed feed never blocks the subscriber's calendar nor carries a colleague's
leave type out of the company. Stamps come
from the data (never "now"), so an unchanged feed is byte-identical.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration

PRODID = "-//PTO API//Time off feed//EN"
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    first: date
    last: date  # inclusive
    summary: str
    busy: bool  # True: the owner's own leave (OOF); False: free (colleagues, holidays)
    stamp: datetime
    sequence: int = 0
    # A timed event (a partial day): when it starts and ends, in the leave owner's zone.
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    # The owner's own absence of an `available` type: working elsewhere, not out of office.
    working_elsewhere: bool = False


@dataclass(frozen=True)
class PartialDay:
    date: date
    starts_at: datetime
    ends_at: datetime
    label: str  # "half day" or "2 h"


def partial_days(
    first: date,
    last: date,
    start_half: bool,
    end_half: bool,
    parts: Mapping[date, tuple[Decimal, time | None]],
    scheduled: Mapping[date, Decimal],
    day_start_on: Callable[[date], time],
    zone: ZoneInfo,
) -> list[PartialDay]:
    """The partial days of a request, timed in `zone`: its halves and hour parts on the
    dates it deducts something (`scheduled`: {date: the hours scheduled that day})."""
    found = []
    for day in sorted(scheduled):
        hours = Decimal(scheduled[day])
        begins = datetime.combine(day, day_start_on(day), tzinfo=zone)
        if day in parts:
            taken, at = parts[day]
            if at is not None:
                begins = datetime.combine(day, at, tzinfo=zone)
            found.append(_timed(day, begins, Decimal(taken), f"{_hours(taken)} h"))
        elif day == first and start_half:  # the afternoon: ends when the day's hours do
            ends = _after(begins, hours)
            found.append(_timed(day, _after(ends, -hours / 2), hours / 2, "half day"))
        elif day == last and end_half:  # the morning
            found.append(_timed(day, begins, hours / 2, "half day"))
    return found


def _after(moment: datetime, hours: Decimal) -> datetime:
    """`hours` of real time after (or before) `moment`, read in its zone again (across a
    change of the clocks a 2-hour absence still lasts two hours)."""
    zone = moment.tzinfo
    return (moment.astimezone(UTC) + timedelta(hours=float(hours))).astimezone(zone)


def _timed(day, begins, hours, label):
    return PartialDay(day, begins, _after(begins, hours), label)


def _hours(value) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text


def split_request(event: FeedEvent, partials: list[PartialDay], summary_of) -> list[FeedEvent]:
    """`event` (a whole request, all-day) as the events a feed shows: itself when it has no
    partial day, else one all-day event per run of days between its partial days and one
    timed event per partial day. `summary_of(label)` names a timed one."""
    if not partials:
        return [event]
    timed = {p.date: p for p in partials}
    found, run_start, first_run = [], None, True
    day = event.first
    while day <= event.last + timedelta(days=1):
        whole = day <= event.last and day not in timed
        if whole and run_start is None:
            run_start = day
        if not whole and run_start is not None:
            uid = event.uid if first_run else _suffixed(event.uid, run_start)
            found.append(replace(event, uid=uid, first=run_start, last=day - timedelta(days=1)))
            run_start, first_run = None, False
        day += timedelta(days=1)
    for p in partials:
        found.append(
            replace(
                event,
                uid=_suffixed(event.uid, p.date),
                first=p.date,
                last=p.date,
                summary=summary_of(p.label),
                starts_at=p.starts_at,
                ends_at=p.ends_at,
            )
        )
    return found


def _busy_status(item: FeedEvent) -> str:
    if not item.busy:
        return "FREE"
    return "WORKINGELSEWHERE" if item.working_elsewhere else "OOF"


def _suffixed(uid: str, day: date) -> str:
    name, host = uid.split("@", 1)
    return f"{name}-{day:%Y%m%d}@{host}"


def own_summary(leave_type: str, first: date, last: date, start_half: bool, end_half: bool):
    """The leave type's name, saying where a half day sits (an all-day event cannot)."""
    if first == last:
        return leave_type + (" (half day)" if start_half or end_half else "")
    if start_half and end_half:
        return f"{leave_type} (starts and ends midday)"
    if start_half:
        return f"{leave_type} (starts midday)"
    if end_half:
        return f"{leave_type} (ends midday)"
    return leave_type


def away_summary(full_name: str) -> str:
    return f"{full_name} — Away"


def request_uid(request_id: int, host: str) -> str:
    return f"pto-request-{request_id}@{host}"


def holiday_uid(day: date, country: str | None, subdivision: str | None, host: str) -> str:
    region = "-".join(part for part in (country or "company", subdivision) if part)
    return f"pto-holiday-{day.isoformat()}-{region}@{host}"


def holiday_stamp(day: date) -> datetime:
    """A fixed stamp for a holiday, so it never changes the feed's bytes by itself."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def render(calendar_name: str, events: list[FeedEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    # Refresh hints; Google and Outlook decide for themselves (hours), the others follow.
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for item in sorted(events, key=lambda e: (e.first, e.uid)):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.stamp.astimezone(UTC))
        event.add("last-modified", item.stamp.astimezone(UTC))
        event.add("sequence", item.sequence)
        if item.starts_at is not None:
            event.add("dtstart", item.starts_at)
            event.add("dtend", item.ends_at)
        else:
            event.add("dtstart", item.first)
            event.add("dtend", item.last + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "OPAQUE" if item.busy else "TRANSPARENT")
        event.add("x-microsoft-cdo-busystatus", _busy_status(item))
        calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for each zone a timed event names
    return calendar.to_ical()

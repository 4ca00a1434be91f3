"""The personal iCal feed (RFC 5545), built with `icalendar`. Pure: values in, bytes out.

Every event is all-day (DTSTART/DTEND as dates, DTEND exclusive), so it shows on the same
days in every subscriber's time zone. The owner's own leave blocks their free/busy (OOF);
everyone else's is "<name> — Away" and free, so a subscribed feed never blocks the
subscriber's calendar nor carries a colleague's leave type out of the company. Stamps come
from the data (never "now"), so an unchanged feed is byte-identical.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

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
        event.add("dtstart", item.first)
        event.add("dtend", item.last + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "OPAQUE" if item.busy else "TRANSPARENT")
        event.add("x-microsoft-cdo-busystatus", "OOF" if item.busy else "FREE")
        calendar.add_component(event)
    return calendar.to_ical()

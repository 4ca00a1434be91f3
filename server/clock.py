"""The service's one source of the current time, so tests can move it."""

from datetime import UTC, datetime

from server.domain.dates import local_today


def utcnow():
    return datetime.now(UTC)


def today_in(timezone):
    """Today's date in an IANA time zone (a person's "today")."""
    return local_today(utcnow(), timezone)

"""The service's one source of the current time, so tests can move it.

`CLOCK_START` (tests and development only; production refuses to start with it) makes the
clock start at a given moment when the app is created and run on from there: the whole
service, CLI included, lives on that day. Access tokens are the exception: flask-praetorian
and PyJWT stamp and check them with the system clock, so whatever compares a token's times
uses `real_utcnow`.
"""

from datetime import UTC, datetime, timedelta

from server.domain.dates import local_today

_offset = timedelta(0)


def real_utcnow():
    """The system clock: for tokens' times, which praetorian and PyJWT keep in real time."""
    return datetime.now(UTC)


def utcnow():
    return real_utcnow() + _offset


def today_in(timezone):
    """Today's date in an IANA time zone (a person's "today")."""
    return local_today(utcnow(), timezone)


def start_at(moment):
    """From now on the clock reads `moment` and runs on (None: the real time again)."""
    global _offset
    _offset = timedelta(0) if moment is None else moment - real_utcnow()

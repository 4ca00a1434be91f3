"""The personal iCal feed: its secret link (only a hash is stored) and its content.

The feed carries the approved absences of the owner, their team-mates and direct reports
from 90 days back to 400 days ahead (in the owner's time zone), and the owner's holidays.
Three queries: the owner, the absences, the company holidays (and one for the work
schedules of the people with a partial day in it, which time it).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from server import clock
from server.domain import feed
from server.domain import schedule as schedule_rules
from server.domain.vocabulary import APPROVED, AVAILABLE
from server.errors import NotFound
from server.extensions import cache, db
from server.infra.unit_of_work import UnitOfWork
from server.models import LeaveRequest, LeaveType, User
from server.services import access, schedule_service
from server.services.holiday_service import holidays_between

DAYS_BACK, DAYS_AHEAD = 90, 400
TOKEN_BYTES = 32  # 256 bits


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class FeedLink:
    token: str
    created_at: datetime


def create_feed_token(actor):
    """A new secret link, replacing the previous one (whose URL stops working)."""
    with UnitOfWork(actor) as uow:
        user = uow.lock_user(actor.id)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        replaced = user.calendar_token_hash is not None
        user.calendar_token_hash = _digest(token)
        user.calendar_token_created_at = clock.utcnow()
        uow.record("calendar_feed_reset" if replaced else "calendar_feed_created", "user", user)
        uow.commit()
        return FeedLink(token, user.calendar_token_created_at)


def feed_token_created_at(actor):
    """When the active link was made, or None when there is none."""
    return actor.calendar_token_created_at if actor.calendar_token_hash else None


def delete_feed_token(actor):
    with UnitOfWork(actor) as uow:
        user = uow.lock_user(actor.id)
        if user.calendar_token_hash is not None:
            user.calendar_token_hash = None
            user.calendar_token_created_at = None
            uow.record("calendar_feed_deleted", "user", user)
        uow.commit()


@dataclass(frozen=True)
class Feed:
    body: bytes

    @property
    def etag(self):
        return hashlib.sha256(self.body).hexdigest()[:32]


def feed_for_token(token, host):
    """The feed of the active user whose link this is; NotFound otherwise."""
    owner = None
    if 20 <= len(token) <= 100:
        owner = db.session.execute(
            sa.select(User).where(
                User.calendar_token_hash == _digest(token), User.is_active.is_(True)
            )
        ).scalar_one_or_none()
    if owner is None:
        raise NotFound("There is no calendar feed at this address (it may have been reset).")
    today = clock.today_in(owner.timezone)
    first, last = today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)
    events = [*_absences(owner, first, last, host), *_holidays(owner, first, last, host)]
    return Feed(_rendered(f"Time off — {owner.full_name}", events))


def _rendered(calendar_name, events):
    """The feed's bytes. Rendering with `icalendar` costs far more than reading the data,
    and most fetches find nothing changed: the body is cached under a digest of everything
    it is made from, so a cached body can never be stale (a change makes a new key)."""
    events = sorted(events, key=lambda e: (e.first, e.uid))
    key = "feed:" + hashlib.sha256(repr((calendar_name, events)).encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = feed.render(calendar_name, events)
        cache.set(key, body)
    return body


def _absences(owner, first, last, host):
    rows = db.session.execute(
        sa.select(
            LeaveRequest.id,
            LeaveRequest.user_id,
            LeaveRequest.start_date,
            LeaveRequest.end_date,
            LeaveRequest.start_half,
            LeaveRequest.end_half,
            LeaveRequest.date_revision,
            LeaveRequest.updated_at,
            LeaveRequest.parts,
            LeaveRequest.breakdown,
            User.full_name,
            User.timezone,
            LeaveType.name.label("leave_type"),
            LeaveType.availability,
        )
        .join(User, User.id == LeaveRequest.user_id)
        .join(LeaveType, LeaveType.id == LeaveRequest.leave_type_id)
        .where(
            access.FEED_SCOPE.clause(owner, LeaveRequest.user_id),
            User.is_active.is_(True),
            LeaveRequest.status == APPROVED,
            LeaveRequest.start_date <= last,
            LeaveRequest.end_date >= first,
        )
    )
    rows = rows.all()
    partial = [row for row in rows if row.parts or row.start_half or row.end_half]
    # From the earliest partial request's first day: one may have begun before the window.
    schedules = schedule_service.schedules_of_users(
        sorted({row.user_id for row in partial}),
        min((row.start_date for row in partial), default=first),
        last,
    )
    for row in rows:
        own = row.user_id == owner.id
        partials = _partial_days(row, schedules.get(row.user_id, ())) if row in partial else []
        if own:
            summary = feed.own_summary(
                row.leave_type, row.start_date, row.end_date, row.start_half, row.end_half
            )
            if partials:
                summary = row.leave_type  # the halves are timed events of their own
        else:
            summary = feed.away_summary(row.full_name)
        event = feed.FeedEvent(
            uid=feed.request_uid(row.id, host),
            first=row.start_date,
            last=row.end_date,
            summary=summary,
            busy=own,
            stamp=row.updated_at,
            sequence=row.date_revision,
            working_elsewhere=own and row.availability == AVAILABLE,
        )
        name = row.leave_type if own else feed.away_summary(row.full_name)
        yield from feed.split_request(event, partials, lambda label, n=name: f"{n} ({label})")


def _partial_days(row, schedules):
    """The request's halves and hour parts, timed in its owner's zone from their schedule."""

    def day_start_on(day):
        schedule = schedule_rules.in_force(schedules, day)
        return schedule.day_start if schedule else schedule_rules.DEFAULT_DAY_START

    parts = {
        date.fromisoformat(p["date"]): (
            Decimal(p["hours"]),
            time.fromisoformat(p["start_time"]) if p.get("start_time") else None,
        )
        for p in row.parts or ()
    }
    scheduled = {
        date.fromisoformat(d["date"]): Decimal(d["scheduled_hours"]) for d in row.breakdown
    }
    return feed.partial_days(
        row.start_date,
        row.end_date,
        row.start_half,
        row.end_half,
        parts,
        scheduled,
        day_start_on,
        ZoneInfo(row.timezone),
    )


def _holidays(owner, first, last, host):
    for day, name in sorted(
        holidays_between(owner.country, owner.subdivision, first, last).items()
    ):
        yield feed.FeedEvent(
            uid=feed.holiday_uid(day, owner.country, owner.subdivision, host),
            first=day,
            last=day,
            summary=name,
            busy=False,
            stamp=feed.holiday_stamp(day),
        )

"""Work schedules: who works how many hours on which day, from which date on.

A person always has a schedule (every user gets one from 1900-01-01 when created; the
migration made one from each `work_days`). A new schedule applies from its
`effective_from` until the next one. Writing one never silently recounts leave already
booked: the answer lists what each affected request would deduct under it
(`recalculation`), and only `recount: true` stores those amounts. `users.work_days` is kept
as the projection of the schedule in force today (week 1 of its cycle), for clients that
know no schedules.
"""

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

import sqlalchemy as sa

from server import clock
from server.domain import schedule as rules
from server.domain.numbers import plain_text
from server.domain.vocabulary import ACTIVE_STATUSES
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.infra.unit_of_work import UnitOfWork
from server.models import LeaveRequest, WorkSchedule
from server.services import access

# A person's schedules are few; a list shows at most this many, newest first.
MAX_LISTED = 100
AUDITED = ("user_id", "effective_from", "cycle_anchor", "weeks", "day_start")


def as_rules(row) -> rules.Schedule:
    """The pure schedule of a stored one."""
    return rules.Schedule(
        effective_from=row.effective_from,
        cycle_anchor=row.cycle_anchor,
        weeks=tuple(tuple(Decimal(h) for h in week) for week in row.weeks),
        day_start=row.day_start,
    )


# The schedules of one user in force from :first to :last (built once: most requests ask).
_STARTS_BEFORE = (
    sa.select(sa.func.max(WorkSchedule.effective_from))
    .where(
        WorkSchedule.user_id == sa.bindparam("user_id"),
        WorkSchedule.effective_from <= sa.bindparam("first"),
    )
    .scalar_subquery()
)
_IN_FORCE = (
    sa.select(
        WorkSchedule.effective_from,
        WorkSchedule.cycle_anchor,
        WorkSchedule.weeks,
        WorkSchedule.day_start,
    )
    .where(
        WorkSchedule.user_id == sa.bindparam("user_id"),
        WorkSchedule.effective_from <= sa.bindparam("last"),
        WorkSchedule.effective_from >= sa.func.coalesce(_STARTS_BEFORE, sa.bindparam("first")),
    )
    .order_by(WorkSchedule.effective_from)
)


def weeks_in_force():
    """A scalar subquery: the `weeks` of the schedule in force on :as_of for :user_id."""
    return (
        sa.select(WorkSchedule.weeks)
        .where(
            WorkSchedule.user_id == sa.bindparam("user_id"),
            WorkSchedule.effective_from <= sa.bindparam("as_of"),
        )
        .order_by(WorkSchedule.effective_from.desc())
        .limit(1)
        .scalar_subquery()
        .label("weeks")
    )


def schedules_between(user_id, first, last):
    """The user's schedules in force on some day from `first` to `last` (one query): those
    starting in the range, and the last one starting before it."""
    rows = db.session.execute(_IN_FORCE, {"user_id": user_id, "first": first, "last": last})
    return [as_rules(row) for row in rows]


def schedules_of_users(user_ids, first, last):
    """{user id: [Schedule]} in force from `first` to `last`, for many users in one query."""
    latest_before = (
        sa.select(
            WorkSchedule.user_id, sa.func.max(WorkSchedule.effective_from).label("effective_from")
        )
        .where(WorkSchedule.user_id.in_(user_ids), WorkSchedule.effective_from <= first)
        .group_by(WorkSchedule.user_id)
        .subquery()
    )
    first_of_user = sa.func.coalesce(
        sa.select(latest_before.c.effective_from)
        .where(latest_before.c.user_id == WorkSchedule.user_id)
        .scalar_subquery(),
        first,
    )
    rows = db.session.execute(
        sa.select(WorkSchedule)
        .where(
            WorkSchedule.user_id.in_(user_ids),
            WorkSchedule.effective_from <= last,
            WorkSchedule.effective_from >= first_of_user,
        )
        .order_by(WorkSchedule.user_id, WorkSchedule.effective_from)
    ).scalars()
    found = {}
    for row in rows:
        found.setdefault(row.user_id, []).append(as_rules(row))
    return found


# --- the endpoints ---------------------------------------------------------------------------


def list_schedules(actor, user_id):
    access.visible_user(actor, user_id)
    return list(
        db.session.execute(
            sa.select(WorkSchedule)
            .where(WorkSchedule.user_id == user_id)
            .order_by(WorkSchedule.effective_from.desc())
            .limit(MAX_LISTED)
        ).scalars()
    )


def get_schedule(actor, user_id, schedule_id):
    access.visible_user(actor, user_id)
    return _of_user(user_id, schedule_id)


def _of_user(user_id, schedule_id):
    row = db.session.get(WorkSchedule, schedule_id)
    if row is None or row.user_id != user_id:
        raise NotFound(f"There is no schedule {schedule_id} for user {user_id}.")
    return row


def replay_visible(actor, stored_body, user_id):
    """Before a stored outcome is replayed: the caller may still see the user."""
    access.visible_user(actor, user_id)


@dataclass(frozen=True)
class Recount:
    """What one booked request deducts before and under the new schedules."""

    request_id: int
    status: str
    before: Decimal
    after: Decimal
    recounted: bool


def create_schedule(actor, user_id, read_body):
    """Admins: a new schedule for the user from `effective_from` (one already starting that
    day is replaced). Returns (schedule, [Recount])."""
    with UnitOfWork(actor) as uow:
        user = access.visible_user(actor, user_id)
        data = read_body()
        user = uow.lock_user(user.id)
        weeks, anchor = data["weeks"], data.get("cycle_anchor")
        found = rules.problems(weeks, anchor)
        if found:
            name, message = next(iter(found.items()))
            raise ValidationFailed(f"{name} {message}", errors=found)
        row = _write(
            uow,
            user,
            data["effective_from"],
            weeks,
            anchor or rules.monday_on_or_before(data["effective_from"]),
            time.fromisoformat(data["day_start"]) if data.get("day_start") else None,
        )
        recounts = _recount(uow, user, row.effective_from, data.get("recount", False))
        uow.commit()
    return row, recounts


def delete_schedule(actor, user_id, schedule_id):
    """Admins: take back a schedule that has not started yet (409 once it has)."""
    with UnitOfWork(actor) as uow:
        user = access.visible_user(actor, user_id)
        user = uow.lock_user(user.id)
        row = _of_user(user_id, schedule_id)
        if row.effective_from <= clock.today_in(user.timezone):
            raise Conflict(
                "This schedule has already started: add a new one from the day it should "
                "change instead."
            )
        uow.record(
            "deleted", "schedule", row, {name: (getattr(row, name), None) for name in AUDITED}
        )
        db.session.delete(row)
        uow.flush()
        _project(user)
        uow.commit()


def write_work_week(uow, user, work_days):
    """`PATCH work_days` of old clients: a one-week schedule of 8-hour days on those
    weekdays from today (in the user's time zone)."""
    today = clock.today_in(user.timezone)
    week = [str(h) for h in rules.week_of_hours(work_days)]
    _write(uow, user, today, [week], rules.monday_on_or_before(today), None)


def first_schedule(user, work_days):
    """A new user's schedule: 8-hour days on `work_days`, since always (part of creating
    the user, whose audit row holds `work_days`: not audited on its own)."""
    week = [str(h) for h in rules.week_of_hours(work_days)]
    row = WorkSchedule(
        user_id=user.id,
        effective_from=rules.BEGINNING,
        cycle_anchor=rules.BEGINNING,
        weeks=[week],
        day_start=rules.DEFAULT_DAY_START,
    )
    db.session.add(row)


def _write(uow, user, effective_from, weeks, anchor, day_start: time | None):
    stored = [[plain_text(h) for h in week] for week in weeks]
    row = db.session.execute(
        sa.select(WorkSchedule).where(
            WorkSchedule.user_id == user.id, WorkSchedule.effective_from == effective_from
        )
    ).scalar_one_or_none()
    if row is None:
        row = WorkSchedule(
            user_id=user.id,
            effective_from=effective_from,
            cycle_anchor=anchor,
            weeks=stored,
            day_start=day_start or rules.DEFAULT_DAY_START,
        )
        uow.add(row, "schedule", AUDITED)
    else:
        before = {name: getattr(row, name) for name in AUDITED}
        row.cycle_anchor, row.weeks = anchor, stored
        row.day_start = day_start or row.day_start
        changes = {n: (old, getattr(row, n)) for n, old in before.items() if getattr(row, n) != old}
        uow.flush()
        if changes:
            uow.record("updated", "schedule", row, changes)
    _project(user)
    return row


def _project(user):
    """Keep `work_days` equal to the first week of the schedule in force today."""
    today = clock.today_in(user.timezone)
    current = rules.in_force(schedules_between(user.id, today, today), today)
    if current is not None and user.work_days != current.work_days:
        user.work_days = current.work_days


def _recount(uow, user, effective_from, store):
    """Each pending or approved request of the user ending on or after `effective_from`,
    counted again under the schedules as they now are; stored only if `store`."""
    # Imported here: the request service imports this module for counting.
    from server.services import leave_request_service

    booked = db.session.execute(
        sa.select(LeaveRequest)
        .where(
            LeaveRequest.user_id == user.id,
            LeaveRequest.status.in_(ACTIVE_STATUSES),
            LeaveRequest.end_date >= effective_from,
        )
        .order_by(LeaveRequest.start_date, LeaveRequest.id)
    ).scalars()
    found = []
    for leave_request in booked:
        before = leave_request.days
        after, stored = leave_request_service.recount(uow, leave_request, store)
        found.append(Recount(leave_request.id, leave_request.status, before, after, stored))
    return found

"""Balances: entitlement, carry-over, adjustments and usage for a user, type and year.

Usage is read from `leave_days` (the days each request was charged when it was made), so a
request spanning New Year counts in each year by its own dates. `load_ledgers` is the one
loader: one query for one person or a whole company (a `Ledger` each); the arithmetic is
in `server/domain`.
"""

import functools
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from server import clock
from server.domain import schedule as schedule_rules
from server.domain.leave_type import LeaveTypeRules
from server.domain.ledger import Ledger, Usage, default_as_of
from server.domain.schedule import HOUR_STEP
from server.domain.vocabulary import APPROVED, DAYS, PENDING
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import BalanceAdjustment, LeaveDay, LeaveRequest, LeaveType, LedgerEntry
from server.services import (
    access,
    leave_type_service,
    ledger_service,
    policy_service,
    schedule_service,
)


def load_ledgers(users, as_of=None, *, user_ids=None, exclude_request_id=None, up_to_year=None,
                 read=None):  # fmt: skip
    """{user id: Ledger} for `users` (anything with `id`, `hire_date` and `created_at`), in
    one query whatever their number — the one loader of balances, for one person or a
    company.

    `as_of` ({user id: date}) splits each user's approved days: on or before their day they
    are taken, after it scheduled (one summed column per distinct day: people in a few time
    zones have a few "todays"); a user without one has every approved day taken, which is
    all carry-over needs. `user_ids` may be a SELECT of the users' ids (a large company: no
    long IN list); `exclude_request_id` leaves one request out (the one being edited or
    checked); `up_to_year` leaves later years out (nothing in them changes that year's
    balance). `read` runs the query (default: the session; reports read a replica)."""
    read = read or db.session.execute
    as_of = as_of or {}
    users = list(users)
    days = sorted(set(as_of.values()))
    params = {f"day_{i}": day for i, day in enumerate(days)}
    if up_to_year is not None:
        params["year_end"] = date(up_to_year, 12, 31)
    if exclude_request_id is not None:
        params["exclude_id"] = exclude_request_id
    shape = (len(days), up_to_year is not None, exclude_request_id is not None)
    if user_ids is None:  # the statement is built once per shape and reused
        params["user_ids"] = [user.id for user in users]
        user_ids = _USER_IDS
    usage, adjustments, earned = {}, {}, {}
    rows = read(_ledger_statement(user_ids, *shape), params)
    for user_id, type_id, row_year, pending, approved_days, *taken_by_day, adjusted, source in rows:
        key = (type_id, int(row_year))
        if adjusted is not None:  # a row of ledger entries: adjustments, or hours worked
            into = adjustments if source == ledger_service.ADJUSTED else earned
            into.setdefault(user_id, {})[key] = Decimal(adjusted)
            continue
        taken = approved_days
        if user_id in as_of:
            taken = taken_by_day[days.index(as_of[user_id])]
        usage.setdefault(user_id, {})[key] = Usage(
            taken=Decimal(taken), scheduled=Decimal(approved_days - taken), pending=Decimal(pending)
        )
    timelines = policy_service.timelines(
        users, None if user_ids is _USER_IDS else user_ids, read=read
    )
    return {
        user.id: Ledger(
            hire_date=user.hire_date,
            first_year=user.created_at.year,
            usage=usage.get(user.id, {}),
            adjustments=adjustments.get(user.id, {}),
            timelines=timelines.get(user.id, {}),
            earned=earned.get(user.id, {}),
        )
        for user in users
    }


_USER_IDS = sa.bindparam("user_ids", expanding=True)


@functools.lru_cache(maxsize=64)
def _ledger_statement(user_ids, day_count, up_to_year, excluding):
    """Per user, type and year, one query: rows of pending and approved days, and approved
    days on or before each of `day_count` days (parameters `day_0`…; `year_end` and
    `exclude_id` when asked), with `adjusted` and `source` NULL; then rows of the ledger's
    adjustment entries and credits for hours worked, the sum in `adjusted` and their cause
    in `source` (and zeros before them)."""
    day_year = sa.cast(sa.extract("year", LeaveDay.date), sa.Integer)
    approved = LeaveRequest.status == APPROVED
    days = [sa.bindparam(f"day_{i}", type_=sa.Date) for i in range(day_count)]
    usage = (
        sa.select(
            LeaveRequest.user_id,
            LeaveRequest.leave_type_id,
            day_year,
            _total(LeaveRequest.status == PENDING),
            _total(approved),
            *(_total(sa.and_(approved, LeaveDay.date <= day)) for day in days),
            sa.cast(sa.null(), LedgerEntry.amount.type).label("adjusted"),
            sa.cast(sa.null(), LedgerEntry.cause_type.type).label("source"),
        )
        .join(LeaveRequest, LeaveRequest.id == LeaveDay.request_id)
        .where(LeaveRequest.user_id.in_(user_ids), LeaveRequest.status.in_((PENDING, APPROVED)))
        .group_by(LeaveRequest.user_id, LeaveRequest.leave_type_id, day_year)
    )
    if up_to_year:
        usage = usage.where(LeaveDay.date <= sa.bindparam("year_end", type_=sa.Date))
    if excluding:
        usage = usage.where(LeaveRequest.id != sa.bindparam("exclude_id"))
    adjustments = (
        sa.select(
            LedgerEntry.user_id,
            LedgerEntry.leave_type_id,
            LedgerEntry.leave_year,
            *(sa.literal(0) for _ in range(2 + day_count)),
            sa.func.sum(LedgerEntry.amount),
            LedgerEntry.cause_type,
        )
        .where(
            LedgerEntry.user_id.in_(user_ids),
            LedgerEntry.cause_type.in_(ledger_service.SUMMED_CAUSES),
        )
        .group_by(
            LedgerEntry.user_id,
            LedgerEntry.leave_type_id,
            LedgerEntry.leave_year,
            LedgerEntry.cause_type,
        )
    )
    return sa.union_all(usage, adjustments)


def _total(condition):
    """The days of `leave_days` rows meeting `condition`, summed (0 when none)."""
    return sa.func.coalesce(sa.func.sum(sa.case((condition, LeaveDay.amount), else_=0)), 0)


# Every leave type, with the user's work schedule in force on :as_of beside each (the same
# weeks on every row): the balances need both, and one statement is a round trip fewer.
_LEAVE_TYPES = sa.select(LeaveType, schedule_service.weeks_in_force()).order_by(
    LeaveType.name, LeaveType.id
)


def user_balances(actor, user_id, read_args):
    """(year, [(leave_type, Balance, reference day hours)]) for every active leave type
    (the hours of the user's average working day on `as_of`, for `display_equivalent`).
    `read_args()` gives `year` and `as_of` (after the 404): `year` defaults to `as_of`'s
    year, else the current year in the user's time zone; `as_of` to today there when
    `year` is the current year, else to `year`'s last day; an `as_of` outside `year` is
    refused."""
    user = access.visible_user(actor, user_id)
    args = read_args()
    year, as_of = args.get("year"), args.get("as_of")
    today = clock.today_in(user.timezone)
    if year is None:
        year = as_of.year if as_of else today.year
    if as_of is None:
        as_of = default_as_of(year, today)
    elif as_of.year != year:
        raise ValidationFailed(
            f"as_of must be a date in {year}", errors={"as_of": f"must be a date in {year}"}
        )
    ledger = load_ledgers([user], {user.id: as_of})[user.id]
    rows = db.session.execute(_LEAVE_TYPES, {"user_id": user.id, "as_of": as_of}).all()
    rules = [(t, LeaveTypeRules.of(t)) for t, _ in rows]
    weeks = rows[0][1] if rows else None
    reference = schedule_rules.reference_day_hours_of(weeks) if weeks else None
    return year, [
        (t, ledger.balance(r, year, as_of), reference) for t, r in rules if ledger.shows(r, year)
    ]


def forecast(actor, user_id, read_args):
    """The balances as they will stand on a day to come (`date`, today or later in the
    user's time zone): accrual credited and approved leave taken up to it, for the year it
    falls in. (year, rows) as `user_balances`."""
    user = access.visible_user(actor, user_id)
    day = read_args()["date"]
    today = clock.today_in(user.timezone)
    if day < today:
        raise ValidationFailed(
            f"date must be today ({today}) or later: read past days with balances?as_of=",
            errors={"date": f"must be on or after {today}"},
        )
    return user_balances(actor, user_id, lambda: {"year": day.year, "as_of": day})


# --- adjustments --------------------------------------------------------------------------

ADJUSTMENT_SORT = {"created_at": BalanceAdjustment.created_at, "year": BalanceAdjustment.year}


def adjustments(actor, user_id, read_filters):
    """A user's balance adjustments (404 first if the caller may not see the user)."""
    access.visible_user(actor, user_id)
    filters = read_filters()
    stmt = (
        sa.select(BalanceAdjustment)
        .where(BalanceAdjustment.user_id == user_id)
        .options(joinedload(BalanceAdjustment.leave_type).load_only(LeaveType.unit))
    )
    for name in ("leave_type_id", "year"):
        if name in filters:
            stmt = stmt.where(getattr(BalanceAdjustment, name) == filters[name])
    return Listing(stmt, ADJUSTMENT_SORT, BalanceAdjustment.id)


def replay_visible(actor, stored_body, user_id):
    """Before a stored outcome is replayed: the caller may still see the user."""
    access.visible_user(actor, user_id)


def get_adjustment(actor, user_id, adjustment_id):
    access.visible_user(actor, user_id)
    adjustment = db.session.get(BalanceAdjustment, adjustment_id)
    if adjustment is None or adjustment.user_id != user_id:
        raise NotFound(f"There is no adjustment {adjustment_id} for user {user_id}.")
    return adjustment


def add_adjustment(actor, user_id, read_body):
    with UnitOfWork(actor) as uow:
        access.visible_user(actor, user_id)
        data = read_body()
        user = uow.lock_user(user_id)
        leave_type = leave_type_service.leave_type_named(data["leave_type_id"])
        if leave_type.unlimited:
            raise ValidationFailed(
                f"{leave_type.name} is unlimited: it has no balance to adjust",
                errors={"leave_type_id": "is an unlimited leave type"},
            )
        amount = _adjusted_amount(leave_type, data)
        adjustment = BalanceAdjustment(
            user_id=user_id,
            leave_type_id=leave_type.id,
            leave_type=leave_type,
            year=data["year"],
            days=amount,
            reason=data["reason"],
            actor_id=actor.id,
        )
        uow.add(adjustment, "adjustment", ("user_id", "leave_type_id", "year", "days", "reason"))
        ledger_service.record_adjustment(uow.session, adjustment, clock.today_in(user.timezone))
        ledger_service.follow_closed_year_change(uow.session, user, leave_type, adjustment.year)
        uow.commit()
    return adjustment


def _adjusted_amount(leave_type, data):
    """The body's `amount` (or, for day types, `days`): not 0, in steps of 0.5 days or
    0.25 hours."""
    given = [name for name in ("amount", "days") if data.get(name) is not None]
    if len(given) != 1:
        raise ValidationFailed(
            "Give the amount to add as `amount` (or `days` for a day type), once.",
            errors={"amount": "is required (exactly one of amount and days)"},
        )
    name = given[0]
    if name == "days" and leave_type.unit != DAYS:
        raise ValidationFailed(
            f"{leave_type.name} is counted in hours: give `amount` in hours.",
            errors={"days": "only for day types; use amount"},
        )
    step = Decimal("0.5") if leave_type.unit == DAYS else HOUR_STEP
    amount = data[name]
    if amount == 0 or amount % step:
        message = f"must be a non-zero multiple of {step} ({leave_type.unit})"
        raise ValidationFailed(f"{name} {message}", errors={name: message})
    return amount

"""Balances: entitlement, carry-over, adjustments and usage for a user, type and year.

Usage is read from `leave_days` (the days each request was charged when it was made), so a
request spanning New Year counts in each year by its own dates. All of one user's numbers
are loaded in two queries (a `Ledger`); the arithmetic is in `server/domain`.
"""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server import clock
from server.domain.balance import is_half_step
from server.domain.ledger import Ledger, Usage, default_as_of
from server.domain.vocabulary import APPROVED, PENDING
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import BalanceAdjustment, LeaveDay, LeaveRequest, LeaveType
from server.services import access, leave_type_service


def load_ledger(user, as_of, exclude_request_id=None):
    """The user's ledger in two queries; `as_of` splits approved days into taken and
    scheduled, `exclude_request_id` leaves one request out (the one being edited or
    checked)."""
    return Ledger(
        hire_date=user.hire_date,
        first_year=user.created_at.year,
        usage=_usage(user.id, as_of, exclude_request_id),
        adjustments=_adjustments(user.id),
    )


def load_ledgers(users, user_ids, year=None, as_of=None, read=None):
    """{user id: Ledger} for many users in two queries. `users` have `id`, `hire_date` and
    `created_at`; `user_ids` is a SELECT of their ids. In `year`, approved days split into
    taken and scheduled at each user's own day `as_of[user id]` (one summed column per
    distinct day); in other years (or without `year`) every approved day counts as taken,
    which is all carry-over needs. With `year`, later years are left out: nothing in them
    changes that year's balance. `read` runs the queries (default: the session)."""
    read = read or db.session.execute
    as_of = as_of or {}
    days = sorted(set(as_of.values()))
    day_year = sa.cast(sa.extract("year", LeaveDay.date), sa.Integer)
    approved = LeaveRequest.status == APPROVED
    stmt = (
        sa.select(
            LeaveRequest.user_id,
            LeaveRequest.leave_type_id,
            day_year,
            _total(LeaveRequest.status == PENDING),
            _total(approved),
            *(_total(sa.and_(approved, LeaveDay.date <= day)) for day in days),
        )
        .join(LeaveRequest, LeaveRequest.id == LeaveDay.request_id)
        .where(LeaveRequest.user_id.in_(user_ids), LeaveRequest.status.in_((PENDING, APPROVED)))
        .group_by(LeaveRequest.user_id, LeaveRequest.leave_type_id, day_year)
    )
    if year is not None:
        stmt = stmt.where(LeaveDay.date <= date(year, 12, 31))
    usage = {}
    for user_id, type_id, row_year, pending, approved_days, *taken_by_day in read(stmt):
        taken = approved_days
        if row_year == year:
            taken = taken_by_day[days.index(as_of[user_id])]
        usage.setdefault(user_id, {})[(type_id, int(row_year))] = Usage(
            taken=taken, scheduled=approved_days - taken, pending=pending
        )
    adjustments = {}
    for user_id, type_id, adjusted_year, total in read(
        sa.select(
            BalanceAdjustment.user_id,
            BalanceAdjustment.leave_type_id,
            BalanceAdjustment.year,
            sa.func.sum(BalanceAdjustment.days),
        )
        .where(BalanceAdjustment.user_id.in_(user_ids))
        .group_by(
            BalanceAdjustment.user_id, BalanceAdjustment.leave_type_id, BalanceAdjustment.year
        )
    ):
        adjustments.setdefault(user_id, {})[(type_id, adjusted_year)] = total
    return {
        user.id: Ledger(
            hire_date=user.hire_date,
            first_year=user.created_at.year,
            usage=usage.get(user.id, {}),
            adjustments=adjustments.get(user.id, {}),
        )
        for user in users
    }


def _total(condition):
    """The days of `leave_days` rows meeting `condition`, summed (0 when none)."""
    return sa.func.coalesce(sa.func.sum(sa.case((condition, LeaveDay.amount), else_=0)), 0)


def _usage(user_id, as_of, exclude_request_id):
    year = sa.cast(sa.extract("year", LeaveDay.date), sa.Integer).label("year")
    approved = LeaveRequest.status == APPROVED
    stmt = (
        sa.select(
            LeaveRequest.leave_type_id,
            year,
            _total(sa.and_(approved, LeaveDay.date <= as_of)),
            _total(sa.and_(approved, LeaveDay.date > as_of)),
            _total(LeaveRequest.status == PENDING),
        )
        .join(LeaveRequest, LeaveRequest.id == LeaveDay.request_id)
        .where(LeaveRequest.user_id == user_id, LeaveRequest.status.in_((PENDING, APPROVED)))
        .group_by(LeaveRequest.leave_type_id, year)
    )
    if exclude_request_id is not None:
        stmt = stmt.where(LeaveRequest.id != exclude_request_id)
    return {
        (type_id, int(y)): Usage(Decimal(taken), Decimal(scheduled), Decimal(pending))
        for type_id, y, taken, scheduled, pending in db.session.execute(stmt)
    }


def _adjustments(user_id):
    stmt = (
        sa.select(
            BalanceAdjustment.leave_type_id,
            BalanceAdjustment.year,
            sa.func.sum(BalanceAdjustment.days),
        )
        .where(BalanceAdjustment.user_id == user_id)
        .group_by(BalanceAdjustment.leave_type_id, BalanceAdjustment.year)
    )
    return {(t, y): Decimal(days) for t, y, days in db.session.execute(stmt)}


def user_balances(actor, user_id, read_args):
    """(year, [(leave_type, Balance)]) for every active leave type. `read_args()` gives
    `year` and `as_of` (after the 404): `year` defaults to `as_of`'s year, else the current
    year in the user's time zone; `as_of` to today there when `year` is the current year,
    else to `year`'s last day; an `as_of` outside `year` is refused."""
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
    ledger = load_ledger(user, as_of)
    leave_types = db.session.execute(
        sa.select(LeaveType)
        .where(LeaveType.is_active.is_(True))
        .order_by(LeaveType.name, LeaveType.id)
    ).scalars()
    return year, [(t, ledger.balance(t, year, as_of)) for t in leave_types]


# --- adjustments --------------------------------------------------------------------------

ADJUSTMENT_SORT = {"created_at": BalanceAdjustment.created_at, "year": BalanceAdjustment.year}


def adjustments(actor, user_id, read_filters):
    """A user's balance adjustments (404 first if the caller may not see the user)."""
    access.visible_user(actor, user_id)
    filters = read_filters()
    stmt = sa.select(BalanceAdjustment).where(BalanceAdjustment.user_id == user_id)
    for name in ("leave_type_id", "year"):
        if name in filters:
            stmt = stmt.where(getattr(BalanceAdjustment, name) == filters[name])
    return Listing(stmt, ADJUSTMENT_SORT, BalanceAdjustment.id)


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
        uow.lock_user(user_id)
        leave_type = leave_type_service.leave_type_named(data["leave_type_id"])
        if leave_type.unlimited:
            raise ValidationFailed(
                f"{leave_type.name} is unlimited: it has no balance to adjust",
                errors={"leave_type_id": "is an unlimited leave type"},
            )
        if data["days"] == 0 or not is_half_step(data["days"]):
            raise ValidationFailed(
                "days must be a non-zero multiple of 0.5",
                errors={"days": "must be a non-zero multiple of 0.5"},
            )
        adjustment = BalanceAdjustment(
            user_id=user_id,
            leave_type_id=leave_type.id,
            year=data["year"],
            days=data["days"],
            reason=data["reason"],
            actor_id=actor.id,
        )
        uow.add(adjustment, "adjustment", ("user_id", "leave_type_id", "year", "days", "reason"))
        uow.commit()
    return adjustment

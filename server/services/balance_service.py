"""Balances: entitlement, carry-over, adjustments and usage for a user, type and year.

Usage is read from `leave_days` (the days each request was charged when it was made), so a
request spanning New Year counts in each year by its own dates. All of one user's numbers
are loaded in two queries (a `Ledger`); the arithmetic is in `server/domain`.
"""

import copy
import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server import clock
from server.domain import accrual
from server.domain.balance import Balance, is_half_step
from server.domain.dates import local_today
from server.errors import ValidationFailed
from server.extensions import db
from server.models import BalanceAdjustment, LeaveDay, LeaveRequest, LeaveType
from server.models.leave_request import APPROVED, PENDING
from server.services import access, audit_service
from server.services.pagination import paginate
from server.services.unit_of_work import UnitOfWork

ZERO = Decimal(0)


@dataclass(frozen=True)
class Usage:
    taken: Decimal = ZERO
    scheduled: Decimal = ZERO
    pending: Decimal = ZERO

    @property
    def used(self):
        return self.taken + self.scheduled + self.pending


class Ledger:
    """One user's usage and adjustments per (leave type, year), every year at once.
    `as_of` splits approved days into taken and scheduled; `exclude_request_id` leaves one
    request out (the one being edited or checked)."""

    def __init__(self, user, as_of, exclude_request_id=None):
        self.user = user
        self.usage = _usage(user.id, as_of, exclude_request_id)
        self.adjustments = _adjustments(user.id)

    def with_pending(self, leave_type_id, days_by_year):
        """A copy in which these days of `leave_type_id` are also pending (no query)."""
        other = copy.copy(self)
        other.usage = dict(self.usage)
        for year, days in days_by_year.items():
            usage = other.usage.get((leave_type_id, year), Usage())
            other.usage[(leave_type_id, year)] = dataclasses.replace(
                usage, pending=usage.pending + days
            )
        return other

    def years_after(self, leave_type, year):
        """Later years in which the user has leave or adjustments of this type."""
        years = {y for (t, y) in (*self.usage, *self.adjustments) if t == leave_type.id}
        return sorted(y for y in years if y > year)

    def balance(self, leave_type, year, as_of):
        usage = self.usage.get((leave_type.id, year), Usage())
        adjustments = self.adjustments.get((leave_type.id, year), ZERO)
        if leave_type.unlimited:
            return Balance(None, ZERO, adjustments, usage.taken, usage.scheduled, usage.pending)
        return Balance(
            entitlement=self._entitlement(leave_type, year, as_of),
            carried_over=self._carried_over(leave_type, year),
            adjustments=adjustments,
            taken=usage.taken,
            scheduled=usage.scheduled,
            pending=usage.pending,
        )

    def available(self, leave_type, year, as_of):
        return self.balance(leave_type, year, as_of).available

    def _entitlement(self, leave_type, year, as_of):
        return accrual.entitlement(
            leave_type.accrual, leave_type.yearly_allowance, year, self.user.hire_date, as_of
        )

    def _carried_over(self, leave_type, year):
        if not leave_type.carryover_max:
            return ZERO

        def usage_of(y):
            return accrual.YearUsage(
                entitlement=self._entitlement(leave_type, y, date(y, 12, 31)),
                adjustments=self.adjustments.get((leave_type.id, y), ZERO),
                used=self.usage.get((leave_type.id, y), Usage()).used,
            )

        first_year = self._first_year(leave_type, year)
        return accrual.carried_over(year, first_year, leave_type.carryover_max, usage_of)

    def _first_year(self, leave_type, year):
        """Carry-over starts in the hire year; without a hire date, in the first year the
        user existed or had any leave or adjustment of this type."""
        if self.user.hire_date is not None:
            return self.user.hire_date.year
        years = [y for (t, y) in (*self.usage, *self.adjustments) if t == leave_type.id]
        return min([self.user.created_at.year, year, *years])


def _usage(user_id, as_of, exclude_request_id):
    year = sa.cast(sa.extract("year", LeaveDay.date), sa.Integer).label("year")
    approved = LeaveRequest.status == APPROVED

    def total(condition):
        return sa.func.coalesce(sa.func.sum(sa.case((condition, LeaveDay.amount), else_=0)), 0)

    stmt = (
        sa.select(
            LeaveRequest.leave_type_id,
            year,
            total(sa.and_(approved, LeaveDay.date <= as_of)),
            total(sa.and_(approved, LeaveDay.date > as_of)),
            total(LeaveRequest.status == PENDING),
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


def user_today(user):
    return local_today(clock.utcnow(), user.timezone)


def user_balances(actor, user_id, year=None, as_of=None):
    """(year, [(leave_type, Balance)]) for every active leave type, in the user's current
    year and as of today in their time zone unless told otherwise."""
    user = access.visible_user(actor, user_id)
    today = user_today(user)
    year = year or today.year
    as_of = as_of or today
    ledger = Ledger(user, as_of)
    leave_types = db.session.execute(
        sa.select(LeaveType)
        .where(LeaveType.is_active.is_(True))
        .order_by(LeaveType.name, LeaveType.id)
    ).scalars()
    return year, [(t, ledger.balance(t, year, as_of)) for t in leave_types]


# --- adjustments --------------------------------------------------------------------------

ADJUSTMENT_SORT = {"created_at": BalanceAdjustment.created_at, "year": BalanceAdjustment.year}


def list_adjustments(actor, user_id, query):
    access.visible_user(actor, user_id)
    stmt = sa.select(BalanceAdjustment).where(BalanceAdjustment.user_id == user_id)
    for name in ("leave_type_id", "year"):
        if name in query.filters:
            stmt = stmt.where(getattr(BalanceAdjustment, name) == query.filters[name])
    return paginate(stmt, query, ADJUSTMENT_SORT, BalanceAdjustment.id)


def add_adjustment(actor, user_id, data):
    with UnitOfWork(actor) as uow:
        access.visible_user(actor, user_id)
        uow.lock_user(user_id)
        leave_type = db.session.get(LeaveType, data["leave_type_id"])
        if leave_type is None:
            raise ValidationFailed(
                "leave_type_id does not exist", errors={"leave_type_id": "no such leave type"}
            )
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
        db.session.add(adjustment)
        uow.flush()
        audited = ("user_id", "leave_type_id", "year", "days", "reason")
        uow.record(
            "created", "adjustment", adjustment.id, audit_service.created(adjustment, audited)
        )
        uow.commit()
    return adjustment

"""Evaluating a leave request: finding whose leave a body asks for, loading what the pure
rules (`domain/request_rules.py`) look at, and turning the kinds of violation they report
into problems — the one place that happens. The preview shows an evaluation in full; the
real operations refuse with it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from server import clock
from server.domain import ledger
from server.domain import request_rules as rules
from server.domain.periods import LeavePeriod
from server.domain.vocabulary import ACTIVE_STATUSES, MANAGER
from server.domain.workdays import DayCount, count_working_days
from server.errors import Conflict, Forbidden, InsufficientBalance, ValidationFailed
from server.extensions import db
from server.models import LeaveRequest, User
from server.services import access, capacity_service
from server.services.balance_service import load_ledger
from server.services.holiday_service import holidays_between

ZERO = Decimal(0)

# How each kind of violation reaches the client: the exception (its status) and the
# problem slug the preview names.
PROBLEMS = {
    rules.OVERLAP: (Conflict, "conflict"),
    rules.INVALID: (ValidationFailed, "validation-error"),
    rules.SHORTFALL: (InsufficientBalance, "insufficient-balance"),
}


def refuse(violations):
    """Raise the problem of the violation a refused request is reported with, if any."""
    first = rules.refusal(violations)
    if first is not None:
        exception = PROBLEMS[first.kind][0]
        raise exception(first.detail, errors={first.field: first.detail} if first.field else None)


@dataclass
class Evaluation:
    owner: object
    leave_type: object
    period: LeavePeriod
    count: object
    by_year: list = field(default_factory=list)
    overlaps: list = field(default_factory=list)
    team_conflicts: list = field(default_factory=list)
    violations: list = field(default_factory=list)

    @property
    def refusals(self):
        """(problem slug, detail) of each rule the real request would be refused by."""
        return [(PROBLEMS[v.kind][1], v.detail) for v in self.violations]

    @property
    def warnings(self):
        return [
            (
                "team-capacity",
                f"{c.team_name} would have {c.absent} of its members away on {c.date} "
                f"(max {c.max_absent})",
            )
            for c in self.team_conflicts
        ]

    def refuse(self):
        refuse(self.violations)


def evaluate(actor, owner, leave_type, period, exclude_request_id=None):
    """Everything the contract says about this request, without saving anything."""
    holidays = holidays_between(owner.country, owner.subdivision, period.start, period.end)
    count = count_working_days(period, owner.work_days, holidays)
    result = Evaluation(owner, leave_type, period, count)
    result.overlaps = _overlapping(owner.id, period, exclude_request_id)
    result.by_year, later = balance_effect(
        owner, leave_type, period, count.by_year(), exclude_request_id
    )
    result.violations = rules.check(
        rules.Request(
            period=period,
            days=count.days,
            today=clock.today_in(owner.timezone),
            timezone=owner.timezone,
            owner_name=owner.full_name,
            owner_active=owner.is_active,
            leave_type=leave_type,
            by_admin=actor.is_admin,
            overlaps=result.overlaps,
            charges=result.by_year,
            later=later,
        )
    )
    result.team_conflicts = capacity_service.team_conflicts([(owner.id, count.dates)])[0]
    return result


def check_approval(leave_request):
    """Approving re-checks the owner, the type and the balance (`rules.check_approval`)."""
    owner, leave_type = leave_request.user, leave_request.leave_type
    charges, later = balance_effect(
        owner, leave_type, period_of(leave_request), days_by_year(leave_request), leave_request.id
    )
    refuse(rules.check_approval(owner.full_name, owner.is_active, leave_type, charges, later))


def balance_effect(owner, leave_type, period, per_year, exclude_request_id=None):
    """The request's YearCharges and the later years it would push below zero; before =
    without this request (`exclude_request_id`), after = with it."""
    without = load_ledger(owner, period.end, exclude_request_id)
    return ledger.balance_effect(without, leave_type, period.start, period.end, per_year)


def _overlapping(user_id, period, exclude_request_id):
    stmt = sa.select(LeaveRequest).where(
        LeaveRequest.user_id == user_id,
        LeaveRequest.status.in_(ACTIVE_STATUSES),
        LeaveRequest.start_date <= period.end,
        LeaveRequest.end_date >= period.start,
    )
    if exclude_request_id is not None:
        stmt = stmt.where(LeaveRequest.id != exclude_request_id)
    return sorted(r.id for r in db.session.execute(stmt).scalars() if period.overlaps(period_of(r)))


def owner_for(actor, user_id):
    """Whose leave this is: the caller, or (admins; managers for direct reports) `user_id`."""
    if user_id is None or user_id == actor.id:
        return actor
    if actor.is_admin:
        owner = db.session.get(User, user_id)
        if owner is None:
            raise ValidationFailed(
                f"There is no user {user_id}.", errors={"user_id": "no such user"}
            )
        return owner
    if actor.has_role(MANAGER):
        owner = db.session.get(User, user_id)
        if owner is None or not access.manages(actor, owner):
            raise Forbidden("Managers can request leave for themselves and their direct reports.")
        return owner
    raise Forbidden("You can only request leave for yourself.")


def period_from(data):
    """The period a body asks for; 422 if the dates cannot make a request at all."""
    period = LeavePeriod(
        data["start_date"],
        data["end_date"],
        bool(data.get("start_half")),
        bool(data.get("end_half")),
    )
    problems = rules.period_problems(period)
    if problems:
        name, message = next(iter(problems.items()))
        raise ValidationFailed(f"{name} {message}", errors=problems)
    return period


def period_of(leave_request):
    return LeavePeriod(
        leave_request.start_date,
        leave_request.end_date,
        leave_request.start_half,
        leave_request.end_half,
    )


def days_by_year(leave_request):
    """{year: days} the request is charged, from its counted days."""
    counted = tuple((day.date, day.amount) for day in leave_request.day_rows)
    return DayCount(counted, ()).by_year()

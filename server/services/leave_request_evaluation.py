"""Evaluating a leave request: finding whose leave a body asks for, gathering every fact
the rules look at (`RequestFacts`, in a fixed number of queries), one pure call
(`domain/request_evaluation.py`), and turning the kinds of violation the rules report into
problems — the one place that happens. The preview shows an evaluation in full; the real
operations refuse with it.
"""

import dataclasses
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

import sqlalchemy as sa

from server import clock
from server.domain import request_evaluation
from server.domain import request_rules as rules
from server.domain.deduction import Deduction, Part, deduct, part_problems
from server.domain.leave_type import LeaveTypeRules
from server.domain.periods import LeavePeriod
from server.domain.vocabulary import ACTIVE_STATUSES, MANAGER
from server.errors import (
    Conflict,
    Forbidden,
    InsufficientBalance,
    UsageWaitingPeriod,
    ValidationFailed,
)
from server.extensions import db
from server.models import LeaveRequest, LeaveType, User, team_members
from server.services import access, capacity_service
from server.services.balance_service import load_ledgers
from server.services.holiday_service import holidays_between
from server.services.schedule_service import schedules_between

# How each kind of violation reaches the client: the exception (its status) and the
# problem slug the preview names.
PROBLEMS = {
    rules.OVERLAP: (Conflict, "conflict"),
    rules.INVALID: (ValidationFailed, "validation-error"),
    rules.SHORTFALL: (InsufficientBalance, "insufficient-balance"),
    rules.WAITING: (UsageWaitingPeriod, "usage-waiting-period"),
}


def refuse(violations):
    """Raise the problem of the violation a refused request is reported with, if any."""
    first = rules.refusal(violations)
    if first is not None:
        exception = PROBLEMS[first.kind][0]
        raise exception(first.detail, errors={first.field: first.detail} if first.field else None)


@dataclass(frozen=True)
class Evaluation:
    """A request evaluated for its owner, with its violations and warnings worded as the
    API reports them."""

    period: LeavePeriod
    deduction: Deduction
    parts: tuple
    by_year: list
    overlaps: list
    team_conflicts: list
    violations: list
    # (problem slug, detail) of each rule the real request would be refused by.
    refusals: list
    # (kind, detail) of what is allowed but worth knowing (team capacity).
    warnings: list

    def refuse(self):
        refuse(self.violations)


def _worded(result):
    return Evaluation(
        period=result.period,
        deduction=result.deduction,
        parts=result.parts,
        by_year=result.by_year,
        overlaps=result.overlaps,
        team_conflicts=result.team_conflicts,
        violations=result.violations,
        refusals=[(PROBLEMS[v.kind][1], v.detail) for v in result.violations],
        warnings=[
            (
                "team-capacity",
                f"{c.team_name} would have {c.absent} of its members away on {c.date} "
                f"(max {c.max_absent})",
            )
            for c in result.team_conflicts
        ],
    )


def evaluate(actor, owner, leave_type, period, exclude_request_id=None, parts=()):
    """Everything the contract says about this request, without saving anything: the
    facts first, then one pure evaluation."""
    facts = gather_facts(owner, leave_type, period, exclude_request_id)
    today = clock.today_in(owner.timezone)
    by_owner = actor.id == owner.id
    return _worded(
        request_evaluation.evaluate(facts, period, today, actor.is_admin, by_owner, parts)
    )


def gather_facts(owner, leave_type, period, exclude_request_id=None):
    """The RequestFacts of asking for `period`: the owner's ledger without this request and
    their schedules in the range (2 queries), the holidays (1; the public ones are cached
    per process), the owner's other pending and approved leave in the range (1), and their
    capped teams and who of those members is away in the range (2)."""
    my_teams = sa.select(team_members.c.team_id).where(team_members.c.user_id == owner.id)
    teams = capacity_service.capped_teams(my_teams)
    return dataclasses.replace(
        _ledger_facts(owner, leave_type, period, exclude_request_id),
        holidays=holidays_between(owner.country, owner.subdivision, period.start, period.end),
        others=_others(owner.id, period, exclude_request_id),
        teams=teams,
        away=capacity_service.away_by_day(teams, period.start, period.end),
    )


def _ledger_facts(owner, leave_type, period, exclude_request_id):
    """The owner, the type and the owner's ledger without the request, up to its last day."""
    ledgers = load_ledgers([owner], {owner.id: period.end}, exclude_request_id=exclude_request_id)
    return request_evaluation.RequestFacts(
        owner=request_evaluation.Owner(
            owner.id,
            owner.full_name,
            owner.is_active,
            owner.timezone,
            tuple(schedules_between(owner.id, period.start, period.end)),
        ),
        leave_type=LeaveTypeRules.of(leave_type),
        ledger=ledgers[owner.id],
    )


def check_approval(leave_request):
    """Approving re-checks the owner, the type and the balance (the request's days already
    hold their place: only a balance that shrank since, or an owner or type no longer
    active, stops it)."""
    period = period_of(leave_request)
    facts = _ledger_facts(leave_request.user, leave_request.leave_type, period, leave_request.id)
    refuse(request_evaluation.approval_violations(facts, period, days_by_year(leave_request)))


def _others(user_id, period, exclude_request_id):
    stmt = (
        sa.select(
            LeaveRequest.id,
            LeaveRequest.start_date,
            LeaveRequest.end_date,
            LeaveRequest.start_half,
            LeaveRequest.end_half,
            LeaveType.name,
            LeaveRequest.status,
        )
        .join(LeaveType, LeaveType.id == LeaveRequest.leave_type_id)
        .where(
            LeaveRequest.user_id == user_id,
            LeaveRequest.status.in_(ACTIVE_STATUSES),
            LeaveRequest.start_date <= period.end,
            LeaveRequest.end_date >= period.start,
        )
    )
    if exclude_request_id is not None:
        stmt = stmt.where(LeaveRequest.id != exclude_request_id)
    return tuple(
        rules.Overlap(row.id, LeavePeriod(*row[1:5]), row.name, row.status)
        for row in db.session.execute(stmt)
    )


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


def recounted(leave_request):
    """(what a booked request deducts under its owner's schedules and holidays as they are
    now, the parts that still fit): a stored part that no longer fits (its day is not
    worked any more, has fewer hours or became a holiday) gives way to the whole day."""
    period, owner = period_of(leave_request), leave_request.user
    schedules = schedules_between(owner.id, period.start, period.end)
    counting = LeaveTypeRules.of(leave_request.leave_type).counting
    holidays = holidays_between(owner.country, owner.subdivision, period.start, period.end)
    parts = tuple(
        part
        for part in parts_from({"parts": leave_request.stored_parts()})
        if not part_problems([part], period, schedules, counting, holidays)
    )
    return deduct(period, schedules, holidays, counting, parts), parts


def parts_from(data):
    """The hour parts a body names ([] when none)."""
    return tuple(
        Part(part["date"], part["hours"], _time(part.get("start_time")))
        for part in data.get("parts") or ()
    )


def _time(value):
    return time.fromisoformat(value) if isinstance(value, str) else value


def days_by_year(leave_request):
    """{year: amount} the request is charged, from its breakdown."""
    totals = {}
    for day in leave_request.breakdown:
        year = int(day["date"][:4])
        totals[year] = totals.get(year, Decimal(0)) + Decimal(day["amount"])
    return dict(sorted(totals.items()))

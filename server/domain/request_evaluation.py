"""Evaluating a leave request: every fact it is judged on in one record, one pure call.

The service gathers a `RequestFacts` in a fixed number of queries (the owner, the type, the
holidays in the range, the owner's other leave there, their ledger without this request,
their capped teams and who else is away) and calls `evaluate`: the days counted, what the
request does to each year's balance, its overlaps and team conflicts, and every rule it
breaks (`request_rules`), with no trip back to the database in between.
"""

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from server.domain import capacity, ledger
from server.domain import request_rules as rules
from server.domain.deduction import Deduction, Part, deduct, part_problems
from server.domain.leave_type import LeaveTypeRules
from server.domain.periods import LeavePeriod
from server.domain.schedule import Schedule
from server.domain.vocabulary import AWAY


@dataclass(frozen=True)
class Owner:
    id: int
    full_name: str
    is_active: bool
    timezone: str
    # The owner's work schedules in force somewhere in the period.
    schedules: Sequence[Schedule]


@dataclass(frozen=True)
class RequestFacts:
    owner: Owner
    leave_type: LeaveTypeRules
    # The owner's ledger without this request, up to its last day.
    ledger: ledger.Ledger
    # {date: name} of the public and company holidays from the first to the last day.
    holidays: Mapping[date, str] | None = None
    # The owner's pending and approved requests (not this one) near the period.
    others: Sequence[rules.Overlap] = ()
    # The owner's teams that have a `max_absent`, and who of their members is away when.
    teams: Sequence[capacity.Team] = ()
    away: Mapping[date, set[int]] | None = None


@dataclass(frozen=True)
class Evaluation:
    period: LeavePeriod
    deduction: Deduction
    parts: tuple[Part, ...]
    by_year: list  # ledger.YearCharge per year the request touches
    overlaps: list[int]
    team_conflicts: list  # capacity.TeamConflict
    violations: list  # request_rules.Violation


def evaluate(
    facts: RequestFacts,
    period: LeavePeriod,
    today: date,
    by_admin: bool,
    by_owner: bool = True,
    parts: Sequence[Part] = (),
) -> Evaluation:
    """Everything the contract says about asking for `period` (and, on an hour type, these
    `parts`) on these facts."""
    owner, leave_type = facts.owner, _as_policy_says(facts, period)
    counting = leave_type.counting
    wrong_parts = part_problems(parts, period, owner.schedules, counting, facts.holidays)
    deduction = deduct(
        period, owner.schedules, facts.holidays or {}, counting, () if wrong_parts else parts
    )
    overlaps = sorted(
        (other for other in facts.others if period.overlaps(other.period)), key=lambda o: o.id
    )
    by_year, later = ledger.balance_effect(
        facts.ledger, leave_type, period.start, period.end, deduction.by_year()
    )
    violations = rules.check(
        rules.Request(
            period=period,
            amount=deduction.amount,
            part_problems=wrong_parts,
            today=today,
            timezone=owner.timezone,
            owner_name=owner.full_name,
            owner_active=owner.is_active,
            leave_type=leave_type,
            by_admin=by_admin,
            by_owner=by_owner,
            overlaps=overlaps,
            charges=by_year,
            later=later,
            first_usable_day=facts.ledger.timeline(leave_type).first_usable_day(period.start),
        )
    )
    # Working elsewhere is not being away: it never takes a team over its limit.
    away_dates = deduction.dates if leave_type.availability == AWAY else []
    conflicts = capacity.conflicts_for(owner.id, away_dates, facts.teams, facts.away or {})
    return Evaluation(
        period, deduction, tuple(parts), by_year, [o.id for o in overlaps], conflicts, violations
    )


def approval_violations(facts: RequestFacts, period: LeavePeriod, days_by_year) -> list:
    """What approving a pending request of `days_by_year` ({year: amount}) checks again
    (`request_rules.check_approval`): the owner, the type and the ledger are all it needs."""
    leave_type = _as_policy_says(facts, period)
    charges, later = ledger.balance_effect(
        facts.ledger, leave_type, period.start, period.end, days_by_year
    )
    owner = facts.owner
    return rules.check_approval(owner.full_name, owner.is_active, leave_type, charges, later)


def _as_policy_says(facts: RequestFacts, period: LeavePeriod):
    """The leave type's rules with `allow_negative` as the owner's policy version in
    force on the request's first day says (the type's own field is its default policy)."""
    leave_type = facts.leave_type
    if leave_type.unlimited:
        return leave_type
    version = facts.ledger.timeline(leave_type).version_on(period.start)
    if version is None or version.negative_allowed == leave_type.allow_negative:
        return leave_type
    return dataclasses.replace(leave_type, allow_negative=version.negative_allowed)

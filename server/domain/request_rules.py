"""The rules a leave request must keep, as pure functions: facts in, violations out.

A violation has a *kind* — `invalid` (the request itself is wrong), `overlap` (it clashes
with the owner's own leave) or `shortfall` (not enough balance) — and a detail for people.
How a kind reaches a client (status, problem slug) is decided by the service, in one place.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from server.domain.periods import LeavePeriod
from server.domain.vocabulary import HOURS

INVALID, OVERLAP, SHORTFALL = "invalid", "overlap", "shortfall"
# A request that starts inside the policy's waiting period after the hire.
WAITING = "waiting"
# The order a refused request is reported in: a clash with existing leave first, then
# invalid input, the waiting period, and a lack of balance last.
REPORTING_ORDER = (OVERLAP, INVALID, WAITING, SHORTFALL)

MAX_DAYS_AHEAD = 730
MAX_DAYS_BACK = 730
MAX_SPAN_DAYS = 366


@dataclass(frozen=True)
class Violation:
    kind: str
    detail: str
    field: str | None = None


@dataclass(frozen=True)
class Overlap:
    """One of the owner's pending or approved requests, as a refusal names it."""

    id: int
    period: LeavePeriod
    leave_type: str
    status: str

    def describe(self) -> str:
        """ "pending Vacation from 2026-03-09 to 2026-03-13" (or "on 2026-03-09 (morning)")."""
        p = self.period
        if p.start == p.end:
            half = " (afternoon)" if p.start_half else " (morning)" if p.end_half else ""
            when = f"on {p.start}{half}"
        else:
            when = f"from {p.start} to {p.end}"
        return f"{self.status} {self.leave_type} {when}"


@dataclass(frozen=True)
class Request:
    """What the rules look at. `leave_type` is a `LeaveTypeRules`; `charges`/`later` are the
    ledger's YearCharges for the years the request touches and the later years it would
    push below zero."""

    period: LeavePeriod
    # What it deducts, in the type's unit.
    amount: Decimal
    today: date
    timezone: str
    owner_name: str
    owner_active: bool
    leave_type: object
    by_admin: bool
    # Whether the owner is asking (else a manager or admin files it for them).
    by_owner: bool = True
    overlaps: Sequence[Overlap] = ()
    charges: Sequence = ()
    later: Sequence = ()
    # Why the hour `parts` cannot be taken, by field (`parts[0].hours`).
    part_problems: Mapping[str, str] = field(default_factory=dict)
    # The first day the owner's policy lets leave start on (a waiting period after the
    # hire), or None.
    first_usable_day: date | None = None


def period_problems(period: LeavePeriod) -> dict[str, str]:
    """Why the dates cannot make a request at all (field -> message); empty when they can."""
    problems = period.problems()
    if not problems and (period.end - period.start).days >= MAX_SPAN_DAYS:
        problems = {"end_date": f"a request covers at most {MAX_SPAN_DAYS} days; split it"}
    return problems


def check(leave_request: Request) -> list[Violation]:
    """Every rule the request breaks, in a stable order."""
    r = leave_request
    found = _standing(r.owner_name, r.owner_active, r.leave_type)
    found += _dates(r)
    if r.first_usable_day is not None and r.period.start < r.first_usable_day:
        found.append(
            Violation(
                WAITING,
                f"{r.leave_type.name} can be taken from {r.first_usable_day} on (the waiting "
                "period after the hire date).",
                "start_date",
            )
        )
    if r.overlaps:
        mine = "; ".join(o.describe() for o in r.overlaps)
        whose = "your" if r.by_owner else f"{r.owner_name}'s"
        found.append(Violation(OVERLAP, f"Overlaps {whose} {mine}."))
    found += [
        Violation(SHORTFALL, detail) for detail in shortfalls(r.leave_type, r.charges, r.later)
    ]
    return found


def check_approval(owner_name, owner_active, leave_type, charges, later) -> list[Violation]:
    """What approving a pending request checks again: its days already hold their place in
    the balance, so only a balance that shrank since (an adjustment, a smaller allowance),
    or an owner or type that is no longer active, stops it."""
    found = _standing(owner_name, owner_active, leave_type, then="; reject it.")
    return found + [Violation(SHORTFALL, d) for d in shortfalls(leave_type, charges, later)]


def refusal(violations: Sequence[Violation]) -> Violation | None:
    """The violation a refused request is reported with, or None if it may proceed."""
    if not violations:
        return None
    return min(violations, key=lambda v: REPORTING_ORDER.index(v.kind))


def shortfalls(leave_type, charges, later) -> list[str]:
    """The balance rule: no year may go below zero because of this request."""
    if leave_type.unlimited or leave_type.allow_negative:
        return []
    unit = leave_type.unit_word
    short = [
        f"Not enough {leave_type.name} in {c.year}: {c.balance_before} {unit} are available "
        f"and the request would leave {c.balance_after}."
        for c in charges
        if c.balance_after < 0 and c.balance_after < c.balance_before
    ]
    short += [
        f"Not enough {leave_type.name} in {c.year}: less would carry over into it, leaving "
        f"{c.balance_after} {unit} for what is already booked."
        for c in later
    ]
    return short


def _standing(owner_name, owner_active, leave_type, then="."):
    """The owner and the type must be active; `then` ends each message."""
    found = []
    if not owner_active:
        found.append(Violation(INVALID, f"{owner_name}'s account is inactive{then}", "user_id"))
    if not leave_type.is_active:
        detail = f"The leave type {leave_type.name!r} is inactive{then}"
        found.append(Violation(INVALID, detail, "leave_type_id"))
    return found


def _amount(r: Request):
    """The amount asked for must be something this type can take."""
    found = [
        Violation(INVALID, f"{name} {message}", name) for name, message in r.part_problems.items()
    ]
    leave_type, period = r.leave_type, r.period
    if not leave_type.allow_half_days and (period.start_half or period.end_half):
        name = "start_half" if period.start_half else "end_half"
        found.append(Violation(INVALID, f"{leave_type.name} cannot be taken in half days.", name))
    if r.amount == 0:
        found.append(Violation(INVALID, "The request covers no working days.", "end_date"))
    elif leave_type.unit == HOURS and r.amount < leave_type.min_request_hours:
        found.append(
            Violation(
                INVALID,
                f"{leave_type.name} is taken in at least {leave_type.min_request_hours} hours.",
                "parts",
            )
        )
    return found


def _dates(r: Request):
    found = _amount(r)
    start, end, today = r.period.start, r.period.end, r.today
    if start < today and not (r.leave_type.allow_past or r.by_admin):
        found.append(
            Violation(
                INVALID,
                f"start_date is in the past (today is {today} in {r.timezone}).",
                "start_date",
            )
        )
    notice = r.leave_type.min_notice_days
    if notice and not r.by_admin and 0 <= (start - today).days < notice:
        found.append(
            Violation(
                INVALID,
                f"{r.leave_type.name} needs {notice} days' notice: start on "
                f"{today + timedelta(days=notice)} or later.",
                "start_date",
            )
        )
    if (end - today).days > MAX_DAYS_AHEAD:
        detail = f"end_date is more than {MAX_DAYS_AHEAD} days after today."
        found.append(Violation(INVALID, detail, "end_date"))
    if (today - start).days > MAX_DAYS_BACK:
        detail = f"start_date is more than {MAX_DAYS_BACK} days before today."
        found.append(Violation(INVALID, detail, "start_date"))
    return found

"""A leave policy version's body, and why one cannot be. Pure.

A version is frozen once made (a correction is a new version); its body says how a leave
type's amounts work from its `effective_from` on: the leave year, the yearly amount (for a
basis week, by tenure level), how it is credited, how the year's total is rounded, waiting
periods, carry-over and whether the balance may go below zero. `problems(body)` names each
field that cannot be, by its dotted path (`accrual.frequency`,
`entitlement.levels[1].after`), the way the API reports them.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from server.domain import accrual_plan
from server.domain.leave_year import LeaveYearRule
from server.domain.numbers import ROUNDING_MODES

METHODS = (accrual_plan.FRONT_LOADED, accrual_plan.PERIODIC, "per_hour_worked", "none")
TIMINGS = (accrual_plan.START, accrual_plan.END)
FIRST_PERIODS = (accrual_plan.FULL_PERIODS_ONLY, accrual_plan.PRORATE_DAYS)
TRANSITIONS = (accrual_plan.NEXT_LEAVE_YEAR, accrual_plan.IMMEDIATE)
# Where the law says earned leave is wages and never lapses: no cap on carry-over, no
# expiry (California Labor Code 227.3).
NO_FORFEITURE = ("US-CA",)


def _number(value):
    """`value` as a finite Decimal, or None if it is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _amount(found, path, value, required=False):
    if value is None:
        if required:
            found[path] = "is required"
        return
    number = _number(value)
    if number is None or number < 0:
        found[path] = "must be a number of at least 0"


def _choice(found, path, value, choices, required=True):
    if value is None and not required:
        return
    if value not in choices:
        found[path] = "must be one of: " + ", ".join(choices)


def _duration(found, path, value):
    try:
        accrual_plan.after(date(2000, 1, 1), value)
    except (ValueError, TypeError):
        found[path] = "must be an ISO 8601 duration such as P5Y, P6M or P90D"


def problems(body: dict) -> dict[str, str]:
    """Why a version body cannot be, by dotted field path; empty when it can."""
    found: dict[str, str] = {}
    year = body.get("leave_year") or {}
    rule = LeaveYearRule(year.get("basis", "fixed_date"), year.get("start", "01-01"))
    found |= {f"leave_year.{k}": v for k, v in rule.problems().items()}

    entitlement = body.get("entitlement") or {}
    _amount(found, "entitlement.amount", entitlement.get("amount"), required=True)
    _amount(found, "entitlement.max_amount", entitlement.get("max_amount"))
    basis = _number(entitlement.get("basis_days_per_week", 5))
    if basis is None or not 0 < basis <= 7:
        found["entitlement.basis_days_per_week"] = "must be more than 0 and at most 7"
    for i, level in enumerate(entitlement.get("levels") or ()):
        _duration(found, f"entitlement.levels[{i}].after", level.get("after"))
        _amount(found, f"entitlement.levels[{i}].amount", level.get("amount"), required=True)
    _choice(found, "entitlement.level_transition", entitlement.get("level_transition"),
            TRANSITIONS, required=False)  # fmt: skip

    accrual = body.get("accrual") or {}
    method = accrual.get("method", accrual_plan.FRONT_LOADED)
    _choice(found, "accrual.method", method, METHODS)
    if method == accrual_plan.PERIODIC:
        _choice(found, "accrual.frequency", accrual.get("frequency"), accrual_plan.FREQUENCIES)
    _choice(found, "accrual.timing", accrual.get("timing"), TIMINGS, required=False)
    _choice(found, "accrual.first_period", accrual.get("first_period"), FIRST_PERIODS,
            required=False)  # fmt: skip
    if method == "per_hour_worked":
        rate = accrual.get("rate") or {}
        if rate.get("percent") is None and rate.get("amount") is None:
            found["accrual.rate"] = "needs `percent`, or `amount` and `per_hours`"
    for cap in ("cap_balance", "cap_per_year"):
        _amount(found, f"accrual.{cap}", accrual.get(cap))

    rounding = body.get("rounding") or {}
    step = _number(rounding.get("step", "0.5"))
    if step is None or step <= 0:
        found["rounding.step"] = "must be a number above 0"
    _choice(found, "rounding.mode", rounding.get("mode", "half_up"), tuple(ROUNDING_MODES))

    waiting = body.get("waiting") or {}
    for name in ("accrual_days", "usage_days"):
        days = waiting.get(name, 0)
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 3660:
            found[f"waiting.{name}"] = "must be a whole number of days, 0 to 3660"

    carryover = body.get("carryover") or {}
    _amount(found, "carryover.max", carryover.get("max"))
    if body.get("jurisdiction") in NO_FORFEITURE:
        if carryover.get("max") is not None:
            found["carryover.max"] = "earned leave cannot be capped here: leave it out"
        if carryover.get("expires"):
            found["carryover.expires"] = "earned leave cannot expire here: leave it out"
    return found

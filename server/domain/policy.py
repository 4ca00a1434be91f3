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
    basis = entitlement.get("basis_days_per_week")
    if basis is not None and not 0 < (_number(basis) or 0) <= 7:
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
        percent, amount, per_hours = (
            _number(rate.get(k)) for k in ("percent", "amount", "per_hours")
        )
        if percent is not None:
            if not 0 < percent <= 100 or amount is not None:
                found["accrual.rate.percent"] = "must be above 0 and at most 100, alone"
        elif amount is None or per_hours is None or amount <= 0 or per_hours <= 0:
            found["accrual.rate"] = "needs `percent`, or `amount` and `per_hours` above 0"
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


def default_body(leave_type) -> dict:
    """The version body that reproduces a leave type's own fields (`yearly_allowance`,
    `accrual`, `carryover_max`, `allow_negative`): a calendar year; the allowance on 1
    January, or a twelfth a month from the first full month; the hire year pro-rated by
    calendar days to half steps, or monthly credits rounded down to them (quarter steps
    for an hour allowance that is not a multiple of 0.5); the same amount whatever the
    person's schedule."""
    allowance = Decimal(str(leave_type.yearly_allowance or 0))
    step = 0.5 if allowance % Decimal("0.5") == 0 else 0.25
    monthly = leave_type.accrual == "monthly"
    accrual = {"method": accrual_plan.FRONT_LOADED}
    if monthly:
        accrual = {
            "method": accrual_plan.PERIODIC,
            "frequency": accrual_plan.MONTHLY,
            "timing": accrual_plan.START,
            "first_period": accrual_plan.FULL_PERIODS_ONLY,
        }
    return {
        "leave_year": {"basis": "fixed_date", "start": "01-01"},
        "entitlement": {
            "amount": _json_number(allowance),
            "basis_days_per_week": None,
            "max_amount": None,
            "levels": [],
            "tenure_from": "hire_date",
            "level_transition": accrual_plan.NEXT_LEAVE_YEAR,
        },
        "accrual": accrual,
        "rounding": {"step": step, "mode": "down" if monthly else "half_up"},
        "waiting": {"accrual_days": 0, "usage_days": 0},
        "carryover": {
            "max": _json_number(Decimal(str(leave_type.carryover_max or 0))),
            "expires": None,
        },
        "negative": {"allowed": bool(leave_type.allow_negative), "max": None},
    }


def _json_number(value: Decimal):
    """A Decimal of at most two decimals as a JSON number (read back exactly through
    `Decimal(str(number))`)."""
    return int(value) if value == value.to_integral_value() else float(value)


# Settings the balances do not apply yet: a version using one is refused (422) rather
# than stored and ignored. Each names what is missing.
_LATER = "is not supported yet"


def not_yet_supported(body: dict) -> dict[str, str]:
    """The fields of a valid body that ask for what the service cannot apply yet."""
    found = {}
    year = body.get("leave_year") or {}
    if year.get("basis", "fixed_date") != "fixed_date" or year.get("start", "01-01") != "01-01":
        found["leave_year"] = f"other than the calendar year (01-01) {_LATER}"
    entitlement = body.get("entitlement") or {}
    if entitlement.get("tenure_from", "hire_date") != "hire_date":
        found["entitlement.tenure_from"] = f"other than hire_date {_LATER}"
    accrual = body.get("accrual") or {}
    if accrual.get("cap_balance") is not None:
        found["accrual.cap_balance"] = _LATER
    carryover = body.get("carryover") or {}
    for name in ("expires", "expiry_notice"):
        if carryover.get(name):
            found[f"carryover.{name}"] = _LATER
    negative = body.get("negative") or {}
    if negative.get("max") is not None:
        found["negative.max"] = _LATER
    for name in ("statutory_minimum", "termination"):
        if body.get(name):
            found[name] = _LATER
    return found


def complete(body: dict) -> dict:
    """`body` with every part present (the defaults filled in), as stored."""
    entitlement = body.get("entitlement") or {}
    accrual = body.get("accrual") or {}
    method = accrual.get("method", accrual_plan.FRONT_LOADED)
    return {
        "leave_year": {"basis": "fixed_date", "start": "01-01", **(body.get("leave_year") or {})},
        "entitlement": {
            "basis_days_per_week": None,
            "max_amount": None,
            "levels": [],
            "tenure_from": "hire_date",
            "level_transition": accrual_plan.NEXT_LEAVE_YEAR,
            **entitlement,
        },
        "accrual": {
            "method": method,
            "frequency": None,
            "timing": accrual_plan.START,
            "first_period": accrual_plan.FULL_PERIODS_ONLY,
            "cap_per_year": None,
            **accrual,
        },
        "rounding": {"step": 0.5, "mode": "half_up", **(body.get("rounding") or {})},
        "waiting": {"accrual_days": 0, "usage_days": 0, **(body.get("waiting") or {})},
        "carryover": {"max": 0, "expires": None, **(body.get("carryover") or {})},
        "negative": {"allowed": False, "max": None, **(body.get("negative") or {})},
        "jurisdiction": body.get("jurisdiction"),
    }


def leave_type_fields(body: dict) -> dict:
    """The leave type fields a version reads as (Decision 9): its amount, `monthly` for a
    monthly periodic plan (else `yearly`), carry-over and whether the balance may go
    below zero."""
    accrual = body.get("accrual") or {}
    monthly = (
        accrual.get("method") == accrual_plan.PERIODIC
        and accrual.get("frequency") == accrual_plan.MONTHLY
    )
    carry = (body.get("carryover") or {}).get("max")
    return {
        "yearly_allowance": Decimal(str((body.get("entitlement") or {}).get("amount", 0))),
        "accrual": "monthly" if monthly else "yearly",
        "carryover_max": Decimal(str(carry)) if carry is not None else Decimal(0),
        "allow_negative": bool((body.get("negative") or {}).get("allowed", False)),
    }

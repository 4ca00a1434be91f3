"""Entitlement accrual, half-day rounding and carry-over between years."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from server.domain.dates import days_in_year
from server.domain.vocabulary import MONTHLY, YEARLY

ZERO = Decimal(0)


def _half_steps(numerator: int, denominator: int, *, nearest: bool) -> Decimal:
    """numerator/denominator in half steps, on exact integers so a true tie (x.25) is never
    lost to a rounded quotient (and a company's report stays fast): floor(2x), or floor(2x
    + 1/2) for the nearest with ties going up."""
    if nearest:
        doubled = (4 * numerator + denominator) // (2 * denominator)
    else:
        doubled = (2 * numerator) // denominator
    return Decimal(doubled) / 2


def round_to_half(x: Decimal | Fraction) -> Decimal:
    """Nearest multiple of 0.5, ties going up (12.25 -> 12.5)."""
    return _half_steps(*x.as_integer_ratio(), nearest=True)


def floor_to_half(x: Decimal | Fraction) -> Decimal:
    """Largest multiple of 0.5 not above x (3.75 -> 3.5)."""
    return _half_steps(*x.as_integer_ratio(), nearest=False)


def first_full_month(hire_date: date) -> date:
    """First day of the first month worked from its 1st."""
    if hire_date.day == 1:
        return hire_date
    if hire_date.month == 12:
        return date(hire_date.year + 1, 1, 1)
    return date(hire_date.year, hire_date.month + 1, 1)


def yearly_entitlement(
    allowance: Decimal, year: int, hire_date: date | None, as_of: date
) -> Decimal:
    """All of `allowance` on Jan 1; in the hire year, a pro-rated share on the hire date."""
    if hire_date is not None and year < hire_date.year:
        return ZERO
    hire_year = hire_date is not None and hire_date.year == year
    credited_on = hire_date if hire_year else date(year, 1, 1)
    if as_of < credited_on:
        return ZERO
    if not hire_year:
        return Decimal(allowance)
    days_employed = (date(year, 12, 31) - hire_date).days + 1
    numerator, denominator = Decimal(allowance).as_integer_ratio()
    return _half_steps(numerator * days_employed, denominator * days_in_year(year), nearest=True)


def _months_credited(year: int, hire_date: date | None, as_of: date) -> int:
    first = 1
    if hire_date is not None:
        start = first_full_month(hire_date)
        if start.year > year:
            return 0
        if start.year == year:
            first = start.month
    if as_of.year < year:
        return 0
    last = 12 if as_of.year > year else as_of.month
    return max(0, last - first + 1)


def monthly_entitlement(
    allowance: Decimal, year: int, hire_date: date | None, as_of: date
) -> Decimal:
    """allowance/12 per month from the first full month through the month of `as_of`."""
    months = _months_credited(year, hire_date, as_of)
    numerator, denominator = Decimal(allowance).as_integer_ratio()
    return _half_steps(numerator * months, denominator * 12, nearest=False)


_ACCRUALS = {YEARLY: yearly_entitlement, MONTHLY: monthly_entitlement}


def entitlement(
    accrual: str, allowance: Decimal, year: int, hire_date: date | None, as_of: date
) -> Decimal:
    """Entitlement for `year` as of `as_of` under the named accrual ("yearly"|"monthly")."""
    try:
        accrue = _ACCRUALS[accrual]
    except KeyError:
        raise ValueError(f"unknown accrual: {accrual!r}") from None
    return accrue(allowance, year, hire_date, as_of)


@dataclass(frozen=True)
class YearUsage:
    """One year's totals: full-year entitlement, adjustments, approved + pending days."""

    entitlement: Decimal
    adjustments: Decimal
    used: Decimal


def carried_over(
    year: int,
    first_year: int,
    carryover_max: Decimal,
    usage_of: Callable[[int], YearUsage],
) -> Decimal:
    """Days carried into `year`, rolled forward one year at a time from `first_year`."""
    carry = ZERO
    for previous in range(first_year, year):
        usage = usage_of(previous)
        left = usage.entitlement + carry + usage.adjustments - usage.used
        carry = min(carryover_max, max(ZERO, left))
    return carry

"""Tests for entitlement accrual, half-day rounding and carry-over."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.accrual import (
    YearUsage,
    carried_over,
    entitlement,
    first_full_month,
    floor_to_half,
    monthly_entitlement,
    round_to_half,
    yearly_entitlement,
)
from server.domain.balance import is_half_step

D = Decimal


# Rounding.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.25", "12.5"),
        ("12.24", "12.0"),
        ("12.75", "13.0"),
        ("12.74", "12.5"),
        ("12.6027", "12.5"),
        ("12.5", "12.5"),
        ("12", "12"),
        ("0", "0"),
        ("0.24", "0"),
        ("0.25", "0.5"),
        ("-0.25", "0"),
        ("-0.26", "-0.5"),
    ],
)
def test_round_to_half(value: str, expected: str) -> None:
    assert round_to_half(D(value)) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3.75", "3.5"),
        ("3.5", "3.5"),
        ("3.49", "3.0"),
        ("3.99", "3.5"),
        ("4", "4"),
        ("0.49", "0"),
        ("-0.1", "-0.5"),
    ],
)
def test_floor_to_half(value: str, expected: str) -> None:
    assert floor_to_half(D(value)) == D(expected)


DECIMALS = st.decimals(
    min_value=-1000, max_value=1000, places=4, allow_nan=False, allow_infinity=False
)


@given(DECIMALS)
def test_round_to_half_is_a_half_step_within_a_quarter(x: Decimal) -> None:
    rounded = round_to_half(x)
    assert is_half_step(rounded)
    assert -D("0.25") < rounded - x <= D("0.25")


@given(DECIMALS)
def test_floor_to_half_is_a_half_step_within_a_half_below(x: Decimal) -> None:
    floored = floor_to_half(x)
    assert is_half_step(floored)
    assert 0 <= x - floored < D("0.5")


@given(st.integers(-2000, 2000))
def test_half_steps_are_fixed_points(halves: int) -> None:
    x = D(halves) / 2
    assert round_to_half(x) == x
    assert floor_to_half(x) == x


# First full month.


@pytest.mark.parametrize(
    ("hire_date", "expected"),
    [
        (date(2026, 3, 1), date(2026, 3, 1)),
        (date(2026, 3, 2), date(2026, 4, 1)),
        (date(2026, 3, 15), date(2026, 4, 1)),
        (date(2026, 3, 31), date(2026, 4, 1)),
        (date(2026, 12, 1), date(2026, 12, 1)),
        (date(2026, 12, 2), date(2027, 1, 1)),
        (date(2028, 2, 29), date(2028, 3, 1)),
    ],
)
def test_first_full_month(hire_date: date, expected: date) -> None:
    assert first_full_month(hire_date) == expected


# Yearly accrual.


@pytest.mark.parametrize(
    ("allowance", "hire_date", "expected"),
    [
        # The contract's example: 25 x 184/365 = 12.60 -> 12.5.
        ("25", date(2026, 7, 1), "12.5"),
        # Hired on Jan 1: the whole year.
        ("25", date(2026, 1, 1), "25"),
        # Hired on Dec 31: one day out of 365.
        ("25", date(2026, 12, 31), "0"),
        ("200", date(2026, 12, 31), "0.5"),  # 0.548
        ("365", date(2026, 12, 31), "1"),
        # 2028 is a leap year: 20 x 306/366 = 16.72 -> 16.5 (over 365 it would be 17.0).
        ("20", date(2028, 3, 1), "16.5"),
        ("25", date(2028, 7, 1), "12.5"),  # 184/366 -> 12.57
        ("366", date(2028, 12, 31), "1"),
        # Exact ties go up: 24.5 x 183/366 = 12.25, 25.5 x 183/366 = 12.75.
        ("24.5", date(2028, 7, 2), "12.5"),
        ("25.5", date(2028, 7, 2), "13"),
        ("0", date(2026, 7, 1), "0"),
    ],
)
def test_yearly_entitlement_is_prorated_in_the_hire_year(
    allowance: str, hire_date: date, expected: str
) -> None:
    as_of = date(hire_date.year, 12, 31)
    assert yearly_entitlement(D(allowance), hire_date.year, hire_date, as_of) == D(expected)


def test_yearly_entitlement_is_credited_on_the_hire_date() -> None:
    hired = date(2026, 7, 1)
    assert yearly_entitlement(D(25), 2026, hired, date(2026, 6, 30)) == 0
    assert yearly_entitlement(D(25), 2026, hired, hired) == D("12.5")


def test_yearly_entitlement_after_the_hire_year_is_whole_on_jan_1() -> None:
    hired = date(2026, 7, 1)
    assert yearly_entitlement(D(25), 2027, hired, date(2026, 12, 31)) == 0
    assert yearly_entitlement(D(25), 2027, hired, date(2027, 1, 1)) == 25
    assert yearly_entitlement(D(25), 2027, hired, date(2030, 5, 5)) == 25


def test_yearly_entitlement_is_zero_before_the_hire_year() -> None:
    assert yearly_entitlement(D(25), 2025, date(2026, 7, 1), date(2026, 12, 31)) == 0


def test_yearly_entitlement_without_hire_date() -> None:
    assert yearly_entitlement(D(25), 2026, None, date(2025, 12, 31)) == 0
    assert yearly_entitlement(D(25), 2026, None, date(2026, 1, 1)) == 25
    assert yearly_entitlement(D("22.5"), 2026, None, date(2026, 6, 1)) == D("22.5")


# Monthly accrual.


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # Hired 2026-03-15: the first full month is April.
        (date(2026, 3, 15), "0"),
        (date(2026, 3, 31), "0"),
        (date(2026, 4, 1), "2"),
        (date(2026, 6, 10), "6"),  # April, May, June
        (date(2026, 12, 31), "18"),  # April..December
        (date(2027, 1, 5), "18"),  # a later as_of credits the rest of 2026
        (date(2025, 12, 31), "0"),
    ],
)
def test_monthly_entitlement_hired_mid_month(as_of: date, expected: str) -> None:
    assert monthly_entitlement(D(24), 2026, date(2026, 3, 15), as_of) == D(expected)


def test_monthly_entitlement_hired_on_the_first() -> None:
    hired = date(2026, 3, 1)
    assert monthly_entitlement(D(24), 2026, hired, date(2026, 2, 28)) == 0
    assert monthly_entitlement(D(24), 2026, hired, date(2026, 3, 1)) == 2
    assert monthly_entitlement(D(24), 2026, hired, date(2026, 12, 31)) == 20


def test_monthly_entitlement_rounds_the_cumulative_total_down() -> None:
    # 15/year: 1.25, 2.5, 3.75 -> 1.0, 2.5, 3.5.
    assert monthly_entitlement(D(15), 2026, None, date(2026, 1, 1)) == 1
    assert monthly_entitlement(D(15), 2026, None, date(2026, 2, 1)) == D("2.5")
    assert monthly_entitlement(D(15), 2026, None, date(2026, 3, 31)) == D("3.5")
    # 25/year over 5 months: 10.4166... -> 10.0.
    assert monthly_entitlement(D(25), 2026, None, date(2026, 5, 1)) == 10


def test_monthly_entitlement_is_exact() -> None:
    # 24/12 x 6 must be exactly 12, not 11.5 from a rounded 1.99999...
    assert monthly_entitlement(D(24), 2026, None, date(2026, 6, 1)) == 12
    assert monthly_entitlement(D(30), 2026, None, date(2026, 12, 1)) == 30


def test_monthly_entitlement_in_later_years_starts_in_january() -> None:
    hired = date(2026, 3, 15)
    assert monthly_entitlement(D(24), 2027, hired, date(2026, 12, 31)) == 0
    assert monthly_entitlement(D(24), 2027, hired, date(2027, 1, 1)) == 2
    assert monthly_entitlement(D(24), 2027, hired, date(2027, 12, 31)) == 24


def test_monthly_entitlement_hired_in_december_starts_next_year() -> None:
    hired = date(2026, 12, 15)
    assert monthly_entitlement(D(24), 2026, hired, date(2026, 12, 31)) == 0
    assert monthly_entitlement(D(24), 2027, hired, date(2027, 1, 1)) == 2


def test_monthly_entitlement_is_zero_before_the_hire_year() -> None:
    assert monthly_entitlement(D(24), 2025, date(2026, 3, 1), date(2027, 1, 1)) == 0


# Dispatch.


def test_entitlement_dispatches_on_accrual() -> None:
    hired, as_of = date(2026, 3, 15), date(2026, 6, 10)
    assert entitlement("yearly", D(24), 2026, hired, as_of) == yearly_entitlement(
        D(24), 2026, hired, as_of
    )
    assert entitlement("monthly", D(24), 2026, hired, as_of) == D(6)


def test_entitlement_rejects_an_unknown_accrual() -> None:
    with pytest.raises(ValueError, match="weekly"):
        entitlement("weekly", D(24), 2026, None, date(2026, 6, 10))


# Properties of accrual.

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
ALLOWANCES = st.integers(0, 120).map(lambda halves: Decimal(halves) / 2)
YEARS = st.integers(2000, 2100)


@given(ALLOWANCES, YEARS, st.none() | DATES, DATES, DATES)
def test_monthly_entitlement_grows_with_as_of_up_to_the_allowance(
    allowance: Decimal, year: int, hire_date: date | None, a: date, b: date
) -> None:
    earlier = monthly_entitlement(allowance, year, hire_date, min(a, b))
    later = monthly_entitlement(allowance, year, hire_date, max(a, b))
    assert 0 <= earlier <= later <= allowance
    assert is_half_step(later)


@given(ALLOWANCES, YEARS, st.none() | DATES, DATES, DATES)
def test_yearly_entitlement_grows_with_as_of_up_to_the_allowance(
    allowance: Decimal, year: int, hire_date: date | None, a: date, b: date
) -> None:
    earlier = yearly_entitlement(allowance, year, hire_date, min(a, b))
    later = yearly_entitlement(allowance, year, hire_date, max(a, b))
    assert 0 <= earlier <= later <= allowance
    assert is_half_step(later)


@given(ALLOWANCES, YEARS, st.none() | DATES)
def test_a_full_year_of_monthly_accrual_is_the_allowance(
    allowance: Decimal, year: int, hire_date: date | None
) -> None:
    # Employed since before the year: twelve credits add up to exactly the allowance.
    if hire_date is not None and hire_date >= date(year, 1, 1):
        hire_date = None
    assert monthly_entitlement(allowance, year, hire_date, date(year, 12, 31)) == allowance


# Carry-over.


def usages(table: dict[int, YearUsage]):
    """A usage_of callback that records which years were asked for."""
    asked: list[int] = []

    def usage_of(year: int) -> YearUsage:
        asked.append(year)
        return table[year]

    return usage_of, asked


def test_carry_into_the_first_year_is_zero() -> None:
    usage_of, asked = usages({})
    assert carried_over(2026, 2026, D(5), usage_of) == 0
    assert carried_over(2024, 2026, D(5), usage_of) == 0
    assert asked == []


def test_carry_over_is_capped() -> None:
    usage_of, _ = usages({2026: YearUsage(entitlement=D(25), adjustments=D(0), used=D(15))})
    assert carried_over(2027, 2026, D(5), usage_of) == 5


def test_carry_over_below_the_cap() -> None:
    usage_of, _ = usages({2026: YearUsage(D(25), D("-1.5"), D(20))})
    assert carried_over(2027, 2026, D(5), usage_of) == D("3.5")


def test_overdrawn_previous_year_carries_nothing() -> None:
    usage_of, _ = usages({2026: YearUsage(D(10), D(0), D(12))})
    assert carried_over(2027, 2026, D(5), usage_of) == 0


def test_zero_cap_carries_nothing() -> None:
    usage_of, _ = usages({2026: YearUsage(D(25), D(0), D(0))})
    assert carried_over(2027, 2026, D(0), usage_of) == 0


def test_carry_over_chains_over_three_years() -> None:
    usage_of, asked = usages(
        {
            2024: YearUsage(D(20), D(0), D(18)),  # 2 left -> 2
            2025: YearUsage(D(20), D(1), D(19)),  # 20 + 2 + 1 - 19 = 4 -> 4
            2026: YearUsage(D(20), D(-2), D(10)),  # 20 + 4 - 2 - 10 = 12 -> capped at 5
        }
    )
    assert carried_over(2027, 2024, D(5), usage_of) == 5
    assert asked == [2024, 2025, 2026]


def test_carry_over_chain_recovers_after_an_overdrawn_year() -> None:
    usage_of, _ = usages(
        {
            2024: YearUsage(D(20), D(0), D(25)),  # -5 -> 0, the debt is not carried
            2025: YearUsage(D(20), D(0), D(17)),  # 3 -> 3
        }
    )
    assert carried_over(2025, 2024, D(5), usage_of) == 0
    assert carried_over(2026, 2024, D(5), usage_of) == 3

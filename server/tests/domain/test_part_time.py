"""A policy's annual amount scaled to a person's schedule (golden A12-A15)."""

from datetime import date
from decimal import Decimal

import pytest

from server.domain.part_time import DayEntitlement, HourEntitlement, Rounding, year_entitlement
from server.domain.schedule import Schedule

YEAR = (date(2027, 1, 1), date(2027, 12, 31))


def days_a_week(n, effective_from=date(1900, 1, 1)):
    week = tuple(Decimal(8) if i < n else Decimal(0) for i in range(7))
    return Schedule(effective_from, date(1900, 1, 1), (week,))


UK = DayEntitlement(Decimal(28), Decimal(5), max_amount=Decimal(28))
UP_TO_HUNDREDTHS = Rounding(Decimal("0.01"), "up")


def test_a12_uk_28_days_for_three_days_a_week():
    assert year_entitlement(UK, [days_a_week(3)], *YEAR, UP_TO_HUNDREDTHS) == Decimal("16.8")


def test_a13_uk_six_days_a_week_is_capped_at_28():
    assert year_entitlement(UK, [days_a_week(6)], *YEAR, UP_TO_HUNDREDTHS) == 28


@pytest.mark.parametrize(("days", "expected"), [(5, 20), (4, 16), (3, 12)])
def test_a14_german_24_werktage_on_a_six_day_basis(days, expected):
    statutory = DayEntitlement(Decimal(24), Decimal(6))
    assert year_entitlement(statutory, [days_a_week(days)], *YEAR) == expected


def test_a15_a_mid_year_change_is_pro_rated_by_calendar_days():
    policy = DayEntitlement(Decimal(30), Decimal(5))
    schedules = [days_a_week(5), days_a_week(4, effective_from=date(2027, 7, 1))]
    # 30 * 181/365 + 24 * 184/365 = 26.975 -> 27 (half steps, half up)
    assert year_entitlement(policy, schedules, *YEAR) == 27


def test_hours_entitlements_follow_the_weekly_hours():
    four_weeks = HourEntitlement(amount_weeks=Decimal(4))
    assert year_entitlement(four_weeks, [days_a_week(3)], *YEAR, Rounding(Decimal("0.01"))) == 96
    per_basis = HourEntitlement(amount_hours=Decimal(200), basis_weekly_hours=Decimal(40))
    assert year_entitlement(per_basis, [days_a_week(3)], *YEAR, Rounding(Decimal("0.01"))) == 120

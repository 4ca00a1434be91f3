"""What a request deducts per date, in days or hours, on any schedule (the golden cases of
the units chapter, and properties that hold for every schedule and range)."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.deduction import (
    BY_HOURS,
    HOURS,
    Counting,
    Part,
    deduct,
    part_problems,
)
from server.domain.periods import LeavePeriod
from server.domain.schedule import Schedule, problems

ANCHOR = date(2027, 1, 4)  # a Monday


def schedule(*weeks, effective_from=date(1900, 1, 1), anchor=ANCHOR):
    return Schedule(effective_from, anchor, tuple(tuple(Decimal(h) for h in w) for w in weeks))


FT = [schedule([8, 8, 8, 8, 8, 0, 0])]
PT = [schedule([8, 8, 4, 0, 0, 0, 0])]
ALT = [schedule([8, 8, 8, 8, 8, 0, 0], [8, 8, 8, 8, 0, 0, 0])]
DAYS = Counting()
HOUR = Counting(HOURS)
WEIGHTED = Counting(day_weighting=BY_HOURS)
WED = date(2027, 3, 3)
MON_TO_FRI = LeavePeriod(date(2027, 3, 1), date(2027, 3, 5))


@pytest.mark.parametrize(
    ("case", "schedules", "period", "counting", "amount"),
    [
        ("A1", FT, LeavePeriod(WED, WED), DAYS, 1),
        ("A2", FT, LeavePeriod(WED, WED), HOUR, 8),
        ("A3", PT, MON_TO_FRI, DAYS, 3),
        ("A4", PT, MON_TO_FRI, HOUR, 20),
        ("A5", PT, MON_TO_FRI, WEIGHTED, 3),
        ("A6", PT, LeavePeriod(WED, WED), WEIGHTED, Decimal("0.6")),
        ("A7", PT, LeavePeriod(WED, WED, start_half=True), HOUR, 2),
        ("A8", PT, LeavePeriod(date(2027, 3, 4), date(2027, 3, 4), start_half=True), DAYS, 0),
        ("A10", ALT, LeavePeriod(date(2027, 1, 4), date(2027, 1, 15)), DAYS, 9),
        ("A10 hours", ALT, LeavePeriod(date(2027, 1, 4), date(2027, 1, 15)), HOUR, 72),
    ],
)
def test_golden_cases(case, schedules, period, counting, amount):
    assert deduct(period, schedules, {}, counting).amount == amount


def test_a_part_timers_days_off_are_non_working_and_the_weekend_a_weekend():
    result = deduct(LeavePeriod(date(2027, 3, 1), date(2027, 3, 7)), PT, {}, DAYS)
    assert [(s.date.day, s.reason) for s in result.skipped] == [
        (4, "non-working"),
        (5, "non-working"),
        (6, "weekend"),
        (7, "weekend"),
    ]


def test_by_hours_weighs_single_days_by_their_hours():
    result = deduct(MON_TO_FRI, PT, {}, WEIGHTED)
    assert [(d.date.day, d.scheduled_hours, d.amount) for d in result.breakdown] == [
        (1, 8, Decimal("1.2")),
        (2, 8, Decimal("1.2")),
        (3, 4, Decimal("0.6")),
    ]


def test_a_holiday_on_a_working_day_deducts_nothing_and_is_named():
    result = deduct(MON_TO_FRI, FT, {WED: "Founders' day"}, HOUR)
    assert result.amount == 32
    assert [(s.date, s.reason, s.name) for s in result.skipped] == [
        (WED, "holiday", "Founders' day")
    ]


def test_hour_parts_take_the_hours_they_name():
    parts = [Part(WED, Decimal(2))]
    assert part_problems(parts, LeavePeriod(WED, WED), PT, HOUR) == {}
    assert deduct(LeavePeriod(WED, WED), PT, {}, HOUR, parts).amount == 2


@pytest.mark.parametrize(
    ("parts", "counting", "errors"),
    [
        ([Part(WED, Decimal(5))], HOUR, ["parts[0].hours"]),  # A9: 4 h scheduled
        ([Part(WED, Decimal("1.1"))], HOUR, ["parts[0].hours"]),  # not a quarter hour
        ([Part(date(2027, 3, 4), Decimal(1))], HOUR, ["parts[0].date"]),  # a day off
        ([Part(date(2027, 3, 10), Decimal(1))], HOUR, ["parts[0].date"]),  # outside
        ([Part(WED, Decimal(1)), Part(WED, Decimal(1))], HOUR, ["parts[1].date"]),
        ([Part(WED, Decimal(1))], DAYS, ["parts"]),
    ],
)
def test_parts_that_cannot_be_are_named(parts, counting, errors):
    assert sorted(part_problems(parts, MON_TO_FRI, PT, counting)) == errors


def test_a_half_of_an_odd_hour_day_is_exact_to_the_hundredth():
    odd = [schedule([Decimal("7.75")] * 5 + [0, 0])]
    assert deduct(LeavePeriod(WED, WED, end_half=True), odd, {}, HOUR).amount == Decimal("3.88")


def test_a_request_across_a_schedule_change_counts_each_day_on_its_schedule():
    full_then_part = [
        schedule([8, 8, 8, 8, 8, 0, 0]),
        schedule([8, 8, 4, 0, 0, 0, 0], effective_from=date(2027, 3, 8)),
    ]
    period = LeavePeriod(date(2027, 3, 1), date(2027, 3, 12))
    assert deduct(period, full_then_part, {}, DAYS).amount == 5 + 3
    assert deduct(period, full_then_part, {}, HOUR).amount == 40 + 20


def test_schedule_rules():
    assert problems([[8] * 7], date(2027, 1, 5)) == {"cycle_anchor": "must be a Monday"}  # A11
    assert problems([], None) == {"weeks": "must have 1 to 4 weeks"}
    assert list(problems([[8] * 6], None)) == ["weeks[0]"]
    assert list(problems([[25, 0, 0, 0, 0, 0, 0]], None)) == ["weeks[0]"]
    assert list(problems([[0] * 7], None)) == ["weeks"]
    assert problems([[8] * 5 + [0, 0]] * 4, ANCHOR) == {}


def test_derived_figures_of_an_alternating_schedule():
    (alt,) = ALT
    assert alt.weekly_hours_avg == 36
    assert alt.working_days_per_week_avg == Fraction(9, 2)
    assert alt.reference_day_hours == 8
    assert alt.work_days == [0, 1, 2, 3, 4]
    (pt,) = PT
    assert pt.reference_day_hours == Fraction(20, 3)


hours = st.sampled_from([Decimal(h) / 4 for h in range(0, 97)])
week = st.lists(hours, min_size=7, max_size=7)
schedules = st.lists(week, min_size=1, max_size=4).filter(
    lambda weeks: any(h > 0 for w in weeks for h in w)
)
periods = st.builds(
    lambda start, length, first_half, last_half: LeavePeriod(
        start, start + timedelta(days=length), first_half, last_half and length > 0
    ),
    st.dates(date(2027, 1, 1), date(2027, 12, 31)),
    st.integers(0, 40),
    st.booleans(),
    st.booleans(),
)


@given(weeks=schedules, period=periods, counting=st.sampled_from([DAYS, HOUR, WEIGHTED]))
def test_the_breakdown_always_adds_up_to_the_amount(weeks, period, counting):
    result = deduct(period, [schedule(*weeks)], {}, counting)
    assert sum((d.amount for d in result.breakdown), Decimal(0)) == result.amount
    assert result.amount % counting.precision == 0
    assert all(d.amount > 0 for d in result.breakdown)


@given(weeks=schedules, period=periods)
def test_hours_over_the_reference_day_are_the_weighted_days(weeks, period):
    """The hours a request takes, over the reference day, are its by-hours days: both are
    rounded once from the same exact value (to 0.01), so they differ by no more than those
    two roundings allow (half a hundredth each, the hours' one scaled by the division)."""
    (sched,) = [schedule(*weeks)]
    taken_hours = deduct(period, [sched], {}, HOUR).amount
    weighted = deduct(period, [sched], {}, WEIGHTED).amount
    ref = sched.reference_day_hours
    half = Fraction(1, 200)
    assert abs(Fraction(weighted) - Fraction(taken_hours) / ref) <= half + half / ref

"""Leave years and accrual plans as pure functions: golden cases B1-B5, B12 and B13 of the
policies chapter, and properties of crediting."""

import itertools
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.accrual_plan import (
    FRONT_LOADED,
    IMMEDIATE,
    PERIODIC,
    PRORATE_DAYS,
    Level,
    Plan,
    add_months,
    after,
    capped_credit,
    credited,
    first_usable_day,
    per_hour_credit,
    periods,
    pro_rata,
    yearly_amount,
)
from server.domain.leave_year import HIRE_ANNIVERSARY, LeaveYearRule
from server.domain.part_time import DayEntitlement, Rounding
from server.domain.schedule import BEGINNING, Schedule, week_of_hours

CALENDAR = LeaveYearRule()
HALF_UP = Rounding(Decimal("0.5"), "half_up")


def d(iso):
    return date.fromisoformat(iso)


# --- leave years --------------------------------------------------------------------------------


def test_a_fixed_start_labels_the_year_it_starts_in():
    april = LeaveYearRule(start="04-01")
    assert april.period(2027) == (d("2027-04-01"), d("2028-03-31"))
    assert april.label_on(d("2028-03-31")) == 2027
    assert april.label_on(d("2028-04-01")) == 2028
    assert CALENDAR.period(2027) == (d("2027-01-01"), d("2027-12-31"))


def test_a_hire_anniversary_year_runs_from_the_hire_date():
    ontario = LeaveYearRule(HIRE_ANNIVERSARY)
    assert ontario.period(2027, d("2027-01-04")) == (d("2027-01-04"), d("2028-01-03"))
    # A leap-day hire has its anniversary on 28 February in common years.
    assert ontario.period(2027, d("2024-02-29")) == (d("2027-02-28"), d("2028-02-28"))
    assert ontario.period(2028, d("2024-02-29")) == (d("2028-02-29"), d("2029-02-27"))
    # Without a hire date, calendar years.
    assert ontario.period(2027) == (d("2027-01-01"), d("2027-12-31"))


@pytest.mark.parametrize("start", ["13-01", "02-30", "02-29", "4-1", "", "04-01x"])
def test_a_start_that_is_no_day_of_every_year_is_refused(start):
    assert set(LeaveYearRule(start=start).problems()) == {"start"}
    assert LeaveYearRule(basis="fiscal").problems() == {
        "basis": "must be fixed_date or hire_anniversary"
    }


# --- the golden cases ---------------------------------------------------------------------------


def test_b1_front_loaded_for_a_mid_year_hire_is_pro_rated_by_days():
    first, last = CALENDAR.period(2027)
    amount = credited(Plan(FRONT_LOADED), Fraction(25), first, last, d("2027-07-01"), last, HALF_UP)
    assert amount == Decimal("12.5")  # 25 * 184/365 = 12.60


def test_b2_an_april_year_pro_rates_over_its_own_days():
    first, last = LeaveYearRule(start="04-01").period(2027)
    amount = credited(Plan(FRONT_LOADED), Fraction(28), first, last, d("2027-10-01"), last, HALF_UP)
    assert amount == Decimal(14)  # 183 of the 366 days of 2027-04-01..2028-03-31


def test_b3_monthly_from_the_first_full_month():
    first, last = CALENDAR.period(2027)
    plan = Plan(PERIODIC, "monthly", "start")
    by_june = credited(plan, Fraction(24), first, last, d("2027-03-15"), d("2027-06-30"), HALF_UP)
    assert by_june == Decimal(6)  # April, May, June
    prorated = Plan(PERIODIC, "monthly", "start", PRORATE_DAYS)
    # March from the 15th: 17 of its 31 days on top.
    exact = credited(prorated, Fraction(24), first, last, d("2027-03-15"), d("2027-06-30"),
                     Rounding(Decimal("0.01")))  # fmt: skip
    assert exact == Decimal("7.10")


def test_b4_a_tenure_level_from_the_next_leave_year_or_at_once():
    levels = [Level("P0D", Decimal(25)), Level("P5Y", Decimal(26))]
    hired = d("2022-06-15")
    assert yearly_amount(levels, hired, *CALENDAR.period(2027)) == 25
    assert yearly_amount(levels, hired, *CALENDAR.period(2028)) == 26
    at_once = yearly_amount(levels, hired, *CALENDAR.period(2027), transition=IMMEDIATE)
    assert at_once == 25 + Fraction(200, 365)
    assert HALF_UP.apply(at_once) == Decimal("25.5")


def test_b5_the_waiting_period_counts_the_hire_date_as_day_0():
    assert first_usable_day(d("2027-01-06"), 90) == d("2027-04-06")


def test_b12_the_french_year_in_working_days_rounded_up():
    # 30 jours ouvrables on a 6-day basis, 2.5 a month, June year, rounded up to whole days.
    five_days = Schedule(BEGINNING, BEGINNING, (week_of_hours((0, 1, 2, 3, 4)),))
    scaled = DayEntitlement(Decimal(30), Decimal(6)).for_schedule(five_days)
    assert scaled == 25
    first, last = LeaveYearRule(start="06-01").period(2027)
    plan, up = Plan(PERIODIC, "monthly", "start"), Rounding(Decimal(1), "up")
    assert credited(plan, scaled, first, last, d("2027-06-01"), last, up) == 25
    # Seven full months (June to December): 17.5 * 5/6 = 14.58, up to 15.
    assert credited(plan, scaled, first, last, d("2027-06-01"), d("2027-12-31"), up) == 15


def test_b13_ontario_years_from_the_hire_with_a_first_year_to_earn_it():
    ontario = LeaveYearRule(HIRE_ANNIVERSARY)
    hired = d("2027-01-04")
    levels = [Level("P0D", Decimal(10)), Level("P5Y", Decimal(15))]
    earns_from = after(hired, "P1Y")  # vacation is earned by a year of work
    credits = {}
    for label in range(2027, 2033):
        first, last = ontario.period(label, hired)
        amount = yearly_amount(levels, hired, first, last)
        credits[first] = credited(Plan(FRONT_LOADED), amount, first, last, earns_from, last)
    assert credits[d("2027-01-04")] == 0
    assert credits[d("2028-01-04")] == 10
    assert credits[d("2031-01-04")] == 10
    assert credits[d("2032-01-04")] == 15


# --- periods and properties ---------------------------------------------------------------------


def test_periods_of_each_frequency_cover_the_year_once():
    first, last = LeaveYearRule(start="04-01").period(2027)
    counts = {f: len(periods(f, first, last)) for f in
              ("monthly", "semi_monthly", "biweekly", "weekly", "quarterly", "yearly")}  # fmt: skip
    assert counts == {"monthly": 12, "semi_monthly": 24, "biweekly": 27, "weekly": 53,
                      "quarterly": 4, "yearly": 1}  # fmt: skip
    for frequency in counts:
        spans = periods(frequency, first, last)
        assert spans[0].first == first and spans[-1].last == last
        assert all(a.last + timedelta(days=1) == b.first for a, b in itertools.pairwise(spans))


def test_months_keep_their_day_or_the_months_last():
    assert add_months(d("2027-01-31"), 1) == d("2027-02-28")
    assert add_months(d("2027-12-15"), 3) == d("2028-03-15")
    assert after(d("2024-02-29"), "P1Y") == d("2025-02-28")
    with pytest.raises(ValueError):
        after(d("2027-01-01"), "five years")


plans = st.builds(
    Plan,
    method=st.sampled_from([FRONT_LOADED, PERIODIC]),
    frequency=st.sampled_from(
        ["monthly", "semi_monthly", "biweekly", "weekly", "quarterly", "yearly"]
    ),
    timing=st.sampled_from(["start", "end"]),
    first_period=st.sampled_from(["full_months_only", PRORATE_DAYS]),
)


@given(
    plan=plans,
    start=st.sampled_from(["01-01", "04-01", "06-01", "10-15"]),
    offset=st.integers(-30, 400),
    later=st.integers(0, 400),
    amount=st.integers(0, 60),
)
def test_credit_never_exceeds_the_amount_and_only_grows(plan, start, offset, later, amount):
    first, last = LeaveYearRule(start=start).period(2027)
    hired = first + timedelta(days=offset)
    exact = Rounding(Decimal("0.01"), "down")
    as_of = first + timedelta(days=later)
    now = credited(plan, Fraction(amount), first, last, hired, as_of, exact)
    then = credited(plan, Fraction(amount), first, last, hired, as_of + timedelta(days=30), exact)
    assert 0 <= now <= then <= amount
    everything = credited(plan, Fraction(amount), first, last, None, last, exact)
    assert everything == amount


def test_b18_a_new_version_mid_year_is_pro_rated_by_calendar_days():
    first, last = CALENDAR.period(2027)
    before = [(Fraction(25), first, last)]
    after_change = [
        (Fraction(25), first, d("2027-06-30")),
        (Fraction(28), d("2027-07-01"), last),
    ]
    assert HALF_UP.apply(pro_rata(before, first, last)) == 25
    total = pro_rata(after_change, first, last)
    assert total == Fraction(25 * 181 + 28 * 184, 365)  # 26.51
    assert HALF_UP.apply(total) == Decimal("26.5")  # a dry run's delta: +1.5


def test_b14_accrual_stops_at_the_cap_and_tops_up_to_it():
    cap = Fraction(180)
    assert capped_credit(Fraction(10), Fraction(180), cap) == 0  # at the cap: no entry
    assert capped_credit(Fraction(10), Fraction(172), cap) == 8  # an 8 h request later
    assert capped_credit(Fraction(10), Fraction(100), cap) == 10
    assert capped_credit(Fraction(10), Fraction(175), None) == 10


def test_b17_hours_worked_earn_their_percentage_each_entry_to_the_hundredth():
    assert per_hour_credit(Decimal(100), percent=Decimal("12.07")) == Decimal("12.07")
    assert per_hour_credit(Decimal(1000), percent=Decimal("12.07")) == Decimal("120.7")
    assert per_hour_credit(Decimal(45), amount=Decimal(1), per_hours=Decimal(30)) == Decimal("1.5")
    # 7.5 h at 12.07 % is 0.90525 h: that entry is 0.91.
    assert per_hour_credit(Decimal("7.5"), percent=Decimal("12.07")) == Decimal("0.91")

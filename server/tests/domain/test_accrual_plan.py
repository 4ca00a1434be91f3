"""Leave years and accrual plans: golden cases B1-B5, B12, B13, B17 and B18 of the policies
chapter, worked out by a person's timeline of policy versions, and properties of
crediting."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.accrual_plan import (
    PRORATE_DAYS,
    add_months,
    after,
    first_usable_day,
    per_hour_credit,
    periods,
)
from server.domain.entitlement import Version, build_timeline
from server.domain.leave_year import HIRE_ANNIVERSARY, LeaveYearRule
from server.domain.policy import complete
from server.domain.schedule import BEGINNING, Schedule, week_of_hours

CALENDAR = LeaveYearRule()


def d(iso):
    return date.fromisoformat(iso)


def timeline(*bodies, hire=None, schedules=()):
    """A person's timeline of versions `(effective_from, body)` of one policy."""
    versions = [
        Version(i, 1, d(start), complete(body)) for i, (start, body) in enumerate(bodies, 1)
    ]
    return build_timeline(versions, [], d(hire) if hire else None, schedules=schedules)


def front_loaded(amount, **parts):
    return {"entitlement": {"amount": amount}, "accrual": {"method": "front_loaded"}, **parts}


def monthly(amount, **accrual):
    return {
        "entitlement": {"amount": amount},
        "accrual": {"method": "periodic", "frequency": "monthly", "timing": "start", **accrual},
    }


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
    t = timeline(("1900-01-01", front_loaded(25)), hire="2027-07-01")
    assert t.credited(2027, d("2027-12-31")) == Decimal("12.5")  # 25 * 184/365 = 12.60


def test_b2_an_april_year_pro_rates_over_its_own_days():
    april = front_loaded(28, leave_year={"basis": "fixed_date", "start": "04-01"})
    t = timeline(("1900-01-01", april), hire="2027-10-01")
    assert t.period(2027) == (d("2027-04-01"), d("2028-03-31"))
    assert t.credited(2027, d("2028-03-31")) == 14  # 183 of the 366 days


def test_b3_monthly_from_the_first_full_month():
    t = timeline(("1900-01-01", monthly(24)), hire="2027-03-15")
    assert t.credited(2027, d("2027-06-30")) == 6  # April, May, June
    # With the first month pro-rated: March from the 15th, 17 of its 31 days, on top.
    prorated = monthly(24, first_period=PRORATE_DAYS)
    exact = timeline(("1900-01-01", {**prorated, "rounding": {"step": 0.01}}), hire="2027-03-15")
    assert exact.credited(2027, d("2027-06-30")) == Decimal("7.1")


def test_b4_a_tenure_level_from_the_next_leave_year_or_at_once():
    levels = [{"after": "P5Y", "amount": 26}]
    next_year = timeline(
        ("1900-01-01", {"entitlement": {"amount": 25, "levels": levels}}), hire="2022-06-15"
    )
    assert next_year.credited(2027, d("2027-12-31")) == 25
    assert next_year.credited(2028, d("2028-12-31")) == 26
    at_once = {"amount": 25, "levels": levels, "level_transition": "immediate"}
    immediate = timeline(("1900-01-01", {"entitlement": at_once}), hire="2022-06-15")
    assert immediate.credited(2027, d("2027-12-31")) == Decimal("25.5")  # 25 + 200/365


def test_b5_the_waiting_period_counts_the_hire_date_as_day_0():
    assert first_usable_day(d("2027-01-06"), 90) == d("2027-04-06")


def test_b12_the_french_year_in_working_days_rounded_up():
    # 30 jours ouvrables on a 6-day basis, 2.5 a month, June year, rounded up to whole days;
    # a full-time person works 5 days: 25 working days a year.
    five_days = Schedule(BEGINNING, BEGINNING, (week_of_hours((0, 1, 2, 3, 4)),))
    french = {
        **monthly(30),
        "leave_year": {"basis": "fixed_date", "start": "06-01"},
        "rounding": {"step": 1, "mode": "up"},
    }
    french["entitlement"]["basis_days_per_week"] = 6
    t = timeline(("1900-01-01", french), hire="2027-06-01", schedules=[five_days])
    assert t.credited(2027, d("2028-05-31")) == 25
    # Seven full months (June to December): 17.5 * 5/6 = 14.58, up to 15.
    assert t.credited(2027, d("2027-12-31")) == 15


def test_b13_ontario_years_from_the_hire_with_a_first_year_to_earn_it():
    ontario = {
        "leave_year": {"basis": "hire_anniversary"},
        "entitlement": {"amount": 10, "levels": [{"after": "P5Y", "amount": 15}]},
        "waiting": {"accrual_days": 365},  # vacation is earned by a year of work
    }
    t = timeline(("1900-01-01", ontario), hire="2027-01-04")
    credits = {t.period(label)[0]: t.credited(label, t.period(label)[1])
               for label in range(2027, 2033)}  # fmt: skip
    assert credits[d("2027-01-04")] == 0
    assert credits[d("2028-01-04")] == 10
    assert credits[d("2031-01-04")] == 10
    assert credits[d("2032-01-04")] == 15


def test_b18_a_new_version_mid_year_is_pro_rated_by_calendar_days():
    t = timeline(("1900-01-01", front_loaded(25)), ("2027-07-01", front_loaded(28)))
    assert t.credited(2026, d("2026-12-31")) == 25
    assert t.credited(2027, d("2027-12-31")) == Decimal("26.5")  # 25*181/365 + 28*184/365


def test_b17_hours_worked_earn_their_percentage_each_entry_to_the_hundredth():
    assert per_hour_credit(Decimal(100), percent=Decimal("12.07")) == Decimal("12.07")
    assert per_hour_credit(Decimal(1000), percent=Decimal("12.07")) == Decimal("120.7")
    assert per_hour_credit(Decimal(45), amount=Decimal(1), per_hours=Decimal(30)) == Decimal("1.5")
    # 7.5 h at 12.07 % is 0.90525 h: that entry is 0.91.
    assert per_hour_credit(Decimal("7.5"), percent=Decimal("12.07")) == Decimal("0.91")


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


accruals = st.one_of(
    st.just({"method": "front_loaded"}),
    st.builds(
        lambda frequency, timing, first_period: {
            "method": "periodic", "frequency": frequency, "timing": timing,
            "first_period": first_period,
        },
        st.sampled_from(["monthly", "semi_monthly", "biweekly", "weekly", "quarterly", "yearly"]),
        st.sampled_from(["start", "end"]),
        st.sampled_from(["full_months_only", PRORATE_DAYS]),
    ),
)  # fmt: skip


@given(
    accrual=accruals,
    start=st.sampled_from(["01-01", "04-01", "06-01", "10-15"]),
    offset=st.integers(-30, 400),
    later=st.integers(0, 400),
    amount=st.integers(0, 60),
)
def test_credit_never_exceeds_the_amount_and_only_grows(accrual, start, offset, later, amount):
    body = {
        "leave_year": {"basis": "fixed_date", "start": start},
        "entitlement": {"amount": amount},
        "accrual": accrual,
        "rounding": {"step": 0.01, "mode": "down"},
    }
    first, last = LeaveYearRule(start=start).period(2027)
    hired = (first + timedelta(days=offset)).isoformat()
    as_of = first + timedelta(days=later)
    t = timeline(("1900-01-01", body), hire=hired)
    now, then = t.credited(2027, as_of), t.credited(2027, as_of + timedelta(days=30))
    assert 0 <= now <= then <= amount
    assert timeline(("1900-01-01", body)).credited(2027, last) == amount

"""Tests for counting the working days of a leave period on a plain work week (8 hours on
each work day: what every account had before schedules)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.dates import split_by_year
from server.domain.deduction import DayAmount, Deduction, Skipped, deduct_work_week
from server.domain.periods import LeavePeriod

MON_FRI = frozenset({0, 1, 2, 3, 4})
SUN_THU = frozenset({6, 0, 1, 2, 3})
NO_HOLIDAYS: dict[date, str] = {}
US_JULY_2026 = {
    date(2026, 7, 3): "Independence Day (observed)",
    date(2026, 7, 4): "Independence Day",
}


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def ds(*isos: str) -> list[date]:
    return [d(iso) for iso in isos]


def test_monday_to_sunday_is_five_days() -> None:
    count = deduct_work_week(LeavePeriod(d("2026-03-02"), d("2026-03-08")), MON_FRI, NO_HOLIDAYS)

    assert count.amount == Decimal(5)
    assert count.dates == ds("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06")
    assert count.skipped == (
        Skipped(d("2026-03-07"), "weekend"),
        Skipped(d("2026-03-08"), "weekend"),
    )
    assert count.by_year() == {2026: Decimal(5)}


def test_weekend_and_observed_public_holiday_are_skipped() -> None:
    # Mon 2026-06-29 .. Tue 2026-07-07: July 4th is a Saturday, observed on Friday July 3rd.
    count = deduct_work_week(LeavePeriod(d("2026-06-29"), d("2026-07-07")), MON_FRI, US_JULY_2026)

    assert count.amount == Decimal(6)
    assert count.dates == ds(
        "2026-06-29", "2026-06-30", "2026-07-01", "2026-07-02", "2026-07-06", "2026-07-07"
    )
    assert count.skipped == (
        Skipped(d("2026-07-03"), "holiday", "Independence Day (observed)"),
        # A holiday falling on a day off is reported as a weekend.
        Skipped(d("2026-07-04"), "weekend"),
        Skipped(d("2026-07-05"), "weekend"),
    )


def test_single_holiday_counts_nothing() -> None:
    count = deduct_work_week(LeavePeriod(d("2026-07-03"), d("2026-07-03")), MON_FRI, US_JULY_2026)

    assert count.amount == 0
    assert count.dates == []
    assert count.by_year() == {}
    assert count.skipped == (Skipped(d("2026-07-03"), "holiday", "Independence Day (observed)"),)


def test_weekend_only_counts_nothing() -> None:
    count = deduct_work_week(LeavePeriod(d("2026-03-07"), d("2026-03-08")), MON_FRI, NO_HOLIDAYS)
    assert count.amount == 0
    assert [s.reason for s in count.skipped] == ["weekend", "weekend"]


def test_half_days_at_both_ends() -> None:
    period = LeavePeriod(d("2026-03-02"), d("2026-03-06"), start_half=True, end_half=True)
    count = deduct_work_week(period, MON_FRI, NO_HOLIDAYS)

    assert count.amount == Decimal("4.0")
    assert count.per_date == (
        (d("2026-03-02"), Decimal("0.5")),
        (d("2026-03-03"), Decimal(1)),
        (d("2026-03-04"), Decimal(1)),
        (d("2026-03-05"), Decimal(1)),
        (d("2026-03-06"), Decimal("0.5")),
    )


def test_two_day_period_with_both_halves_is_one_day() -> None:
    period = LeavePeriod(d("2026-03-02"), d("2026-03-03"), start_half=True, end_half=True)
    assert deduct_work_week(period, MON_FRI, NO_HOLIDAYS).amount == Decimal(1)


@pytest.mark.parametrize(
    "period",
    [
        LeavePeriod(d("2026-03-02"), d("2026-03-02"), end_half=True),  # morning
        LeavePeriod(d("2026-03-02"), d("2026-03-02"), start_half=True),  # afternoon
    ],
)
def test_one_half_day(period: LeavePeriod) -> None:
    count = deduct_work_week(period, MON_FRI, NO_HOLIDAYS)
    assert count.amount == Decimal("0.5")
    assert count.per_date == ((d("2026-03-02"), Decimal("0.5")),)


def test_morning_and_afternoon_of_one_day_are_half_each_and_do_not_overlap() -> None:
    morning = LeavePeriod(d("2026-03-02"), d("2026-03-02"), end_half=True)
    afternoon = LeavePeriod(d("2026-03-02"), d("2026-03-02"), start_half=True)

    assert deduct_work_week(morning, MON_FRI, NO_HOLIDAYS).amount == Decimal("0.5")
    assert deduct_work_week(afternoon, MON_FRI, NO_HOLIDAYS).amount == Decimal("0.5")
    assert not morning.overlaps(afternoon)


def test_half_flag_on_a_weekend_start_removes_nothing() -> None:
    # Saturday afternoon .. Tuesday: the half falls on a day that was not going to be charged.
    period = LeavePeriod(d("2026-03-07"), d("2026-03-10"), start_half=True)
    count = deduct_work_week(period, MON_FRI, NO_HOLIDAYS)

    assert count.amount == Decimal(2)
    assert count.per_date == ((d("2026-03-09"), Decimal(1)), (d("2026-03-10"), Decimal(1)))


def test_half_flag_on_a_holiday_end_removes_nothing() -> None:
    period = LeavePeriod(d("2026-06-30"), d("2026-07-03"), end_half=True)
    assert deduct_work_week(period, MON_FRI, US_JULY_2026).amount == Decimal(3)


def test_half_flag_on_a_weekend_single_day_counts_nothing() -> None:
    period = LeavePeriod(d("2026-03-07"), d("2026-03-07"), end_half=True)
    assert deduct_work_week(period, MON_FRI, NO_HOLIDAYS).amount == 0


def test_range_across_new_year() -> None:
    # Mon 2026-12-28 .. Tue 2027-01-05, New Year's Day 2027 is a Friday.
    holidays = {d("2027-01-01"): "New Year's Day"}
    count = deduct_work_week(LeavePeriod(d("2026-12-28"), d("2027-01-05")), MON_FRI, holidays)

    assert count.amount == Decimal(6)
    assert count.by_year() == {2026: Decimal(4), 2027: Decimal(2)}
    assert list(count.by_year()) == [2026, 2027]
    assert count.skipped == (
        Skipped(d("2027-01-01"), "holiday", "New Year's Day"),
        Skipped(d("2027-01-02"), "weekend"),
        Skipped(d("2027-01-03"), "weekend"),
    )


def test_sunday_to_thursday_work_week() -> None:
    # Sun 2026-03-01 .. Sat 2026-03-07.
    count = deduct_work_week(LeavePeriod(d("2026-03-01"), d("2026-03-07")), SUN_THU, NO_HOLIDAYS)

    assert count.amount == Decimal(5)
    assert count.dates == ds("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05")
    assert count.skipped == (
        Skipped(d("2026-03-06"), "non-working"),  # a Friday off is not a weekend
        Skipped(d("2026-03-07"), "weekend"),
    )


def test_sunday_to_thursday_week_counts_a_half_sunday() -> None:
    period = LeavePeriod(d("2026-03-01"), d("2026-03-02"), start_half=True)
    assert deduct_work_week(period, SUN_THU, NO_HOLIDAYS).amount == Decimal("1.5")


def test_seven_day_work_week_counts_every_calendar_day() -> None:
    period = LeavePeriod(d("2026-03-01"), d("2026-03-14"))
    assert deduct_work_week(period, range(7), NO_HOLIDAYS).amount == 14


def test_empty_work_week_counts_nothing() -> None:
    count = deduct_work_week(LeavePeriod(d("2026-03-01"), d("2026-03-07")), (), NO_HOLIDAYS)
    assert count.amount == 0
    assert len(count.skipped) == 7


def test_two_full_years() -> None:
    # 2026 and 2027 each have 261 weekdays; 730 days is the longest range the API allows.
    count = deduct_work_week(LeavePeriod(d("2026-01-01"), d("2027-12-31")), MON_FRI, NO_HOLIDAYS)
    assert count.amount == 522
    assert count.by_year() == {2026: 261, 2027: 261}


@pytest.mark.parametrize(
    "period",
    [
        LeavePeriod(d("2026-03-03"), d("2026-03-02")),
        LeavePeriod(d("2026-03-02"), d("2026-03-02"), start_half=True, end_half=True),
    ],
)
def test_invalid_period_is_refused(period: LeavePeriod) -> None:
    with pytest.raises(ValueError):
        deduct_work_week(period, MON_FRI, NO_HOLIDAYS)


def test_day_count_by_year_is_ordered_by_year() -> None:
    count = Deduction(
        "days",
        breakdown=(
            DayAmount(d("2027-01-04"), Decimal(8), Decimal(1)),
            DayAmount(d("2026-12-31"), Decimal(8), Decimal("0.5")),
        ),
        skipped=(),
    )
    assert list(count.by_year().items()) == [(2026, Decimal("0.5")), (2027, Decimal(1))]


# Property-based tests.

FIRST, LAST = date(2000, 1, 1), date(2100, 12, 31)
Case = tuple[LeavePeriod, frozenset[int], dict[date, str]]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A valid period of up to ~2 years, a work week and holidays inside the period."""
    start = draw(st.dates(min_value=FIRST, max_value=LAST))
    length = draw(st.integers(0, min(800, (LAST - start).days)))
    end = start + timedelta(days=length)
    start_half, end_half = draw(st.booleans()), draw(st.booleans())
    if length == 0 and start_half and end_half:
        end_half = False
    work_days = draw(st.frozensets(st.integers(0, 6)))
    offsets = draw(st.sets(st.integers(0, length), max_size=20))
    holidays = {start + timedelta(days=n): f"Holiday {n}" for n in offsets}
    return LeavePeriod(start, end, start_half, end_half), work_days, holidays


def calendar_days(period: LeavePeriod) -> list[date]:
    return [period.start + timedelta(days=n) for n in range((period.end - period.start).days + 1)]


@given(cases())
def test_days_are_between_zero_and_the_calendar_days(case: Case) -> None:
    period, work_days, holidays = case
    days = deduct_work_week(period, work_days, holidays).amount
    assert 0 <= days <= len(calendar_days(period))


@given(cases())
def test_every_date_is_either_counted_or_skipped(case: Case) -> None:
    period, work_days, holidays = case
    count = deduct_work_week(period, work_days, holidays)

    skipped = [s.date for s in count.skipped]
    assert sorted(count.dates + skipped) == calendar_days(period)
    assert count.dates == sorted(count.dates)
    assert skipped == sorted(skipped)
    for day in count.dates:
        assert day.weekday() in work_days
        assert day not in holidays
    for s in count.skipped:
        if s.reason in ("weekend", "non-working"):
            assert s.date.weekday() not in work_days
            assert (s.reason == "weekend") == (s.date.weekday() >= 5)
            assert s.name is None
        else:
            assert s.reason == "holiday"
            assert s.date.weekday() in work_days
            assert s.name == holidays[s.date]


@given(cases())
def test_by_year_sums_to_days(case: Case) -> None:
    period, work_days, holidays = case
    count = deduct_work_week(period, work_days, holidays)
    by_year = count.by_year()

    assert sum(by_year.values(), Decimal(0)) == count.amount
    assert list(by_year) == sorted(by_year)
    assert set(by_year) == {day.year for day in count.dates}


@given(cases())
def test_days_equal_the_sum_over_years_counted_separately(case: Case) -> None:
    period, work_days, holidays = case
    parts = split_by_year(period.start, period.end)

    total = Decimal(0)
    for i, (part_start, part_end) in enumerate(parts):
        part = LeavePeriod(
            part_start,
            part_end,
            start_half=period.start_half and i == 0,
            end_half=period.end_half and i == len(parts) - 1,
        )
        total += deduct_work_week(part, work_days, holidays).amount
    assert total == deduct_work_week(period, work_days, holidays).amount


@given(cases())
def test_half_flags_remove_at_most_half_a_day_per_end(case: Case) -> None:
    period, work_days, holidays = case
    halved = deduct_work_week(period, work_days, holidays).amount
    whole = deduct_work_week(LeavePeriod(period.start, period.end), work_days, holidays)

    def charged(day: date) -> bool:
        return day in whole.dates

    expected = Decimal(0)
    if period.start_half and charged(period.start):
        expected += Decimal("0.5")
    if period.end_half and charged(period.end):
        expected += Decimal("0.5")
    assert whole.amount - halved == expected
    assert 0 <= whole.amount - halved <= 1

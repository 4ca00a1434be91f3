"""Tests for leave periods: validation and half-day-aware overlap."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.periods import LeavePeriod

MON = date(2026, 3, 2)
TUE = date(2026, 3, 3)
WED = date(2026, 3, 4)
THU = date(2026, 3, 5)


def test_valid_periods_have_no_problems() -> None:
    assert LeavePeriod(MON, MON).problems() == {}
    assert LeavePeriod(MON, MON, start_half=True).problems() == {}
    assert LeavePeriod(MON, MON, end_half=True).problems() == {}
    assert LeavePeriod(MON, TUE, start_half=True, end_half=True).problems() == {}


def test_end_before_start_is_a_problem() -> None:
    assert LeavePeriod(TUE, MON).problems() == {"end_date": "must be on or after start_date"}


def test_same_day_with_both_halves_is_a_problem() -> None:
    assert LeavePeriod(MON, MON, start_half=True, end_half=True).problems() == {
        "end_half": "a one-day request cannot start at noon and end at noon"
    }


def test_period_is_frozen_and_hashable() -> None:
    period = LeavePeriod(MON, TUE)
    with pytest.raises(AttributeError):
        period.start = TUE  # type: ignore[misc]
    assert {period, LeavePeriod(MON, TUE)} == {period}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Same-day morning and afternoon.
        (LeavePeriod(MON, MON, end_half=True), LeavePeriod(MON, MON, start_half=True), False),
        (LeavePeriod(MON, MON), LeavePeriod(MON, MON), True),
        (LeavePeriod(MON, MON), LeavePeriod(MON, MON, start_half=True), True),
        (LeavePeriod(MON, MON), LeavePeriod(MON, MON, end_half=True), True),
        (LeavePeriod(MON, MON, end_half=True), LeavePeriod(MON, MON, end_half=True), True),
        (LeavePeriod(MON, MON, start_half=True), LeavePeriod(MON, MON, start_half=True), True),
        # Back-to-back ranges meeting at noon on Tuesday.
        (LeavePeriod(MON, TUE, end_half=True), LeavePeriod(TUE, THU, start_half=True), False),
        (LeavePeriod(MON, TUE), LeavePeriod(TUE, THU, start_half=True), True),
        (LeavePeriod(MON, TUE, end_half=True), LeavePeriod(TUE, THU), True),
        # Adjacent days.
        (LeavePeriod(MON, TUE), LeavePeriod(WED, THU), False),
        (LeavePeriod(MON, MON), LeavePeriod(TUE, TUE), False),
        # Containment, halves at the outer ends only.
        (LeavePeriod(MON, WED, start_half=True, end_half=True), LeavePeriod(TUE, TUE), True),
        (LeavePeriod(MON, THU), LeavePeriod(TUE, WED, start_half=True, end_half=True), True),
        # Far apart.
        (LeavePeriod(MON, TUE), LeavePeriod(date(2027, 3, 1), date(2027, 3, 2)), False),
    ],
)
def test_overlaps(a: LeavePeriod, b: LeavePeriod, expected: bool) -> None:
    assert a.overlaps(b) is expected
    assert b.overlaps(a) is expected


@st.composite
def periods(draw: st.DrawFn) -> LeavePeriod:
    """Valid periods inside a two-week window, so that overlaps are frequent."""
    start = draw(st.dates(min_value=MON, max_value=MON + timedelta(days=13)))
    end = start + timedelta(days=draw(st.integers(0, 5)))
    start_half, end_half = draw(st.booleans()), draw(st.booleans())
    if start == end and start_half and end_half:
        end_half = False
    return LeavePeriod(start, end, start_half, end_half)


def half_days(period: LeavePeriod) -> set[tuple[date, str]]:
    """Every (date, "am"|"pm") the period covers, spelled out one by one."""
    covered = set()
    day = period.start
    while day <= period.end:
        if not (day == period.start and period.start_half):
            covered.add((day, "am"))
        if not (day == period.end and period.end_half):
            covered.add((day, "pm"))
        day += timedelta(days=1)
    return covered


@given(periods(), periods())
def test_overlaps_is_symmetric(a: LeavePeriod, b: LeavePeriod) -> None:
    assert a.overlaps(b) == b.overlaps(a)


@given(periods())
def test_period_overlaps_itself(period: LeavePeriod) -> None:
    assert period.overlaps(period)


@given(periods(), periods())
def test_overlaps_means_sharing_a_half_day(a: LeavePeriod, b: LeavePeriod) -> None:
    assert a.overlaps(b) == bool(half_days(a) & half_days(b))

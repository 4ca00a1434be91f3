"""The demo company's dates, planned for 366 consecutive todays (25 December and New Year
among them) and for 29 February 2028: the story the seed tells, and what the browser tests
and the docs' examples rely on, holds on every one of them."""

from collections import Counter
from datetime import date, timedelta
from functools import cache

import holidays as holidays_lib
import pytest

from server.domain import demo_company
from server.domain.deduction import deduct_work_week
from server.domain.demo_company import (
    LEAVE_TYPES,
    PEOPLE,
    WISHES,
    WorkCalendar,
    company_holidays,
    horizon,
    plan_requests,
)
from server.domain.periods import LeavePeriod
from server.domain.vocabulary import APPROVED, CANCELLED, DEFAULT_WORK_DAYS, PENDING, REJECTED

TODAYS = [date(2026, 6, 1) + timedelta(days=n) for n in range(366)] + [date(2028, 2, 29)]
REGION = {key: (country, subdivision) for key, _, _, country, subdivision, *_ in PEOPLE}


@cache
def public_holidays(country, subdivision, year):
    return dict(holidays_lib.country_holidays(country, subdiv=subdivision, years=year))


def calendars_on(today):
    """Everyone's calendar as the seed gives it to the plan: public holidays of their
    region, and the company holidays for everyone or for their country."""
    first, last = demo_company.window(today)
    company = company_holidays(today)
    calendars = {}
    for key, (country, subdivision) in REGION.items():
        days = {}
        for year in range(first.year, last.year + 1):
            days.update(public_holidays(country, subdivision, year))
        days.update({day: name for day, name, scope in company if scope in (None, country)})
        calendars[key] = WorkCalendar(frozenset(DEFAULT_WORK_DAYS), days)
    return calendars


@pytest.fixture(scope="module")
def plans():
    """{today: (calendars, planned requests)} for every today of TODAYS."""
    found = {}
    for today in TODAYS:
        calendars = calendars_on(today)
        found[today] = calendars, plan_requests(today, calendars)
    return found


def days_counted(request, calendar):
    period = LeavePeriod(request.start, request.end)
    return deduct_work_week(period, calendar.work_days, calendar.holidays)


def test_every_request_counts_the_working_days_it_wishes_on_every_today(plans):
    wrong = []
    for today, (calendars, planned) in plans.items():
        for wish, request in zip(WISHES, planned, strict=True):
            counted = days_counted(request, calendars[request.who])
            # Neither the first nor the last day is a day off.
            ends = (counted.dates[0], counted.dates[-1]) if counted.dates else None
            if counted.amount != wish.working_days or ends != (request.start, request.end):
                wrong.append((today, request))
    assert wrong == []


def test_past_requests_end_before_yesterday_and_future_ones_start_after_tomorrow(plans):
    wrong = []
    for today, (_, planned) in plans.items():
        for wish, request in zip(WISHES, planned, strict=True):
            if wish.in_past and not request.end < today - timedelta(days=1):
                wrong.append((today, request))
            if not wish.in_past and not request.start > today + timedelta(days=1):
                wrong.append((today, request))
    assert wrong == []


def test_a_persons_requests_never_overlap(plans):
    overlapping = [
        (today, first, second)
        for today, (_, planned) in plans.items()
        for n, first in enumerate(planned)
        for second in planned[n + 1 :]
        if first.who == second.who and first.overlaps(second)
    ]
    assert overlapping == []


def test_requests_stay_near_their_wished_week_and_before_the_horizon(plans):
    """The story keeps its shape (a request moves by less than two weeks), and the days
    from `horizon` on are free for the browser tests (12 weeks out) and the docs' examples
    (21 weeks out)."""
    wrong = []
    for today, (_, planned) in plans.items():
        monday = today - timedelta(days=today.weekday())
        for wish, request in zip(WISHES, planned, strict=True):
            wished = monday + timedelta(weeks=wish.week, days=wish.weekday)
            if abs((request.start - wished).days) >= 14 or request.end >= horizon(today):
                wrong.append((today, request))
    assert wrong == []
    assert all(horizon(today) <= today + timedelta(weeks=12) for today in TODAYS)


def test_the_demo_always_has_its_mix_of_requests(plans):
    """README: past, pending, approved, rejected and cancelled requests."""
    for today, (_, planned) in plans.items():
        kinds = {(r.outcome, "past" if r.end < today else "future") for r in planned}
        assert {
            (APPROVED, "past"),
            (APPROVED, "future"),
            (PENDING, "future"),
            (REJECTED, "past"),
            (CANCELLED, "future"),
        } <= kinds, today
        assert any(r.leave_type == "sick" and r.end < today for r in planned), today


def test_what_the_browser_tests_find_is_there_on_every_today(plans):
    """Maya rejects "Grace Hopper's request" (exactly one pending: a flex day), approves
    Ada's own, and Alan's stays in her inbox; Ada has nothing pending and the two weeks
    after today free for the request she makes in the browser."""
    for today, (_, planned) in plans.items():
        pending = Counter(r.who for r in planned if r.outcome == PENDING)
        assert pending["grace"] == 1 and pending["alan"] == 1 and pending["ada"] == 0, today
        grace = next(r for r in planned if r.who == "grace" and r.outcome == PENDING)
        assert grace.leave_type == "flex"
        two_weeks = (today, today + timedelta(days=14))
        ada = [r for r in planned if r.who == "ada"]
        assert not [r for r in ada if r.start <= two_weeks[1] and r.end >= two_weeks[0]], today


def test_nobody_books_more_than_the_allowance_in_any_year(plans):
    """The services refuse what the balance cannot hold: the plan never asks for it."""
    allowance = {t["code"]: t["yearly_allowance"] for t in LEAVE_TYPES}
    over = []
    for today, (calendars, planned) in plans.items():
        booked = Counter()
        for request in planned:
            if request.outcome in (APPROVED, PENDING) and allowance[request.leave_type]:
                by_year = days_counted(request, calendars[request.who]).by_year()
                for year, days in by_year.items():
                    booked[request.who, request.leave_type, year] += days
        over += [(today, key) for key, days in booked.items() if days > allowance[key[1]]]
    assert over == []


def test_company_holidays_never_clash_and_the_offsite_is_a_german_wednesday():
    for today in TODAYS:
        holidays = company_holidays(today)
        assert len({(day, scope) for day, _, scope in holidays}) == len(holidays)
        offsite = next(day for day, name, _ in holidays if name == "Team offsite")
        assert offsite.weekday() == 2 and offsite > today


def test_on_25_december_grace_takes_her_long_weekend_after_christmas():
    """On Monday 7 December 2026 the seed used to put her flex day on "Friday of the week
    after next", 25 December, skip it as a holiday, and the browser tests could not find
    "Reject Grace Hopper's request"."""
    today = date(2026, 12, 7)
    planned = plan_requests(today, calendars_on(today))
    grace = next(r for r in planned if r.who == "grace" and r.outcome == PENDING)
    assert (grace.start, grace.end) == (date(2026, 12, 28), date(2026, 12, 28))


def test_a_plan_that_cannot_find_working_days_says_so_rather_than_leaving_a_request_out():
    calendars = {key: WorkCalendar(frozenset(), {}) for key in REGION}
    with pytest.raises(ValueError, match="no dates for"):
        plan_requests(date(2026, 12, 7), calendars)


@pytest.mark.parametrize(
    ("first", "working_days", "last"),
    [
        (date(2028, 2, 28), 2, date(2028, 2, 29)),  # the leap day is a working day
        (date(2028, 2, 28), 3, date(2028, 3, 1)),
        (date(2026, 12, 23), 2, date(2026, 12, 28)),  # over the shutdown, Christmas, a weekend
        (date(2026, 12, 30), 2, date(2027, 1, 4)),  # over the shutdown and New Year
    ],
)
def test_a_request_ends_on_its_last_working_day(first, working_days, last):
    ada = calendars_on(date(2026, 12, 7) if first.year < 2028 else date(2028, 2, 29))["ada"]
    assert ada.last_of(first, working_days) == last

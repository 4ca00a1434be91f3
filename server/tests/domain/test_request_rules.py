"""The rules of a leave request, as pure functions: which are broken, and which one a
refused request is reported with."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import request_rules as rules
from server.domain.ledger import YearCharge
from server.domain.periods import LeavePeriod

TODAY = date(2026, 3, 2)


class Type:
    def __init__(self, **overrides):
        self.name = "Vacation"
        self.is_active = True
        self.allow_past = False
        self.min_notice_days = 0
        self.allow_negative = False
        self.unlimited = False
        self.unit = "days"
        self.unit_word = "days"
        self.allow_half_days = True
        self.__dict__.update(overrides)


def request(**overrides):
    base = rules.Request(
        period=LeavePeriod(date(2026, 3, 9), date(2026, 3, 13)),
        amount=Decimal(5),
        today=TODAY,
        timezone="Europe/Berlin",
        owner_name="Rita",
        owner_active=True,
        leave_type=Type(),
        by_admin=False,
        charges=[YearCharge(2026, Decimal(5), Decimal(25), Decimal(20))],
    )
    return replace(base, **overrides)


def kinds(found):
    return [(v.kind, v.field) for v in found]


def test_a_good_request_breaks_nothing():
    assert rules.check(request()) == []
    assert rules.refusal([]) is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"owner_active": False}, [("invalid", "user_id")]),
        ({"leave_type": Type(is_active=False)}, [("invalid", "leave_type_id")]),
        ({"amount": Decimal(0)}, [("invalid", "end_date")]),
        (
            {
                "overlaps": [
                    rules.Overlap(
                        4, LeavePeriod(date(2026, 3, 9), date(2026, 3, 9)), "Flex", "approved"
                    ),
                    rules.Overlap(
                        7, LeavePeriod(date(2026, 3, 12), date(2026, 3, 20)), "Vacation", "pending"
                    ),
                ]
            },
            [("overlap", None)],
        ),
        (
            {"period": LeavePeriod(date(2026, 3, 1), date(2026, 3, 3))},
            [("invalid", "start_date")],
        ),
        ({"leave_type": Type(min_notice_days=14)}, [("invalid", "start_date")]),
        (
            {"period": LeavePeriod(date(2028, 3, 1), date(2028, 3, 2))},
            [("invalid", "end_date")],
        ),
        (
            {"period": LeavePeriod(date(2024, 3, 1), date(2024, 3, 1)), "by_admin": True},
            [("invalid", "start_date")],
        ),
    ],
)
def test_each_rule_on_its_own(changes, expected):
    assert kinds(rules.check(request(**changes))) == expected


def test_an_overlap_is_named_by_its_type_dates_and_status_never_by_id():
    overlap = rules.Overlap(
        6, LeavePeriod(date(2026, 3, 12), date(2026, 3, 13)), "Vacation", "approved"
    )
    (violation,) = rules.check(request(overlaps=[overlap]))
    assert violation.detail == "Overlaps your approved Vacation from 2026-03-12 to 2026-03-13."
    assert "4242" not in violation.detail


def test_admins_may_book_the_past_and_at_short_notice():
    past = LeavePeriod(date(2026, 2, 23), date(2026, 2, 24))
    assert rules.check(request(period=past, by_admin=True)) == []
    short = request(leave_type=Type(min_notice_days=30), by_admin=True)
    assert rules.check(short) == []
    assert rules.check(request(period=past, leave_type=Type(allow_past=True))) == []


def test_notice_counts_from_today_in_the_owners_zone():
    found = rules.check(request(leave_type=Type(min_notice_days=8)))
    assert found[0].detail == "Vacation needs 8 days' notice: start on 2026-03-10 or later."
    assert rules.check(request(leave_type=Type(min_notice_days=7))) == []


def test_the_balance_rule_per_year_and_for_later_years():
    short = YearCharge(2026, Decimal(5), Decimal(3), Decimal(-2))
    later = [YearCharge(2027, Decimal(0), Decimal(1), Decimal(-1))]
    found = rules.check(request(charges=[short], later=later))
    assert kinds(found) == [("shortfall", None), ("shortfall", None)]
    assert "3 days are available and the request would leave -2" in found[0].detail
    assert "less would carry over into it" in found[1].detail
    # Already below zero and not made worse: not this request's fault.
    worse_before = YearCharge(2026, Decimal(0), Decimal(-3), Decimal(-3))
    assert rules.check(request(charges=[worse_before])) == []
    assert rules.check(request(charges=[short], leave_type=Type(allow_negative=True))) == []
    assert rules.check(request(charges=[short], leave_type=Type(unlimited=True))) == []


@given(st.lists(st.sampled_from([rules.INVALID, rules.OVERLAP, rules.SHORTFALL]), min_size=1))
def test_a_clash_is_reported_before_invalid_input_and_a_shortfall_last(found_kinds):
    violations = [rules.Violation(kind, f"#{i}") for i, kind in enumerate(found_kinds)]
    chosen = rules.refusal(violations)
    best = min(rules.REPORTING_ORDER.index(k) for k in found_kinds)
    assert rules.REPORTING_ORDER.index(chosen.kind) == best
    # The first of that kind, so the message is stable.
    assert chosen is next(v for v in violations if v.kind == chosen.kind)


@given(st.integers(0, 800), st.integers(0, 800))
def test_the_span_limit(start_offset, length):
    start = TODAY + timedelta(days=start_offset)
    problems = rules.period_problems(LeavePeriod(start, start + timedelta(days=length)))
    assert bool(problems) == (length >= rules.MAX_SPAN_DAYS)


def test_approval_rechecks_the_owner_the_type_and_a_shrunk_balance():
    charge = YearCharge(2026, Decimal(5), Decimal(2), Decimal(-3))
    found = rules.check_approval("Rita", False, Type(is_active=False), [charge], [])
    assert [v.detail for v in found] == [
        "Rita's account is inactive; reject it.",
        "The leave type 'Vacation' is inactive; reject it.",
        "Not enough Vacation in 2026: 2 days are available and the request would leave -3.",
    ]
    assert rules.refusal(found).kind == rules.INVALID
    assert rules.check_approval("Rita", True, Type(), [], []) == []

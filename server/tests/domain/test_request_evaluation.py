"""Evaluating a request on its facts: one pure call from the gathered record to the days,
the balance per year, the overlaps, the team conflicts and the rules broken."""

from datetime import date
from decimal import Decimal

from server.domain import capacity
from server.domain.leave_type import LeaveTypeRules
from server.domain.ledger import Ledger, Usage
from server.domain.periods import LeavePeriod
from server.domain.request_evaluation import (
    Owner,
    RequestFacts,
    approval_violations,
    evaluate,
)
from server.domain.request_rules import Overlap
from server.domain.schedule import BEGINNING, Schedule, week_of_hours

TODAY = date(2026, 3, 2)  # a Monday
VACATION = LeaveTypeRules(
    id=1,
    name="Vacation",
    code="vacation",
    is_active=True,
    requires_approval=True,
    yearly_allowance=Decimal(25),
    accrual="yearly",
    carryover_max=Decimal(0),
    allow_negative=False,
    allow_past=False,
    min_notice_days=0,
)
MON_FRI = Schedule(BEGINNING, BEGINNING, (week_of_hours((0, 1, 2, 3, 4)),))
RITA = Owner(7, "Rita Report", True, "Europe/Berlin", (MON_FRI,))


def facts(**overrides):
    base = {
        "owner": RITA,
        "leave_type": VACATION,
        "ledger": Ledger(hire_date=None, first_year=2026, usage={}, adjustments={}),
        "holidays": {},
    }
    return RequestFacts(**{**base, **overrides})


def test_the_days_the_balance_and_nothing_broken():
    period = LeavePeriod(date(2026, 3, 9), date(2026, 3, 13))
    result = evaluate(facts(holidays={date(2026, 3, 11): "Company day"}), period, TODAY, False)
    assert result.deduction.amount == 4
    assert [(c.year, c.balance_before, c.balance_after) for c in result.by_year] == [(2026, 25, 21)]
    assert (result.overlaps, result.team_conflicts, result.violations) == ([], [], [])


def test_only_other_leave_that_really_overlaps_is_named_half_days_included():
    period = LeavePeriod(date(2026, 3, 9), date(2026, 3, 9), start_half=True)  # an afternoon
    others = (
        Overlap(
            3, LeavePeriod(date(2026, 3, 9), date(2026, 3, 9), end_half=True), "Flex", "approved"
        ),
        Overlap(4, LeavePeriod(date(2026, 3, 6), date(2026, 3, 9)), "Vacation", "pending"),
    )
    result = evaluate(facts(others=others), period, TODAY, False)
    assert result.overlaps == [4]
    (overlap,) = result.violations
    assert (overlap.kind, overlap.detail) == (
        "overlap",
        "Overlaps your pending Vacation from 2026-03-06 to 2026-03-09.",
    )
    filed = evaluate(facts(others=others), period, TODAY, True, by_owner=False)
    assert filed.violations[0].detail.startswith("Overlaps Rita Report's pending Vacation")


def test_an_overlap_on_one_day_names_its_half():
    one = Overlap(
        5, LeavePeriod(date(2026, 3, 9), date(2026, 3, 9), start_half=True), "Flex", "approved"
    )
    assert one.describe() == "approved Flex on 2026-03-09 (afternoon)"


def test_a_capped_team_conflict_counts_the_owner_on_their_working_days_only():
    team = capacity.Team(5, "Support", 1, frozenset({7, 8}))
    away = {date(2026, 3, 9): {8}, date(2026, 3, 14): {8}}  # a Monday and a Saturday
    period = LeavePeriod(date(2026, 3, 9), date(2026, 3, 14))
    result = evaluate(facts(teams=(team,), away=away), period, TODAY, False)
    assert [(c.team_name, c.date, c.absent) for c in result.team_conflicts] == [
        ("Support", date(2026, 3, 9), 2)
    ]


def test_the_ledger_in_the_facts_decides_the_shortfall():
    spent = Ledger(None, 2026, {(1, 2026): Usage(taken=Decimal(23))}, {})
    period = LeavePeriod(date(2026, 3, 9), date(2026, 3, 11))
    result = evaluate(facts(ledger=spent), period, TODAY, False)
    assert [v.kind for v in result.violations] == ["shortfall"]
    assert approval_violations(facts(ledger=spent), period, {2026: Decimal(3)})[0].kind == (
        "shortfall"
    )
    assert approval_violations(facts(), period, {2026: Decimal(3)}) == []

"""The ledger: balances from usage and adjustments, and what a request does to them."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from server.domain.ledger import Ledger, Usage, balance_effect, default_as_of


class Type:
    def __init__(self, id=1, allowance=25, accrual="yearly", carryover_max=0):
        self.id = id
        self.yearly_allowance = None if allowance is None else Decimal(allowance)
        self.accrual = accrual
        self.carryover_max = Decimal(carryover_max)
        self.allow_negative = False
        self.unlimited = allowance is None


VACATION = Type(carryover_max=5)


def ledger(usage=None, adjustments=None, hire_date=date(2020, 1, 1)):
    return Ledger(hire_date, 2020, usage or {}, adjustments or {})


def test_a_balance_from_its_parts():
    book = ledger(
        usage={(1, 2026): Usage(Decimal(2), Decimal(3), Decimal(1)), (1, 2025): Usage()},
        adjustments={(1, 2026): Decimal("1.5")},
    )
    balance = book.balance(VACATION, 2026, date(2026, 3, 2))
    assert balance.entitlement == 25
    assert balance.carried_over == 5  # 2025 left all 25 unused: at most 5 carry over
    assert balance.available == Decimal("25.5")


def test_pending_days_can_be_added_and_taken_out_again():
    book = ledger()
    more = book.with_pending(1, {2026: Decimal(3)})
    assert more.available(VACATION, 2026, date(2026, 6, 1)) == 27  # 25 + 5 carried - 3
    assert more.without_pending(1, {2026: Decimal(3)}) == book.with_pending(1, {2026: 0})


def test_balance_effect_splits_a_request_over_new_year():
    book = ledger(usage={(1, 2026): Usage(taken=Decimal(10))})
    charges, later = balance_effect(
        book, VACATION, date(2026, 12, 28), date(2027, 1, 5), {2026: Decimal(4), 2027: Decimal(3)}
    )
    assert [(c.year, c.days, c.balance_before, c.balance_after) for c in charges] == [
        (2026, 4, 20, 16),
        (2027, 3, 30, 27),  # 25 + 5 carried over from 2026 (16 left, capped at 5)
    ]
    assert later == []


def test_balance_effect_finds_a_later_year_pushed_below_zero():
    # 2026: 25 + 5 carried in - 25 taken = 5 left, all carried into 2027, which is fully
    # booked on the strength of them.
    book = ledger(usage={(1, 2026): Usage(taken=Decimal(25)), (1, 2027): Usage(Decimal(30))})
    charges, later = balance_effect(
        book, VACATION, date(2026, 11, 2), date(2026, 11, 4), {2026: Decimal(3)}
    )
    assert [(c.balance_before, c.balance_after) for c in charges] == [(5, 2)]
    assert [(c.year, c.balance_before, c.balance_after) for c in later] == [(2027, 0, -3)]


def test_unlimited_types_have_no_numbers():
    charges, later = balance_effect(
        ledger(), Type(allowance=None), date(2026, 3, 2), date(2026, 3, 2), {2026: Decimal(1)}
    )
    assert [(c.balance_before, c.balance_after) for c in charges] == [(None, None)]
    assert later == []


def test_the_default_as_of():
    today = date(2026, 3, 2)
    assert default_as_of(2026, today) == today
    assert default_as_of(2025, today) == date(2025, 12, 31)
    assert default_as_of(2027, today) == date(2027, 12, 31)


@given(
    days=st.lists(st.integers(0, 10), min_size=1, max_size=3),
    taken=st.integers(0, 40),
)
def test_a_request_lowers_each_year_by_exactly_its_days(days, taken):
    book = ledger(usage={(1, 2026): Usage(taken=Decimal(taken))})
    per_year = {2026 + i: Decimal(d) for i, d in enumerate(days)}
    end = date(2026 + len(days) - 1, 12, 31)
    charges, _ = balance_effect(book, Type(), date(2026, 1, 1), end, per_year)
    for charge in charges:
        assert charge.balance_before - charge.balance_after == per_year[charge.year]

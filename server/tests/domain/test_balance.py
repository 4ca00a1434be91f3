"""Tests for the balance object and the half-step check."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.balance import Balance, is_half_step


def test_available_subtracts_everything_used_from_everything_credited() -> None:
    balance = Balance(
        entitlement=Decimal(25),
        carried_over=Decimal(5),
        adjustments=Decimal("-1.5"),
        taken=Decimal(3),
        scheduled=Decimal(2),
        pending=Decimal("0.5"),
    )
    assert not balance.unlimited
    assert balance.available == Decimal(23)


def test_available_may_be_negative() -> None:
    balance = Balance(Decimal(2), Decimal(0), Decimal(0), Decimal(3), Decimal(0), Decimal(0))
    assert balance.available == -1


def test_zero_entitlement_is_not_unlimited() -> None:
    balance = Balance(Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0))
    assert not balance.unlimited
    assert balance.available == 0


def test_unlimited_balance_has_no_available() -> None:
    balance = Balance(None, Decimal(0), Decimal(0), Decimal(12), Decimal(1), Decimal("0.5"))
    assert balance.unlimited
    assert balance.available is None


@pytest.mark.parametrize(
    "value", ["0", "0.5", "1", "1.0", "12.50", "-0.5", "-3", "1E+2", "0E-10", "-0"]
)
def test_half_steps(value: str) -> None:
    assert is_half_step(Decimal(value))


@pytest.mark.parametrize(
    "value",
    ["0.25", "0.1", "1.49", "-0.75", "12345678901234567890123456789.25", "NaN", "sNaN", "Infinity"],
)
def test_not_half_steps(value: str) -> None:
    assert not is_half_step(Decimal(value))


@given(st.integers(-10_000, 10_000))
def test_every_multiple_of_a_half_is_a_half_step(halves: int) -> None:
    assert is_half_step(Decimal(halves) / 2)
    assert not is_half_step(Decimal(halves) / 2 + Decimal("0.25"))

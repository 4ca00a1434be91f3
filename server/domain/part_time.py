"""A policy's annual amount, scaled to the person's schedule (part-time). Pure.

A policy states its amount for a basis schedule; a person gets it scaled by theirs:
`amount * working_days_per_week_avg / basis_days_per_week`, capped at `max_amount` (UK: 28
days on a 5-day basis are 16.8 for 3 days a week, and 28 — not 33.6 — for 6). Within a
leave year each schedule counts for the calendar days it is in force (pro rata temporis:
`server.domain.entitlement`), and the year's total is rounded once.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from server.domain.numbers import round_step
from server.domain.schedule import Schedule


@dataclass(frozen=True)
class Rounding:
    step: Decimal = Decimal("0.5")
    mode: str = "half_up"

    def apply(self, value: Fraction) -> Decimal:
        return round_step(value, self.step, self.mode)


@dataclass(frozen=True)
class DayEntitlement:
    """An annual amount of days for `basis_days_per_week`, at most `max_amount`."""

    amount: Decimal
    basis_days_per_week: Decimal = Decimal(5)
    max_amount: Decimal | None = None

    def for_schedule(self, schedule: Schedule) -> Fraction:
        scaled = (
            Fraction(self.amount)
            * schedule.working_days_per_week_avg
            / Fraction(self.basis_days_per_week)
        )
        return min(scaled, Fraction(self.max_amount)) if self.max_amount is not None else scaled

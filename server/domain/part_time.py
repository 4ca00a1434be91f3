"""A policy's annual amount, scaled to the person's schedule (part-time). Pure.

A policy states its amount for a basis schedule; a person gets it scaled by theirs:
- days: `amount * working_days_per_week_avg / basis_days_per_week`, capped at `max_amount`
  (UK: 28 days on a 5-day basis are 16.8 for 3 days a week, and 28 — not 33.6 — for 6);
- hours: `amount_weeks * weekly_hours_avg` (4 weeks of their hours), or
  `amount_hours * weekly_hours_avg / basis_weekly_hours`.
Within a leave year, each schedule's share counts for the calendar days it is in force
(pro rata temporis); the year's total is computed exactly and rounded once.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from server.domain.numbers import round_step
from server.domain.schedule import Schedule, segments


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


@dataclass(frozen=True)
class HourEntitlement:
    """An annual amount of hours: `amount_weeks` of the person's weekly hours, or
    `amount_hours` for `basis_weekly_hours`."""

    amount_weeks: Decimal | None = None
    amount_hours: Decimal | None = None
    basis_weekly_hours: Decimal | None = None

    def for_schedule(self, schedule: Schedule) -> Fraction:
        if self.amount_weeks is not None:
            return Fraction(self.amount_weeks) * schedule.weekly_hours_avg
        return (
            Fraction(self.amount_hours)
            * schedule.weekly_hours_avg
            / Fraction(self.basis_weekly_hours)
        )


def year_entitlement(
    entitlement,
    schedules: Sequence[Schedule],
    first: date,
    last: date,
    rounding: Rounding = Rounding(),
) -> Decimal:
    """The amount for the leave year `first`..`last`: each schedule in force in it scaled
    and weighted by its calendar days in the year, summed exactly, rounded once."""
    year_days = (last - first).days + 1
    total = sum(
        (
            entitlement.for_schedule(schedule) * Fraction((to - start).days + 1, year_days)
            for schedule, start, to in segments(schedules, first, last)
        ),
        Fraction(0),
    )
    return rounding.apply(total)

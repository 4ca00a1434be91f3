"""Days and hours of one person, for display only: counting never converts (a balance is
kept in its type's unit). Pure."""

from decimal import Decimal
from fractions import Fraction

from server.domain.numbers import round_step
from server.domain.vocabulary import HOURS

HUNDREDTH = Decimal("0.01")


def other_unit(unit: str, amount: Decimal, reference_day_hours: Fraction) -> Decimal:
    """`amount` in the other unit, to 0.01: hours / the person's average working day, or
    days * it."""
    if unit == HOURS:
        return round_step(Fraction(amount) / reference_day_hours, HUNDREDTH)
    return round_step(Fraction(amount) * reference_day_hours, HUNDREDTH)

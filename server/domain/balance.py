"""A leave balance for one user, leave type and year."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Balance:
    """`entitlement` None means the leave type is unlimited (untracked)."""

    entitlement: Decimal | None
    carried_over: Decimal
    adjustments: Decimal
    taken: Decimal
    scheduled: Decimal
    pending: Decimal

    @property
    def unlimited(self) -> bool:
        return self.entitlement is None

    @property
    def available(self) -> Decimal | None:
        if self.entitlement is None:
            return None
        credit = self.entitlement + self.carried_over + self.adjustments
        return credit - self.taken - self.scheduled - self.pending


def is_half_step(x: Decimal) -> bool:
    """Whether x is a finite multiple of 0.5."""
    # Fraction is exact; Decimal arithmetic would round long values to context precision.
    return x.is_finite() and (Fraction(x) * 2).denominator == 1

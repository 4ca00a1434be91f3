"""What the rules need to know about a leave type, as a plain record (the service makes it
from the stored type; nothing here reads the database)."""

from dataclasses import dataclass, fields
from decimal import Decimal

from server.domain.deduction import Counting
from server.domain.vocabulary import AWAY, DAYS, HOURS, PER_DAY


@dataclass(frozen=True)
class LeaveTypeRules:
    id: int
    name: str
    code: str
    is_active: bool
    requires_approval: bool
    # None: unlimited — nothing is counted against a balance.
    yearly_allowance: Decimal | None
    accrual: str
    carryover_max: Decimal
    allow_negative: bool
    allow_past: bool
    min_notice_days: int
    unit: str = DAYS
    day_weighting: str = PER_DAY
    allow_half_days: bool = True
    min_request_hours: Decimal = Decimal("0.25")
    availability: str = AWAY

    @property
    def unlimited(self) -> bool:
        return self.yearly_allowance is None

    @property
    def counting(self) -> Counting:
        return Counting(self.unit, self.day_weighting)

    @property
    def unit_word(self) -> str:
        """How amounts of it are named in messages: "days" or "hours"."""
        return "hours" if self.unit == HOURS else "days"

    @classmethod
    def of(cls, leave_type):
        """The record of anything with these attributes (a stored leave type)."""
        return cls(**{f.name: getattr(leave_type, f.name) for f in fields(cls)})

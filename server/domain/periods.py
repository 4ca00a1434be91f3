"""A leave period: a date range whose first and last day may be half days."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LeavePeriod:
    """`start_half`: the first day starts at noon; `end_half`: the last day ends at noon."""

    start: date
    end: date
    start_half: bool = False
    end_half: bool = False

    def problems(self) -> dict[str, str]:
        """Field -> message for each reason the period is invalid; empty when valid."""
        if self.end < self.start:
            return {"end_date": "must be on or after start_date"}
        if self.start == self.end and self.start_half and self.end_half:
            return {"end_half": "a one-day request cannot start at noon and end at noon"}
        return {}

    def overlaps(self, other: "LeavePeriod") -> bool:
        """Whether the two periods share any half day (a morning and an afternoon do not)."""
        start, end = self._slots()
        other_start, other_end = other._slots()
        return start < other_end and other_start < end

    def _slots(self) -> tuple[int, int]:
        # Half-open interval in half-day units: slot 2n is the morning of ordinal n,
        # slot 2n + 1 its afternoon.
        start = 2 * self.start.toordinal() + (1 if self.start_half else 0)
        end = 2 * self.end.toordinal() + (1 if self.end_half else 2)
        return start, end

"""Counting the working days of a leave period."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from server.domain.periods import LeavePeriod

FULL_DAY = Decimal(1)
HALF_DAY = Decimal("0.5")


@dataclass(frozen=True)
class SkippedDay:
    """A date in the period that costs nothing; `reason` is "weekend" or "holiday"."""

    date: date
    reason: str
    name: str | None = None


@dataclass(frozen=True)
class DayCount:
    """Days charged per counted date, in date order, and the dates skipped."""

    per_date: tuple[tuple[date, Decimal], ...]
    skipped: tuple[SkippedDay, ...]

    @property
    def days(self) -> Decimal:
        return sum((amount for _, amount in self.per_date), Decimal(0))

    @property
    def dates(self) -> list[date]:
        return [day for day, _ in self.per_date]

    def by_year(self) -> dict[int, Decimal]:
        """Days per calendar year, for the years that have counted dates, by year."""
        totals: dict[int, Decimal] = {}
        for day, amount in self.per_date:
            totals[day.year] = totals.get(day.year, Decimal(0)) + amount
        return dict(sorted(totals.items()))


def count_working_days(
    period: LeavePeriod, work_days: Collection[int], holidays: Mapping[date, str]
) -> DayCount:
    """Count `period` against a work week (weekday() numbers, 0 = Monday) and holidays."""
    problems = period.problems()
    if problems:
        raise ValueError(f"invalid leave period: {problems}")
    per_date: list[tuple[date, Decimal]] = []
    skipped: list[SkippedDay] = []
    day = period.start
    while day <= period.end:
        # Weekend wins over holiday: a holiday on a day off was never going to be worked.
        if day.weekday() not in work_days:
            skipped.append(SkippedDay(day, "weekend"))
        elif day in holidays:
            skipped.append(SkippedDay(day, "holiday", holidays[day]))
        else:
            amount = FULL_DAY
            if day == period.start and period.start_half:
                amount -= HALF_DAY
            if day == period.end and period.end_half:
                amount -= HALF_DAY
            per_date.append((day, amount))
        day += timedelta(days=1)
    return DayCount(per_date=tuple(per_date), skipped=tuple(skipped))

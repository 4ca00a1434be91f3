"""How a policy credits its yearly amount inside a leave year: all at once or period by
period, from the hire (or the end of a waiting period) on, by tenure level. Pure.

- `front_loaded`: the year's amount on its first day; a year someone starts in part of the
  way through gets `amount * days from the start / days in the year`.
- `periodic`: `frequency` periods (monthly, semi_monthly, biweekly, weekly, quarterly,
  yearly) counted from the leave year's first day, each credited at its `start` or `end`;
  the first period someone works only part of counts fully (`prorate_days`) by its days, or
  not at all (`full_months_only`, the first full period).
- Tenure `levels` (`[{"after": "P5Y", "amount": 26}, …]`, ISO 8601 durations of service)
  change the amount from the next leave year (`next_leave_year`) or on the day
  (`immediate`, pro-rated by calendar days).
- Rounding applies once, to the year's cumulative total (never to single periods).
Everything is exact (`Fraction`) until that rounding. `server.domain.entitlement` does the
crediting over a person's versions with these pieces.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from server.domain.part_time import Rounding

FRONT_LOADED, PERIODIC = "front_loaded", "periodic"
MONTHLY, SEMI_MONTHLY, BIWEEKLY, WEEKLY, QUARTERLY, YEARLY = (
    "monthly",
    "semi_monthly",
    "biweekly",
    "weekly",
    "quarterly",
    "yearly",
)
# Periods of a whole number of months, and how many months each is.
_MONTHS = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}
_DAYS = {WEEKLY: 7, BIWEEKLY: 14}
FREQUENCIES = (*_MONTHS, SEMI_MONTHLY, *_DAYS)
START, END = "start", "end"
FULL_PERIODS_ONLY, PRORATE_DAYS = "full_months_only", "prorate_days"
NEXT_LEAVE_YEAR, IMMEDIATE = "next_leave_year", "immediate"

# The default rounding of a year's total: to half days, half up.
HALF_DAYS = Rounding()

_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, on the same day of the month or the month's last."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return min(date(year, month, 1) + timedelta(days=day.day - 1), following - timedelta(days=1))


def after(start: date, duration: str) -> date:
    """The day `duration` (ISO 8601 `PnYnMnWnD`) after `start`."""
    found = _DURATION.fullmatch(duration or "")
    if not found or duration == "P":
        raise ValueError(f"not an ISO 8601 duration of years, months, weeks or days: {duration!r}")
    years, months, weeks, days = (int(part or 0) for part in found.groups())
    return add_months(start, 12 * years + months) + timedelta(weeks=weeks, days=days)


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def periods(frequency: str, first: date, last: date) -> list[Period]:
    """The accrual periods of the leave year `first`..`last`, counted from its first day
    (the last one ends with the year). A semi-monthly period is a month's first 15 days,
    then the rest of it."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency: {frequency!r}")
    starts = []
    if frequency in _MONTHS:
        step = _MONTHS[frequency]
        starts = [add_months(first, n) for n in range(0, 12, step)]
    elif frequency == SEMI_MONTHLY:
        for n in range(12):
            month_start = add_months(first, n)
            starts += [month_start, month_start + timedelta(days=15)]
    else:
        day = first
        while day <= last:
            starts.append(day)
            day += timedelta(days=_DAYS[frequency])
    starts = [s for s in starts if s <= last]
    ends = [s - timedelta(days=1) for s in starts[1:]] + [last]
    return [Period(s, e) for s, e in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class Level:
    after: str  # ISO 8601 duration of service
    amount: Decimal


def level_on(levels: Sequence[Level], tenure_from: date | None, day: date) -> Fraction:
    """The yearly amount of the last level reached by `day` (the first level without a
    tenure date)."""
    ordered = sorted(levels, key=lambda level: after(date(2000, 1, 1), level.after))
    reached = ordered[0]
    for level in ordered[1:]:
        if tenure_from is not None and after(tenure_from, level.after) <= day:
            reached = level
    return Fraction(reached.amount)


@dataclass(frozen=True)
class Plan:
    method: str = FRONT_LOADED
    frequency: str | None = None
    timing: str = START
    first_period: str = FULL_PERIODS_ONLY


def first_usable_day(hire_date: date, usage_days: int) -> date:
    """The first day a request may start on after a waiting period (the hire date is
    day 0)."""
    return hire_date + timedelta(days=usage_days)


HUNDREDTH = Rounding(Decimal("0.01"), "half_up")


def per_hour_credit(
    hours_worked: Decimal,
    percent: Decimal | None = None,
    amount: Decimal | None = None,
    per_hours: Decimal | None = None,
) -> Decimal:
    """Hours earned by `hours_worked`: `percent` of them (the UK's 12.07 %) or `amount`
    per `per_hours` (1 h per 30 h); each entry to 0.01 h on its own (the one exception to
    rounding a year's total)."""
    if percent is not None:
        earned = Fraction(hours_worked) * Fraction(percent) / 100
    else:
        earned = Fraction(hours_worked) * Fraction(amount) / Fraction(per_hours)
    return HUNDREDTH.apply(earned)

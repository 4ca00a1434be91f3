"""What a leave request deducts, date by date, in its type's unit. Pure.

Per date of the period (holidays and days the person does not work deduct nothing):

| type | a working day | a half (first/last day) | hours a `part` names |
|---|---|---|---|
| days, `per_day` | 1 | 0.5 | — |
| days, `by_hours` | h / reference day hours | half of that | — |
| hours | h | h / 2 | the part's hours (≤ h, step 0.25) |

where h is the day's scheduled hours and the reference day the schedule's average working
day. Arithmetic is exact; the total is rounded once to the unit's precision (0.5 for
`per_day`, 0.01 otherwise, half up) and the per-date amounts are spread from it by largest
remainder, so they always add up to the total.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from fractions import Fraction

from server.domain.numbers import as_decimal, round_step
from server.domain.periods import LeavePeriod
from server.domain.schedule import BEGINNING, HOUR_STEP, Schedule, in_force, week_of_hours
from server.domain.vocabulary import BY_HOURS, DAYS, HOURS, PER_DAY

WEEKEND, NON_WORKING, HOLIDAY = "weekend", "non-working", "holiday"


@dataclass(frozen=True)
class Counting:
    """How a leave type counts (the part of it that matters here)."""

    unit: str = DAYS
    day_weighting: str = PER_DAY

    @property
    def precision(self) -> Decimal:
        if self.unit == DAYS and self.day_weighting == PER_DAY:
            return Decimal("0.5")
        return Decimal("0.01")


@dataclass(frozen=True)
class Part:
    """Hours taken on one date of an hour request (instead of the whole day)."""

    date: date
    hours: Decimal
    start_time: time | None = None


@dataclass(frozen=True)
class DayAmount:
    date: date
    scheduled_hours: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Skipped:
    """A date that deducts nothing: `weekend` (a Saturday or Sunday not worked),
    `non-working` (a weekday not worked: a part-timer's day off) or `holiday`."""

    date: date
    reason: str
    name: str | None = None


@dataclass(frozen=True)
class Deduction:
    unit: str
    breakdown: tuple[DayAmount, ...]  # the dates that deduct something, in order
    skipped: tuple[Skipped, ...]

    @property
    def amount(self) -> Decimal:
        return sum((d.amount for d in self.breakdown), Decimal(0))

    @property
    def dates(self) -> list[date]:
        return [d.date for d in self.breakdown]

    @property
    def per_date(self) -> tuple[tuple[date, Decimal], ...]:
        return tuple((d.date, d.amount) for d in self.breakdown)

    def by_year(self) -> dict[int, Decimal]:
        totals: dict[int, Decimal] = {}
        for d in self.breakdown:
            totals[d.date.year] = totals.get(d.date.year, Decimal(0)) + d.amount
        return dict(sorted(totals.items()))


def part_problems(
    parts: Sequence[Part],
    period: LeavePeriod,
    schedules: Sequence[Schedule],
    counting: Counting,
    holidays: Mapping[date, str] | None = None,
) -> dict[str, str]:
    """Why `parts` cannot be taken as asked, by field (`parts[0].hours`); empty when fine."""
    holidays = holidays or {}
    if not parts:
        return {}
    if counting.unit != HOURS:
        return {"parts": "only hour types take hours per day"}
    found, seen = {}, set()
    for i, part in enumerate(parts):
        schedule = in_force(schedules, part.date)
        scheduled = schedule.hours_on(part.date) if schedule else Decimal(0)
        if not period.start <= part.date <= period.end:
            found[f"parts[{i}].date"] = "must be a date of the request"
        elif part.date in seen:
            found[f"parts[{i}].date"] = "names a date already given"
        elif not scheduled:
            found[f"parts[{i}].date"] = "is not a working day"
        elif part.date in holidays:
            found[f"parts[{i}].date"] = f"is a holiday ({holidays[part.date]})"
        elif not 0 < part.hours <= scheduled or part.hours % HOUR_STEP:
            found[f"parts[{i}].hours"] = (
                f"must be more than 0 and at most the {scheduled:f} hours scheduled that day, "
                f"in steps of {HOUR_STEP}"
            )
        seen.add(part.date)
    return found


def deduct(
    period: LeavePeriod,
    schedules: Sequence[Schedule],
    holidays: Mapping[date, str],
    counting: Counting = Counting(),
    parts: Sequence[Part] = (),
) -> Deduction:
    """What `period` deducts for someone on `schedules` with these `holidays` (parts must
    have been checked with `part_problems`). An invalid period is a ValueError."""
    if period.problems():
        raise ValueError(f"invalid leave period: {period.problems()}")
    by_date = {part.date: part.hours for part in parts}
    exact, skipped = [], []
    day = period.start
    while day <= period.end:
        schedule = in_force(schedules, day)
        hours = schedule.hours_on(day) if schedule else Decimal(0)
        # A day off wins over a holiday: a holiday on a day off was never going to be worked.
        if not hours:
            skipped.append(Skipped(day, WEEKEND if day.weekday() >= 5 else NON_WORKING))
        elif day in holidays:
            skipped.append(Skipped(day, HOLIDAY, holidays[day]))
        else:
            share = Fraction(1)
            if day == period.start and period.start_half:
                share -= Fraction(1, 2)
            if day == period.end and period.end_half:
                share -= Fraction(1, 2)
            exact.append(
                (day, hours, _exact_amount(counting, schedule, hours, share, by_date.get(day)))
            )
        day += timedelta(days=1)
    amounts = _spread([amount for _, _, amount in exact], counting.precision)
    breakdown = tuple(
        DayAmount(day, hours, amount)
        for (day, hours, _), amount in zip(exact, amounts, strict=True)
        if amount or not amounts
    )
    return Deduction(counting.unit, breakdown, tuple(skipped))


def _exact_amount(counting, schedule, hours, share, part_hours):
    if counting.unit == HOURS:
        return Fraction(part_hours) if part_hours is not None else Fraction(hours) * share
    if counting.day_weighting == BY_HOURS:
        return Fraction(hours) / schedule.reference_day_hours * share
    return share


def _spread(exact: Sequence[Fraction], step: Decimal) -> list[Decimal]:
    """Per-date amounts that add up to the exact total rounded once to `step`: each date
    gets its amount rounded down to the step, and the steps left over go to the dates with
    the largest remainders (the earliest first on a tie)."""
    if not exact:
        return []
    total = round_step(sum(exact, Fraction(0)), step)
    unit = Fraction(step)
    floors = [(value // unit) * unit for value in exact]
    left = int((Fraction(total) - sum(floors, Fraction(0))) / unit)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left] if left > 0 else []:
        floors[i] += unit
    return [as_decimal(f) for f in floors]


def deduct_work_week(
    period: LeavePeriod, work_days, holidays: Mapping[date, str], counting: Counting = Counting()
) -> Deduction:
    """What `period` deducts for someone working 8 hours on each of `work_days` (weekday
    numbers, 0 = Monday) every week: the schedule every account had before schedules."""
    schedule = Schedule(BEGINNING, BEGINNING, (week_of_hours(work_days),))
    return deduct(period, (schedule,), holidays, counting)

"""Work schedules: how many hours a person works on each date. Pure.

A schedule is dated (it applies from `effective_from` until the next one) and has a cycle
of 1 to 4 weeks of 7 day-lengths in hours (Monday first), anchored on a Monday: the week of
the cycle a date falls in is `floor((date - cycle_anchor).days / 7) mod len(weeks)`. A
working day is one with more than 0 hours. Everything derived is kept exact (Fractions)
and only rounded for display.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from fractions import Fraction

MAX_WEEKS = 4
MAX_DAY_HOURS = Decimal(24)
HOUR_STEP = Decimal("0.25")  # 15 minutes
DEFAULT_DAY_HOURS = Decimal(8)
DEFAULT_DAY_START = time(9, 0)
# The Monday every migrated schedule starts on and is anchored to (1900-01-01 was one).
BEGINNING = date(1900, 1, 1)


@dataclass(frozen=True)
class Schedule:
    effective_from: date
    cycle_anchor: date
    weeks: tuple[tuple[Decimal, ...], ...]
    day_start: time = DEFAULT_DAY_START

    def hours_on(self, day: date) -> Decimal:
        week = ((day - self.cycle_anchor).days // 7) % len(self.weeks)
        return self.weeks[week][day.weekday()]

    def works_on(self, day: date) -> bool:
        return self.hours_on(day) > 0

    @property
    def cycle_hours(self) -> Decimal:
        return sum((h for week in self.weeks for h in week), Decimal(0))

    @property
    def cycle_working_days(self) -> int:
        return sum(1 for week in self.weeks for h in week if h > 0)

    @property
    def weekly_hours_avg(self) -> Fraction:
        return Fraction(self.cycle_hours) / len(self.weeks)

    @property
    def working_days_per_week_avg(self) -> Fraction:
        return Fraction(self.cycle_working_days, len(self.weeks))

    @property
    def reference_day_hours(self) -> Fraction:
        """The hours of an average working day: all of the cycle's hours over its working
        days (72 h over 9 days = 8; 20 h over 3 days = 20/3). Zero for a schedule with no
        working day."""
        if not self.cycle_working_days:
            return Fraction(0)
        return Fraction(self.cycle_hours) / self.cycle_working_days

    @property
    def work_days(self) -> list[int]:
        """The weekdays (0 = Monday) worked in the cycle's first week: what `work_days`
        shows (the projection a client that knows no schedules reads)."""
        return [weekday for weekday, hours in enumerate(self.weeks[0]) if hours > 0]


def reference_day_hours_of(weeks) -> Fraction:
    """The reference day of a cycle given as stored (hours as text or numbers): see
    `Schedule.reference_day_hours`."""
    cycle = tuple(tuple(Decimal(str(h)) for h in week) for week in weeks)
    return Schedule(BEGINNING, BEGINNING, cycle).reference_day_hours


def week_of_hours(work_days, hours=DEFAULT_DAY_HOURS):
    """One week with `hours` on each of `work_days` (0 = Monday)."""
    return tuple(hours if weekday in work_days else Decimal(0) for weekday in range(7))


def monday_on_or_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


def problems(weeks, cycle_anchor: date | None) -> dict[str, str]:
    """Why a schedule's `weeks` and `cycle_anchor` cannot be, by field; empty when fine."""
    found = {}
    if not 1 <= len(weeks) <= MAX_WEEKS:
        found["weeks"] = f"must have 1 to {MAX_WEEKS} weeks"
    else:
        for i, week in enumerate(weeks):
            if len(week) != 7:
                found[f"weeks[{i}]"] = "must have 7 days, Monday first"
            elif any(h < 0 or h > MAX_DAY_HOURS or h % HOUR_STEP for h in week):
                found[f"weeks[{i}]"] = "hours must be 0 to 24 in steps of 0.25"
        if not found and not any(h > 0 for week in weeks for h in week):
            found["weeks"] = "must have at least one working day"
    if cycle_anchor is not None and cycle_anchor.weekday() != 0:
        found["cycle_anchor"] = "must be a Monday"
    return found


def in_force(schedules: Sequence[Schedule], day: date) -> Schedule | None:
    """The schedule that applies on `day`: the latest one effective on or before it."""
    current = None
    for schedule in sorted(schedules, key=lambda s: s.effective_from):
        if schedule.effective_from <= day:
            current = schedule
    return current


def segments(schedules: Sequence[Schedule], first: date, last: date):
    """[(schedule, from, to)] covering first..last, one per schedule in force there."""
    ordered = sorted(schedules, key=lambda s: s.effective_from)
    found = []
    for i, schedule in enumerate(ordered):
        start = max(first, schedule.effective_from)
        following = ordered[i + 1].effective_from if i + 1 < len(ordered) else None
        end = min(last, following - timedelta(days=1)) if following else last
        if start <= end:
            found.append((schedule, start, end))
    return found

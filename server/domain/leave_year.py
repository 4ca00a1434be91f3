"""Leave years: the twelve months a policy's amounts belong to. Pure.

A leave year starts on a fixed day (`{"basis": "fixed_date", "start": "04-01"}`: the UK's
April year, France's June year; the default `01-01` is the calendar year) or on the
anniversary of the person's hire (`{"basis": "hire_anniversary"}`: Ontario). Its *label* is
the calendar year it starts in: with start `04-01`, `2027` is 2027-04-01..2028-03-31. A
hire on 29 February has its anniversary on 28 February in common years.
"""

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

FIXED_DATE, HIRE_ANNIVERSARY = "fixed_date", "hire_anniversary"
BASES = (FIXED_DATE, HIRE_ANNIVERSARY)
_MONTH_DAY = re.compile(r"(\d\d)-(\d\d)")


def _on(year: int, month: int, day: int) -> date:
    """`month`-`day` in `year`; 29 February is the 28th in a common year."""
    if (month, day) == (2, 29):
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)


@functools.lru_cache(maxsize=4096)
def _period(label: int, month: int, day: int) -> tuple[date, date]:
    first = _on(label, month, day)
    return first, _on(label + 1, month, day) - timedelta(days=1)


@dataclass(frozen=True)
class LeaveYearRule:
    basis: str = FIXED_DATE
    start: str = "01-01"  # MM-DD, for `fixed_date`

    def problems(self) -> dict[str, str]:
        """Why the rule cannot be, by field; empty when fine."""
        if self.basis not in BASES:
            return {"basis": "must be " + " or ".join(BASES)}
        if self.basis == FIXED_DATE:
            found = _MONTH_DAY.fullmatch(self.start or "")
            try:
                if not found or (found[1], found[2]) == ("02", "29"):
                    raise ValueError
                date(2001, int(found[1]), int(found[2]))
            except ValueError:
                return {"start": "must be a day of the year as MM-DD (not 02-29)"}
        return {}

    def _month_day(self, hire_date: date | None) -> tuple[int, int]:
        if self.basis == HIRE_ANNIVERSARY and hire_date is not None:
            return hire_date.month, hire_date.day
        if self.basis == HIRE_ANNIVERSARY:  # nobody knows when they started: calendar years
            return 1, 1
        return self._start_month_day

    @functools.cached_property
    def _start_month_day(self) -> tuple[int, int]:
        month, day = self.start.split("-")
        return int(month), int(day)

    def period(self, label: int, hire_date: date | None = None) -> tuple[date, date]:
        """The first and last day of the leave year `label`."""
        return _period(label, *self._month_day(hire_date))

    def label_on(self, day: date, hire_date: date | None = None) -> int:
        """The label of the leave year `day` falls in."""
        first, _ = self.period(day.year, hire_date)
        return day.year if day >= first else day.year - 1

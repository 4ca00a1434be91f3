"""One user's leave ledger: usage and adjustments per (leave type, year), the policy
versions they follow, and the balances they give. Pure: the service loads the numbers,
this does the arithmetic.

A leave type here is anything with `id`, `unlimited`, `accrual`, `yearly_allowance`,
`carryover_max` and `allow_negative` (the model, or a plain record); a type without a
timeline follows a default policy made of those fields.
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from server.domain.balance import Balance
from server.domain.dates import split_by_year
from server.domain.entitlement import Timeline, default_timeline

ZERO = Decimal(0)


@dataclass(frozen=True)
class Usage:
    """Days of one leave type in one year: approved up to `as_of` (taken), approved after
    it (scheduled), and pending."""

    taken: Decimal = ZERO
    scheduled: Decimal = ZERO
    pending: Decimal = ZERO

    @property
    def used(self):
        return self.taken + self.scheduled + self.pending


@dataclass(frozen=True)
class Ledger:
    """`usage` and `adjustments` are keyed by (leave type id, year); `timelines` by leave type
    id. `hire_date` starts accrual and the carry-over chain; without one, the chain starts
    in `first_year` (the year the account was created) or the first year with leave, if
    earlier."""

    hire_date: date | None
    first_year: int
    usage: dict
    adjustments: dict
    timelines: dict = field(default_factory=dict)
    # Credits for reported hours worked (`per_hour_worked` policies), by (type id, year).
    earned: dict = field(default_factory=dict)
    # Carry-over already rolled forward: (type id, chain start, year) -> amount. A copy
    # (`with_pending`, `with_timeline`) starts without it.
    _carries: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def timeline(self, leave_type) -> Timeline:
        """The policy versions the user follows for `leave_type` over time."""
        found = self.timelines.get(leave_type.id)
        return found if found is not None else default_timeline(leave_type, self.hire_date)

    def with_timeline(self, leave_type_id, timeline):
        """A copy in which the user follows `timeline` for the type."""
        return dataclasses.replace(self, timelines={**self.timelines, leave_type_id: timeline})

    def with_pending(self, leave_type_id, days_by_year):
        """A copy in which these days ({year: days}) of the type are also pending."""
        usage = dict(self.usage)
        for year, days in days_by_year.items():
            before = usage.get((leave_type_id, year), Usage())
            usage[(leave_type_id, year)] = dataclasses.replace(
                before, pending=before.pending + days
            )
        return dataclasses.replace(self, usage=usage)

    def without_pending(self, leave_type_id, days_by_year):
        """A copy in which these pending days are taken out again."""
        return self.with_pending(leave_type_id, {y: -days for y, days in days_by_year.items()})

    def shows(self, leave_type, year):
        """Whether a balance list for `year` shows this type: every active type, and an
        inactive one in which days were taken, scheduled or pending, or adjusted, that
        year (deactivating a type never hides leave already booked in it)."""
        if leave_type.is_active:
            return True
        usage = self.usage.get((leave_type.id, year), Usage())
        return bool(usage.used or self.adjustments.get((leave_type.id, year)))

    def years_after(self, leave_type, year):
        """Later years in which the user has leave or adjustments of this type."""
        years = {y for (t, y) in (*self.usage, *self.adjustments) if t == leave_type.id}
        return sorted(y for y in years if y > year)

    def balance(self, leave_type, year, as_of):
        usage = self.usage.get((leave_type.id, year), Usage())
        adjustments = self.adjustments.get((leave_type.id, year), ZERO)
        if leave_type.unlimited:
            return Balance(None, ZERO, adjustments, usage.taken, usage.scheduled, usage.pending)
        return Balance(
            entitlement=self._entitlement(leave_type, year, as_of),
            carried_over=self._carried_over(leave_type, year),
            adjustments=adjustments,
            taken=usage.taken,
            scheduled=usage.scheduled,
            pending=usage.pending,
        )

    def available(self, leave_type, year, as_of):
        return self.balance(leave_type, year, as_of).available

    def _entitlement(self, leave_type, year, as_of):
        credited = self.timeline(leave_type).credited(year, as_of)
        return credited + self.earned.get((leave_type.id, year), ZERO)

    def _carried_over(self, leave_type, year):
        """Rolled forward one year at a time from the chain's start: what was left of
        each year (full entitlement, carry-over and adjustments, less approved and pending
        days), at most what that year's policy lets carry over."""
        timeline = self.timeline(leave_type)
        if not timeline.ever_carries:
            return ZERO
        start = self.chain_start(leave_type, year)
        known = self._carries.get((leave_type.id, start, year))
        if known is not None:
            return known
        carry, begin = ZERO, start
        for done in range(year - 1, start - 1, -1):  # the latest year already rolled into
            if (leave_type.id, start, done) in self._carries:
                carry, begin = self._carries[(leave_type.id, start, done)], done
                break
        for previous in range(begin, year):
            most = timeline.carryover_max(previous)
            left = max(
                ZERO,
                self._entitlement(leave_type, previous, date(previous, 12, 31))
                + carry
                + self.adjustments.get((leave_type.id, previous), ZERO)
                - self.usage.get((leave_type.id, previous), Usage()).used,
            )
            carry = left if most is None else min(most, left)
            self._carries[(leave_type.id, start, previous + 1)] = carry
        return carry

    def chain_start(self, leave_type, year):
        """The first year of the type's carry-over chain up to `year`."""
        if self.hire_date is not None:
            return self.hire_date.year
        years = [y for (t, y) in (*self.usage, *self.adjustments) if t == leave_type.id]
        return min([self.first_year, year, *years])


def default_as_of(year: int, today: date) -> date:
    """The day balances are read on when nobody says: today in the current year, else the
    year's last day (a past year as it ended, a future one as it will stand)."""
    return today if year == today.year else date(year, 12, 31)


@dataclass(frozen=True)
class YearCharge:
    """What a request does to one year's balance: `days` of it fall in `year`; the
    balance before (without the request) and after (with it); None for unlimited types."""

    year: int
    days: Decimal
    balance_before: Decimal | None
    balance_after: Decimal | None


def balance_effect(without, leave_type, start, end, days_by_year):
    """What taking `days_by_year` ({year: days}) of `leave_type` from `start` to `end` does
    to the balance of the ledger `without` (which does not hold the request yet).

    Returns a YearCharge per year the period touches, each as of the request's last day in
    that year (so accrual up to then counts), and the later years the request would push
    below zero by shrinking their carry-over."""
    spans = split_by_year(start, end)
    if leave_type.unlimited:
        return [
            YearCharge(f.year, days_by_year.get(f.year, ZERO), None, None) for f, _ in spans
        ], []
    with_request = without.with_pending(leave_type.id, days_by_year)
    charges = [
        YearCharge(
            first.year,
            days_by_year.get(first.year, ZERO),
            without.available(leave_type, first.year, last),
            with_request.available(leave_type, first.year, last),
        )
        for first, last in spans
    ]
    later = []
    for year in with_request.years_after(leave_type, end.year):
        year_end = date(year, 12, 31)
        before = without.available(leave_type, year, year_end)
        after = with_request.available(leave_type, year, year_end)
        if after < 0 and after < before:
            later.append(YearCharge(year, ZERO, before, after))
    return charges, later

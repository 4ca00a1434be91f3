"""What a person is credited in a leave year under the policy versions they follow over
time. Pure: the service loads the versions and assignments, this does the arithmetic.

A `Timeline` is one person's versions of one leave type, each in force for a span of dates
(from their assignments, or the type's default policy). Inside a leave year:

- `front_loaded`: the amount of the version (and tenure level) in force on a day is
  credited for the rest of the year on that day; when a new version or an `immediate`
  level starts, the year's total becomes each one's amount for the calendar days it holds
  (25 days to 30 June and 28 from 1 July: 25 x 181/365 + 28 x 184/365 = 26.51 → 26.5). The
  first day counted is the hire date (or the end of `waiting.accrual_days`).
- `periodic`: each period's share of the amount of the version in force on its credit day
  (the period's first or last day), from the first full period worked or pro-rated.
- `per_hour_worked` and `none`: nothing is credited here (hours worked are credited by
  their own ledger entries as payroll reports them).
A version with `basis_days_per_week` scales its amount by the person's schedule on each
day (A-R6: x working days per week / the basis, at most `max_amount`). The year's
cumulative total is rounded once, by the rounding of the version in force on the day it is
read, and capped at `accrual.cap_per_year`.

Each leave year is worked out once per timeline and, where it cannot differ, once for
everyone (`Timeline._shared`): a company on its default policy costs a few computations a
day, not one per person.
"""

import bisect
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from server.domain import accrual_plan as plans
from server.domain.accrual_plan import Level
from server.domain.leave_year import LeaveYearRule
from server.domain.part_time import DayEntitlement, Rounding
from server.domain.policy import default_body
from server.domain.schedule import BEGINNING  # a default policy's first version starts then

ZERO = Decimal(0)


@dataclass(frozen=True)
class Version:
    """A policy version: `body` as stored (see `server.domain.policy`)."""

    id: int
    policy_id: int
    effective_from: date
    body: dict = field(hash=False, compare=False)

    @cached_property
    def fingerprint(self) -> str:
        """The body as canonical JSON: equal bodies, equal fingerprints."""
        return json.dumps(self.body, sort_keys=True, default=str)

    def _part(self, name) -> dict:
        return self.body.get(name) or {}

    @cached_property
    def leave_year(self) -> LeaveYearRule:
        year = self._part("leave_year")
        return LeaveYearRule(year.get("basis", "fixed_date"), year.get("start", "01-01"))

    @cached_property
    def method(self) -> str:
        return self._part("accrual").get("method", plans.FRONT_LOADED)

    @cached_property
    def plan(self) -> plans.Plan:
        accrual = self._part("accrual")
        return plans.Plan(
            method=self.method,
            frequency=accrual.get("frequency"),
            timing=accrual.get("timing") or plans.START,
            first_period=accrual.get("first_period") or plans.FULL_PERIODS_ONLY,
        )

    @cached_property
    def levels(self) -> list[Level]:
        entitlement = self._part("entitlement")
        base = Level("P0D", Decimal(str(entitlement.get("amount", 0))))
        extra = [
            Level(level["after"], Decimal(str(level["amount"])))
            for level in entitlement.get("levels") or ()
        ]
        return [base, *extra]

    @cached_property
    def level_transition(self) -> str:
        return self._part("entitlement").get("level_transition") or plans.NEXT_LEAVE_YEAR

    @cached_property
    def rounding(self) -> Rounding:
        rounding = self._part("rounding")
        return Rounding(Decimal(str(rounding.get("step", "0.5"))), rounding.get("mode", "half_up"))

    @cached_property
    def basis_days_per_week(self) -> Fraction | None:
        """The working week the amount is stated for (A-R6), or None: the amount is
        everyone's, whatever their schedule."""
        basis = self._part("entitlement").get("basis_days_per_week")
        return None if basis is None else Fraction(Decimal(str(basis)))

    @cached_property
    def max_amount(self) -> Fraction | None:
        most = self._part("entitlement").get("max_amount")
        return None if most is None else Fraction(Decimal(str(most)))

    @cached_property
    def cap_per_year(self) -> Decimal | None:
        cap = self._part("accrual").get("cap_per_year")
        return None if cap is None else Decimal(str(cap))

    @cached_property
    def carryover_max(self) -> Decimal | None:
        """The most carried into the next year; None: no limit."""
        carryover = self._part("carryover")
        most = carryover.get("max", 0)
        return None if most is None else Decimal(str(most))

    @cached_property
    def accrual_waiting_days(self) -> int:
        return self._part("waiting").get("accrual_days", 0)

    @cached_property
    def usage_waiting_days(self) -> int:
        return self._part("waiting").get("usage_days", 0)

    @property
    def negative_allowed(self) -> bool:
        return bool(self._part("negative").get("allowed", False))

    def amount_on(self, tenure_from: date | None, year_first: date, day: date) -> Fraction:
        """The yearly amount in force on `day` of the leave year starting `year_first`: the
        tenure level reached by the year's first day, or by `day` (`immediate`)."""
        if len(self.levels) == 1:
            return Fraction(self.levels[0].amount)
        reached_by = day if self.level_transition == plans.IMMEDIATE else year_first
        return plans.level_on(self.levels, tenure_from, reached_by)

    def level_changes(self, tenure_from: date | None) -> list[date]:
        """The days a tenure level is reached (only `immediate` ones change a year's
        amount inside it)."""
        if tenure_from is None or self.level_transition != plans.IMMEDIATE:
            return []
        return [plans.after(tenure_from, level.after) for level in self.levels[1:]]


@dataclass(frozen=True)
class Span:
    """`version` in force from `first` through `last` (None: open)."""

    version: Version
    first: date
    last: date | None = None

    def holds(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class Credit:
    """One step of a year's credited total: on `day`, the total grew (or shrank) by
    `amount`, under `version`; `corrects` when a new version (or a new schedule it scales
    by) changed what was credited."""

    day: date
    amount: Decimal
    version: Version
    period: str
    corrects: bool = False


@dataclass(frozen=True)
class Timeline:
    """One person's policy versions of one leave type over time, in date order; `hire_date`
    starts crediting (and tenure, unless `tenure_from` is given)."""

    spans: tuple[Span, ...]
    hire_date: date | None = None
    tenure_from: date | None = None
    # The person's work schedules (`domain.schedule.Schedule`, by `effective_from`): a
    # version with `basis_days_per_week` scales its amount by them.
    schedules: tuple = ()
    # Leave years already worked out, and their first and last days, by label.
    _years: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)
    _periods: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)
    _totals: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def with_version(self, version: Version) -> "Timeline":
        """The timeline as it would be with `version` of a policy it follows: from its
        `effective_from`, in place of that policy's versions in force then (later versions
        of the policy still start when they do)."""
        spans = []
        for span in self.spans:
            replaced = (
                span.version.policy_id == version.policy_id
                and span.version.effective_from <= version.effective_from
                and (span.last is None or span.last >= version.effective_from)
            )
            if not replaced:
                spans.append(span)
                continue
            if span.first < version.effective_from:
                spans.append(
                    Span(span.version, span.first, version.effective_from - timedelta(days=1))
                )
            spans.append(Span(version, max(span.first, version.effective_from), span.last))
        return Timeline(tuple(spans), self.hire_date, self.tenure_from, self.schedules)

    @property
    def ever_carries(self) -> bool:
        """Whether any version lets something carry over."""
        return any(span.version.carryover_max != 0 for span in self.spans)

    def version_on(self, day: date) -> Version | None:
        for span in reversed(self.spans):
            if span.holds(day):
                return span.version
        return None

    def leave_year_rule(self, day: date) -> LeaveYearRule:
        version = self.version_on(day) or (self.spans[0].version if self.spans else None)
        return version.leave_year if version else LeaveYearRule()

    def period(self, label: int) -> tuple[date, date]:
        """The first and last day of leave year `label`."""
        found = self._periods.get(label)
        if found is None:
            rule = self._only_rule or self.leave_year_rule(date(label, 12, 31))
            found = self._periods[label] = rule.period(label, self.hire_date)
        return found

    @cached_property
    def _only_rule(self) -> LeaveYearRule | None:
        """The leave year rule when every version has the same one (else None)."""
        rules = {span.version.leave_year for span in self.spans}
        return rules.pop() if len(rules) == 1 else None

    def carryover_max(self, label: int) -> Decimal | None:
        """What the version in force on the last day of leave year `label` lets carry over
        (0 without a version)."""
        if len(self.spans) == 1 and self.spans[0].first == BEGINNING and not self.spans[0].last:
            return self.spans[0].version.carryover_max  # one version for ever: the usual
        _, last = self.period(label)
        version = self.version_on(last)
        return version.carryover_max if version else ZERO

    def first_usable_day(self, day: date) -> date | None:
        """The first day a request may start on under the version in force on `day`
        (None: no waiting period)."""
        version = self.version_on(day)
        if version is None or not version.usage_waiting_days or self.hire_date is None:
            return None
        return plans.first_usable_day(self.hire_date, version.usage_waiting_days)

    def credited(self, label: int, as_of: date) -> Decimal:
        """What leave year `label` has credited by `as_of`, rounded once."""
        return self._total(label, as_of)[0]

    def credits(self, label: int, up_to: date) -> list[Credit]:
        """The steps by which leave year `label`'s credited total grows up to `up_to`:
        the entries that explain it (their sum is `credited(label, up_to)`)."""
        first, last = self.period(label)
        days = sorted(d for d in self._credit_days(label) if d <= min(last, up_to))
        steps, before = [], ZERO
        # A new version, or a new schedule a version scales by, corrects what was credited.
        version_starts = {span.first for span in self.spans[1:]}
        if self._scales:
            version_starts.update(s.effective_from for s in self.schedules)
        for day in days:
            total, version = self._total(label, day)
            if total != before and version is not None:
                corrects = day in version_starts and day > first
                period = day.isoformat() if corrects else self._period_name(version, label, day)
                steps.append(Credit(day, total - before, version, period, corrects))
            before = total
        return steps

    # --- the arithmetic ------------------------------------------------------------------
    # Each leave year is worked out once (`_year`): its front-loaded pieces and its periodic
    # credits as running sums, so a total on any day is a lookup, not a recount.

    def _start(self, first: date, version: Version) -> date:
        """The first day credited in the year starting `first`."""
        if self.hire_date is None:
            return first
        starts = self.hire_date + timedelta(days=version.accrual_waiting_days)
        return max(first, starts)

    @property
    def _tenure(self) -> date | None:
        return self.tenure_from or self.hire_date

    @cached_property
    def _scales(self) -> bool:
        """Whether a version scales its amount by the person's schedule."""
        return any(span.version.basis_days_per_week is not None for span in self.spans)

    def _amount(self, version, year_first, day) -> Fraction:
        """The yearly amount of `version` on `day`: its tenure level, scaled to the
        person's schedule then (A-R6: x working days per week / the basis week, at most
        `max_amount`; without a schedule, the basis week)."""
        amount = version.amount_on(self._tenure, year_first, day)
        schedule = self._schedule_on(day) if version.basis_days_per_week is not None else None
        if schedule is not None:
            return DayEntitlement(
                amount, version.basis_days_per_week, version.max_amount
            ).for_schedule(schedule)
        if version.max_amount is not None:
            amount = min(amount, version.max_amount)
        return amount

    def _schedule_on(self, day):
        found = None
        for schedule in self.schedules:
            if schedule.effective_from > day:
                break
            found = schedule
        return found

    def _year(self, label: int) -> "_Year":
        found = self._years.get(label)
        if found is None:
            found = self._years[label] = self._shared(("year", label), self._work_out, label)
        return found

    def _shared(self, key, work_out, *args):
        """`work_out(*args)`, remembered under `key` for every timeline that gives the same
        answer: the same version bodies over the same spans, and the same first credited
        day unless it is the year's first day for everyone (the common case: a company
        whose people all follow the default policy shares one computation per day). Tenure
        levels make a year the person's own."""
        part = self._shared_part
        if part is None:
            return work_out(*args)
        first = self.period(args[0])[0]
        personal = self._credited_from is not None and self._credited_from > first
        key = (key, *args[1:], part, self.hire_date if personal else None)
        found = _SHARED.get(key)
        if found is None:
            if len(_SHARED) >= _SHARED_MAX:
                _SHARED.clear()
            found = _SHARED[key] = work_out(*args)
        return found

    @cached_property
    def _credited_from(self) -> date | None:
        """The latest first credited day any version gives the person (hire date plus
        its waiting period), or None without a hire date."""
        if self.hire_date is None:
            return None
        waits = [span.version.accrual_waiting_days for span in self.spans] or [0]
        return self.hire_date + timedelta(days=max(waits))

    @cached_property
    def _shared_part(self):
        """What every timeline giving the same answers has in common: its spans' versions
        and, when they scale by it, its schedules (None: tenure levels make it personal)."""
        if any(len(span.version.levels) > 1 for span in self.spans):
            return None
        spans = tuple(
            (span.first, span.last, span.version.id, span.version.fingerprint)
            for span in self.spans
        )
        weeks = ()
        if self._scales:
            weeks = tuple((s.effective_from, s.working_days_per_week_avg) for s in self.schedules)
        return (spans, weeks)

    def _work_out(self, label: int) -> "_Year":
        first, last = self.period(label)
        year_days = (last - first).days + 1
        pieces, events = [], []
        for start, end, version in self._segments(first, last):
            method = version.method
            begin = max(start, self._start(first, version))
            if method == plans.FRONT_LOADED:
                if begin <= end:
                    amount = self._amount(version, first, begin)
                    pieces.append((start, begin, end, amount))
            elif method == plans.PERIODIC:
                events += self._period_credits(version, first, last, start, end, year_days)
        events.sort(key=lambda event: event[0])
        days, running, total = [], [], Fraction(0)
        for day, amount in events:
            total += amount
            days.append(day)
            running.append(total)
        return _Year(first, last, year_days, tuple(pieces), tuple(days), tuple(running))

    def _period_credits(self, version, first, last, start, end, year_days):
        """(credit day, exact amount) of each period of `version` credited in its piece
        `start`..`end` of the leave year `first`..`last`."""
        plan = version.plan
        spans = plans.periods(plan.frequency, first, last)
        begin = self._start(first, version)
        weekly = plan.frequency in (plans.WEEKLY, plans.BIWEEKLY)
        found = []
        for period in spans:
            credit_day = period.first if plan.timing == plans.START else period.last
            if not start <= credit_day <= end or period.last < begin:
                continue
            amount = self._amount(version, first, credit_day)
            each = amount * Fraction(period.days, year_days) if weekly else amount / len(spans)
            if period.first >= begin:
                found.append((credit_day, each))
            elif plan.first_period == plans.PRORATE_DAYS:
                found.append(
                    (credit_day, each * Fraction((period.last - begin).days + 1, period.days))
                )
        return found

    def _total(self, label: int, as_of: date) -> tuple[Decimal, Version | None]:
        """(the year's credited total by `as_of`, rounded; the version in force then)."""
        found = self._totals.get((label, as_of))
        if found is None:
            found = self._totals[(label, as_of)] = self._shared(
                ("total", label), self._work_out_total, label, as_of
            )
        return found

    def _work_out_total(self, label, as_of):
        year = self._year(label)
        if as_of < year.first:
            return ZERO, None
        version = self.version_on(min(as_of, year.last))
        if version is None:
            return ZERO, None
        exact = Fraction(0)
        count = bisect.bisect_right(year.days, as_of)
        if count:
            exact += year.running[count - 1]
        started = [piece for piece in year.pieces if piece[1] <= as_of]
        for i, (start, begin, end, amount) in enumerate(started):
            # The piece in force on `as_of` is taken to run to the year's end (what is
            # known on that day), when the version then is front-loaded.
            current = i == len(started) - 1 and start <= as_of <= end
            if current and version.method == plans.FRONT_LOADED:
                end = year.last
            exact += amount * Fraction((end - begin).days + 1, year.year_days)
        total = version.rounding.apply(exact)
        if version.cap_per_year is not None:
            total = min(total, version.cap_per_year)
        return total, version

    def _credit_days(self, label):
        """Every day of leave year `label` its total may change on: its first day, each
        front-loaded piece's first credited day, each periodic credit and each version's
        start."""
        year = self._year(label)
        found = {year.first, *year.days, *(piece[1] for piece in year.pieces)}
        found.update(s.first for s in self.spans if year.first <= s.first <= year.last)
        return found

    def _segments(self, first, last):
        """(from, to, version) pieces of the year `first`..`last`, cut at version starts
        and at `immediate` tenure levels."""
        cuts = {first}
        for span in self.spans:
            if first <= span.first <= last:
                cuts.add(span.first)
            cuts.update(d for d in span.version.level_changes(self._tenure) if first <= d <= last)
        if self._scales:
            cuts.update(
                s.effective_from for s in self.schedules if first <= s.effective_from <= last
            )
        cuts = sorted(cuts)
        pieces = []
        for i, start in enumerate(cuts):
            end = cuts[i + 1] - timedelta(days=1) if i + 1 < len(cuts) else last
            version = self.version_on(start)
            if version is not None:
                pieces.append((start, end, version))
        return pieces

    def _period_name(self, version, label, day):
        if version.method == plans.PERIODIC:
            return day.isoformat()
        return str(label)


# Years and totals that many timelines share (see `Timeline._shared`), at most this many.
_SHARED: dict = {}
_SHARED_MAX = 200_000


@dataclass(frozen=True)
class _Year:
    """A leave year worked out: its front-loaded pieces `(from, first credited day, to,
    yearly amount)` and its periodic credits as sorted days with running exact sums."""

    first: date
    last: date
    year_days: int
    pieces: tuple
    days: tuple
    running: tuple


def spans_of(versions: list[Version], first: date, last: date | None) -> list[Span]:
    """A policy's `versions` (in date order) as spans inside `first`..`last`: each from its
    `effective_from` (the one in force on `first` from `first`) to the day before the
    next; a later version of the same day replaces an earlier one."""
    spans = []
    ordered = sorted(versions, key=lambda v: (v.effective_from, v.id))
    for i, version in enumerate(ordered):
        nxt = ordered[i + 1].effective_from if i + 1 < len(ordered) else None
        start = max(version.effective_from, first)
        end = nxt - timedelta(days=1) if nxt is not None else None
        if last is not None:
            end = last if end is None else min(end, last)
        if end is None or start <= end:
            spans.append(Span(version, start, end))
    return spans


def build_timeline(
    default: list[Version],
    assignments: list[tuple[date, date | None, list[Version]]],
    hire_date: date | None,
    tenure_from: date | None = None,
    schedules=(),
) -> Timeline:
    """A person's timeline: the versions of each assigned policy for its period
    (`from`, `to` or None, versions), the type's `default` policy's versions elsewhere;
    `schedules` (by `effective_from`) for versions that scale by them."""
    spans, day = [], BEGINNING
    schedules = tuple(sorted(schedules, key=lambda s: s.effective_from))
    for start, end, versions in sorted(assignments, key=lambda a: a[0]):
        if start > day:
            spans += spans_of(default, day, start - timedelta(days=1))
        spans += spans_of(versions, start, end)
        if end is None:
            return Timeline(tuple(spans), hire_date, tenure_from, schedules)
        day = end + timedelta(days=1)
    spans += spans_of(default, day, None)
    return Timeline(tuple(spans), hire_date, tenure_from, schedules)


def default_timeline(leave_type, hire_date: date | None) -> Timeline:
    """The timeline of a type's own fields, for a type that has no stored policy."""
    version = Version(0, 0, BEGINNING, default_body(leave_type))
    return Timeline((Span(version, BEGINNING),), hire_date)

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
- `none`: nothing is credited.
The year's cumulative total is rounded once, by the rounding of the version in force on
the day it is read, and capped at `accrual.cap_per_year`.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from server.domain import accrual_plan as plans
from server.domain.accrual_plan import Level
from server.domain.leave_year import LeaveYearRule
from server.domain.part_time import Rounding
from server.domain.policy import default_body
from server.domain.schedule import BEGINNING  # a default policy's first version starts then

ZERO = Decimal(0)
NONE = "none"


@dataclass(frozen=True)
class Version:
    """A policy version: `body` as stored (see `server.domain.policy`)."""

    id: int
    policy_id: int
    effective_from: date
    body: dict = field(hash=False, compare=False)

    def _part(self, name) -> dict:
        return self.body.get(name) or {}

    @property
    def leave_year(self) -> LeaveYearRule:
        year = self._part("leave_year")
        return LeaveYearRule(year.get("basis", "fixed_date"), year.get("start", "01-01"))

    @property
    def method(self) -> str:
        return self._part("accrual").get("method", plans.FRONT_LOADED)

    @property
    def plan(self) -> plans.Plan:
        accrual = self._part("accrual")
        return plans.Plan(
            method=self.method,
            frequency=accrual.get("frequency"),
            timing=accrual.get("timing") or plans.START,
            first_period=accrual.get("first_period") or plans.FULL_PERIODS_ONLY,
        )

    @property
    def levels(self) -> list[Level]:
        entitlement = self._part("entitlement")
        base = Level("P0D", Decimal(str(entitlement.get("amount", 0))))
        extra = [
            Level(level["after"], Decimal(str(level["amount"])))
            for level in entitlement.get("levels") or ()
        ]
        return [base, *extra]

    @property
    def level_transition(self) -> str:
        return self._part("entitlement").get("level_transition") or plans.NEXT_LEAVE_YEAR

    @property
    def rounding(self) -> Rounding:
        rounding = self._part("rounding")
        return Rounding(Decimal(str(rounding.get("step", "0.5"))), rounding.get("mode", "half_up"))

    @property
    def cap_per_year(self) -> Decimal | None:
        cap = self._part("accrual").get("cap_per_year")
        return None if cap is None else Decimal(str(cap))

    @property
    def carryover_max(self) -> Decimal | None:
        """The most carried into the next year; None: no limit."""
        carryover = self._part("carryover")
        most = carryover.get("max", 0)
        return None if most is None else Decimal(str(most))

    @property
    def accrual_waiting_days(self) -> int:
        return self._part("waiting").get("accrual_days", 0)

    @property
    def usage_waiting_days(self) -> int:
        return self._part("waiting").get("usage_days", 0)

    @property
    def negative_allowed(self) -> bool:
        return bool(self._part("negative").get("allowed", False))

    def amount_on(self, tenure_from: date | None, year_first: date, day: date) -> Fraction:
        """The yearly amount in force on `day` of the leave year starting `year_first`: the
        tenure level reached by the year's first day, or by `day` (`immediate`)."""
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
    `amount`, under `version`; `corrects` when a new version changed what was credited."""

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
        return Timeline(tuple(spans), self.hire_date, self.tenure_from)

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
        rule = self.leave_year_rule(date(label, 12, 31))
        return rule.period(label, self.hire_date)

    def carryover_max(self, label: int) -> Decimal | None:
        """What the version in force on the last day of leave year `label` lets carry over
        (0 without a version)."""
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
        days = sorted({d for d in self._credit_days(first, last) if first <= d <= min(last, up_to)})
        steps, before = [], ZERO
        version_starts = {span.first for span in self.spans[1:]}
        for day in days:
            total, version = self._total(label, day)
            if total != before and version is not None:
                corrects = day in version_starts and day > first
                period = day.isoformat() if corrects else self._period_name(version, label, day)
                steps.append(Credit(day, total - before, version, period, corrects))
            before = total
        return steps

    # --- the arithmetic ------------------------------------------------------------------

    def _start(self, first: date, version: Version) -> date:
        """The first day credited in the year starting `first`."""
        if self.hire_date is None:
            return first
        starts = self.hire_date + timedelta(days=version.accrual_waiting_days)
        return max(first, starts)

    def _credit_days(self, first, last):
        """Every day the total may change on: the year's first day, the start of each
        span, the person's first credited day, tenure changes and period credit days."""
        found = {first}
        for span in self.spans:
            found.add(span.first)
            version = span.version
            found.add(self._start(first, version))
            found.update(version.level_changes(self._tenure))
            if version.method == plans.PERIODIC:
                for p in plans.periods(version.plan.frequency, first, last):
                    found.add(p.first if version.plan.timing == plans.START else p.last)
        return found

    @property
    def _tenure(self) -> date | None:
        return self.tenure_from or self.hire_date

    def _total(self, label: int, as_of: date) -> tuple[Decimal, Version | None]:
        first, last = self.period(label)
        version = self.version_on(min(as_of, last)) if as_of >= first else None
        if version is None:
            return ZERO, None
        if version.method == plans.PERIODIC:
            exact = self._periodic(first, last, as_of)
        elif version.method == plans.FRONT_LOADED:
            exact = self._front_loaded(first, last, as_of)
        else:
            exact = self._front_loaded(first, last, as_of, only_front_loaded=True)
        total = version.rounding.apply(exact)
        if version.cap_per_year is not None:
            total = min(total, version.cap_per_year)
        return total, version

    def _segments(self, first, last):
        """(from, to, version) pieces of the year `first`..`last`, cut at version starts
        and at `immediate` tenure levels."""
        cuts = {first}
        for span in self.spans:
            if first <= span.first <= last:
                cuts.add(span.first)
            cuts.update(d for d in span.version.level_changes(self._tenure) if first <= d <= last)
        cuts = sorted(cuts)
        pieces = []
        for i, start in enumerate(cuts):
            end = cuts[i + 1] - timedelta(days=1) if i + 1 < len(cuts) else last
            version = self.version_on(start)
            if version is not None:
                pieces.append((start, end, version))
        return pieces

    def _front_loaded(self, first, last, as_of, only_front_loaded=False):
        """Each piece started by `as_of` holds its amount for its days; the piece in force
        on `as_of` is taken to run to the year's end (what is known on that day)."""
        year_days = (last - first).days + 1
        started = [p for p in self._segments(first, last) if p[0] <= as_of]
        total = Fraction(0)
        for i, (start, end, version) in enumerate(started):
            if only_front_loaded and version.method != plans.FRONT_LOADED:
                continue
            if i == len(started) - 1:
                end = last
            start = max(start, self._start(first, version))
            if start > end or start > as_of:
                continue
            amount = version.amount_on(self._tenure, first, start)
            total += amount * Fraction((end - start).days + 1, year_days)
        return total

    def _periodic(self, first, last, as_of):
        total = Fraction(0)
        year_days = (last - first).days + 1
        for start, end, version in self._segments(first, last):
            if version.method == plans.FRONT_LOADED and start <= as_of:
                begin = max(start, self._start(first, version))
                if begin <= end:
                    amount = version.amount_on(self._tenure, first, begin)
                    total += amount * Fraction((end - begin).days + 1, year_days)
                continue
            if version.method != plans.PERIODIC:
                continue
            plan = version.plan
            spans = plans.periods(plan.frequency, first, last)
            begin = self._start(first, version)
            for period in spans:
                credit_day = period.first if plan.timing == plans.START else period.last
                if not start <= credit_day <= end or credit_day > as_of or period.last < begin:
                    continue
                amount = version.amount_on(self._tenure, first, credit_day)
                if plan.frequency in (plans.WEEKLY, plans.BIWEEKLY):
                    each = amount * Fraction(period.days, year_days)
                else:
                    each = amount / len(spans)
                if period.first >= begin:
                    total += each
                elif plan.first_period == plans.PRORATE_DAYS:
                    total += each * Fraction((period.last - begin).days + 1, period.days)
        return total

    def _period_name(self, version, label, day):
        if version.method == plans.PERIODIC:
            return day.isoformat()
        return str(label)


def default_timeline(leave_type, hire_date: date | None) -> Timeline:
    """The timeline of a type's own fields, for a type that has no stored policy."""
    version = Version(0, 0, BEGINNING, default_body(leave_type))
    return Timeline((Span(version, BEGINNING),), hire_date)


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
) -> Timeline:
    """A person's timeline: the versions of each assigned policy for its period
    (`from`, `to` or None, versions), the type's `default` policy's versions elsewhere."""
    spans, day = [], BEGINNING
    for start, end, versions in sorted(assignments, key=lambda a: a[0]):
        if start > day:
            spans += spans_of(default, day, start - timedelta(days=1))
        spans += spans_of(versions, start, end)
        if end is None:
            return Timeline(tuple(spans), hire_date, tenure_from)
        day = end + timedelta(days=1)
    spans += spans_of(default, day, None)
    return Timeline(tuple(spans), hire_date, tenure_from)

"""The demo company that `manage.py seed` creates, as data: its people, teams and leave
types, its company holidays, and when its requests fall.

The dates are chosen by rule from "today", so the demo holds the same story on every day of
the year, 25 December and 29 February included, and the end-to-end tests, the docs'
examples and a newcomer's first look can rely on it (`plan_requests`):

- every request starts on a working day of its owner and counts exactly the working days
  its wish asks for (weekends and public and company holidays are stepped over);
- a past request ends two days before today at the latest and a future one starts two days
  after it at the earliest, so each is past or future in every time zone;
- a person's requests never overlap, and all of them end before `horizon(today)` (the
  end-to-end tests and the docs' examples book their own days from there on);
- the mix: approved requests in the past and in the future, pending ones (Grace's flex day
  that Maya rejects in the browser tests, Alan's that stays in her inbox), a sick leave, a
  rejected and a cancelled request; Ada, who books days in the browser tests, has nothing
  pending and nothing in the two weeks after today.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from server.domain.vocabulary import APPROVED, CANCELLED, MONTHLY, PENDING, REJECTED

US_WEST, US_EAST, BERLIN = "America/Los_Angeles", "America/New_York", "Europe/Berlin"
# key (email is key@example.com), full name, roles, country, subdivision, time zone,
# manager's key, hire date
PEOPLE = [
    ("admin", "Hana Admin", ["admin"], "US", "CA", US_WEST, None, "2019-02-01"),
    ("maya", "Maya Manager", ["manager"], "US", "CA", US_WEST, None, "2020-04-01"),
    ("lukas", "Lukas Leiter", ["manager"], "DE", "BE", BERLIN, None, "2021-01-04"),
    ("ada", "Ada Lovelace", [], "US", "CA", US_WEST, "maya", "2022-03-14"),
    ("grace", "Grace Hopper", [], "US", "NY", US_EAST, "maya", "2023-09-01"),
    ("alan", "Alan Turing", [], "US", "CA", US_WEST, "maya", "2024-06-17"),
    ("linus", "Linus Larsson", [], "US", "WA", US_WEST, "maya", None),
    ("emmy", "Emmy Noether", [], "DE", "BE", BERLIN, "lukas", "2021-05-03"),
    ("konrad", "Konrad Zuse", [], "DE", "BY", BERLIN, "lukas", "2022-11-01"),
    ("lise", "Lise Meitner", [], "DE", "BE", BERLIN, "lukas", "2025-07-01"),
    ("karl", "Karl Benz", [], "DE", "BW", BERLIN, "lukas", "2020-08-10"),
]
TEAMS = [
    ("Engineering", "Builds the product", 2, ["maya", "ada", "grace", "alan", "emmy"]),
    ("Design", "Product and visual design", None, ["lukas", "lise", "linus"]),
    ("Support", "Helps customers every weekday", 1, ["lukas", "konrad", "karl", "alan"]),
]
LEAVE_TYPES = [
    {
        "name": "Vacation",
        "code": "vacation",
        "color": "#2E86DE",
        "yearly_allowance": Decimal(25),
        "carryover_max": Decimal(5),
    },
    {
        "name": "Sick leave",
        "code": "sick",
        "color": "#E74C3C",
        "yearly_allowance": None,
        "requires_approval": False,
        "allow_past": True,
    },
    {
        "name": "Flex days",
        "code": "flex",
        "color": "#27AE60",
        "yearly_allowance": Decimal(12),
        "accrual": MONTHLY,
    },
    {
        "name": "Unpaid leave",
        "code": "unpaid",
        "color": "#7F8C8D",
        "yearly_allowance": None,
        "paid": False,
    },
]


@dataclass(frozen=True)
class Wish:
    """A demo request as the story wants it: `week` weeks from this week's Monday (< 0: in
    the past), `weekday` days into that week, `working_days` of its owner long."""

    who: str
    leave_type: str  # a code of LEAVE_TYPES
    week: int
    weekday: int
    working_days: int
    outcome: str  # approved, pending, rejected or cancelled
    decided_by: str | None  # who approves or rejects it (None: the admin)
    reason: str | None

    @property
    def in_past(self) -> bool:
        return self.week < 0


WISHES = [
    Wish("ada", "vacation", -10, 0, 5, APPROVED, "maya", "Family trip"),
    Wish("grace", "vacation", -6, 2, 2, APPROVED, "maya", None),
    Wish("emmy", "vacation", -8, 0, 5, APPROVED, "lukas", "Hiking"),
    Wish("konrad", "sick", -3, 1, 2, APPROVED, None, "Flu"),
    Wish("karl", "vacation", -4, 0, 3, REJECTED, "lukas", "Release week"),
    Wish("ada", "vacation", 3, 0, 5, APPROVED, "maya", "Conference"),
    Wish("alan", "vacation", 3, 1, 3, PENDING, None, None),
    Wish("grace", "flex", 2, 4, 1, PENDING, None, "Long weekend"),
    Wish("emmy", "vacation", 5, 0, 5, PENDING, None, "Skiing"),
    Wish("konrad", "vacation", 5, 2, 2, PENDING, None, None),
    Wish("lise", "flex", 4, 0, 1, APPROVED, "lukas", None),
    Wish("linus", "vacation", 7, 0, 4, CANCELLED, None, "Plans changed"),
    Wish("maya", "vacation", 9, 0, 5, PENDING, None, "Summer break"),
]

# Past requests end by today - CLEAR_OF_TODAY, future ones start at today + CLEAR_OF_TODAY:
# the plan's today is a UTC date, and the owners' own todays are a day apart at most.
CLEAR_OF_TODAY = timedelta(days=2)
HORIZON = timedelta(weeks=12)  # from this week's Monday: every demo request ends before it
REACH_BACK = timedelta(weeks=16)  # from this week's Monday: the earliest a request may start
# How far a request may move from its wished first day; a stretch of this many days without
# a working day that fits would mean the plan itself is wrong.
MAX_SHIFT_DAYS = 28


@dataclass(frozen=True)
class WorkCalendar:
    """What the plan needs to know about a person's days: the weekdays they work (0 =
    Monday) and their holidays, public and company ones, at least over `window(today)`."""

    work_days: frozenset[int]
    holidays: Mapping[date, str]

    def works_on(self, day: date) -> bool:
        return day.weekday() in self.work_days and day not in self.holidays

    def last_of(self, first: date, working_days: int) -> date:
        """The day on which `working_days` working days starting at `first` end."""
        day, counted = first, int(self.works_on(first))
        while counted < working_days:
            day += timedelta(days=1)
            counted += self.works_on(day)
        return day


@dataclass(frozen=True)
class PlannedRequest:
    who: str
    leave_type: str
    start: date
    end: date
    outcome: str
    decided_by: str | None
    reason: str | None

    def overlaps(self, other: "PlannedRequest") -> bool:
        return self.start <= other.end and other.start <= self.end


def monday_of(today: date) -> date:
    return today - timedelta(days=today.weekday())


def horizon(today: date) -> date:
    """Every demo request ends before this day (a Monday twelve weeks ahead)."""
    return monday_of(today) + HORIZON


def window(today: date) -> tuple[date, date]:
    """The first and last day a plan for `today` may touch: the calendars must know them."""
    return monday_of(today) - REACH_BACK, horizon(today)


def company_holidays(today: date) -> list[tuple[date, str, str | None]]:
    """(date, name, country or None for everyone): the shutdown on 24 and 31 December of
    this year, and the German team's offsite on the Wednesday six weeks from now."""
    return [
        (date(today.year, 12, 24), "Company shutdown", None),
        (date(today.year, 12, 31), "Company shutdown", None),
        (monday_of(today) + timedelta(weeks=6, days=2), "Team offsite", "DE"),
    ]


def plan_requests(today: date, calendars: Mapping[str, WorkCalendar]) -> list[PlannedRequest]:
    """The demo's requests for `today`, in WISHES' order. Each one starts on the first of
    its owner's working days from its wished day on (in the past: the last one up to it)
    where it fits the rules of this module's docstring. `calendars` has everyone's days."""
    planned: list[PlannedRequest] = []
    for wish in WISHES:
        calendar = calendars[wish.who]
        wished = monday_of(today) + timedelta(weeks=wish.week, days=wish.weekday)
        direction = -1 if wish.in_past else 1
        for shift in range(MAX_SHIFT_DAYS):
            start = wished + timedelta(days=direction * shift)
            if not calendar.works_on(start):
                continue
            candidate = PlannedRequest(
                wish.who,
                wish.leave_type,
                start,
                calendar.last_of(start, wish.working_days),
                wish.outcome,
                wish.decided_by,
                wish.reason,
            )
            if _fits(candidate, wish, today, planned):
                planned.append(candidate)
                break
        else:
            raise ValueError(f"no dates for {wish} within {MAX_SHIFT_DAYS} days of {wished}")
    return planned


def _fits(candidate, wish, today, planned):
    first, last = window(today)
    if wish.in_past:
        in_time = first <= candidate.start and candidate.end <= today - CLEAR_OF_TODAY
    else:
        in_time = today + CLEAR_OF_TODAY <= candidate.start and candidate.end < last
    return in_time and not any(
        other.who == candidate.who and other.overlaps(candidate) for other in planned
    )

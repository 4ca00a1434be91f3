"""The team calendar: who is away when, among the people the caller may see.

Set-based: the people, their work schedules, their absences, HR's holiday calendars for
their regions and the company holidays are five queries whatever the range or the number
of people (two more with a capped team filter, for its capacity); public holidays come from
the `holidays` package's per-process cache.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from server import clock
from server.domain import capacity, holiday_calendar
from server.domain.dates import range_problems
from server.domain.vocabulary import ACTIVE_STATUSES, MAX_RANGE_DAYS, PUBLIC
from server.errors import ValidationFailed
from server.extensions import db
from server.models import CompanyHoliday, LeaveRequest, LeaveType, Team, User
from server.services import access, capacity_service, schedule_service
from server.services.holiday_service import calendar_settings, public_holidays_between


# A company-wide calendar holds thousands of these: plain named tuples.
class Person(NamedTuple):
    id: int
    full_name: str
    country: str | None
    subdivision: str | None
    work_days: list
    # Their work schedules in force somewhere in the range (a grid shades each day by them).
    schedules: list = []


class Absence(NamedTuple):
    request_id: int
    user_id: int
    full_name: str
    start_date: date
    end_date: date
    start_half: bool
    end_half: bool
    days: Decimal
    unit: str
    parts: list | None
    status: str
    leave_type: access.LeaveTypeShown


@dataclass(frozen=True)
class Holiday:
    date: date
    name: str
    source: str  # "public" | "company"
    country: str | None
    subdivision: str | None


@dataclass(frozen=True)
class Calendar:
    first: date
    last: date
    people: list
    absences: list
    holidays: list
    team_conflicts: list


def calendar_range(actor, first, last):
    """The range asked for, or the current month in the caller's time zone."""
    if (first is None) != (last is None):
        missing = "to" if last is None else "from"
        raise ValidationFailed(
            "Give both from and to, or neither (the current month).",
            errors={missing: "is required together with " + ("from" if last is None else "to")},
        )
    if first is None:
        today = clock.today_in(actor.timezone)
        first = today.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return checked_range(first, last)


def checked_range(first, last):
    """first..last, if a calendar or a report may cover it; 422 otherwise."""
    problems = range_problems(first, last, MAX_RANGE_DAYS)
    if problems:
        raise ValidationFailed(f"to {problems['to']}", errors=problems)
    return first, last


def team_calendar(actor, first=None, last=None, team_id=None, user_id=None):
    first, last = calendar_range(actor, first, last)
    people_stmt = sa.select(User.id).where(
        User.is_active.is_(True), access.SEE_ABSENCES.clause(actor, User.id)
    )
    if team_id is not None:
        people_stmt = people_stmt.where(User.id.in_(Team.member_ids(team_id)))
    if user_id is not None:
        people_stmt = people_stmt.where(User.id == user_id)

    # How many hours someone works is part of their record: only for people whose
    # records the caller may see (else their `work_days` still shade their days).
    schedules = schedule_service.schedules_of_users(
        people_stmt.where(access.SEE_RECORDS.clause(actor, User.id)), first, last
    )
    people = [
        Person(*row, schedules.get(row.id, []))
        for row in db.session.connection().execute(
            sa.select(User.id, User.full_name, User.country, User.subdivision, User.work_days)
            .where(User.id.in_(people_stmt))
            .order_by(User.full_name, User.id)
        )
    ]
    return Calendar(
        first,
        last,
        people,
        _absences(actor, people_stmt, first, last),
        _holidays(people, first, last),
        _team_conflicts(team_id, first, last),
    )


def _absences(actor, people_stmt, first, last):
    shown = access.leave_type_mask(actor)
    rows = (
        db.session.connection()
        .execute(
            sa.select(
                LeaveRequest.id,
                LeaveRequest.user_id,
                User.full_name,
                User.manager_id,
                LeaveRequest.start_date,
                LeaveRequest.end_date,
                LeaveRequest.start_half,
                LeaveRequest.end_half,
                LeaveRequest.days,
                LeaveRequest.unit,
                LeaveRequest.parts,
                LeaveRequest.status,
                LeaveType.id.label("leave_type_id"),
                LeaveType.name.label("leave_type_name"),
                LeaveType.color.label("leave_type_color"),
                LeaveType.visibility,
            )
            .join(User, User.id == LeaveRequest.user_id)
            .join(LeaveType, LeaveType.id == LeaveRequest.leave_type_id)
            .where(
                LeaveRequest.user_id.in_(people_stmt),
                LeaveRequest.status.in_(ACTIVE_STATUSES),
                LeaveRequest.start_date <= last,
                LeaveRequest.end_date >= first,
            )
            .order_by(LeaveRequest.start_date, User.full_name, LeaveRequest.id)
        )
        .all()
    )
    return [
        Absence(
            request_id,
            user_id,
            full_name,
            start_date,
            end_date,
            start_half,
            end_half,
            days,
            unit,
            parts,
            status,
            shown(
                access.UserRef(user_id, manager_id),
                access.LeaveTypeShown(*leave_type),
                visibility == PUBLIC,
            ),
        )
        for (
            request_id,
            user_id,
            full_name,
            manager_id,
            start_date,
            end_date,
            start_half,
            end_half,
            days,
            unit,
            parts,
            status,
            *leave_type,
            visibility,
        ) in rows
    ]


def _holidays(people, first, last):
    """Public holidays of every region among `people` (as HR's holiday calendars count
    them), and the company holidays for everyone or for one of their countries or
    subdivisions; each once per (date, country, subdivision)."""
    regions = sorted(
        {(p.country, p.subdivision) for p in people if p.country},
        key=lambda region: (region[0], region[1] or ""),  # no subdivision: the whole country
    )
    stored = calendar_settings(
        [code for c, s in regions for code in (c, holiday_calendar.region_code(c, s))]
    )
    found = {}
    for country, subdivision in regions:
        settings = holiday_calendar.settings_for(country, subdivision, stored)
        for day, name in public_holidays_between(country, subdivision, first, last, settings):
            found[(day, country, subdivision)] = Holiday(day, name, "public", country, subdivision)
    countries = sorted({country for country, _ in regions})
    company = db.session.execute(
        sa.select(
            CompanyHoliday.date,
            CompanyHoliday.name,
            CompanyHoliday.country,
            CompanyHoliday.subdivision,
        ).where(
            CompanyHoliday.date.between(first, last),
            sa.or_(CompanyHoliday.country.is_(None), CompanyHoliday.country.in_(countries)),
        )
    )
    company_days = [
        Holiday(day, name, "company", country, subdivision)
        for day, name, country, subdivision in company
        if subdivision is None or (country, subdivision) in regions
    ]
    return sorted(
        [*found.values(), *company_days],
        key=lambda h: (h.date, h.country or "", h.subdivision or "", h.source, h.name),
    )


def _team_conflicts(team_id, first, last):
    """For a capped team: the days in the range with more members away than it allows."""
    if team_id is None:
        return []
    teams = capacity_service.capped_teams([team_id])
    if not teams:
        return []
    (team,) = teams
    away = capacity_service.away_by_day(teams, first, last)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return capacity.over_capacity(team, away, days)

"""Seed a benchmark company into a PostgreSQL database of its own.

    python -m bench.seed [--url postgresql://postgres@127.0.0.1:5432/pto_bench]
                         [--people 5000] [--random-seed 7] [--recreate]

Creates the database (and marks it with a comment), migrates it with the project's Alembic
migrations, then fills it in bulk with COPY: people with managers, teams, regions whose
public holidays the `holidays` package knows, the demo's leave types, about 20 requests per
person and year over 2025-2027 with their `leave_days`, adjustments, company holidays and
some revoked sessions. Counted days come from the service's own domain code
(`count_working_days` over the same public and company holidays), so they are what the
service would have charged.

It only ever touches a database it created: a database that exists without its marker is
refused, and one with the marker is dropped and re-created only with `--recreate`.
"""

import argparse
import io
import json
import logging
import random
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

if __package__ in (None, ""):  # `python bench/seed.py`
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg2
from psycopg2 import sql

from bench.common import (
    BENCH_PASSWORD,
    MARKER,
    bench_logins,
    bench_url,
    database_comment,
    database_name,
    with_database,
)
from server.database import without_wait_callback
from server.domain.schedule import BEGINNING

YEARS = (2025, 2026, 2027)


def words(text):
    return text.split()


# (country, subdivision, time zone, weight): all supported by the `holidays` package.
REGIONS = [
    ("US", "CA", "America/Los_Angeles", 14),
    ("US", "NY", "America/New_York", 12),
    ("US", "TX", "America/Chicago", 7),
    ("US", "WA", "America/Los_Angeles", 5),
    ("US", "MA", "America/New_York", 4),
    ("DE", "BE", "Europe/Berlin", 8),
    ("DE", "BY", "Europe/Berlin", 8),
    ("DE", "BW", "Europe/Berlin", 5),
    ("DE", "NW", "Europe/Berlin", 5),
    ("GB", "ENG", "Europe/London", 10),
    ("GB", "SCT", "Europe/London", 3),
    ("FR", None, "Europe/Paris", 6),
    ("ES", "MD", "Europe/Madrid", 3),
    ("CA", "ON", "America/Toronto", 3),
    ("AU", "NSW", "Australia/Sydney", 2),
    ("IN", "KA", "Asia/Kolkata", 2),
]
FULL_TIME = (0, 1, 2, 3, 4)
PART_TIME = [(0, 1, 2, 3), (1, 2, 3), (0, 2, 4), (0, 1, 2), (1, 2, 3, 4)]
FIRST_NAMES = words(
    "Ada Alan Grace Linus Emmy Konrad Lise Karl Maya Lukas Hana Noah Emma Liam Olivia Mia "
    "Sofia Jonas Lea Ben Paul Clara Felix Marie Anna Leon Elias Ida Oskar Nora Jack Amelia "
    "Oliver Isla Harry Ava George Freya Louis Chloé Hugo Léa Jules Inès Lucía Mateo Pablo "
    "Martina Ethan Zoë Chen Wei Priya Arjun Ananya Rohan Yuki Kenji Aiko Sven Ingrid Jürgen "
    "Björn Zoltan Fatima Omar Amara Kofi"
)
LAST_NAMES = words(
    "Lovelace Hopper Turing Noether Zuse Meitner Benz Müller Schmidt Schneider Fischer Weber "
    "Wagner Becker Smith Johnson Williams Brown Jones Garcia Miller Davis Martin Bernard "
    "Dubois Thomas Robert Richard Petit Durand Taylor Wilson Evans Walker Wright Roberts "
    "Green Hall Wood Clarke López Sánchez Pérez Gómez Fernández Tremblay Roy Gagnon Nguyen "
    "Kim Patel Sharma Iyer Reddy Tanaka Sato Suzuki O'Brien Kowalski Novak Okafor Haddad"
)
DEPARTMENTS = words(
    "Payments Platform Mobile Search Growth Data Security Support Billing Infrastructure "
    "Design Research Sales Marketing Finance People Legal Operations Logistics Identity"
)
REASONS = [
    "Family trip",
    "Wedding",
    "Moving house",
    "School holidays",
    "Doctor's appointment",
    "Long weekend",
    "Conference",
    "Hiking",
    "Visiting parents",
    "Renovation",
]
# The demo's leave types (server/domain/demo_company.py), with the model's defaults spelled
# out: (code, name, color, paid, requires_approval, yearly_allowance, accrual,
# carryover_max, allow_past)
LEAVE_TYPES = [
    ("vacation", "Vacation", "#2E86DE", True, True, Decimal(25), "yearly", Decimal(5), False),
    ("sick", "Sick leave", "#E74C3C", True, False, None, "yearly", Decimal(0), True),
    ("flex", "Flex days", "#27AE60", True, True, Decimal(12), "monthly", Decimal(0), False),
    ("unpaid", "Unpaid leave", "#7F8C8D", False, True, None, "yearly", Decimal(0), False),
]
# Per person and year: (leave type code, how many requests, [(working days, weight)]).
# 0.5 is a half day.
REQUEST_PLAN = [
    ("vacation", 9, [(0.5, 10), (1, 30), (2, 20), (3, 20), (5, 15), (10, 5)]),
    ("sick", 5, [(1, 60), (2, 25), (3, 10), (5, 5)]),
    ("flex", 6, [(1, 85), (0.5, 15)]),
    ("unpaid", 1, [(1, 40), (3, 40), (5, 20)]),
]
# Most people stay within what they have: days of each limited type per person and year.
BUDGET = {"vacation": Decimal(28), "flex": Decimal(12)}
INFINITE = Decimal("Infinity")
SYSTEM_START = datetime(2024, 6, 3, 8, 0, tzinfo=UTC)


@dataclass
class Person:
    id: int
    email: str
    full_name: str
    roles: tuple
    country: str
    subdivision: str | None
    timezone: str
    manager_id: int | None
    hire_date: date | None
    work_days: tuple
    is_active: bool = True
    left_on: date | None = None
    created_at: datetime = SYSTEM_START
    teams: list = field(default_factory=list)


class Refused(SystemExit):
    """The target database is not one the seed may touch."""


# --- the database ---------------------------------------------------------------------------


def prepare_database(url, recreate=False):
    """Create the database `url` names, with the marker; refuse anything else."""
    name = database_name(url)
    admin = psycopg2.connect(with_database(url, "postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            comment = database_comment(cur, name)
            if comment is not None:
                if not comment.startswith(MARKER):
                    raise Refused(
                        f"Refusing to touch database {name!r}: it exists and was not created "
                        "by bench/seed.py (no marker). Pick another name with --url."
                    )
                if not recreate:
                    raise Refused(
                        f"Database {name!r} already holds a bench company; pass --recreate to "
                        "drop and seed it again."
                    )
                cur.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                )
                cur.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            cur.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name),
                    sql.Literal(f"{MARKER}: created by bench/seed.py at {stamp}"),
                )
            )
    finally:
        admin.close()


# The company's rows are written in the schema of this revision (the one before policies
# and the ledger); upgrading from it makes the policies and entries from them, as on an
# installation that existed before.
ROWS_REVISION = "e405cbed02b6"


def migrate(url, revision="head"):
    """`flask db upgrade` (to `revision`) through the app factory, on this database."""
    from flask_migrate import upgrade

    from server import create_app
    from server.extensions import db

    app = create_app("dev", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        # migrations/env.py configures Alembic's INFO logging only when nothing else has
        # configured logging: a quiet handler keeps the seed's output to its own lines.
        if not logging.getLogger().handlers:
            logging.getLogger().addHandler(logging.NullHandler())
        upgrade(revision=revision)
        db.engine.dispose()


# --- the company ----------------------------------------------------------------------------


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def make_people(rng, count, today):
    """Two admins, a manager per ~8 people in a tree, and employees under them."""
    managers = max(1, round(count / 8))
    employees = max(0, count - 2 - managers)
    region_choices = [((c, s, tz), w) for c, s, tz, w in REGIONS]
    people = []
    used_emails = set()

    def new_person(roles, manager_id, region, hire_date, work_days=FULL_TIME):
        pid = len(people) + 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = f"{first}.{last}".lower().replace("'", "")
        email = f"{local}@example.com"
        if email in used_emails:
            email = f"{local}.{pid}@example.com"
        used_emails.add(email)
        country, subdivision, tz = region
        person = Person(
            pid,
            email,
            f"{first} {last}",
            roles,
            country,
            subdivision,
            tz,
            manager_id,
            hire_date,
            work_days,
        )
        if hire_date is not None:
            made = datetime.combine(hire_date - timedelta(days=14), datetime.min.time(), UTC)
            person.created_at = max(SYSTEM_START, made.replace(hour=9)) + timedelta(
                minutes=rng.randrange(600)
            )
        people.append(person)
        return person

    def hire_date():
        roll = rng.random()
        if roll < 0.01:
            return None
        if roll < 0.86:
            return date(2008, 1, 1) + timedelta(
                days=rng.randrange((date(2025, 1, 1) - date(2008, 1, 1)).days)
            )
        if roll < 0.96:
            return date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        return date(2026, 1, 1) + timedelta(days=rng.randrange((today - date(2026, 1, 1)).days))

    hq = REGIONS[0][:3]
    admin = new_person(("admin",), None, hq, date(2015, 3, 2))
    admin.email = "admin@example.com"
    new_person(("admin",), None, REGIONS[1][:3], date(2018, 9, 3)).email = "hr@example.com"
    # Managers: a tree in which each manager has up to 4 managers reporting to them.
    manager_ids = []
    for k in range(managers):
        boss = manager_ids[(k - 1) // 4] if k else None
        region = weighted(rng, region_choices) if k % 3 == 0 or boss is None else None
        if region is None:
            boss_person = people[boss - 1]
            region = (boss_person.country, boss_person.subdivision, boss_person.timezone)
        manager = new_person(("manager",), boss, region, hire_date() or date(2016, 1, 4))
        manager_ids.append(manager.id)
    people[1].manager_id = manager_ids[0]
    # Employees: about 8 direct reports per manager in all (managers reporting count too).
    reports = defaultdict(int)
    for manager_id in manager_ids:
        boss = people[manager_id - 1].manager_id
        if boss:
            reports[boss] += 1
    slots = []
    for manager_id in manager_ids:
        slots += [manager_id] * max(1, 8 - reports[manager_id])
    rng.shuffle(slots)
    for i in range(employees):
        manager = people[slots[i % len(slots)] - 1]
        if rng.random() < 0.75:
            region = (manager.country, manager.subdivision, manager.timezone)
        else:
            region = weighted(rng, region_choices)
        work_days = FULL_TIME if rng.random() < 0.9 else rng.choice(PART_TIME)
        person = new_person((), manager.id, region, hire_date(), work_days)
        if rng.random() < 0.015:  # leavers: history kept, account deactivated
            person.is_active = False
            person.left_on = date(2025, 3, 1) + timedelta(days=rng.randrange(600))
    return people


def make_teams(rng, people):
    """Teams of ~2 managers' groups (~18 people); a quarter of people in a second team."""
    groups = defaultdict(list)
    for person in people:
        if "manager" in person.roles:
            groups[person.id].append(person)
        elif person.manager_id is not None:
            groups[person.manager_id].append(person)
    teams, current = [], []
    for members in groups.values():
        current += members
        if len(current) >= 16:
            teams.append(current)
            current = []
    if current:
        teams.append(current)
    rows = []
    for index, members in enumerate(teams, start=1):
        department = DEPARTMENTS[(index - 1) % len(DEPARTMENTS)]
        name = f"{department} {(index - 1) // len(DEPARTMENTS) + 1}"
        max_absent = max(1, len(members) // 6) if rng.random() < 0.35 else None
        rows.append((index, name, f"The {name} team", max_absent))
        for person in members:
            person.teams.append(index)
    for person in people:
        if person.teams and rng.random() < 0.25:
            other = rng.randrange(1, len(rows) + 1)
            if other not in person.teams:
                person.teams.append(other)
    return rows


def company_holidays():
    """(id, date, name, country) of the company's own holidays."""
    rows = []
    for year in YEARS:
        rows.append((date(year, 12, 24), "Company shutdown", None))
        rows.append((date(year, 12, 31), "Company shutdown", None))
        rows.append((date(year, 6, 19), "Summer offsite", "DE"))
        rows.append((date(year, 3, 17), "Founders' day", "US"))
    return [(i, *row) for i, row in enumerate(rows, start=1)]


def holiday_calendars(holiday_rows):
    """{(country, subdivision): {date: name}} over the seeded years, as the service reads
    them (holiday_service.holidays_between: public ones, then company ones)."""
    from server.services.holiday_service import check_region, public_holidays

    calendars = {}
    for country, subdivision, _, _ in REGIONS:
        assert check_region(country, subdivision) == (country, subdivision)
        found = {}
        for year in range(YEARS[0] - 1, YEARS[-1] + 2):
            found.update(public_holidays(country, subdivision, year))
        for _, day, name, scope in holiday_rows:
            if scope in (None, country):
                found[day] = f"{found[day]}; {name}" if day in found else name
        calendars[(country, subdivision)] = found
    return calendars


@dataclass
class RequestRow:
    id: int
    user_id: int
    leave_type_id: int
    start: date
    end: date
    start_half: bool
    end_half: bool
    days: Decimal
    reason: str | None
    status: str
    reviewer_id: int | None
    reviewed_at: datetime | None
    review_comment: str | None
    created_at: datetime
    updated_at: datetime
    per_date: tuple


def make_requests(rng, people, type_ids, calendars, now):
    """About 20 requests per person and year, never overlapping one another, each with the
    days `count_working_days` charges."""
    from server.domain.deduction import deduct_work_week
    from server.domain.periods import LeavePeriod

    today = now.date()
    requests = []
    by_id = {p.id: p for p in people}
    approval = {code: needs for code, _, _, _, needs, *_ in LEAVE_TYPES}
    for person in people:
        holidays = calendars[(person.country, person.subdivision)]
        work_days = person.work_days
        taken = set()  # calendar days already covered by one of this person's requests
        first_day = max(date(YEARS[0], 1, 1), person.hire_date or date(YEARS[0], 1, 1))
        last_day = date(YEARS[-1], 12, 31)
        if person.left_on:
            last_day = min(last_day, person.left_on)
        if first_day > last_day:
            continue
        manager = by_id.get(person.manager_id)
        reviewer = manager.id if manager and "manager" in manager.roles else 1
        for year in YEARS:
            start_of_year = max(first_day, date(year, 1, 1))
            end_of_year = min(last_day, date(year, 12, 31))
            if start_of_year > end_of_year:
                continue
            span = (end_of_year - start_of_year).days + 1
            share = span / 365
            spent = defaultdict(Decimal)
            for code, count, lengths in REQUEST_PLAN:
                wanted = count * share
                n = int(wanted) + (rng.random() < wanted - int(wanted))
                if code == "unpaid":
                    n = int(rng.random() < 0.5 * share)
                for _ in range(n):
                    length = weighted(rng, lengths)
                    for _attempt in range(6):
                        start = start_of_year + timedelta(days=rng.randrange(span))
                        # Start on a working day; extend over `length` working days.
                        while start.weekday() not in work_days or start in holidays:
                            start += timedelta(days=1)
                        end, counted = start, 1
                        while counted < length:
                            end += timedelta(days=1)
                            if end.weekday() in work_days and end not in holidays:
                                counted += 1
                        covered = [start + timedelta(days=i) for i in range((end - start).days + 1)]
                        if end > last_day or any(day in taken for day in covered):
                            continue
                        start_half = end_half = False
                        if length == 0.5:
                            if rng.random() < 0.5:
                                start_half = True
                            else:
                                end_half = True
                        elif length >= 2 and rng.random() < 0.05:
                            end_half = True
                        period = LeavePeriod(start, end, start_half, end_half)
                        count_ = deduct_work_week(period, work_days, holidays)
                        if count_.amount == 0:
                            continue
                        if spent[code] + count_.amount > BUDGET.get(code, INFINITE):
                            break  # people keep within their allowance (give or take)
                        spent[code] += count_.amount
                        taken.update(covered)
                        requests.append(
                            _request_row(
                                rng,
                                len(requests) + 1,
                                person,
                                type_ids[code],
                                period,
                                count_,
                                approval[code],
                                reviewer,
                                now,
                                today,
                            )
                        )
                        break
    return requests


def _request_row(rng, rid, person, type_id, period, count, needs_approval, reviewer, now, today):
    start, end = period.start, period.end
    if not needs_approval:  # sick leave: filed on the day or just after, approved at once
        created = _at(start, rng) + timedelta(days=rng.choice((0, 0, 1, 2)))
        status = "cancelled" if rng.random() < 0.03 else "approved"
    else:
        created = _at(start, rng) - timedelta(days=rng.randrange(3, 75))
        roll = rng.random()
        if end < today or person.left_on:
            status = (
                "approved"
                if roll < 0.86
                else "rejected"
                if roll < 0.91
                else "cancelled"
                if roll < 0.99
                else "pending"
            )
            if person.left_on and status == "pending":
                status = "approved"
        elif start <= today:
            status = "approved"
        else:
            status = (
                "approved"
                if roll < 0.62
                else "pending"
                if roll < 0.90
                else "rejected"
                if roll < 0.93
                else "cancelled"
            )
    created = max(person.created_at, min(created, now - timedelta(minutes=rng.randrange(1, 40000))))
    reviewer_id = reviewed_at = comment = None
    updated = created
    if needs_approval and status in ("approved", "rejected"):
        reviewer_id = reviewer
        reviewed_at = min(now, created + timedelta(minutes=rng.randrange(30, 4320)))
        updated = reviewed_at
        if status == "rejected":
            comment = "We are short-staffed that week, sorry."
        elif rng.random() < 0.3:
            comment = "Enjoy!"
    elif status == "cancelled":
        updated = min(now, created + timedelta(minutes=rng.randrange(30, 20000)))
    reason = rng.choice(REASONS) if rng.random() < 0.4 else None
    return RequestRow(
        rid,
        person.id,
        type_id,
        start,
        end,
        period.start_half,
        period.end_half,
        count.amount,
        reason,
        status,
        reviewer_id,
        reviewed_at,
        comment,
        created,
        updated,
        count.per_date,
    )


def _breakdown(per_date):
    """A request's breakdown as the service stores it (8 hours scheduled on each day)."""
    return json.dumps(
        [{"date": d.isoformat(), "scheduled_hours": "8", "amount": str(a)} for d, a in per_date]
    )


def _weeks(work_days):
    return json.dumps([["8" if day in work_days else "0" for day in range(7)]])


def _at(day, rng):
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(
        minutes=rng.randrange(600)
    )


def make_adjustments(rng, people, type_ids):
    rows = []
    for person in people:
        if rng.random() < 0.08:
            for _ in range(rng.choice((1, 1, 2))):
                days = Decimal(rng.choice((-2, -1, -0.5, 0.5, 1, 1, 2, 3)))
                reason = "Worked on a holiday" if days > 0 else "Correction after audit"
                year = rng.choice((2025, 2026))
                at = datetime(year, rng.randrange(1, 12), 15, 10, tzinfo=UTC)
                rows.append(
                    (len(rows) + 1, person.id, type_ids["vacation"], year, days, reason, 1, at)
                )
    return rows


# --- writing --------------------------------------------------------------------------------


def _cell(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_rows(cur, table, columns, rows):
    buffer = io.StringIO()
    write = buffer.write
    for row in rows:
        write("\t".join(map(_cell, row)))
        write("\n")
    buffer.seek(0)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with without_wait_callback():  # the app's bounded waits (server/database.py) refuse COPY
        cur.copy_expert(statement, buffer)
    return len(rows) if isinstance(rows, list) else None


def fill(url, people_count, random_seed):
    from passlib.hash import pbkdf2_sha512

    rng = random.Random(random_seed)
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    counts = {}
    started = time.monotonic()
    people = make_people(rng, people_count, today)
    teams = make_teams(rng, people)
    holiday_rows = company_holidays()
    calendars = holiday_calendars(holiday_rows)
    type_ids = {t[0]: i for i, t in enumerate(LEAVE_TYPES, start=1)}
    requests = make_requests(rng, people, type_ids, calendars, now)
    adjustments = make_adjustments(rng, people, type_ids)
    generated = time.monotonic() - started
    # One hash for everyone, as praetorian makes them in production (passlib's default
    # rounds), so the bench can log in through the API.
    password_hash = pbkdf2_sha512.hash(BENCH_PASSWORD)

    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
            counts["leave_types"] = copy_rows(
                cur,
                "leave_types",
                words(
                    "id name code color paid requires_approval yearly_allowance accrual "
                    "carryover_max allow_negative allow_past min_notice_days is_active "
                    "created_at updated_at"
                ),
                [
                    (i, name, code, color, paid, approval, allowance, accrual, carry, False,
                     past, 0, True, SYSTEM_START, SYSTEM_START)
                    for i, (code, name, color, paid, approval, allowance, accrual, carry, past)
                    in enumerate(LEAVE_TYPES, start=1)
                ],
            )  # fmt: skip
            counts["users"] = copy_rows(
                cur,
                "users",
                words(
                    "id email password_hash full_name is_active timezone country subdivision "
                    "hire_date manager_id work_days token_version created_at updated_at"
                ),
                [
                    (p.id, p.email, password_hash, p.full_name, p.is_active, p.timezone,
                     p.country, p.subdivision, p.hire_date, p.manager_id,
                     "[" + ", ".join(map(str, p.work_days)) + "]", 0, p.created_at,
                     p.created_at)
                    for p in people
                ],
            )  # fmt: skip
            counts["user_roles"] = copy_rows(
                cur,
                "user_roles",
                ("user_id", "role"),
                [(p.id, role) for p in people for role in p.roles],
            )
            counts["teams"] = copy_rows(
                cur,
                "teams",
                ("id", "name", "description", "max_absent", "created_at", "updated_at"),
                [(*row, SYSTEM_START, SYSTEM_START) for row in teams],
            )
            counts["team_members"] = copy_rows(
                cur,
                "team_members",
                ("team_id", "user_id"),
                [(team_id, p.id) for p in people for team_id in p.teams],
            )
            counts["holidays"] = copy_rows(
                cur,
                "holidays",
                ("id", "date", "name", "country", "created_at", "updated_at"),
                [(*row, SYSTEM_START, SYSTEM_START) for row in holiday_rows],
            )
            counts["leave_requests"] = copy_rows(
                cur,
                "leave_requests",
                words(
                    "id user_id leave_type_id start_date end_date start_half end_half days "
                    "reason status reviewer_id reviewed_at review_comment created_at updated_at "
                    "breakdown"
                ),
                [
                    (r.id, r.user_id, r.leave_type_id, r.start, r.end, r.start_half,
                     r.end_half, r.days, r.reason, r.status, r.reviewer_id, r.reviewed_at,
                     r.review_comment, r.created_at, r.updated_at, _breakdown(r.per_date))
                    for r in requests
                ],
            )  # fmt: skip
            counts["work_schedules"] = copy_rows(
                cur,
                "work_schedules",
                words("user_id effective_from cycle_anchor weeks day_start created_at updated_at"),
                [
                    (p.id, BEGINNING, BEGINNING, _weeks(p.work_days), "09:00", p.created_at,
                     p.created_at)
                    for p in people
                ],
            )  # fmt: skip
            counts["leave_days"] = copy_rows(
                cur,
                "leave_days",
                ("request_id", "date", "amount"),
                [(r.id, day, amount) for r in requests for day, amount in r.per_date],
            )
            counts["balance_adjustments"] = copy_rows(
                cur,
                "balance_adjustments",
                words("id user_id leave_type_id year days reason actor_id created_at updated_at"),
                [(*row, row[-1]) for row in adjustments],
            )
            # Sessions that were logged out: the revocation table is never empty in real life.
            counts["token_blacklist"] = copy_rows(
                cur,
                "token_blacklist",
                ("jti", "expires_at"),
                [
                    (
                        str(uuid.UUID(int=rng.getrandbits(128))),
                        now + timedelta(days=rng.randrange(1, 30)),
                    )
                    for _ in range(max(50, people_count // 5))
                ],
            )
            for table in ("users", "teams", "leave_types", "holidays", "leave_requests",
                          "balance_adjustments"):  # fmt: skip
                cur.execute(
                    sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                            "(SELECT coalesce(max(id), 0) + 1 FROM {}), false)").format(
                        sql.Identifier(table)
                    ),
                    (table,),
                )  # fmt: skip
        conn.autocommit = True
        with conn.cursor() as cur:
            # Planner statistics and the visibility map, as a database that has been live
            # for a while would have them.
            cur.execute("VACUUM (ANALYZE)")
            logins = bench_logins(cur)
            cur.execute("SELECT status, count(*) FROM leave_requests GROUP BY 1 ORDER BY 1")
            statuses = dict(cur.fetchall())
    finally:
        conn.close()
    return counts, statuses, logins, generated


def analyze(url):
    """Planner statistics for the tables the last upgrade filled."""
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("VACUUM (ANALYZE)")
    finally:
        conn.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="Target database (default: $BENCH_DATABASE_URL or pto_bench)")
    parser.add_argument("--people", type=int, default=5000, help="Company size (default 5000)")
    parser.add_argument("--random-seed", type=int, default=7, help="Same seed, same company")
    parser.add_argument(
        "--recreate",
        action="store_true",
        help="Drop and re-seed the database if a previous seed created it",
    )
    args = parser.parse_args(argv)
    if args.people < 12:
        parser.error("--people must be at least 12")
    url = bench_url(args.url)
    started = time.monotonic()
    try:
        prepare_database(url, recreate=args.recreate)
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 2
    migrate(url, ROWS_REVISION)
    migrated = time.monotonic() - started
    counts, statuses, logins, generated = fill(url, args.people, args.random_seed)
    upgrading = time.monotonic()
    migrate(url)  # policies and the ledger, made from the rows
    analyze(url)
    upgraded = time.monotonic() - upgrading
    elapsed = time.monotonic() - started
    print(f"Seeded {database_name(url)} in {elapsed:.1f} s "
          f"(create + migrate {migrated:.1f} s, generating {generated:.1f} s, "
          f"upgrading to the ledger {upgraded:.1f} s)")  # fmt: skip
    for table, count in counts.items():
        print(f"  {table:<20} {count:>9,}")
    print("  requests by status: " + ", ".join(f"{k} {v:,}" for k, v in statuses.items()))
    print(f"Bench logins (password {BENCH_PASSWORD!r}):")
    for role, (user_id, email) in logins.items():
        print(f"  {role:<9} {email} (id {user_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

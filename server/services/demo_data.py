"""The demo company that `manage.py seed` creates: people, teams, leave types, holidays and
a realistic mix of requests, all made through the same services the API uses."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from server import clock
from server.errors import DomainError
from server.extensions import db
from server.models import User
from server.services import (
    holiday_service,
    leave_request_service,
    leave_type_service,
    team_service,
    user_service,
)

log = logging.getLogger(__name__)
DEMO_PASSWORD = "pto-demo-password"

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
        "accrual": "monthly",
    },
    {
        "name": "Unpaid leave",
        "code": "unpaid",
        "color": "#7F8C8D",
        "yearly_allowance": None,
        "paid": False,
    },
]


def email_of(key):
    return f"{key}@example.com"


@dataclass(frozen=True)
class SeedResult:
    created: bool
    logins: list  # [(email, roles)]


def seed():
    """Create the demo company unless its admin already exists (so it is idempotent)."""
    existing = db.session.execute(
        sa.select(User).where(sa.func.lower(User.email) == email_of("admin"))
    ).scalar_one_or_none()
    if existing is None:
        _create_company()
    people = db.session.execute(
        sa.select(User).where(User.email.in_([email_of(p[0]) for p in PEOPLE])).order_by(User.id)
    ).scalars()
    return SeedResult(existing is None, [(u.email, u.roles) for u in people])


def _create_company():
    users = {}
    for key, name, roles, country, subdivision, tz, manager, hired in PEOPLE:
        users[key] = user_service.create_user(
            users.get("admin"),
            {
                "email": email_of(key),
                "full_name": name,
                "password": DEMO_PASSWORD,
                "roles": roles,
                "country": country,
                "subdivision": subdivision,
                "timezone": tz,
                "manager_id": users[manager].id if manager else None,
                "hire_date": date.fromisoformat(hired) if hired else None,
            },
        )
    admin = users["admin"]
    for name, description, max_absent, members in TEAMS:
        team = team_service.create_team(
            admin, {"name": name, "description": description, "max_absent": max_absent}
        )
        for key in members:
            team_service.add_member(admin, team.id, users[key].id)
    types = {t["code"]: leave_type_service.create_leave_type(admin, t) for t in LEAVE_TYPES}
    today = clock.utcnow().date()
    year = today.year
    holiday_service.create_company_holiday(
        admin, {"date": date(year, 12, 24), "name": "Company shutdown"}
    )
    holiday_service.create_company_holiday(
        admin, {"date": date(year, 12, 31), "name": "Company shutdown"}
    )
    holiday_service.create_company_holiday(
        admin,
        {"date": _monday(today, 6) + timedelta(days=2), "name": "Team offsite", "country": "DE"},
    )
    _create_requests(users, types, today)


def _monday(today, weeks_from_now):
    """The Monday `weeks_from_now` weeks after this week's Monday (negative: before)."""
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_from_now)


def _create_requests(users, types, today):
    admin = users["admin"]
    vacation, sick, flex = types["vacation"], types["sick"], types["flex"]
    # (who, type, first day, days long, outcome, decided by, reason)
    plan = [
        ("ada", vacation, _monday(today, -10), 5, "approved", "maya", "Family trip"),
        ("grace", vacation, _monday(today, -6) + timedelta(days=2), 2, "approved", "maya", None),
        ("emmy", vacation, _monday(today, -8), 5, "approved", "lukas", "Hiking"),
        ("konrad", sick, _monday(today, -3) + timedelta(days=1), 2, "approved", None, "Flu"),
        ("karl", vacation, _monday(today, -4), 3, "rejected", "lukas", "Release week"),
        ("ada", vacation, _monday(today, 3), 5, "approved", "maya", "Conference"),
        ("alan", vacation, _monday(today, 3) + timedelta(days=1), 3, "pending", None, None),
        ("grace", flex, _monday(today, 2) + timedelta(days=4), 1, "pending", None, "Long weekend"),
        ("emmy", vacation, _monday(today, 5), 5, "pending", None, "Skiing"),
        ("konrad", vacation, _monday(today, 5) + timedelta(days=2), 2, "pending", None, None),
        ("lise", flex, _monday(today, 4), 1, "approved", "lukas", None),
        ("linus", vacation, _monday(today, 7), 4, "cancelled", None, "Plans changed"),
        ("maya", vacation, _monday(today, 9), 5, "pending", None, "Summer break"),
    ]
    for who, leave_type, start, length, outcome, decider, reason in plan:
        try:
            leave_request = leave_request_service.create_request(
                admin,
                {
                    "user_id": users[who].id,
                    "leave_type_id": leave_type.id,
                    "start_date": start,
                    "end_date": start + timedelta(days=length - 1),
                    "reason": reason,
                },
            ).request
        except DomainError as exc:
            # Dates are relative to today, so now and then one lands on holidays only.
            log.info("Demo request for %s on %s skipped: %s", who, start, exc.detail)
            continue
        if leave_request.status != "pending":
            continue
        reviewer = users[decider] if decider else admin
        if outcome == "approved":
            leave_request_service.approve_request(
                reviewer, leave_request.id, lambda: {"comment": "Enjoy!"}
            )
        elif outcome == "rejected":
            leave_request_service.reject_request(
                reviewer, leave_request.id, lambda: {"comment": "We need you that week."}
            )
        elif outcome == "cancelled":
            leave_request_service.cancel_request(admin, leave_request.id)

"""The demo company that `manage.py seed` creates (described in `domain/demo_company.py`):
people, teams, leave types, holidays and a realistic mix of requests, all made through the
same services the API uses."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server import clock
from server.domain import demo_company
from server.domain.demo_company import LEAVE_TYPES, PEOPLE, TEAMS, WorkCalendar
from server.domain.vocabulary import APPROVED, CANCELLED, PENDING, REJECTED
from server.extensions import db
from server.models import User
from server.services import (
    balance_service,
    holiday_service,
    leave_request_service,
    leave_type_service,
    team_service,
    user_service,
)

DEMO_PASSWORD = "pto-demo-password"


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
    for day, name, country in demo_company.company_holidays(today):
        holiday_service.create_company_holiday(
            admin, {"date": day, "name": name, "country": country}
        )
    first, last = demo_company.window(today)
    calendars = {
        key: WorkCalendar(
            frozenset(user.work_days),
            holiday_service.holidays_between(user.country, user.subdivision, first, last),
        )
        for key, user in users.items()
    }
    for planned in demo_company.plan_requests(today, calendars):
        _make_request(users, types, planned)
    # A correction HR made: the documents' adjustment examples read this one.
    balance_service.add_adjustment(
        admin,
        users["ada"].id,
        lambda: {
            "leave_type_id": types["vacation"].id,
            "year": today.year,
            "days": Decimal(2),
            "reason": "Conference weekend worked",
        },
    )


def _make_request(users, types, planned):
    """One planned request, made and decided the way people would (the admin files it)."""
    admin = users["admin"]
    leave_request = leave_request_service.create_request(
        admin,
        {
            "user_id": users[planned.who].id,
            "leave_type_id": types[planned.leave_type].id,
            "start_date": planned.start,
            "end_date": planned.end,
            "reason": planned.reason,
        },
    ).request
    if leave_request.status != PENDING:
        return  # a type that needs no approval
    reviewer = users[planned.decided_by] if planned.decided_by else admin
    if planned.outcome == APPROVED:
        leave_request_service.approve_request(
            reviewer, leave_request.id, lambda: {"comment": "Enjoy!"}
        )
    elif planned.outcome == REJECTED:
        leave_request_service.reject_request(
            reviewer, leave_request.id, lambda: {"comment": "We need you that week."}
        )
    elif planned.outcome == CANCELLED:
        leave_request_service.cancel_request(admin, leave_request.id)

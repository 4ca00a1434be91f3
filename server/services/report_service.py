"""Reports for HR and payroll: leave usage per person and type for a year, and the approved
absences in a date range. Managers get their direct reports and themselves, admins
everyone; inactive users are included (leavers matter for payroll).

Set-based whatever the company size: the usage report loads every balance input in four
grouped queries (users, leave types, usage, adjustments) and computes the numbers with the
same pure ledger as the balances endpoint; the absence report is one query.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from server import clock
from server.domain.dates import local_today
from server.domain.leave_type import LeaveTypeRules
from server.domain.ledger import default_as_of
from server.domain.vocabulary import APPROVED, DAYS
from server.extensions import db
from server.models import LeaveDay, LeaveRequest, LeaveType, Team, User
from server.services import access, balance_service, calendar_service

USAGE_COLUMNS = (
    "user_id",
    "full_name",
    "email",
    "is_active",
    "leave_type",
    "unit",
    "entitlement",
    "carried_over",
    "adjustments",
    "taken",
    "scheduled",
    "pending",
    "available",
)
ABSENCE_COLUMNS = (
    "request_id",
    "user_id",
    "full_name",
    "email",
    "is_active",
    "leave_type",
    "paid",
    "start_date",
    "end_date",
    "start_half",
    "end_half",
    "unit",
    "amount_in_range",
    "days_in_range",
)


@dataclass(frozen=True)
class UsageReport:
    year: int
    rows: list  # dicts keyed by USAGE_COLUMNS


@dataclass(frozen=True)
class AbsenceReport:
    first: date
    last: date
    rows: list  # dicts keyed by ABSENCE_COLUMNS


def _read(stmt, params=None):
    """Reports read from the replica when `DATABASE_REPLICA_URL` names one (a report may
    lag the primary by the replica's delay), else from the primary."""
    if "replica" in db.engines:
        return db.session.execute(stmt, params, bind_arguments={"bind": db.engines["replica"]})
    return db.session.execute(stmt, params)


def _people(actor, team_id):
    stmt = sa.select(User.id).where(access.SEE_RECORDS.clause(actor, User.id))
    if team_id is not None:
        stmt = stmt.where(User.id.in_(Team.member_ids(team_id)))
    return stmt


# --- usage ---------------------------------------------------------------------------------


def usage_report(actor, year=None, team_id=None):
    now = clock.utcnow()
    year = year or local_today(now, actor.timezone).year
    people = _people(actor, team_id)
    users = _read(
        sa.select(
            User.id,
            User.full_name,
            User.email,
            User.is_active,
            User.timezone,
            User.hire_date,
            User.created_at,
        )
        .where(User.id.in_(people))
        .order_by(User.full_name, User.id)
    ).all()
    leave_types = _read(sa.select(LeaveType).order_by(LeaveType.name, LeaveType.id)).scalars().all()
    # Each user's `as_of` is the balances endpoint's default for them: today in their time
    # zone in the current year, else the year's last day. Only a few distinct days occur.
    as_of = {u.id: default_as_of(year, local_today(now, u.timezone)) for u in users}
    ledgers = balance_service.load_ledgers(
        users, as_of, user_ids=people, up_to_year=year, read=_read
    )

    rules_of = {t.id: LeaveTypeRules.of(t) for t in leave_types}
    rows = []
    for user in users:
        ledger = ledgers[user.id]
        for leave_type in leave_types:
            if not ledger.shows(rules_of[leave_type.id], year):
                continue
            balance = ledger.balance(rules_of[leave_type.id], year, as_of[user.id])
            rows.append(
                {
                    "user_id": user.id,
                    "full_name": user.full_name,
                    "email": user.email,
                    "is_active": user.is_active,
                    "leave_type": leave_type.code,
                    "unit": leave_type.unit,
                    "entitlement": balance.entitlement,
                    "carried_over": None if balance.unlimited else balance.carried_over,
                    "adjustments": balance.adjustments,
                    "taken": balance.taken,
                    "scheduled": balance.scheduled,
                    "pending": balance.pending,
                    "available": balance.available,
                }
            )
    return UsageReport(year, rows)


# --- absences --------------------------------------------------------------------------------


def absence_report(actor, first, last, team_id=None):
    """Every approved request overlapping first..last, with what it deducts inside that
    range (in its unit)."""
    first, last = calendar_service.checked_range(first, last)
    in_range = sa.and_(LeaveDay.request_id == LeaveRequest.id, LeaveDay.date.between(first, last))
    rows = _read(
        sa.select(
            LeaveRequest.id.label("request_id"),
            LeaveRequest.user_id,
            User.full_name,
            User.email,
            User.is_active,
            LeaveType.code.label("leave_type"),
            LeaveType.paid,
            LeaveRequest.start_date,
            LeaveRequest.end_date,
            LeaveRequest.start_half,
            LeaveRequest.end_half,
            LeaveRequest.unit,
            sa.func.coalesce(sa.func.sum(LeaveDay.amount), 0).label("amount_in_range"),
        )
        .join(User, User.id == LeaveRequest.user_id)
        .join(LeaveType, LeaveType.id == LeaveRequest.leave_type_id)
        .outerjoin(LeaveDay, in_range)
        .where(
            LeaveRequest.user_id.in_(_people(actor, team_id)),
            LeaveRequest.status == APPROVED,
            LeaveRequest.start_date <= last,
            LeaveRequest.end_date >= first,
        )
        .group_by(LeaveRequest.id, User.id, LeaveType.id)
        .order_by(LeaveRequest.start_date, User.full_name, LeaveRequest.id)
    )
    return AbsenceReport(first, last, [_with_days(dict(row._mapping)) for row in rows])


def _with_days(row):
    """`days_in_range`, the older column: the amount for day types, empty for hour types."""
    row["days_in_range"] = row["amount_in_range"] if row["unit"] == DAYS else None
    return row

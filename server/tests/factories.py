"""Test data, written straight to the database (each call in its own app context, so no ORM
object outlives it). Helpers return plain records with ids and login details."""

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server.domain import policy as policy_rules
from server.domain.schedule import BEGINNING, monday_on_or_before, week_of_hours
from server.extensions import db, guard
from server.models import (
    BalanceAdjustment,
    CompanyHoliday,
    LeaveRequest,
    LeaveType,
    Policy,
    PolicyVersion,
    Team,
    User,
    WorkSchedule,
    team_members,
)
from server.services import leave_request_evaluation, leave_request_service, ledger_service
from server.services.auth_service import VERSION_CLAIM

PASSWORD = "correct-horse-battery"
_sequence = itertools.count(1)


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    full_name: str
    password: str
    headers: dict


class Factory:
    def __init__(self, app):
        self.app = app

    def headers_for(self, user_id):
        with self.app.app_context():
            return _bearer(db.session.get(User, user_id))

    def user(self, roles=(), manager=None, teams=(), password=PASSWORD, **fields):
        n = next(_sequence)
        fields.setdefault("email", f"user{n}@example.com")
        fields.setdefault("full_name", f"User {n}")
        fields.setdefault("timezone", "UTC")
        with self.app.app_context():
            user = User(password_hash=guard.hash_password(password), **fields)
            user.roles = list(roles)
            if manager is not None:
                user.manager_id = manager.id
            db.session.add(user)
            db.session.flush()
            # Every account has a schedule, as the service gives one: 8 hours on its work days.
            db.session.add(
                WorkSchedule(
                    user_id=user.id,
                    effective_from=BEGINNING,
                    cycle_anchor=BEGINNING,
                    weeks=[[str(h) for h in week_of_hours(user.work_days)]],
                )
            )
            for team in teams:
                db.session.execute(team_members.insert().values(team_id=team, user_id=user.id))
            # Read before the commit expires them (which would cost a query to read again).
            person = Person(user.id, user.email, user.full_name, password, _bearer(user))
            db.session.commit()
        return person

    def employee(self, **fields):
        return self.user(**fields)

    def manager(self, **fields):
        return self.user(roles=("manager",), **fields)

    def admin(self, **fields):
        return self.user(roles=("admin",), **fields)

    def team(self, name=None, members=(), **fields):
        with self.app.app_context():
            team = Team(name=name or f"Team {next(_sequence)}", **fields)
            db.session.add(team)
            db.session.flush()
            for member in members:
                db.session.execute(team_members.insert().values(team_id=team.id, user_id=member.id))
            db.session.commit()
            return team.id

    def leave_type(self, code=None, yearly_allowance=25, **fields):
        fields.setdefault("name", (code or "Leave").title())
        with self.app.app_context():
            leave_type = LeaveType(
                code=code or f"type{next(_sequence)}",
                yearly_allowance=None
                if yearly_allowance is None
                else Decimal(str(yearly_allowance)),
                **fields,
            )
            db.session.add(leave_type)
            db.session.flush()
            if not leave_type.unlimited:  # its default policy, as the service makes it
                policy = Policy(leave_type_id=leave_type.id, name=leave_type.name, is_default=True)
                db.session.add(policy)
                db.session.flush()
                db.session.add(
                    PolicyVersion(
                        policy_id=policy.id,
                        effective_from=BEGINNING,
                        body=policy_rules.default_body(leave_type),
                    )
                )
            db.session.commit()
            return leave_type.id

    def policy(self, leave_type_id, name, body, effective_from=BEGINNING):
        """A policy of the type with one version (`body` completed), stored as-is."""
        with self.app.app_context():
            policy = Policy(leave_type_id=leave_type_id, name=name)
            db.session.add(policy)
            db.session.flush()
            db.session.add(
                PolicyVersion(
                    policy_id=policy.id,
                    effective_from=_as_date(effective_from),
                    body=policy_rules.complete(body),
                )
            )
            db.session.commit()
            return policy.id

    def default_policy(self, leave_type_id):
        """The id of the leave type's default policy."""
        with self.app.app_context():
            return db.session.execute(
                sa.select(Policy.id).where(Policy.leave_type_id == leave_type_id, Policy.is_default)
            ).scalar_one()

    def schedule(self, user, effective_from, weeks, cycle_anchor=None):
        """A work schedule for `user` from `effective_from` (anchored on the Monday on or
        before it unless given), stored as-is."""
        start = _as_date(effective_from)
        with self.app.app_context():
            row = WorkSchedule(
                user_id=user.id,
                effective_from=start,
                cycle_anchor=_as_date(cycle_anchor) if cycle_anchor else monday_on_or_before(start),
                weeks=[[str(h) for h in week] for week in weeks],
            )
            db.session.add(row)
            db.session.commit()
            return row.id

    def holiday(self, day, name="Company day", country=None):
        with self.app.app_context():
            holiday = CompanyHoliday(date=_as_date(day), name=name, country=country)
            db.session.add(holiday)
            db.session.commit()
            return holiday.id

    def adjustment(self, user, leave_type_id, year, days, reason="Test adjustment"):
        with self.app.app_context():
            row = BalanceAdjustment(
                user_id=user.id,
                leave_type_id=leave_type_id,
                year=year,
                days=Decimal(str(days)),
                reason=reason,
                leave_type=db.session.get(LeaveType, leave_type_id),
            )
            db.session.add(row)
            db.session.flush()
            ledger_service.record_adjustment(db.session, row, date(year, 1, 1))
            db.session.commit()
            return row.id

    def request(
        self,
        user,
        leave_type_id,
        start,
        end,
        status="approved",
        start_half=False,
        end_half=False,
        reason=None,
    ):
        """A request stored as-is (no rules checked), counted like the service does."""
        start, end = _as_date(start), _as_date(end)
        with self.app.app_context():
            owner = db.session.get(User, user.id)
            request = LeaveRequest(
                user=owner,
                leave_type=db.session.get(LeaveType, leave_type_id),
                start_date=start,
                end_date=end,
                start_half=start_half,
                end_half=end_half,
                status=status,
                reason=reason,
            )
            leave_request_service.apply_deduction(
                request, *leave_request_evaluation.recounted(request)
            )
            db.session.add(request)
            db.session.flush()
            ledger_service.record_usage(db.session, request)
            db.session.commit()
            return request.id

    def emails_queued(self):
        """Let the e-mail consumer turn every stored event into outbox rows (what
        `send-notifications` does first); returns how many rows it wrote."""
        from server.services import notification_service

        with self.app.app_context():
            return notification_service.queue_from_events()


def _bearer(user):
    # bypass: praetorian refuses to sign for inactive users, which tests need to create
    token = guard.encode_jwt_token(
        user, bypass_user_check=True, **{VERSION_CLAIM: user.token_version}
    )
    return {"Authorization": f"Bearer {token}"}


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value

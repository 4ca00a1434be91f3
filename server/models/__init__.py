"""All models, imported here so Alembic and the app see the whole schema."""

from server.models.adjustment import BalanceAdjustment
from server.models.audit import AuditEvent
from server.models.event import Event, EventConsumer
from server.models.holiday import CompanyHoliday, HolidayCalendar
from server.models.idempotency import IdempotencyRecord
from server.models.leave_request import LeaveDay, LeaveRequest
from server.models.leave_type import LeaveType
from server.models.ledger import LedgerEntry
from server.models.notification import Notification
from server.models.policy import Policy, PolicyAssignment, PolicyVersion
from server.models.schedule import WorkSchedule
from server.models.team import Team
from server.models.token import RevokedToken
from server.models.user import User, UserRole, team_members

__all__ = [
    "AuditEvent",
    "BalanceAdjustment",
    "CompanyHoliday",
    "Event",
    "EventConsumer",
    "HolidayCalendar",
    "IdempotencyRecord",
    "LeaveDay",
    "LeaveRequest",
    "LeaveType",
    "LedgerEntry",
    "Notification",
    "Policy",
    "PolicyAssignment",
    "PolicyVersion",
    "RevokedToken",
    "Team",
    "User",
    "UserRole",
    "WorkSchedule",
    "team_members",
]

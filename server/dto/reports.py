"""Shapes for /reports (JSON; the same columns, in the same order, in CSV)."""

from datetime import date
from decimal import Decimal

from server.dto import fields
from server.dto.leave_types import days_json
from server.dto.model import Model

_user_columns = {
    "user_id": fields.Integer(required=True, description="The user's id"),
    "full_name": fields.String(required=True, description="The user's name"),
    "email": fields.String(required=True, description="The user's email"),
    "is_active": fields.Boolean(
        required=True, description="false: a deactivated user (leavers matter for payroll)"
    ),
    "leave_type": fields.String(required=True, description="The leave type's `code`"),
}

usage_row = Model(
    "UsageRow",
    {
        **_user_columns,
        "unit": fields.Unit(required=True),
        "entitlement": fields.Amount(
            required=True,
            nullable=True,
            description="Accrued as of the user's default `as_of` (today in their time zone "
            "in the current year, else the year's last day); null for unlimited types",
        ),
        "carried_over": fields.Amount(
            required=True, nullable=True, description="From last year; null for unlimited types"
        ),
        "adjustments": fields.Amount(required=True, description="Manual corrections this year"),
        "taken": fields.Amount(required=True, description="Approved days up to `as_of`"),
        "scheduled": fields.Amount(required=True, description="Approved days after `as_of`"),
        "pending": fields.Amount(required=True, description="Days of pending requests"),
        "available": fields.Amount(
            required=True,
            nullable=True,
            description="entitlement + carried_over + adjustments - taken - scheduled - "
            "pending; null for unlimited types",
        ),
    },
)
usage_report = Model(
    "UsageReport",
    {
        "year": fields.Integer(required=True, description="The year reported"),
        "items": fields.List(
            fields.Nested(usage_row),
            required=True,
            description="One row per user and leave type, by name: every active type, and an "
            "inactive one where the user has leave or adjustments in the year",
        ),
    },
)

absence_row = Model(
    "AbsenceRow",
    {
        "request_id": fields.Integer(required=True, description="The leave request's id"),
        **_user_columns,
        "paid": fields.Boolean(required=True, description="Whether the leave type is paid"),
        "start_date": fields.Date(required=True, description="First day of the request"),
        "end_date": fields.Date(required=True, description="Last day of the request"),
        "start_half": fields.Boolean(required=True, description="The first day starts at noon"),
        "end_half": fields.Boolean(required=True, description="The last day ends at noon"),
        "unit": fields.Unit(required=True),
        "amount_in_range": fields.Amount(
            required=True,
            description="What the request deducts on its dates inside from..to, in `unit` (a "
            "request cut by the range counts only its part)",
        ),
        "days_in_range": fields.Amount(
            required=True,
            nullable=True,
            description="Day types: `amount_in_range`; null (empty in CSV) for hour types",
        ),
    },
)
absence_report = Model(
    "AbsenceReport",
    {
        "from": fields.Date(required=True, description="First day reported"),
        "to": fields.Date(required=True, description="Last day reported"),
        "items": fields.List(
            fields.Nested(absence_row),
            required=True,
            description="Approved requests overlapping the range, by start date then name",
        ),
    },
)


def row_json(row):
    """A report row for JSON: amounts of days as numbers, dates as ISO strings."""
    return {name: _json_value(value) for name, value in row.items()}


def _json_value(value):
    if isinstance(value, Decimal):
        return days_json(value)
    if isinstance(value, date):
        return value.isoformat()
    return value

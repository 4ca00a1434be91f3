"""Shapes for /leave-types."""

from flask_restx import Model

from server.dto import fields
from server.models.leave_type import ACCRUALS

CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"
COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"

_docs = {
    "name": "Shown to users",
    "code": "Unique, stable identifier (letters, digits, `_`, `-`; stored lower-case)",
    "color": "`#RRGGBB` for calendars",
    "yearly_allowance": "Days per year; null = unlimited (no balance is kept or checked)",
    "accrual": "`yearly`: all on Jan 1 (pro-rated in the hire year); `monthly`: 1/12 on the "
    "1st of each month",
    "carryover_max": "Unused days carried into the next year, at most",
    "allow_negative": "Requests may take the balance below zero",
    "allow_past": "Employees may request dates before today (admins always may)",
    "min_notice_days": "Requests must start at least this many days ahead (admins exempt)",
    "requires_approval": "false: requests are approved as soon as they are made",
}


def _input_fields(required):
    return {
        "name": fields.Name(required=required, max_length=100, description=_docs["name"]),
        "code": fields.String(
            required=required,
            max_length=50,
            pattern=CODE_PATTERN,
            description=_docs["code"],
            example="vacation",
        ),
        "color": fields.String(
            pattern=COLOR_PATTERN, description=_docs["color"], example="#4A90D9"
        ),
        "paid": fields.Boolean(),
        "requires_approval": fields.Boolean(description=_docs["requires_approval"]),
        "yearly_allowance": fields.Days(
            nullable=True, min=0, max=366, description=_docs["yearly_allowance"], example=25
        ),
        "accrual": fields.String(enum=list(ACCRUALS), description=_docs["accrual"]),
        "carryover_max": fields.Days(min=0, max=366, description=_docs["carryover_max"], example=5),
        "allow_negative": fields.Boolean(description=_docs["allow_negative"]),
        "allow_past": fields.Boolean(description=_docs["allow_past"]),
        "min_notice_days": fields.Integer(min=0, max=365, description=_docs["min_notice_days"]),
    }


leave_type = Model(
    "LeaveType",
    {
        "id": fields.Integer(required=True, readonly=True),
        "name": fields.String(required=True),
        "code": fields.String(required=True),
        "color": fields.String(required=True),
        "paid": fields.Boolean(required=True),
        "requires_approval": fields.Boolean(required=True),
        "yearly_allowance": fields.Days(required=True, nullable=True),
        "accrual": fields.String(required=True, enum=list(ACCRUALS)),
        "carryover_max": fields.Days(required=True),
        "allow_negative": fields.Boolean(required=True),
        "allow_past": fields.Boolean(required=True),
        "min_notice_days": fields.Integer(required=True),
        "is_active": fields.Boolean(required=True),
    },
)
leave_type_create = Model("LeaveTypeCreate", _input_fields(required=True))
leave_type_update = Model(
    "LeaveTypeUpdate",
    {**_input_fields(required=False), "is_active": fields.Boolean(description="true reactivates")},
)


def days_json(value):
    return None if value is None else float(value)


def leave_type_json(t):
    return {
        "id": t.id,
        "name": t.name,
        "code": t.code,
        "color": t.color,
        "paid": t.paid,
        "requires_approval": t.requires_approval,
        "yearly_allowance": days_json(t.yearly_allowance),
        "accrual": t.accrual,
        "carryover_max": days_json(t.carryover_max),
        "allow_negative": t.allow_negative,
        "allow_past": t.allow_past,
        "min_notice_days": t.min_notice_days,
        "is_active": t.is_active,
    }

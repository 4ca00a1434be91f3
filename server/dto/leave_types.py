"""Shapes for /leave-types."""

from server.domain.schedule import HOUR_STEP
from server.domain.vocabulary import (
    ACCRUALS,
    AVAILABILITIES,
    DAY_WEIGHTINGS,
    DAYS,
    UNITS,
    VISIBILITIES,
)
from server.dto import fields
from server.dto.model import Model

# The most a year can hold: every hour of a leap year.
MAX_AMOUNT = 366 * 24
CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"
COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"

_docs = {
    "name": "Shown to users, e.g. `Vacation`",
    "code": "Unique, stable identifier for integrations (letters, digits, `_`, `-`; stored "
    "lower-case)",
    "color": "`#RRGGBB` for calendars; default `#4A90D9`",
    "paid": "Paid leave (for payroll reports); default true",
    "yearly_allowance": "The amount per year in the type's `unit`: days in steps of 0.5, hours "
    "in steps of 0.25; null (the default) = unlimited: no balance is kept or checked",
    "accrual": "How the allowance is credited. `yearly` (default): all on Jan 1, pro-rated "
    "in the hire year; `monthly`: 1/12 on the 1st of each month of employment",
    "carryover_max": "At most this much unused leave (in the type's `unit`) moves into the next "
    "year; default 0",
    "unit": "What requests and balances of this type are counted in: `days` (default) or "
    "`hours` (from each person's work schedule: a 4-hour Wednesday is 4 h). It cannot change "
    "once a request or adjustment of the type exists (409)",
    "day_weighting": "Day types: what one working day deducts. `per_day` (default): 1 day, "
    "0.5 for a half; `by_hours`: the day's scheduled hours over the person's average working "
    "day (`reference_day_hours`), so a 4-hour day of someone averaging 6.67 h is 0.6 day. "
    "Ignored by hour types",
    "allow_half_days": "Requests may start at noon or end at noon (`start_half`, `end_half`); "
    "default true",
    "min_request_hours": "Hour types: the fewest hours one request may take, in steps of 0.25; "
    "default 0.25",
    "visibility": "What colleagues who may not see a person's records see of this type in "
    'the team calendar: `private` (default) "Away", or `public` its name and color (e.g. '
    '"Business trip", "Training"). A reason is never shown to colleagues, and the iCal '
    'feed always says "Away"',
    "availability": "`away` (default): time off; `available`: working elsewhere (home office, "
    "a business trip) — not counted against a team's `max_absent`, and "
    "`X-MICROSOFT-CDO-BUSYSTATUS:WORKINGELSEWHERE` in the person's own feed",
    "allow_negative": "Requests may take the balance below zero; default false",
    "allow_past": "Employees may request days before today (admins always may); default false",
    "min_notice_days": "Requests must start at least this many days ahead (admins exempt); "
    "default 0",
    "requires_approval": "false: requests are approved as soon as they are made; default true",
}
_accrual = {"enum": list(ACCRUALS), "enum_name": "Accrual", "description": _docs["accrual"]}


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
        "paid": fields.Boolean(description=_docs["paid"]),
        "requires_approval": fields.Boolean(description=_docs["requires_approval"]),
        "yearly_allowance": fields.Amount(
            nullable=True,
            min=0,
            max=MAX_AMOUNT,
            multiple=0.25,
            description=_docs["yearly_allowance"],
            example=25,
        ),
        "accrual": fields.String(**_accrual),
        "carryover_max": fields.Amount(
            min=0, max=MAX_AMOUNT, multiple=0.25, description=_docs["carryover_max"], example=5
        ),
        "allow_negative": fields.Boolean(description=_docs["allow_negative"]),
        "allow_past": fields.Boolean(description=_docs["allow_past"]),
        "min_notice_days": fields.Integer(min=0, max=365, description=_docs["min_notice_days"]),
        **_unit_fields(),
    }


def _unit_fields(required=False):
    return {
        "unit": fields.String(
            required=required, enum=list(UNITS), enum_name="Unit", description=_docs["unit"]
        ),
        "day_weighting": fields.String(
            required=required,
            enum=list(DAY_WEIGHTINGS),
            enum_name="DayWeighting",
            description=_docs["day_weighting"],
        ),
        "allow_half_days": fields.Boolean(required=required, description=_docs["allow_half_days"]),
        "visibility": fields.String(
            required=required,
            enum=list(VISIBILITIES),
            enum_name="Visibility",
            description=_docs["visibility"],
        ),
        "availability": fields.String(
            required=required,
            enum=list(AVAILABILITIES),
            enum_name="Availability",
            description=_docs["availability"],
        ),
        "min_request_hours": fields.Float(
            required=required,
            min=float(HOUR_STEP),
            max=24,
            multiple=float(HOUR_STEP),
            description=_docs["min_request_hours"],
            example=1,
        ),
    }


leave_type = Model(
    "LeaveType",
    {
        "id": fields.Integer(required=True, readonly=True, description="The leave type's id"),
        "name": fields.String(required=True, description=_docs["name"]),
        "code": fields.String(required=True, description=_docs["code"]),
        "color": fields.String(required=True, description=_docs["color"]),
        "paid": fields.Boolean(required=True, description=_docs["paid"]),
        "requires_approval": fields.Boolean(required=True, description=_docs["requires_approval"]),
        "yearly_allowance": fields.Amount(
            required=True, nullable=True, description=_docs["yearly_allowance"]
        ),
        "accrual": fields.String(required=True, **_accrual),
        "carryover_max": fields.Amount(required=True, description=_docs["carryover_max"]),
        "allow_negative": fields.Boolean(required=True, description=_docs["allow_negative"]),
        "allow_past": fields.Boolean(required=True, description=_docs["allow_past"]),
        "min_notice_days": fields.Integer(required=True, description=_docs["min_notice_days"]),
        "is_active": fields.Boolean(
            required=True,
            description="false: deactivated; no new requests, not in balances; kept for history",
        ),
        **_unit_fields(required=True),
    },
)
leave_type_create = Model("LeaveTypeCreate", _input_fields(required=True))
leave_type_update = Model(
    "LeaveTypeUpdate",
    {
        **_input_fields(required=False),
        "is_active": fields.Boolean(description="true reactivates a deactivated type"),
    },
)


def days_json(value):
    return None if value is None else float(value)


def amount_json(value, unit):
    """An amount of leave as every object carrying one shows it: `unit`, `amount`, and
    `days` (the same number for day types, null for hour types)."""
    return {
        "days": days_json(value) if unit == DAYS else None,
        "unit": unit,
        "amount": days_json(value),
    }


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
        "unit": t.unit,
        "day_weighting": t.day_weighting,
        "allow_half_days": t.allow_half_days,
        "min_request_hours": float(t.min_request_hours),
        "visibility": t.visibility,
        "availability": t.availability,
    }

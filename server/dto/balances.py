"""Shapes for balances and adjustments (under /users/{id})."""

from datetime import date

from server.domain import conversion
from server.dto import fields
from server.dto.common import items_of
from server.dto.leave_types import MAX_AMOUNT, amount_json, days_json
from server.dto.model import Model

leave_type_ref = Model(
    "LeaveTypeRef",
    {
        "id": fields.Integer(required=True, description="The leave type's id"),
        "name": fields.String(required=True, description="Its name, shown to users"),
        "code": fields.String(required=True, description="Its unique code, e.g. `vacation`"),
        "color": fields.String(required=True, description="`#RRGGBB` for calendars"),
    },
)

period = Model(
    "LeaveYearPeriod",
    {
        "start": fields.Date(required=True, description="The leave year's first day"),
        "end": fields.Date(required=True, description="Its last day"),
    },
)

balance = Model(
    "Balance",
    {
        "leave_type_id": fields.Integer(required=True, description="The leave type's id"),
        "leave_type": fields.Nested(
            leave_type_ref, required=True, description="The leave type, for display"
        ),
        "year": fields.Integer(
            required=True,
            description="The leave year's label: the calendar year it starts in (leave years "
            "are calendar years)",
        ),
        "period": fields.Nested(
            period,
            required=True,
            description="The leave year's first and last day",
        ),
        "entitlement": fields.Amount(
            required=True,
            nullable=True,
            description="Leave credited (in `unit`) as of `as_of` by the policy the user "
            "follows (see the ledger's `accrual` and `policy_correction` entries): front-loaded "
            "policies credit the year's amount on its first day (pro-rated in the hire year), "
            "monthly ones 1/12 on the 1st of each month of employment. null for unlimited types",
        ),
        "carried_over": fields.Amount(
            required=True,
            description="Unused days brought from the previous year, at most the type's "
            "`carryover_max`",
        ),
        "adjustments": fields.Amount(
            required=True, description="The sum of this year's manual adjustments (may be < 0)"
        ),
        "taken": fields.Amount(
            required=True, description="Approved days dated on or before `as_of`"
        ),
        "scheduled": fields.Amount(required=True, description="Approved days after `as_of`"),
        "pending": fields.Amount(
            required=True, description="Days of requests still waiting for a decision"
        ),
        "available": fields.Amount(
            required=True,
            nullable=True,
            description="entitlement + carried_over + adjustments - taken - scheduled - "
            "pending: what can still be requested; null for unlimited types",
        ),
        "unit": fields.Unit(required=True),
        "display_equivalent": fields.Amount(
            required=True,
            nullable=True,
            description="`available` in the other unit, for display only (never used for "
            "counting): in days for hour types (hours / the user's `reference_day_hours` on "
            "`as_of`), in hours for day types (days * it), to 0.01; null for unlimited types",
        ),
        "unlimited": fields.Boolean(
            required=True,
            description="The type has no allowance (`yearly_allowance` null): no balance is "
            "kept or checked",
        ),
    },
)
balance_list = items_of(balance)

adjustment = Model(
    "Adjustment",
    {
        "id": fields.Integer(required=True, readonly=True, description="The adjustment's id"),
        "user_id": fields.Integer(required=True, description="Whose balance it changes"),
        "leave_type_id": fields.Integer(required=True, description="Which leave type"),
        "year": fields.Integer(required=True, description="The year whose balance it changes"),
        "days": fields.Amount(
            required=True,
            nullable=True,
            description="Day types: days added (negative: removed); null for hour types",
        ),
        "unit": fields.Unit(required=True),
        "amount": fields.Amount(
            required=True, description="What was added (negative: removed), in `unit`"
        ),
        "reason": fields.String(required=True, description="Why, as the admin wrote it"),
        "actor_id": fields.Integer(
            required=True,
            nullable=True,
            description="The admin who made it (null if unknown)",
        ),
        "created_at": fields.DateTime(
            required=True, readonly=True, description="When it was made (UTC)"
        ),
    },
)
adjustment_create = Model(
    "AdjustmentCreate",
    {
        "leave_type_id": fields.Id(
            required=True, description="A leave type with an allowance (not an unlimited one)"
        ),
        "year": fields.Year(
            required=True,
            description="The year whose balance to change",
            example=2026,
        ),
        "amount": fields.Amount(
            min=-MAX_AMOUNT,
            max=MAX_AMOUNT,
            multiple=0.25,
            description="What to add in the type's unit: days in steps of 0.5, hours in "
            "steps of 0.25; negative removes; not 0. Give this or `days`",
            example=-1.5,
        ),
        "days": fields.Days(
            min=-366,
            max=366,
            description="Day types only: days to add, in steps of 0.5 (the older name of `amount`)",
            example=-1.5,
        ),
        "reason": fields.Name(
            required=True,
            max_length=500,
            description="Why (kept in the adjustment and the audit trail)",
            example="Worked on a holiday",
        ),
    },
)


def balance_json(leave_type, year, b, reference_day_hours=None):
    return {
        "leave_type_id": leave_type.id,
        "leave_type": {
            "id": leave_type.id,
            "name": leave_type.name,
            "code": leave_type.code,
            "color": leave_type.color,
        },
        "year": year,
        "period": {"start": date(year, 1, 1), "end": date(year, 12, 31)},
        "entitlement": days_json(b.entitlement),
        "carried_over": days_json(b.carried_over),
        "adjustments": days_json(b.adjustments),
        "taken": days_json(b.taken),
        "scheduled": days_json(b.scheduled),
        "pending": days_json(b.pending),
        "available": days_json(b.available),
        "unit": leave_type.unit,
        "display_equivalent": _equivalent(leave_type.unit, b.available, reference_day_hours),
        "unlimited": b.unlimited,
    }


def _equivalent(unit, available, reference_day_hours):
    if available is None or not reference_day_hours:
        return None
    return float(conversion.other_unit(unit, available, reference_day_hours))


def adjustment_json(a):
    return {
        "id": a.id,
        "user_id": a.user_id,
        "leave_type_id": a.leave_type_id,
        "year": a.year,
        **amount_json(a.days, a.leave_type.unit),
        "reason": a.reason,
        "actor_id": a.actor_id,
        "created_at": a.created_at.isoformat(),
    }

"""Shapes for balances and adjustments (under /users/{id})."""

from flask_restx import Model

from server.dto import fields
from server.dto.common import items_of
from server.dto.leave_types import days_json

leave_type_ref = Model(
    "LeaveTypeRef",
    {
        "id": fields.Integer(required=True),
        "name": fields.String(required=True),
        "code": fields.String(required=True),
        "color": fields.String(required=True),
    },
)

balance = Model(
    "Balance",
    {
        "leave_type_id": fields.Integer(required=True),
        "leave_type": fields.Nested(leave_type_ref, required=True),
        "year": fields.Integer(required=True),
        "entitlement": fields.Days(
            required=True,
            nullable=True,
            description="Accrued as of `as_of` (yearly: all on Jan 1, pro-rated in the hire "
            "year; monthly: 1/12 per started month). null for unlimited types",
        ),
        "carried_over": fields.Days(required=True),
        "adjustments": fields.Days(required=True),
        "taken": fields.Days(required=True, description="Approved days on or before as_of"),
        "scheduled": fields.Days(required=True, description="Approved days after as_of"),
        "pending": fields.Days(required=True, description="Days of pending requests"),
        "available": fields.Days(
            required=True,
            nullable=True,
            description="entitlement + carried_over + adjustments - taken - scheduled - "
            "pending; null for unlimited types",
        ),
        "unlimited": fields.Boolean(required=True),
    },
)
balance_list = items_of(balance)

adjustment = Model(
    "Adjustment",
    {
        "id": fields.Integer(required=True, readonly=True),
        "user_id": fields.Integer(required=True),
        "leave_type_id": fields.Integer(required=True),
        "year": fields.Integer(required=True),
        "days": fields.Days(required=True),
        "reason": fields.String(required=True),
        "actor_id": fields.Integer(required=True, nullable=True, description="Who made it"),
        "created_at": fields.DateTime(required=True, readonly=True),
    },
)
adjustment_create = Model(
    "AdjustmentCreate",
    {
        "leave_type_id": fields.Id(required=True),
        "year": fields.Integer(required=True, min=1900, max=2999, example=2026),
        "days": fields.Days(
            required=True, min=-366, max=366, description="May be negative; not 0", example=-1.5
        ),
        "reason": fields.Name(required=True, max_length=500, example="Worked on a holiday"),
    },
)


def balance_json(leave_type, year, b):
    return {
        "leave_type_id": leave_type.id,
        "leave_type": {
            "id": leave_type.id,
            "name": leave_type.name,
            "code": leave_type.code,
            "color": leave_type.color,
        },
        "year": year,
        "entitlement": days_json(b.entitlement),
        "carried_over": days_json(b.carried_over),
        "adjustments": days_json(b.adjustments),
        "taken": days_json(b.taken),
        "scheduled": days_json(b.scheduled),
        "pending": days_json(b.pending),
        "available": days_json(b.available),
        "unlimited": b.unlimited,
    }


def adjustment_json(a):
    return {
        "id": a.id,
        "user_id": a.user_id,
        "leave_type_id": a.leave_type_id,
        "year": a.year,
        "days": days_json(a.days),
        "reason": a.reason,
        "actor_id": a.actor_id,
        "created_at": a.created_at.isoformat(),
    }

"""Shapes for /audit."""

from flask_restx import Model

from server.dto import fields

ENTITIES = ("user", "team", "leave_type", "holiday", "adjustment", "leave_request")

audit_event = Model(
    "AuditEvent",
    {
        "id": fields.Integer(required=True),
        "at": fields.DateTime(required=True),
        "actor_id": fields.Integer(
            required=True,
            nullable=True,
            description="Who made the change; null for the CLI (self-registration: the user)",
        ),
        "action": fields.String(
            required=True, description="`<entity>.<verb>`", example="leave_request.approved"
        ),
        "entity": fields.String(required=True, enum=list(ENTITIES)),
        "entity_id": fields.Integer(required=True),
        "changes": fields.Raw(
            required=True,
            description="Each changed field mapped to `[old, new]`",
            example={"status": ["pending", "approved"]},
        ),
    },
)


def audit_json(e):
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "actor_id": e.actor_id,
        "action": e.action,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "changes": e.changes,
    }

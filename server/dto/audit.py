"""Shapes for /audit."""

from server.domain.events import ENTITIES
from server.dto import fields
from server.dto.model import Model

audit_event = Model(
    "AuditEvent",
    {
        "id": fields.Integer(required=True, description="The event's id"),
        "at": fields.DateTime(required=True, description="When the change happened (UTC)"),
        "actor_id": fields.Integer(
            required=True,
            nullable=True,
            description="Who made the change; null for the command line (self-registration: "
            "the new user)",
        ),
        "actor_name": fields.String(
            required=True,
            nullable=True,
            description="Who made the change, by name; null for the command line",
        ),
        "action": fields.String(
            required=True,
            description="`<entity>.<verb>`, e.g. `leave_request.approved`, `user.updated`",
            example="leave_request.approved",
        ),
        "entity": fields.String(
            required=True,
            enum=list(ENTITIES),
            enum_name="AuditEntity",
            description="The kind of object that changed",
        ),
        "entity_id": fields.Integer(required=True, description="The changed object's id"),
        "changes": fields.ChangeMap(
            required=True,
            description="Each changed field mapped to `[old, new]` (old is null on creation)",
            example={"status": ["pending", "approved"]},
        ),
    },
)


def audit_json(e):
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "actor_id": e.actor_id,
        "actor_name": e.actor.full_name if e.actor else None,
        "action": e.action,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "changes": e.changes,
    }

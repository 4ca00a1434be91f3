"""Shapes for /notifications (the email outbox, for admins)."""

from server.domain.notifications import EVENTS
from server.domain.vocabulary import NOTIFICATION_STATUSES
from server.dto import fields
from server.dto.common import public_user
from server.dto.model import Model

notification = Model(
    "Notification",
    {
        "id": fields.Integer(required=True, readonly=True, description="The outbox row's id"),
        "event": fields.String(
            required=True,
            enum=list(EVENTS),
            enum_name="NotificationEvent",
            description="What happened to the leave request",
            example="request.submitted",
        ),
        "recipient_id": fields.Integer(required=True, description="The user written to"),
        "recipient": fields.Nested(
            public_user, required=True, description="The user written to, by name"
        ),
        "leave_request_id": fields.Integer(required=True, description="The request it is about"),
        "subject": fields.String(
            required=True,
            description="The subject line in the recipient's language: as queued, then as "
            "sent (a message is written when it is sent, from the request as it stands then)",
        ),
        "status": fields.String(
            required=True,
            enum=list(NOTIFICATION_STATUSES),
            enum_name="NotificationStatus",
            description="`pending`: queued or waiting for a retry; `sent`: the mail server "
            "accepted it; `failed`: given up after the last attempt (see `last_error`); "
            "`skipped`: not sent, because when it was due it asked for nothing any more (a "
            "request to decide that was already decided; `last_error` says why)",
        ),
        "attempts": fields.Integer(required=True, description="Delivery attempts so far"),
        "last_error": fields.String(
            required=True,
            nullable=True,
            description="Why the last attempt failed, or why it was skipped",
        ),
        "created_at": fields.DateTime(required=True, description="When it was queued"),
        "sent_at": fields.DateTime(
            required=True, nullable=True, description="When the mail server accepted it"
        ),
    },
)


def notification_json(n):
    return {
        "id": n.id,
        "event": n.event,
        "recipient_id": n.recipient_id,
        "recipient": {"id": n.recipient.id, "full_name": n.recipient.full_name},
        "leave_request_id": n.leave_request_id,
        "subject": n.subject,
        "status": n.status,
        "attempts": n.attempts,
        "last_error": n.last_error,
        "created_at": n.created_at.isoformat(),
        "sent_at": n.sent_at.isoformat() if n.sent_at else None,
    }

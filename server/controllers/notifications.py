"""/notifications: the email outbox, so admins can see what was sent and what failed."""

from flask_restx import Namespace, Resource

from server.domain.notifications import EVENTS
from server.domain.vocabulary import ADMIN, NOTIFICATION_STATUSES
from server.dto import notifications as dto
from server.http.docs import problems
from server.http.inputs import Choice, Int, ListArgs
from server.http.listing import listing
from server.http.security import authenticated
from server.services import notification_service

ns = Namespace("notifications", description="The email outbox (admins)", path="/notifications")

NOTIFICATION_LIST = ListArgs(
    sort=tuple(notification_service.SORT),
    default_sort="-created_at",
    filters={
        "status": Choice(
            NOTIFICATION_STATUSES, "Only messages in this state: pending, sent, failed or skipped"
        ),
        "recipient_id": Int("Only messages to this user"),
        "event": Choice(EVENTS, "Only messages about this kind of event"),
    },
    cursor=True,
)


@ns.route("")
class NotificationList(Resource):
    @ns.doc(
        "list_notifications",
        description="Every email the service queued, newest first: who it is for, what it "
        "is about, and whether it was delivered. Delivery is done by `manage.py "
        "send-notifications`; a failed attempt is retried with growing delays up to "
        "`NOTIFY_MAX_ATTEMPTS`, then the row is `failed` with the error kept.",
    )
    @problems(ns, 401, 403, 422, docs={403: "This needs the admin role."})
    @authenticated(ADMIN)
    @listing(
        ns, NOTIFICATION_LIST, dto.notification, dto.notification_json, "A page of outbox rows"
    )
    def get(self, read_filters):
        """List queued and sent emails (admins)"""
        return notification_service.outbox(read_filters())

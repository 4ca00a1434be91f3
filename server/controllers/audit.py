"""/audit: the append-only trail of every change (admins)."""

from flask_restx import Namespace, Resource

from server.domain.events import ENTITIES
from server.domain.vocabulary import ADMIN
from server.dto import audit as dto
from server.http.docs import problems
from server.http.inputs import Choice, DateOrTime, Int, ListArgs
from server.http.listing import listing
from server.http.security import authenticated
from server.services import audit_service

ns = Namespace("audit", description="Who changed what, and when", path="/audit")

AUDIT_LIST = ListArgs(
    sort=tuple(audit_service.SORT),
    default_sort="-at",
    filters={
        "entity": Choice(ENTITIES, "Only changes to this kind of object"),
        "entity_id": Int("Only changes to the object with this id (use with `entity`)"),
        "actor_id": Int("Only changes made by this user"),
        "from": DateOrTime("Only changes on or after this date (whole day) or timestamp"),
        "to": DateOrTime("Only changes on or before this date (whole day) or timestamp"),
    },
    cursor=True,
)


@ns.route("")
class AuditTrail(Resource):
    @ns.doc(
        "list_audit_events",
        description="Admins only. One event per create, update or state change of users, "
        "teams, leave types, holidays, adjustments and requests, written in the same "
        "transaction as the change; newest first by default. Append-only.",
    )
    @problems(ns, 401, 403, 422, docs={403: "This needs the admin role."})
    @authenticated(ADMIN)
    @listing(ns, AUDIT_LIST, dto.audit_event, dto.audit_json, "A page of audit events")
    def get(self, read_filters):
        """List audit events (admins)"""
        return audit_service.events(read_filters())

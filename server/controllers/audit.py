"""/audit: the append-only trail of every change (admins)."""

from flask_restx import Namespace, Resource

from server.controllers.docs import problems
from server.controllers.inputs import Choice, DateOrTime, Int, ListArgs
from server.controllers.responses import page_json
from server.controllers.security import authenticated
from server.dto import audit as dto
from server.dto.common import page_of
from server.models.user import ADMIN
from server.services import audit_service

ns = Namespace("audit", description="Who changed what, and when", path="/audit")

AUDIT_LIST = ListArgs(
    sort=tuple(audit_service.SORT),
    default_sort="-at",
    filters={
        "entity": Choice(dto.ENTITIES),
        "entity_id": Int(),
        "actor_id": Int(),
        "from": DateOrTime("On or after this date (whole day) or timestamp"),
        "to": DateOrTime("On or before this date (whole day) or timestamp"),
    },
)
audit_page = page_of(dto.audit_event)


@ns.route("")
class AuditTrail(Resource):
    @ns.doc("list_audit_events", params=AUDIT_LIST.params, description="Newest first by default.")
    @ns.response(200, "A page of audit events", audit_page)
    @problems(ns, 401, 403, 422)
    @authenticated(ADMIN)
    def get(self):
        return page_json(audit_service.list_events(AUDIT_LIST.parse()), dto.audit_json)

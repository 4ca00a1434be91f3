"""/leave-types: the kinds of leave (admins manage them, everyone reads them)."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN
from server.dto import leave_types as dto
from server.http.docs import BODY_ERRORS, creates, problems
from server.http.inputs import Bool, ListArgs, json_body
from server.http.listing import listing
from server.http.responses import created, no_content
from server.http.security import authenticated, current_user
from server.services import leave_type_service

ns = Namespace("leave_types", description="Kinds of leave and their rules", path="/leave-types")

LEAVE_TYPE_LIST = ListArgs(
    sort=tuple(leave_type_service.SORT),
    filters={"is_active": Bool("Only active (true) or deactivated (false) types; default: both")},
)


@ns.route("")
class LeaveTypeList(Resource):
    @ns.doc(
        "list_leave_types",
        description="The kinds of leave one can request (vacation, sick leave, ...) with "
        "their rules: allowance, accrual, carry-over, notice. Any signed-in user.",
    )
    @problems(ns, 401, 422)
    @authenticated()
    @listing(ns, LEAVE_TYPE_LIST, dto.leave_type, dto.leave_type_json, "A page of leave types")
    def get(self, read_filters):
        """List leave types"""
        return leave_type_service.leave_types(read_filters())

    @ns.doc(
        "create_leave_type",
        description="Admins only. `name` and `code` are required; `code` is unique "
        "(case-insensitive, a duplicate is 409). Defaults: color `#4A90D9`, paid, requires "
        "approval, unlimited (`yearly_allowance` null: set it to keep a balance), yearly "
        "accrual, no carry-over, no negative balance, no past dates, no notice.",
    )
    @ns.expect(dto.leave_type_create)
    @creates(ns, dto.leave_type, "leave type")
    @problems(
        ns,
        401,
        403,
        409,
        *BODY_ERRORS,
        docs={
            403: "This needs the admin role.",
            409: "A leave type with code 'parental' already exists.",
        },
    )
    @authenticated(ADMIN)
    def post(self):
        """Create a leave type (admins)"""
        data = json_body(dto.leave_type_create)
        leave_type = leave_type_service.create_leave_type(current_user(), data)
        return created(dto.leave_type_json(leave_type), LeaveTypeItem, leave_type_id=leave_type.id)


@ns.route("/<int:leave_type_id>")
@ns.param("leave_type_id", "The leave type's id")
class LeaveTypeItem(Resource):
    @ns.doc("get_leave_type", description="Any signed-in user, active or deactivated types.")
    @ns.response(200, "The leave type", dto.leave_type)
    @problems(ns, 401, 404, docs={404: "There is no leave type 42."})
    @authenticated()
    def get(self, leave_type_id):
        """Get a leave type"""
        return dto.leave_type_json(leave_type_service.get_leave_type(leave_type_id))

    @ns.doc(
        "update_leave_type",
        description="Admins only. Send only the fields to change; `is_active: true` "
        "reactivates. Days already counted on existing requests are not recounted.",
    )
    @ns.expect(dto.leave_type_update)
    @ns.response(200, "Updated", dto.leave_type)
    @problems(
        ns,
        401,
        403,
        404,
        409,
        *BODY_ERRORS,
        docs={
            403: "This needs the admin role.",
            404: "There is no leave type 42.",
            409: "A leave type with code 'parental' already exists.",
        },
    )
    @authenticated(ADMIN)
    def patch(self, leave_type_id):
        """Update a leave type (admins)"""
        updated = leave_type_service.update_leave_type(
            current_user(), leave_type_id, lambda: json_body(dto.leave_type_update)
        )
        return dto.leave_type_json(updated)

    @ns.doc(
        "deactivate_leave_type",
        description="Deactivates (`is_active=false`), never deletes: existing requests and "
        "balances keep their type. PATCH `is_active: true` reactivates.",
    )
    @ns.response(204, "Deactivated")
    @problems(
        ns,
        401,
        403,
        404,
        docs={403: "This needs the admin role.", 404: "There is no leave type 42."},
    )
    @authenticated(ADMIN)
    def delete(self, leave_type_id):
        """Deactivate a leave type (admins)"""
        leave_type_service.deactivate_leave_type(current_user(), leave_type_id)
        return no_content()

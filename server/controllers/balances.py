"""/users/{id}/balances and /users/{id}/adjustments."""

from flask_restx import Namespace, Resource

from server.controllers.docs import BODY_ERRORS, problems
from server.controllers.idempotency import KEY_PARAM, idempotent
from server.controllers.inputs import Date, Int, ListArgs, json_body
from server.controllers.responses import page_json
from server.controllers.security import authenticated, current_user
from server.dto import balances as dto
from server.dto.common import page_of
from server.models.user import ADMIN
from server.services import balance_service, user_service

ns = Namespace("balances", description="Leave balances and adjustments", path="/users")

BALANCE_ARGS = ListArgs(
    paginated=False,
    filters={
        "year": Int("Default: the current year in the user's time zone", 1900, 2999),
        "as_of": Date("Default: today in the user's time zone"),
    },
)
ADJUSTMENT_LIST = ListArgs(
    sort=tuple(balance_service.ADJUSTMENT_SORT),
    default_sort="-created_at",
    filters={"leave_type_id": Int(), "year": Int(minimum=1900, maximum=2999)},
)
adjustment_page = page_of(dto.adjustment)


@ns.route("/<int:user_id>/balances")
@ns.param("user_id", "The user's id")
class Balances(Resource):
    @ns.doc(
        "list_balances",
        params=BALANCE_ARGS.params,
        description="One balance per active leave type. Yourself, your direct reports "
        "(managers) or anyone (admins).",
    )
    @ns.response(200, "The balances", dto.balance_list)
    @problems(ns, 401, 404, 422)
    @authenticated()
    def get(self, user_id):
        user_service.get_user(current_user(), user_id)  # 404 before the arguments' 422
        args = BALANCE_ARGS.parse().filters
        year, rows = balance_service.user_balances(
            current_user(), user_id, args.get("year"), args.get("as_of")
        )
        return {"items": [dto.balance_json(t, year, b) for t, b in rows]}


@ns.route("/<int:user_id>/adjustments")
@ns.param("user_id", "The user's id")
class Adjustments(Resource):
    @ns.doc("list_adjustments", params=ADJUSTMENT_LIST.params)
    @ns.response(200, "A page of adjustments", adjustment_page)
    @problems(ns, 401, 404, 422)
    @authenticated()
    def get(self, user_id):
        user_service.get_user(current_user(), user_id)
        page = balance_service.list_adjustments(current_user(), user_id, ADJUSTMENT_LIST.parse())
        return page_json(page, dto.adjustment_json)

    @ns.doc(
        "create_adjustment",
        params=KEY_PARAM,
        description="Admins: add (or, negative, remove) days.",
    )
    @ns.expect(dto.adjustment_create)
    @ns.response(201, "Created", dto.adjustment)
    @problems(ns, 401, 403, 404, *BODY_ERRORS)
    @authenticated(ADMIN)
    @idempotent
    def post(self, user_id):
        user_service.get_user(current_user(), user_id)
        data = json_body(dto.adjustment_create)
        created = balance_service.add_adjustment(current_user(), user_id, data)
        return dto.adjustment_json(created), 201

"""/users/{id}/balances and /users/{id}/adjustments."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN
from server.dto import balances as dto
from server.http.docs import BODY_ERRORS, ERRORS, ProblemDoc, creates, problems
from server.http.idempotency import KEY_PARAM, idempotent
from server.http.inputs import Date, Int, ListArgs, Year, json_body
from server.http.listing import listing
from server.http.responses import created
from server.http.security import authenticated, current_user
from server.services import balance_service

ns = Namespace("balances", description="Leave balances and adjustments", path="/users")

BALANCE_ARGS = ListArgs(
    paginated=False,
    filters={
        "year": Year(
            "The leave year (a calendar year). Default: the year of `as_of` when it is given, "
            "else the current year in the user's time zone"
        ),
        "as_of": Date(
            "The day that splits approved leave into `taken` (on or before) and `scheduled` "
            "(after), and up to which accrual counts; must lie in `year`. Default: today in "
            "the user's time zone for the current year, else the year's last day (a past year "
            "as it ended, a future year with its whole accrual)"
        ),
    },
)
FORECAST_ARGS = ListArgs(
    paginated=False,
    required=("date",),
    filters={"date": Date("The day to look ahead to: today or later in the user's time zone")},
)
ADJUSTMENT_LIST = ListArgs(
    sort=tuple(balance_service.ADJUSTMENT_SORT),
    default_sort="-created_at",
    filters={
        "leave_type_id": Int("Only adjustments of this leave type"),
        "year": Year("Only adjustments of this year"),
    },
    cursor=True,
)


@ns.route("/<int:user_id>/balances")
@ns.param("user_id", "The user's id")
class Balances(Resource):
    @ns.doc(
        "list_balances",
        params=BALANCE_ARGS.params,
        description="One balance per active leave type, and per inactive type with leave "
        "taken, scheduled, pending or adjusted in the year, for one year, as of one day. "
        "`available = entitlement + carried_over + adjustments - taken - scheduled - pending`; "
        "for unlimited types `entitlement` and `available` are null. Yourself, your direct "
        "reports (managers) or anyone (admins).",
    )
    @ns.response(200, "The balances", dto.balance_list)
    @problems(
        ns,
        401,
        404,
        422,
        docs={
            422: ProblemDoc(
                ERRORS[422].description,
                "as_of must be a date in 2026",
                errors={"as_of": "must be a date in 2026"},
            )
        },
    )
    @authenticated()
    def get(self, user_id):
        """Get a user's leave balances"""
        year, rows = balance_service.user_balances(
            current_user(), user_id, lambda: BALANCE_ARGS.parse().filters
        )
        return {"items": [dto.balance_json(t, year, b, ref) for t, b, ref in rows]}


@ns.route("/<int:user_id>/balances/forecast")
@ns.param("user_id", "The user's id")
class Forecast(Resource):
    @ns.doc(
        "forecast_balances",
        params=FORECAST_ARGS.params,
        description='The balances as they will stand on `date` ("on 1 October you will '
        "have…\"): what the user's policies credit up to then, approved leave up to then "
        "as `taken` and after it as `scheduled`, pending requests as `pending`, for the "
        "leave year `date` falls in. A past `date` is 422 (read it with "
        "`balances?as_of=`). Yourself, your direct reports (managers) or anyone (admins).",
    )
    @ns.response(200, "The balances on that day", dto.balance_list)
    @problems(ns, 401, 404, 422)
    @authenticated()
    def get(self, user_id):
        """Forecast a user's leave balances"""
        year, rows = balance_service.forecast(
            current_user(), user_id, lambda: FORECAST_ARGS.parse().filters
        )
        return {"items": [dto.balance_json(t, year, b, ref) for t, b, ref in rows]}


@ns.route("/<int:user_id>/adjustments")
@ns.param("user_id", "The user's id")
class Adjustments(Resource):
    @ns.doc(
        "list_adjustments",
        description="Manual corrections of a user's balance, newest first by default. "
        "Yourself, your direct reports (managers) or anyone (admins).",
    )
    @problems(ns, 401, 404, 422)
    @authenticated()
    @listing(ns, ADJUSTMENT_LIST, dto.adjustment, dto.adjustment_json, "A page of adjustments")
    def get(self, user_id, read_filters):
        """List a user's balance adjustments"""
        return balance_service.adjustments(current_user(), user_id, read_filters)

    @ns.doc(
        "create_adjustment",
        params=KEY_PARAM,
        description="Admins only: add days to (or, negative, remove days from) a user's "
        "balance of one leave type in one year, with a reason; counted in `adjustments`. "
        "Unlimited types have no balance to adjust (422).",
    )
    @ns.expect(dto.adjustment_create)
    @creates(ns, dto.adjustment, "adjustment")
    @problems(ns, 401, 403, 404, *BODY_ERRORS, docs={403: "This needs the admin role."})
    @authenticated(ADMIN)
    @idempotent(balance_service.replay_visible)
    def post(self, user_id):
        """Adjust a user's balance (admins)"""
        adjustment = balance_service.add_adjustment(
            current_user(), user_id, lambda: json_body(dto.adjustment_create)
        )
        return created(
            dto.adjustment_json(adjustment),
            AdjustmentItem,
            user_id=user_id,
            adjustment_id=adjustment.id,
        )


@ns.route("/<int:user_id>/adjustments/<int:adjustment_id>")
@ns.param("user_id", "The user's id")
@ns.param("adjustment_id", "The adjustment's id")
class AdjustmentItem(Resource):
    @ns.doc(
        "get_adjustment",
        description="One adjustment of this user. Yourself, your direct reports (managers) "
        "or anyone (admins).",
    )
    @ns.response(200, "The adjustment", dto.adjustment)
    @problems(ns, 401, 404)
    @authenticated()
    def get(self, user_id, adjustment_id):
        """Get one balance adjustment"""
        adjustment = balance_service.get_adjustment(current_user(), user_id, adjustment_id)
        return dto.adjustment_json(adjustment)

"""/holidays: public holidays (from the `holidays` package) and company holidays."""

from flask_restx import Namespace, Resource

from server.controllers.docs import BODY_ERRORS, problems
from server.controllers.inputs import Int, ListArgs, Text, json_body
from server.controllers.responses import no_content
from server.controllers.security import authenticated, current_user
from server.dto import holidays as dto
from server.models.user import ADMIN
from server.services import holiday_service

ns = Namespace("holidays", description="Public and company holidays", path="/holidays")

HOLIDAY_ARGS = ListArgs(
    paginated=False,
    filters={
        "year": Int("Default: the current year in your time zone", minimum=1900, maximum=2999),
        "country": Text("ISO 3166 alpha-2; default: your own country", max_length=10),
        "subdivision": Text("Default: your own subdivision (when country is not given)", 10),
    },
)


@ns.route("")
class HolidayList(Resource):
    @ns.doc(
        "list_holidays",
        params=HOLIDAY_ARGS.params,
        description="Public holidays (observed days included) and company holidays (global "
        "ones and those for the country), sorted by date. Without `country`, your own "
        "country and subdivision are used.",
    )
    @ns.response(200, "The holidays of the year", dto.holiday_list)
    @problems(ns, 401, 422)
    @authenticated()
    def get(self):
        args = HOLIDAY_ARGS.parse().filters
        entries = holiday_service.list_holidays(
            current_user(),
            args.get("year"),
            args.get("country"),
            args.get("subdivision"),
        )
        return {"items": [dto.holiday_json(e) for e in entries]}

    @ns.doc("create_company_holiday")
    @ns.expect(dto.company_holiday_create)
    @ns.response(201, "Created", dto.company_holiday)
    @problems(ns, 401, 403, 409, *BODY_ERRORS)
    @authenticated(ADMIN)
    def post(self):
        data = json_body(dto.company_holiday_create)
        holiday = holiday_service.create_company_holiday(current_user(), data)
        return dto.company_holiday_json(holiday), 201


@ns.route("/<int:holiday_id>")
@ns.param("holiday_id", "A company holiday's id")
class HolidayItem(Resource):
    @ns.doc("update_company_holiday")
    @ns.expect(dto.company_holiday_update)
    @ns.response(200, "Updated", dto.company_holiday)
    @problems(ns, 401, 403, 404, 409, *BODY_ERRORS)
    @authenticated(ADMIN)
    def patch(self, holiday_id):
        holiday_service.get_company_holiday(holiday_id)  # 404 before the body's 422
        data = json_body(dto.company_holiday_update)
        holiday = holiday_service.update_company_holiday(current_user(), holiday_id, data)
        return dto.company_holiday_json(holiday)

    @ns.doc(
        "delete_company_holiday",
        description="Days already counted on existing requests are not recounted.",
    )
    @ns.response(204, "Deleted")
    @problems(ns, 401, 403, 404)
    @authenticated(ADMIN)
    def delete(self, holiday_id):
        holiday_service.delete_company_holiday(current_user(), holiday_id)
        return no_content()

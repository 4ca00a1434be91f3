"""/holidays: public holidays (from the `holidays` package) and company holidays."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN
from server.dto import holidays as dto
from server.http.docs import BODY_ERRORS, creates, problems
from server.http.inputs import Bool, ListArgs, Text, Year, json_body
from server.http.responses import created, no_content
from server.http.security import authenticated, current_user
from server.services import holiday_service

ns = Namespace("holidays", description="Public and company holidays", path="/holidays")

HOLIDAY_ARGS = ListArgs(
    paginated=False,
    filters={
        "year": Year("The calendar year. Default: the current year in your time zone"),
        "country": Text(
            "ISO 3166 alpha-2 code supported by the `holidays` package (e.g. `US`, `DE`); "
            "default: your own country",
            max_length=10,
        ),
        "subdivision": Text(
            "The country's subdivision code (e.g. `CA`, `BE`); default: your own subdivision "
            "when `country` is not given",
            10,
        ),
        "include_excluded": Bool(
            "Admins: also list the public holidays HR switched off for the region (marked "
            "`excluded`); ignored for everyone else"
        ),
    },
)


@ns.route("")
class HolidayList(Resource):
    @ns.doc(
        "list_holidays",
        params=HOLIDAY_ARGS.params,
        description="Public holidays (observed days included) as the region's holiday "
        "calendar counts them (see /holiday-calendars), and company holidays (global ones, "
        "the country's and the subdivision's), sorted by date. Without `country`, your own "
        "country and subdivision are used.",
    )
    @ns.response(200, "The holidays of the year", dto.holiday_list)
    @problems(ns, 401, 422)
    @authenticated()
    def get(self):
        """List the holidays of a year"""
        entries = holiday_service.list_holidays(
            current_user(), lambda: HOLIDAY_ARGS.parse().filters
        )
        return {"items": [dto.holiday_json(e) for e in entries]}

    @ns.doc(
        "create_company_holiday",
        description="Admins only. A day off for everyone (`country` null or absent), for "
        "the people of one country, or of one subdivision of it (`subdivision`); working-day "
        "counts skip it from now on. One per date and scope (a duplicate is 409).",
    )
    @ns.expect(dto.company_holiday_create)
    @creates(ns, dto.company_holiday, "company holiday")
    @problems(
        ns,
        401,
        403,
        409,
        *BODY_ERRORS,
        docs={
            403: "This needs the admin role.",
            409: "There is already a company holiday on 2026-12-24 for everyone.",
        },
    )
    @authenticated(ADMIN)
    def post(self):
        """Add a company holiday (admins)"""
        data = json_body(dto.company_holiday_create)
        holiday = holiday_service.create_company_holiday(current_user(), data)
        return created(dto.company_holiday_json(holiday), HolidayItem, holiday_id=holiday.id)


@ns.route("/<int:holiday_id>")
@ns.param("holiday_id", "A company holiday's id")
class HolidayItem(Resource):
    @ns.doc(
        "get_company_holiday",
        description="One company holiday by id (public holidays have none: see GET "
        "/holidays). Any signed-in user.",
    )
    @ns.response(200, "The company holiday", dto.company_holiday)
    @problems(ns, 401, 404, docs={404: "There is no company holiday 42."})
    @authenticated()
    def get(self, holiday_id):
        """Get a company holiday"""
        return dto.company_holiday_json(holiday_service.get_company_holiday(holiday_id))

    @ns.doc(
        "update_company_holiday",
        description="Admins only. Send only the fields to change. Days already counted on "
        "existing requests are not recounted.",
    )
    @ns.expect(dto.company_holiday_update)
    @ns.response(200, "Updated", dto.company_holiday)
    @problems(
        ns,
        401,
        403,
        404,
        409,
        *BODY_ERRORS,
        docs={
            403: "This needs the admin role.",
            404: "There is no company holiday 42.",
            409: "There is already a company holiday on 2026-12-24 for everyone.",
        },
    )
    @authenticated(ADMIN)
    def patch(self, holiday_id):
        """Change a company holiday (admins)"""
        holiday = holiday_service.update_company_holiday(
            current_user(), holiday_id, lambda: json_body(dto.company_holiday_update)
        )
        return dto.company_holiday_json(holiday)

    @ns.doc(
        "delete_company_holiday",
        description="Days already counted on existing requests are not recounted.",
    )
    @ns.response(204, "Deleted")
    @problems(
        ns,
        401,
        403,
        404,
        docs={403: "This needs the admin role.", 404: "There is no company holiday 42."},
    )
    @authenticated(ADMIN)
    def delete(self, holiday_id):
        """Delete a company holiday (admins)"""
        holiday_service.delete_company_holiday(current_user(), holiday_id)
        return no_content()

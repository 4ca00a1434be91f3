"""/holiday-calendars: which public holidays count, per country or subdivision (HR)."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN
from server.dto import holidays as dto
from server.http.docs import BODY_ERRORS, problems
from server.http.inputs import json_body
from server.http.responses import no_content
from server.http.security import authenticated, current_user
from server.services import holiday_calendar_service as service

ns = Namespace(
    "holiday_calendars",
    description="Which public holidays count as days off, per country or subdivision",
    path="/holiday-calendars",
)
RULES = (
    "A region is a country (`US`) or a subdivision (`US-CA`, `DE-BY`). A subdivision with "
    "settings of its own uses them; one without follows its country's; a country without "
    "any counts the `holidays` package's `public` category with nothing excluded. A "
    "subdivision's own settings replace its country's (they are not merged). Counting, "
    "preview, the calendar, the feeds and /holidays follow a change at once; requests "
    "already made keep the days they were charged."
)


@ns.route("/<string:region>")
@ns.param("region", "A country (`US`) or a subdivision (`US-CA`)")
class HolidayCalendarItem(Resource):
    @ns.doc("get_holiday_calendar", description="What counts in a region. " + RULES)
    @ns.response(200, "The settings in force for the region", dto.holiday_calendar)
    @problems(ns, 401, 404, docs={404: "There is no holiday calendar for XX."})
    @authenticated()
    def get(self, region):
        """Get a region's holiday calendar"""
        return dto.holiday_calendar_json(service.get_calendar(region))

    @ns.doc(
        "set_holiday_calendar",
        description="Admins. Give the region settings of its own (audited). " + RULES,
    )
    @ns.expect(dto.holiday_calendar_update)
    @ns.response(200, "The region's settings now", dto.holiday_calendar)
    @problems(
        ns,
        401,
        403,
        404,
        *BODY_ERRORS,
        docs={403: "This needs the admin role.", 404: "There is no holiday calendar for XX."},
    )
    @authenticated(ADMIN)
    def put(self, region):
        """Set which public holidays count in a region (admins)"""
        view = service.put_calendar(
            current_user(), region, lambda: json_body(dto.holiday_calendar_update)
        )
        return dto.holiday_calendar_json(view)

    @ns.doc(
        "delete_holiday_calendar",
        description="Admins. Drop the region's own settings: it follows its country's (or "
        "the defaults) again (audited).",
    )
    @ns.response(204, "Dropped")
    @problems(
        ns,
        401,
        403,
        404,
        docs={403: "This needs the admin role.", 404: "US-CA has no holiday calendar of its own."},
    )
    @authenticated(ADMIN)
    def delete(self, region):
        """Drop a region's own holiday calendar (admins)"""
        service.delete_calendar(current_user(), region)
        return no_content()

"""/calendar: who is away when, and the personal iCal feed."""

from flask import Response, request
from flask_restx import Namespace, Resource

from server.domain.vocabulary import MAX_RANGE_DAYS
from server.dto import calendar as dto
from server.http.docs import problems, produces
from server.http.inputs import Date, Int, ListArgs
from server.http.responses import public_host
from server.http.security import authenticated, current_user
from server.services import calendar_service, feed_service

ns = Namespace("calendar", description="The team calendar and the iCal feed", path="/calendar")

CALENDAR_ARGS = ListArgs(
    paginated=False,
    filters={
        "from": Date("First day; give both from and to, or neither (the current month)"),
        "to": Date(f"Last day; at most {MAX_RANGE_DAYS} days after from"),
        "team_id": Int("Only this team's members (within what you may see)"),
        "user_id": Int("Only this person (within what you may see)"),
    },
)
ICAL = "text/calendar"


@ns.route("")
class TeamCalendar(Resource):
    @ns.doc(
        "get_calendar",
        params=CALENDAR_ARGS.params,
        description="Approved and pending absences overlapping the range, the holidays of "
        "everyone shown, and a row per person. You see yourself, everyone who shares a team "
        "with you and (managers) your direct reports; admins see everyone. `team_id` and "
        "`user_id` narrow that (outside it: empty lists). Colleagues' leave types are "
        'shown as "Away" unless you are their manager or an admin. Inactive users are not '
        "shown.",
    )
    @ns.response(200, "The calendar", dto.calendar)
    @problems(ns, 401, 422)
    @authenticated()
    def get(self):
        """Who is away when: the team calendar"""
        args = CALENDAR_ARGS.parse().filters
        view = calendar_service.team_calendar(
            current_user(),
            args.get("from"),
            args.get("to"),
            args.get("team_id"),
            args.get("user_id"),
        )
        return dto.calendar_json(view)


@ns.route("/feed/<string:token>.ics")
@ns.param("token", "The secret token of a feed link (from POST /auth/calendar-token)")
class CalendarFeed(Resource):
    @ns.doc(
        "get_calendar_feed",
        security=[],
        description="A personal iCal feed (RFC 5545) to subscribe to in Google Calendar, "
        "Outlook or Apple Calendar; the token in the URL is the credential (no "
        "Authorization header). It holds the approved absences of the link's owner, their "
        f"team-mates and direct reports from {feed_service.DAYS_BACK} days ago to "
        f"{feed_service.DAYS_AHEAD} days ahead, and the owner's "
        "holidays, as all-day events. The owner's own leave is busy (out of office); "
        "everyone else's is free and titled `<name> — Away`. Send `If-None-Match` with the "
        "last `ETag` to get 304 while nothing changed. An unknown, reset or deleted link, "
        "or one whose owner is inactive, is 404.",
    )
    @ns.doc(
        params={
            "If-None-Match": {
                "in": "header",
                "type": "string",
                "description": "The `ETag` of the copy you have: 304 while it is current",
            }
        }
    )
    @produces(ns, ICAL)
    @ns.response(
        200,
        "The feed (text/calendar)",
        headers={"ETag": {"type": "string", "description": "Send it back in If-None-Match"}},
    )
    @ns.response(304, "Not modified since the ETag sent in If-None-Match")
    @problems(
        ns, 404, docs={404: "There is no calendar feed at this address (it may have been reset)."}
    )
    def get(self, token):
        """Subscribe to a personal iCal feed"""
        feed = feed_service.feed_for_token(token, public_host())
        response = Response(feed.body, mimetype=ICAL, content_type=f"{ICAL}; charset=utf-8")
        response.set_etag(feed.etag)
        response.headers["Cache-Control"] = "private, no-cache"
        response.headers["Content-Disposition"] = 'inline; filename="time-off.ics"'
        return response.make_conditional(request)

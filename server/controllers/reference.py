"""/reference: fixed lists for pickers (countries with subdivisions, time zones)."""

from flask_restx import Namespace, Resource

from server.dto import reference as dto
from server.http.docs import problems
from server.http.security import authenticated
from server.services import reference_service

ns = Namespace(
    "reference",
    description="Countries, subdivisions and time zones the API accepts, for pickers",
    path="/reference",
)


@ns.route("/countries")
class CountryList(Resource):
    @ns.doc(
        "list_countries",
        description="Every country the holiday calendar supports (ISO 3166-1 alpha-2), sorted "
        "by name, each with the subdivisions that have their own public holidays: the values "
        "a user's `country` and `subdivision` accept.",
    )
    @ns.response(200, "The supported countries", dto.country_list)
    @problems(ns, 401)
    @authenticated()
    def get(self):
        """Countries and subdivisions with public holidays"""
        return {"items": [dto.country_json(c) for c in reference_service.list_countries()]}


@ns.route("/timezones")
class TimezoneList(Resource):
    @ns.doc(
        "list_timezones",
        description="Common IANA time zone names (pytz), sorted: the choices for a user's "
        "`timezone`. Any IANA name pytz knows is accepted; these are the ones to offer.",
    )
    @ns.response(200, "The time zone names", dto.timezone_list)
    @problems(ns, 401)
    @authenticated()
    def get(self):
        """Time zone names"""
        return {"items": list(reference_service.list_timezones())}

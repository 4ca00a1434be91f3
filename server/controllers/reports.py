"""/reports: leave usage and absences for HR and payroll, as JSON or CSV."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN, MANAGER, MAX_RANGE_DAYS
from server.dto import reports as dto
from server.http.docs import problems, produces
from server.http.inputs import Choice, Date, Int, ListArgs, Year
from server.http.responses import csv_response
from server.http.security import authenticated, current_user
from server.services import report_service

ns = Namespace("reports", description="Usage and absences for HR and payroll", path="/reports")

FORMAT = Choice(
    ("json", "csv"),
    "`json` (default) or `csv` (a download with a header row)",
    enum_name="ReportFormat",
)
USAGE_ARGS = ListArgs(
    paginated=False,
    filters={
        "year": Year("Default: the current year in your time zone"),
        "team_id": Int("Only this team's members"),
        "format": FORMAT,
    },
)
ABSENCE_ARGS = ListArgs(
    paginated=False,
    filters={
        "from": Date("First day (required)"),
        "to": Date(f"Last day (required; at most {MAX_RANGE_DAYS} days after from)"),
        "team_id": Int("Only this team's members"),
        "format": FORMAT,
    },
    required=("from", "to"),
)
SCOPE = (
    "Managers get their direct reports and themselves, admins everyone; inactive users are "
    "included, with `is_active` false. CSV (`format=csv`): `text/csv; charset=utf-8` with a "
    "header row naming the columns in this order; every cell is quoted; text that a "
    "spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a "
    "carriage return — at its start or after a `;`, `,`, tab or line break a spreadsheet "
    "may split on) gets a `'` there; booleans are `true`/`false`, null an empty cell."
)


def _reply(args, columns, rows, json_body, filename):
    if args.get("format") == "csv":
        return csv_response(columns, rows, filename)
    return {**json_body, "items": [dto.row_json(row) for row in rows]}


@ns.route("/usage")
class UsageReport(Resource):
    @ns.doc(
        "get_usage_report",
        params=USAGE_ARGS.params,
        description="Per user and leave type (active types, and inactive ones with leave "
        "in the year for that user), the year's numbers exactly as "
        "`GET /users/{id}/balances?year=` gives them (each user's default `as_of`); "
        "unlimited types have null entitlement, carried_over and available. " + SCOPE,
    )
    @produces(ns, "application/json", "text/csv")
    @ns.response(200, "The report (JSON, or CSV with format=csv)", dto.usage_report)
    @problems(ns, 401, 403, 422, docs={403: "This needs the manager or admin role."})
    @authenticated(MANAGER, ADMIN)
    def get(self):
        """Leave usage per person and type for a year (managers, admins)"""
        args = USAGE_ARGS.parse().filters
        report = report_service.usage_report(current_user(), args.get("year"), args.get("team_id"))
        return _reply(
            args,
            report_service.USAGE_COLUMNS,
            report.rows,
            {"year": report.year},
            f"pto-usage-{report.year}.csv",
        )


@ns.route("/absences")
class AbsenceReport(Resource):
    @ns.doc(
        "get_absence_report",
        params=ABSENCE_ARGS.params,
        description="One row per approved request overlapping from..to, with "
        "`days_in_range`: the working days it charges inside the range. " + SCOPE,
    )
    @produces(ns, "application/json", "text/csv")
    @ns.response(200, "The report (JSON, or CSV with format=csv)", dto.absence_report)
    @problems(ns, 401, 403, 422, docs={403: "This needs the manager or admin role."})
    @authenticated(MANAGER, ADMIN)
    def get(self):
        """Approved absences in a date range, for payroll (managers, admins)"""
        args = ABSENCE_ARGS.parse().filters
        report = report_service.absence_report(
            current_user(), args["from"], args["to"], args.get("team_id")
        )
        return _reply(
            args,
            report_service.ABSENCE_COLUMNS,
            report.rows,
            {"from": report.first.isoformat(), "to": report.last.isoformat()},
            f"pto-absences-{report.first}-{report.last}.csv",
        )

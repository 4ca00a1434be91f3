"""Shapes for /calendar and the calendar feed token."""

from server.domain.vocabulary import ACTIVE_STATUSES
from server.dto import fields
from server.dto.common import public_user
from server.dto.leave_requests import part, part_json, team_conflict, team_conflict_json
from server.dto.leave_types import amount_json
from server.dto.model import Model
from server.dto.users import WORK_DAYS_DOC

shown_leave_type = Model(
    "CalendarLeaveType",
    {
        "id": fields.Integer(
            required=True, nullable=True, description="null when the type is private (Away)"
        ),
        "name": fields.String(
            required=True, description="The leave type's name, or `Away` when private"
        ),
        "color": fields.String(
            required=True, nullable=True, description="`#RRGGBB`; null when private"
        ),
    },
)

absence = Model(
    "Absence",
    {
        "request_id": fields.Integer(required=True, description="The leave request's id"),
        "user": fields.Nested(public_user, required=True, description="Who is away"),
        "start_date": fields.Date(required=True, description="First day of the request"),
        "end_date": fields.Date(required=True, description="Last day of the request"),
        "start_half": fields.Boolean(required=True, description="The first day starts at noon"),
        "end_half": fields.Boolean(required=True, description="The last day ends at noon"),
        "days": fields.Amount(
            required=True,
            nullable=True,
            description="Day types: what the whole request takes; null for hour types",
        ),
        "unit": fields.Unit(required=True),
        "amount": fields.Amount(
            required=True, description="What the whole request takes, in `unit`"
        ),
        "parts": fields.List(
            fields.Nested(part),
            required=True,
            description="Hour types: the dates taken in hours rather than whole (partial "
            "days, like the halves)",
        ),
        "status": fields.String(
            required=True,
            enum=list(ACTIVE_STATUSES),
            enum_name="AbsenceStatus",
            description="Approved, or still pending a decision",
        ),
        "leave_type": fields.Nested(
            shown_leave_type,
            required=True,
            description="The real type for yourself, your direct reports (managers) and "
            'everyone (admins); otherwise `{"id": null, "name": "Away", "color": null}`',
        ),
    },
)

calendar_holiday = Model(
    "CalendarHoliday",
    {
        "date": fields.Date(required=True, description="The day off"),
        "name": fields.String(required=True, description="The holiday's name"),
        "source": fields.String(
            required=True,
            enum=["public", "company"],
            description="`public`: from the `holidays` package; `company`: set by HR",
        ),
        "country": fields.String(
            required=True,
            nullable=True,
            description="Whose holiday it is (ISO 3166 alpha-2); null: a company holiday "
            "for everyone",
        ),
        "subdivision": fields.String(
            required=True, nullable=True, description="The subdivision it is limited to, if any"
        ),
    },
)

calendar_schedule = Model(
    "CalendarSchedule",
    {
        "effective_from": fields.Date(
            required=True, description="The first day it applies (until the next one)"
        ),
        "cycle_anchor": fields.Date(
            required=True, description="The Monday the first week of its cycle starts on"
        ),
        "weeks": fields.List(
            fields.List(fields.Float),
            required=True,
            description="1 to 4 weeks of 7 hour counts, Monday first: the week of a date is "
            "floor((date - cycle_anchor) / 7 days) mod len(weeks)",
        ),
        "day_start": fields.String(required=True, description="When a working day starts"),
    },
)

calendar_person = Model(
    "CalendarPerson",
    {
        "id": fields.Integer(required=True, description="The user's id"),
        "full_name": fields.String(required=True, description="The user's name"),
        "country": fields.String(
            required=True, nullable=True, description="For shading their public holidays"
        ),
        "subdivision": fields.String(
            required=True, nullable=True, description="For shading their public holidays"
        ),
        "work_days": fields.List(fields.Integer, required=True, description=WORK_DAYS_DOC),
        "schedules": fields.List(
            fields.Nested(calendar_schedule),
            required=True,
            description="Their work schedules in force somewhere in the range, oldest first: "
            "a day is worked when the schedule in force that day has hours on it. Only for "
            "people whose records you may see (yourself, your direct reports, everyone for "
            "admins); empty for other colleagues, whose `work_days` shade their days",
        ),
    },
)

calendar = Model(
    "Calendar",
    {
        "from": fields.Date(required=True, description="First day shown"),
        "to": fields.Date(required=True, description="Last day shown"),
        "absences": fields.List(
            fields.Nested(absence),
            required=True,
            description="Approved and pending requests overlapping the range, by start date "
            "then name",
        ),
        "holidays": fields.List(
            fields.Nested(calendar_holiday),
            required=True,
            description="Public holidays of every region among `people`, and company "
            "holidays, by date",
        ),
        "people": fields.List(
            fields.Nested(calendar_person),
            required=True,
            description="Everyone in the calendar (active, in scope, after the filters), by "
            "name, absent or not: one row each in a grid",
        ),
        "team_conflicts": fields.List(
            fields.Nested(team_conflict),
            required=True,
            description="With `team_id` of a team that has a `max_absent`: the days on which "
            "more of its members are away than it allows (a warning); otherwise empty",
        ),
    },
)

feed_token = Model(
    "CalendarFeedLink",
    {
        "feed_url": fields.String(
            required=True,
            description="The personal iCal feed's address. Shown once: only a hash of its "
            "token is stored. Anyone with it can read the feed; reset it if it leaks.",
            example="https://pto.example.com/api/v1/calendar/feed/3q2-7wEXAMPLEtoken.ics",
        ),
        "created_at": fields.DateTime(required=True, description="When this link was made"),
    },
)

feed_token_status = Model(
    "CalendarFeedStatus",
    {
        "exists": fields.Boolean(required=True, description="Whether a feed link is active"),
        "created_at": fields.DateTime(
            required=True, nullable=True, description="When the active link was made"
        ),
    },
)


def calendar_json(view):
    # A handful of leave types (and "Away") across thousands of absences: one dict each.
    leave_types = {t: t._asdict() for t in {a.leave_type for a in view.absences}}
    return {
        "from": view.first.isoformat(),
        "to": view.last.isoformat(),
        "absences": [
            {
                "request_id": a.request_id,
                "user": {"id": a.user_id, "full_name": a.full_name},
                "start_date": a.start_date.isoformat(),
                "end_date": a.end_date.isoformat(),
                "start_half": a.start_half,
                "end_half": a.end_half,
                **amount_json(a.days, a.unit),
                "parts": [part_json(p) for p in a.parts or ()],
                "status": a.status,
                "leave_type": leave_types[a.leave_type],
            }
            for a in view.absences
        ],
        "holidays": [
            {
                "date": h.date.isoformat(),
                "name": h.name,
                "source": h.source,
                "country": h.country,
                "subdivision": h.subdivision,
            }
            for h in view.holidays
        ],
        "people": [
            {
                "id": p.id,
                "full_name": p.full_name,
                "country": p.country,
                "subdivision": p.subdivision,
                "work_days": list(p.work_days),
                "schedules": [
                    {
                        "effective_from": s.effective_from.isoformat(),
                        "cycle_anchor": s.cycle_anchor.isoformat(),
                        "weeks": [[float(h) for h in week] for week in s.weeks],
                        "day_start": s.day_start.strftime("%H:%M"),
                    }
                    for s in p.schedules
                ],
            }
            for p in view.people
        ],
        "team_conflicts": [team_conflict_json(c) for c in view.team_conflicts],
    }

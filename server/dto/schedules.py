"""Shapes for /users/{id}/schedules."""

from server.domain.schedule import MAX_WEEKS
from server.dto import fields
from server.dto.common import items_of
from server.dto.leave_requests import TIME_PATTERN
from server.dto.model import Model

_week = fields.List(
    fields.Float(min=0, max=24, multiple=0.25),
    min_items=7,
    max_items=7,
    description="Hours per day, Monday first (0 = not worked), 0 to 24 in steps of 0.25",
)
_weeks_doc = (
    f"The cycle: 1 to {MAX_WEEKS} weeks of 7 hour counts, Monday first. The week a date "
    "falls in is `floor((date - cycle_anchor) / 7 days) mod len(weeks)`; a working day is one "
    "with more than 0 hours. E.g. `[[8,8,8,8,8,0,0],[8,8,8,8,0,0,0]]`: every other Friday off"
)
_docs = {
    "effective_from": "The first day it applies; it applies until the user's next schedule",
    "cycle_anchor": "A Monday the first week of the cycle starts on (else 422); default: the "
    "Monday on or before `effective_from`",
    "day_start": "When a working day starts, `HH:MM` in the user's time zone (default "
    "`09:00`): places half days and hour parts in the iCal feed",
}

schedule = Model(
    "WorkSchedule",
    {
        "id": fields.Integer(required=True, readonly=True, description="The schedule's id"),
        "user_id": fields.Integer(required=True, description="Whose schedule"),
        "effective_from": fields.Date(required=True, description=_docs["effective_from"]),
        "cycle_anchor": fields.Date(required=True, description=_docs["cycle_anchor"]),
        "weeks": fields.List(_week, required=True, description=_weeks_doc),
        "day_start": fields.String(required=True, description=_docs["day_start"]),
        "weekly_hours_avg": fields.Float(
            required=True, description="Hours per week over the cycle (to 0.01)"
        ),
        "working_days_per_week_avg": fields.Float(
            required=True, description="Working days per week over the cycle (to 0.01)"
        ),
        "reference_day_hours": fields.Float(
            required=True,
            description="The hours of an average working day: the cycle's hours over its "
            "working days (to 0.01; 20 h over 3 days = 6.67). Divides hours into days for "
            "`by_hours` types and for `display_equivalent`",
        ),
        "created_at": fields.DateTime(required=True, readonly=True, description="When (UTC)"),
    },
)
schedule_list = items_of(schedule)

schedule_create = Model(
    "WorkScheduleCreate",
    {
        "effective_from": fields.Date(
            required=True,
            description=_docs["effective_from"] + ". A date in the past is allowed: see `recount`",
            example="2027-01-04",
        ),
        "cycle_anchor": fields.Date(description=_docs["cycle_anchor"], example="2027-01-04"),
        "weeks": fields.List(
            _week,
            required=True,
            min_items=1,
            max_items=MAX_WEEKS,
            description=_weeks_doc,
            example=[[8, 8, 4, 0, 0, 0, 0]],
        ),
        "day_start": fields.String(
            pattern=TIME_PATTERN, description=_docs["day_start"], example="09:00"
        ),
        "recount": fields.Boolean(
            description="true: also store what the user's pending and approved requests "
            "ending on or after `effective_from` deduct under the new schedule. Default "
            "false: they keep their amounts, and `recalculation` only shows the difference",
            default=False,
        ),
    },
)

recount = Model(
    "Recount",
    {
        "request_id": fields.Integer(required=True, description="A booked request"),
        "status": fields.String(required=True, description="`pending` or `approved`"),
        "before": fields.Amount(required=True, description="What it deducts as stored"),
        "after": fields.Amount(required=True, description="What it deducts under the schedules"),
        "delta": fields.Amount(required=True, description="`after - before`"),
        "recounted": fields.Boolean(
            required=True, description="Whether `after` was stored (`recount: true`)"
        ),
    },
)
schedule_created = Model(
    "WorkScheduleCreated",
    {
        **schedule,
        "recalculation": fields.List(
            fields.Nested(recount),
            required=True,
            description="The user's pending and approved requests ending on or after "
            "`effective_from`, counted under the new schedules",
        ),
    },
)


def _number(value):
    return float(round(value, 2))


def schedule_json(row, rules):
    return {
        "id": row.id,
        "user_id": row.user_id,
        "effective_from": row.effective_from.isoformat(),
        "cycle_anchor": row.cycle_anchor.isoformat(),
        "weeks": [[float(h) for h in week] for week in row.weeks],
        "day_start": row.day_start.strftime("%H:%M"),
        "weekly_hours_avg": _number(rules.weekly_hours_avg),
        "working_days_per_week_avg": _number(rules.working_days_per_week_avg),
        "reference_day_hours": _number(rules.reference_day_hours),
        "created_at": row.created_at.isoformat(),
    }


def created_json(row, rules, recounts):
    return {
        **schedule_json(row, rules),
        "recalculation": [
            {
                "request_id": r.request_id,
                "status": r.status,
                "before": float(r.before),
                "after": float(r.after),
                "delta": float(r.after - r.before),
                "recounted": r.recounted,
            }
            for r in recounts
        ],
    }

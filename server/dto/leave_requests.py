"""Shapes for /requests and /approvals."""

from server.domain.request_rules import MAX_DAYS_AHEAD, MAX_SPAN_DAYS
from server.domain.vocabulary import DAYS, REQUEST_STATUSES
from server.dto import fields
from server.dto.common import public_user
from server.dto.leave_types import amount_json, days_json
from server.dto.model import Model

TIME_PATTERN = r"^(?:[01]\d|2[0-3]):[0-5]\d$"
_period_doc = {
    "start_half": "The first day starts at noon: only its afternoon is taken (0.5 day)",
    "end_half": "The last day ends at noon: only its morning is taken (0.5 day)",
}
STATUS_DOC = (
    "`pending` (waiting for a decision), `approved`, `rejected` or `cancelled`; types "
    "without approval are `approved` at once"
)

part = Model(
    "HourPart",
    {
        "date": fields.Date(
            required=True, description="A working date of the request", example="2027-03-03"
        ),
        "hours": fields.Float(
            required=True,
            min=0.25,
            max=24,
            multiple=0.25,
            description="Hours taken that day: more than 0, at most the hours the owner's "
            "schedule has that day, in steps of 0.25",
            example=2,
        ),
        "start_time": fields.String(
            pattern=TIME_PATTERN,
            description="When they start, `HH:MM` in the owner's time zone (optional; for "
            "calendars only: the feed shows the part as a timed event)",
            example="13:00",
        ),
    },
)
day_amount = Model(
    "DayAmount",
    {
        "date": fields.Date(required=True, description="A date that deducts something"),
        "scheduled_hours": fields.Float(
            required=True, description="The hours the owner's schedule has that day"
        ),
        "amount": fields.Amount(required=True, description="What the date deducts, in `unit`"),
    },
)

leave_request = Model(
    "LeaveRequest",
    {
        "id": fields.Integer(required=True, readonly=True, description="The request's id"),
        "user_id": fields.Integer(required=True, description="Whose leave it is (the owner)"),
        "user": fields.Nested(public_user, required=True, description="The owner, for display"),
        "leave_type_id": fields.Integer(required=True, description="The kind of leave"),
        "start_date": fields.Date(required=True, description="The first day of leave"),
        "end_date": fields.Date(
            required=True, description="The last day of leave (inclusive; >= start_date)"
        ),
        "start_half": fields.Boolean(required=True, description=_period_doc["start_half"]),
        "end_half": fields.Boolean(required=True, description=_period_doc["end_half"]),
        "days": fields.Amount(
            required=True,
            nullable=True,
            description="Day types: the days charged (equal to `amount`); null for hour types",
        ),
        "unit": fields.Unit(required=True),
        "amount": fields.Amount(
            required=True,
            description="What the request deducts, in `unit`: per working day of the owner's "
            "schedule (holidays and days not worked deduct nothing), 1 day (`per_day`) or the "
            "day's hours over the owner's average day (`by_hours`) or the day's hours (hour "
            "types), a half for `start_half`/`end_half`, and a `part`'s hours where one is "
            "given; rounded once (0.5 for `per_day`, else 0.01). Fixed when the request is "
            "made or edited",
        ),
        "parts": fields.List(
            fields.Nested(part),
            required=True,
            description="Hour types: the hours taken on named dates instead of the whole day",
        ),
        "breakdown": fields.List(
            fields.Nested(day_amount),
            required=True,
            description="What each date deducts, in date order (only dates that deduct "
            "something); the amounts add up to `amount`",
        ),
        "reason": fields.String(
            required=True,
            nullable=True,
            description="The owner's note; hidden from colleagues in the calendar",
        ),
        "status": fields.String(
            required=True,
            enum=list(REQUEST_STATUSES),
            enum_name="RequestStatus",
            description=STATUS_DOC,
        ),
        "reviewer_id": fields.Integer(
            required=True,
            nullable=True,
            description="Who approved or rejected it; null while pending and for requests "
            "approved at once (types without approval)",
        ),
        "reviewed_at": fields.DateTime(
            required=True, nullable=True, description="When it was decided (UTC); null before"
        ),
        "review_comment": fields.String(
            required=True,
            nullable=True,
            description="The approver's comment (always set on rejections)",
        ),
        "created_at": fields.DateTime(
            required=True, readonly=True, description="When it was made (UTC)"
        ),
        "updated_at": fields.DateTime(
            required=True, readonly=True, description="When it last changed (UTC)"
        ),
        "can_cancel": fields.Boolean(
            required=True,
            readonly=True,
            description="Whether you may cancel it now (POST /requests/{id}/cancel): the "
            "owner while pending or before approved leave starts (in the owner's time "
            "zone), admins while pending or approved",
        ),
        "can_edit": fields.Boolean(
            required=True,
            readonly=True,
            description="Whether you may change it now (PATCH): the owner, while pending",
        ),
        "can_decide": fields.Boolean(
            required=True,
            readonly=True,
            description="Whether you may approve or reject it now: pending, and you are "
            "the owner's manager or an admin (never your own)",
        ),
    },
)


def _input(required):
    return {
        "leave_type_id": fields.Id(
            required=required,
            description="The kind of leave (an active type; see GET /leave-types)",
            example=1,
        ),
        "start_date": fields.Date(
            required=required,
            description="The first day; not before today in the owner's time zone unless "
            "the type has `allow_past` or you are an admin",
            example="2026-12-21",
        ),
        "end_date": fields.Date(
            required=required,
            description="The last day (inclusive): on or after `start_date`, at most "
            f"{MAX_DAYS_AHEAD} days ahead; a request covers at most {MAX_SPAN_DAYS} days",
            example="2026-12-23",
        ),
        "start_half": fields.Boolean(
            description=_period_doc["start_half"] + "; default false", default=False
        ),
        "end_half": fields.Boolean(
            description=_period_doc["end_half"] + "; default false", default=False
        ),
        "reason": fields.String(
            nullable=True,
            max_length=2000,
            description="A note for the approver (optional; never shown to colleagues)",
            example="Family visit",
        ),
        "user_id": fields.Id(
            description="Whose leave: admins may file for anyone and managers for a direct "
            "report; default: yourself",
        ),
        "parts": fields.List(
            fields.Nested(part),
            max_items=MAX_SPAN_DAYS,
            description="Hour types only (else 422): hours on named dates instead of the "
            "whole scheduled day, e.g. a 2-hour appointment. A part on a date outside the "
            "range, on a day not worked, or above the day's scheduled hours is 422 "
            '(`errors["parts[0].hours"]`). On PATCH, parts are kept while the dates and '
            "the type stay; sending dates or a type without parts drops them",
        ),
    }


request_create = Model("LeaveRequestCreate", _input(required=True))
request_update = Model("LeaveRequestUpdate", _input(required=False))
approve = Model(
    "Approval",
    {
        "comment": fields.String(
            nullable=True,
            max_length=2000,
            description="Optional note to the requester",
            example="Enjoy!",
        )
    },
)
reject = Model(
    "Rejection",
    {
        "comment": fields.Name(
            required=True,
            max_length=2000,
            description="Why it is rejected (required; the requester sees it)",
            example="Release week: please pick other dates.",
        )
    },
)

team_conflict = Model(
    "TeamConflict",
    {
        "team_id": fields.Integer(required=True, description="The team over its limit"),
        "team_name": fields.String(required=True, description="Its name"),
        "date": fields.Date(required=True, description="The day it is over its limit"),
        "absent": fields.Integer(
            required=True,
            description="Members with approved or pending leave that day, this request's "
            "owner included",
        ),
        "max_absent": fields.Integer(required=True, description="The team's limit (`max_absent`)"),
        "away": fields.List(
            fields.Nested(public_user),
            required=True,
            description="Who of the team is away that day, by name (the owner included)",
        ),
    },
)
year_charge = Model(
    "YearCharge",
    {
        "year": fields.Integer(required=True, description="A year the request touches"),
        "days": fields.Amount(
            required=True,
            nullable=True,
            description="Day types: the request's days in that year; null for hour types",
        ),
        "amount": fields.Amount(
            required=True, description="The request's amount in that year, in its unit"
        ),
        "balance_before": fields.Amount(
            required=True,
            nullable=True,
            description="Available in that year without this request; null for unlimited types",
        ),
        "balance_after": fields.Amount(
            required=True,
            nullable=True,
            description="Available in that year with it (below 0 means refused unless the "
            "type allows negative); null for unlimited types",
        ),
    },
)

rule_note = Model(
    "RuleNote",
    {
        "type": fields.String(
            required=True,
            description="For violations: the problem slug the real request would get "
            "(`validation-error`, `conflict`, `insufficient-balance`); for warnings: "
            "`team-capacity`",
        ),
        "detail": fields.String(required=True, description="What the rule says, for people"),
    },
)
skipped_day = Model(
    "SkippedDay",
    {
        "date": fields.Date(required=True, description="A day in the range that is not counted"),
        "reason": fields.String(
            required=True,
            enum=["weekend", "non-working", "holiday"],
            enum_name="SkipReason",
            description="`weekend`: a Saturday or Sunday the owner does not work; "
            "`non-working`: a Monday to Friday the owner's schedule has no hours on (a "
            "part-timer's day off); `holiday`: a public or company holiday",
        ),
        "name": fields.String(description="The holiday's name (holidays only)"),
    },
)
approval_item = Model(
    "ApprovalItem",
    {
        **leave_request,
        "team_conflicts": fields.List(
            fields.Nested(team_conflict),
            required=True,
            description="Days on which one of the owner's capped teams would have more "
            "members away than its `max_absent` (a warning, as in preview)",
        ),
        "by_year": fields.List(
            fields.Nested(year_charge),
            required=True,
            description="Per year the request touches: its days, and the owner's balance "
            "of the type without it (`balance_before`) and with it (`balance_after`), as of "
            "its last day in that year",
        ),
    },
)
preview = Model(
    "LeaveRequestPreview",
    {
        "days": fields.Amount(
            required=True,
            nullable=True,
            description="Day types: the days the request would charge; null for hour types",
        ),
        "unit": fields.Unit(required=True),
        "amount": fields.Amount(
            required=True, description="What the request would deduct, in `unit`"
        ),
        "breakdown": fields.List(
            fields.Nested(day_amount),
            required=True,
            description="What each date would deduct (dates that deduct something, in order)",
        ),
        "dates": fields.List(fields.Date, required=True, description="Each counted date, in order"),
        "skipped": fields.List(
            fields.Nested(skipped_day),
            required=True,
            description="Days in the range that are not counted, and why",
        ),
        "by_year": fields.List(
            fields.Nested(year_charge),
            required=True,
            description="The charge and balance for each year the request touches",
        ),
        "balance_before": fields.Amount(
            required=True,
            nullable=True,
            description="Available in the year of `start_date` without this request; null "
            "for unlimited types",
        ),
        "balance_after": fields.Amount(
            required=True,
            nullable=True,
            description="Available in the year of `start_date` with it; null for unlimited types",
        ),
        "overlaps": fields.List(
            fields.Integer,
            required=True,
            description="Ids of the owner's pending or approved requests it overlaps (409 on POST)",
        ),
        "team_conflicts": fields.List(
            fields.Nested(team_conflict),
            required=True,
            description="Days on which a team of the owner would be over its `max_absent`",
        ),
        "violations": fields.List(
            fields.Nested(rule_note),
            required=True,
            description="Each rule the real POST would refuse; empty: it would succeed",
        ),
        "warnings": fields.List(
            fields.Nested(rule_note),
            required=True,
            description="Things to know that do not block it (team capacity)",
        ),
    },
)


def view_json(view):
    """A request as one caller sees it (a service's RequestView)."""
    return request_json(view.request, view.actions)


def request_json(r, actions):
    """The request and what the caller may do to it (`actions`)."""
    return {
        "id": r.id,
        "user_id": r.user_id,
        "user": {"id": r.user.id, "full_name": r.user.full_name},
        "leave_type_id": r.leave_type_id,
        "start_date": r.start_date.isoformat(),
        "end_date": r.end_date.isoformat(),
        "start_half": r.start_half,
        "end_half": r.end_half,
        **amount_json(r.days, r.unit),
        "parts": [part_json(p) for p in r.parts or ()],
        "breakdown": [
            day_amount_json(d["date"], d["scheduled_hours"], d["amount"]) for d in r.breakdown
        ],
        "reason": r.reason,
        "status": r.status,
        "reviewer_id": r.reviewer_id,
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
        "review_comment": r.review_comment,
        "created_at": r.created_at.isoformat(),
        "updated_at": r.updated_at.isoformat(),
        "can_cancel": actions.can_cancel,
        "can_edit": actions.can_edit,
        "can_decide": actions.can_decide,
    }


def part_json(p):
    return {"date": p["date"], "hours": float(p["hours"]), **_start_time(p)}


def _start_time(p):
    return {"start_time": p["start_time"]} if p.get("start_time") else {}


def day_amount_json(day, scheduled_hours, amount):
    """One date of a breakdown (`day` as ISO text)."""
    return {"date": day, "scheduled_hours": float(scheduled_hours), "amount": float(amount)}


def team_conflict_json(c):
    return {
        "team_id": c.team_id,
        "team_name": c.team_name,
        "date": c.date.isoformat(),
        "absent": c.absent,
        "max_absent": c.max_absent,
        "away": [{"id": i, "full_name": name} for i, name in c.away],
    }


def year_charge_json(c, unit):
    return {
        "year": c.year,
        "days": days_json(c.days) if unit == DAYS else None,
        "amount": days_json(c.days),
        "balance_before": days_json(c.balance_before),
        "balance_after": days_json(c.balance_after),
    }


def approval_json(r, notes):
    return {
        **request_json(r, notes.actions),
        "team_conflicts": [team_conflict_json(c) for c in notes.team_conflicts],
        "by_year": [year_charge_json(c, r.unit) for c in notes.by_year],
    }


def preview_json(ev):
    first, deduction = ev.by_year[0], ev.deduction
    unit = deduction.unit
    return {
        **amount_json(deduction.amount, unit),
        "breakdown": [
            day_amount_json(d.date.isoformat(), d.scheduled_hours, d.amount)
            for d in deduction.breakdown
        ],
        "dates": [d.isoformat() for d in deduction.dates],
        "skipped": [
            {"date": s.date.isoformat(), "reason": s.reason, **({"name": s.name} if s.name else {})}
            for s in deduction.skipped
        ],
        "by_year": [year_charge_json(c, unit) for c in ev.by_year],
        "balance_before": days_json(first.balance_before),
        "balance_after": days_json(first.balance_after),
        "overlaps": ev.overlaps,
        "team_conflicts": [team_conflict_json(c) for c in ev.team_conflicts],
        "violations": [{"type": slug, "detail": detail} for slug, detail in ev.refusals],
        "warnings": [{"type": kind, "detail": detail} for kind, detail in ev.warnings],
    }

"""Shapes for /requests and /approvals."""

from flask_restx import Model

from server.dto import fields
from server.dto.common import public_user
from server.dto.leave_types import days_json
from server.models.leave_request import STATUSES

_period_doc = {
    "start_half": "The first day starts at noon (afternoon only)",
    "end_half": "The last day ends at noon (morning only)",
}

leave_request = Model(
    "LeaveRequest",
    {
        "id": fields.Integer(required=True, readonly=True),
        "user_id": fields.Integer(required=True),
        "user": fields.Nested(public_user, required=True),
        "leave_type_id": fields.Integer(required=True),
        "start_date": fields.Date(required=True),
        "end_date": fields.Date(required=True),
        "start_half": fields.Boolean(required=True, description=_period_doc["start_half"]),
        "end_half": fields.Boolean(required=True, description=_period_doc["end_half"]),
        "days": fields.Days(required=True, description="Working days charged"),
        "reason": fields.String(required=True, nullable=True),
        "status": fields.String(required=True, enum=list(STATUSES)),
        "reviewer_id": fields.Integer(required=True, nullable=True),
        "reviewed_at": fields.DateTime(required=True, nullable=True),
        "review_comment": fields.String(required=True, nullable=True),
        "created_at": fields.DateTime(required=True, readonly=True),
        "updated_at": fields.DateTime(required=True, readonly=True),
    },
)


def _input(required):
    return {
        "leave_type_id": fields.Id(required=required),
        "start_date": fields.Date(required=required, example="2026-12-21"),
        "end_date": fields.Date(required=required, example="2026-12-24"),
        "start_half": fields.Boolean(description=_period_doc["start_half"], default=False),
        "end_half": fields.Boolean(description=_period_doc["end_half"], default=False),
        "reason": fields.String(nullable=True, max_length=2000),
        "user_id": fields.Id(
            description="Whose leave: admins for anyone, managers for a direct report; "
            "default: yourself",
        ),
    }


request_create = Model("LeaveRequestCreate", _input(required=True))
request_update = Model("LeaveRequestUpdate", _input(required=False))
approve = Model("Approval", {"comment": fields.String(nullable=True, max_length=2000)})
reject = Model("Rejection", {"comment": fields.Name(required=True, max_length=2000)})

team_conflict = Model(
    "TeamConflict",
    {
        "team_id": fields.Integer(required=True),
        "team_name": fields.String(required=True),
        "date": fields.Date(required=True),
        "absent": fields.Integer(
            required=True, description="Members with approved or pending leave that day"
        ),
        "max_absent": fields.Integer(required=True),
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
        "detail": fields.String(required=True),
    },
)
skipped_day = Model(
    "SkippedDay",
    {
        "date": fields.Date(required=True),
        "reason": fields.String(required=True, enum=["weekend", "holiday"]),
        "name": fields.String(description="The holiday's name"),
    },
)
year_charge = Model(
    "YearCharge",
    {
        "year": fields.Integer(required=True),
        "days": fields.Days(required=True),
        "balance_before": fields.Days(
            required=True, nullable=True, description="null for unlimited types"
        ),
        "balance_after": fields.Days(required=True, nullable=True),
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
        "days": fields.Days(required=True),
        "dates": fields.List(fields.Date, required=True, description="Each counted date"),
        "skipped": fields.List(fields.Nested(skipped_day), required=True),
        "by_year": fields.List(fields.Nested(year_charge), required=True),
        "balance_before": fields.Days(
            required=True, nullable=True, description="For the year of start_date"
        ),
        "balance_after": fields.Days(required=True, nullable=True),
        "overlaps": fields.List(fields.Integer, required=True, description="Request ids"),
        "team_conflicts": fields.List(fields.Nested(team_conflict), required=True),
        "violations": fields.List(
            fields.Nested(rule_note),
            required=True,
            description="Each rule the real POST would refuse; empty = it would succeed",
        ),
        "warnings": fields.List(fields.Nested(rule_note), required=True),
    },
)


def request_json(r):
    return {
        "id": r.id,
        "user_id": r.user_id,
        "user": {"id": r.user.id, "full_name": r.user.full_name},
        "leave_type_id": r.leave_type_id,
        "start_date": r.start_date.isoformat(),
        "end_date": r.end_date.isoformat(),
        "start_half": r.start_half,
        "end_half": r.end_half,
        "days": days_json(r.days),
        "reason": r.reason,
        "status": r.status,
        "reviewer_id": r.reviewer_id,
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
        "review_comment": r.review_comment,
        "created_at": r.created_at.isoformat(),
        "updated_at": r.updated_at.isoformat(),
    }


def team_conflict_json(c):
    return {
        "team_id": c.team_id,
        "team_name": c.team_name,
        "date": c.date.isoformat(),
        "absent": c.absent,
        "max_absent": c.max_absent,
    }


def year_charge_json(c):
    return {
        "year": c.year,
        "days": days_json(c.days),
        "balance_before": days_json(c.balance_before),
        "balance_after": days_json(c.balance_after),
    }


def approval_json(r, notes):
    return {
        **request_json(r),
        "team_conflicts": [team_conflict_json(c) for c in notes.team_conflicts],
        "by_year": [year_charge_json(c) for c in notes.by_year],
    }


def preview_json(ev):
    first = ev.by_year[0]
    return {
        "days": days_json(ev.count.days),
        "dates": [d.isoformat() for d in ev.count.dates],
        "skipped": [
            {"date": s.date.isoformat(), "reason": s.reason, **({"name": s.name} if s.name else {})}
            for s in ev.count.skipped
        ],
        "by_year": [year_charge_json(c) for c in ev.by_year],
        "balance_before": days_json(first.balance_before),
        "balance_after": days_json(first.balance_after),
        "overlaps": ev.overlaps,
        "team_conflicts": [team_conflict_json(c) for c in ev.team_conflicts],
        "violations": [{"type": slug, "detail": detail} for slug, detail in ev.refusals],
        "warnings": [{"type": kind, "detail": detail} for kind, detail in ev.warnings],
    }

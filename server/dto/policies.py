"""Shapes for /policies, /users/{id}/policy-assignments and /users/{id}/ledger."""

from server.domain import accrual_plan
from server.domain.leave_year import BASES
from server.domain.numbers import ROUNDING_MODES
from server.domain.policy import FIRST_PERIODS, METHODS, TIMINGS, TRANSITIONS
from server.domain.vocabulary import LEDGER_KINDS
from server.dto import fields
from server.dto.common import page_of
from server.dto.leave_types import days_json
from server.dto.model import Model

_number = "a number (days or hours, the leave type's unit)"

leave_year = Model(
    "PolicyLeaveYear",
    {
        "basis": fields.String(
            enum=list(BASES),
            description="`fixed_date`: every leave year starts on `start`. "
            "(`hire_anniversary` is not supported yet)",
            example="fixed_date",
        ),
        "start": fields.String(
            pattern=r"^\d\d-\d\d$",
            description="MM-DD. Only `01-01` (the calendar year) is supported yet",
            example="01-01",
        ),
    },
)
level = Model(
    "PolicyLevel",
    {
        "after": fields.String(
            required=True,
            description="Service after which this yearly amount applies, an ISO 8601 "
            "duration from the hire date (`P5Y`, `P18M`)",
            example="P5Y",
        ),
        "amount": fields.Float(required=True, min=0, description="The yearly amount", example=26),
    },
)
entitlement = Model(
    "PolicyEntitlement",
    {
        "amount": fields.Float(
            required=True, min=0, description=f"The yearly amount, {_number}", example=25
        ),
        "levels": fields.List(
            fields.Nested(level),
            max_items=20,
            description="Tenure levels: more a year after some service",
        ),
        "level_transition": fields.String(
            enum=list(TRANSITIONS),
            description="`next_leave_year` (default): a level counts from the first leave "
            "year starting after it is reached; `immediate`: from the day, pro-rated by "
            "calendar days",
        ),
        "tenure_from": fields.String(
            enum=["hire_date"], description="Service is counted from the hire date"
        ),
        "basis_days_per_week": fields.Float(
            nullable=True,
            min=0,
            max=7,
            description="The working week `amount` is stated for: each person's amount is "
            "scaled by their schedule (`amount x working days per week / this`, each schedule "
            "for its calendar days in the year; UK 28 on 5 days = 16.8 on 3). null (default): "
            "the same amount for everyone",
        ),
        "max_amount": fields.Float(
            nullable=True,
            min=0,
            description="The most a year's scaled amount may be (UK: 28 also on a 6-day week)",
        ),
    },
)
rate = Model(
    "PolicyRate",
    {
        "percent": fields.Float(nullable=True, description="Hours earned per 100 worked"),
        "amount": fields.Float(nullable=True, description="Hours earned per `per_hours`"),
        "per_hours": fields.Float(nullable=True, description="... hours worked"),
    },
)
accrual = Model(
    "PolicyAccrual",
    {
        "method": fields.String(
            enum=list(METHODS),
            description="`front_loaded` (default): the year's amount on its first day (from "
            "the hire date pro-rated by calendar days); `periodic`: a share per period; "
            "`per_hour_worked`: a `rate` of the hours reported with `POST "
            "/users/{id}/hours-worked`; `none`: nothing is credited (adjustments only)",
            example="front_loaded",
        ),
        "frequency": fields.String(
            enum=list(accrual_plan.FREQUENCIES),
            nullable=True,
            description="`periodic` only: the period",
        ),
        "timing": fields.String(
            enum=list(TIMINGS), description="`periodic`: credited at the period's start or end"
        ),
        "first_period": fields.String(
            enum=list(FIRST_PERIODS),
            description="`full_months_only` (default): the first period counts only when "
            "worked in full; `prorate_days`: by the days worked in it",
        ),
        "cap_per_year": fields.Float(
            nullable=True, min=0, description="At most this much credited in a leave year"
        ),
        "cap_balance": fields.Float(
            nullable=True, description="Not supported yet: leave it out or null"
        ),
        "rate": fields.Nested(
            rate,
            allow_null=True,
            description="`per_hour_worked` only: `{percent}` of the hours (UK irregular "
            "hours: 12.07) or `{amount, per_hours}` (1 per 30)",
        ),
    },
)
rounding = Model(
    "PolicyRounding",
    {
        "step": fields.Float(
            description="The year's credited total is rounded once to a multiple of this "
            "(default 0.5)",
            example=0.5,
        ),
        "mode": fields.String(
            enum=list(ROUNDING_MODES), description="`half_up` (default), `down` or `up`"
        ),
    },
)
waiting = Model(
    "PolicyWaiting",
    {
        "usage_days": fields.Integer(
            min=0,
            max=3660,
            description="A request may start no earlier than this many days after the hire "
            "date (the hire date is day 0); earlier: 422 `usage-waiting-period`",
        ),
        "accrual_days": fields.Integer(
            min=0,
            max=3660,
            description="Nothing is credited before this many days after the hire date "
            "(and the skipped time is not credited later)",
        ),
    },
)
carryover = Model(
    "PolicyCarryover",
    {
        "max": fields.Float(
            nullable=True,
            min=0,
            description="The most carried into the next leave year (0: none; null: all)",
        ),
        "expires": fields.Raw(nullable=True, description="Not supported yet"),
        "expiry_notice": fields.Raw(nullable=True, description="Not supported yet"),
    },
)
negative = Model(
    "PolicyNegative",
    {
        "allowed": fields.Boolean(description="Whether requests may take the balance below zero"),
        "max": fields.Float(nullable=True, description="Not supported yet"),
    },
)
_body_fields = {
    "leave_year": fields.Nested(leave_year, description="When leave years start"),
    "entitlement": fields.Nested(
        entitlement, required=True, description="The yearly amount, by tenure"
    ),
    "accrual": fields.Nested(accrual, description="How the amount is credited in a year"),
    "rounding": fields.Nested(rounding, description="How a year's credited total is rounded"),
    "waiting": fields.Nested(waiting, description="Waiting periods after the hire date"),
    "carryover": fields.Nested(carryover, description="What moves into the next leave year"),
    "negative": fields.Nested(negative, description="Whether the balance may go below zero"),
    "jurisdiction": fields.String(
        nullable=True,
        description="Where the policy applies, e.g. `US-CA` (there, carry-over caps and "
        "expiry are refused: earned leave never lapses)",
    ),
    "statutory_minimum": fields.Raw(nullable=True, description="Not supported yet"),
    "termination": fields.Raw(nullable=True, description="Not supported yet"),
}
version_create = Model(
    "PolicyVersionCreate",
    {
        "effective_from": fields.Date(
            required=True,
            description="The first day it applies (until the policy's next version); on or "
            "after the start of the current leave year",
            example="2027-07-01",
        ),
        **_body_fields,
    },
)
version = Model(
    "PolicyVersion",
    {
        "id": fields.Integer(required=True, readonly=True, description="The version's id"),
        "effective_from": fields.Date(required=True, description="The first day it applies"),
        "body": fields.Raw(
            required=True,
            description="The version as stored: every part of `PolicyVersionCreate` but "
            "`effective_from`, with the defaults filled in",
        ),
        "created_at": fields.DateTime(required=True, readonly=True, description="When (UTC)"),
        "created_by": fields.Integer(
            required=True, nullable=True, description="Who added it (null: the system)"
        ),
    },
)
policy = Model(
    "Policy",
    {
        "id": fields.Integer(required=True, readonly=True, description="The policy's id"),
        "leave_type_id": fields.Integer(required=True, description="The leave type it shapes"),
        "name": fields.String(required=True, description="Its name, e.g. `UK staff`"),
        "is_active": fields.Boolean(
            required=True, description="false once deactivated: no new versions or assignments"
        ),
        "is_default": fields.Boolean(
            required=True,
            description="The leave type's default policy: everyone without an assignment of "
            "the type follows it; its versions follow PATCHes of the type's "
            "`yearly_allowance`, `accrual`, `carryover_max` and `allow_negative`",
        ),
        "versions": fields.List(
            fields.Nested(version), required=True, description="Its versions, oldest first"
        ),
    },
)
policy_page = page_of(policy)
policy_create = Model(
    "PolicyCreate",
    {
        "leave_type_id": fields.Id(required=True, description="A leave type with an allowance"),
        "name": fields.Name(
            max_length=100,
            required=True,
            description="Its name, shown to admins",
            example="Senior staff",
        ),
        "version": fields.Nested(version_create, required=True, description="Its first version"),
    },
)
dry_run_item = Model(
    "PolicyDryRunItem",
    {
        "user_id": fields.Integer(required=True, description="Who follows the policy"),
        "leave_year": fields.Integer(
            required=True, description="The leave year of the version's `effective_from`"
        ),
        "before": fields.Amount(
            required=True, description="`available` at that year's end without the version"
        ),
        "after": fields.Amount(required=True, description="... and with it"),
        "delta": fields.Amount(required=True, description="after - before"),
    },
)
dry_run = Model(
    "PolicyDryRun",
    {"items": fields.List(fields.Nested(dry_run_item), required=True, description="Per person")},
)

assignment = Model(
    "PolicyAssignment",
    {
        "id": fields.Integer(required=True, readonly=True, description="The assignment's id"),
        "user_id": fields.Integer(required=True, description="Who"),
        "leave_type_id": fields.Integer(required=True, description="For which leave type"),
        "policy_id": fields.Integer(required=True, description="The policy followed"),
        "effective_from": fields.Date(required=True, description="From this day"),
        "effective_to": fields.Date(
            required=True, nullable=True, description="Through this day (null: open)"
        ),
    },
)
assignment_list = Model(
    "PolicyAssignmentList",
    {
        "items": fields.List(
            fields.Nested(assignment),
            required=True,
            description="The user's assignments by leave type and date; a leave type without "
            "one follows its default policy",
        )
    },
)
assignment_put = Model(
    "PolicyAssignmentPut",
    {
        "policy_id": fields.Id(required=True, description="A policy of this leave type"),
        "effective_from": fields.Date(
            required=True,
            description="From this day (on or after the start of the current leave year)",
            example="2027-01-01",
        ),
    },
)

entry = Model(
    "LedgerEntry",
    {
        "id": fields.Integer(required=True, description="The entry's id"),
        "user_id": fields.Integer(required=True, description="Whose balance"),
        "leave_type_id": fields.Integer(required=True, description="Which leave type"),
        "unit": fields.Unit(required=True),
        "kind": fields.String(
            required=True,
            enum=list(LEDGER_KINDS),
            description="`accrual` (credited by the policy), `policy_correction` (a new "
            "version changed what was credited), `adjustment` (by an admin), `usage` (an "
            "approved request, negative) and `usage_reversal` (taken back), "
            "`carryover_out`/`carryover_in` (year end); the other kinds are reserved",
        ),
        "amount": fields.Amount(required=True, description="Signed, in `unit`"),
        "effective_date": fields.Date(required=True, description="The day it counts from"),
        "leave_year": fields.Integer(required=True, description="The leave year it belongs to"),
        "cause": fields.Raw(
            required=True,
            description="What wrote it: `{type, id, period}` — `leave_request`, "
            "`adjustment`, `policy_version` (with the credited period) or `year_end`",
        ),
        "reason": fields.String(required=True, nullable=True, description="An adjustment's reason"),
        "reverses_id": fields.Integer(
            required=True,
            nullable=True,
            description="The entry this one takes back (a correction is never an edit)",
        ),
        "created_by": fields.Integer(
            required=True, nullable=True, description="Who caused it (null: the system)"
        ),
        "created_at": fields.DateTime(required=True, description="When it was written (UTC)"),
    },
)
entry_page = page_of(entry, cursor=True)


def _iso(value):
    return None if value is None else value.isoformat()


def version_json(row):
    return {
        "id": row.id,
        "effective_from": _iso(row.effective_from),
        "body": row.body,
        "created_at": _iso(row.created_at),
        "created_by": row.created_by,
    }


def policy_json(row):
    return {
        "id": row.id,
        "leave_type_id": row.leave_type_id,
        "name": row.name,
        "is_active": row.is_active,
        "is_default": row.is_default,
        "versions": [version_json(v) for v in row.versions],
    }


def dry_run_json(outcome):
    return {
        "items": [
            {
                "user_id": user_id,
                "leave_year": year,
                "before": days_json(before),
                "after": days_json(after),
                "delta": days_json(after - before),
            }
            for user_id, (year, before, after) in sorted(outcome.items())
        ]
    }


def assignment_json(row):
    return {
        "id": row.id,
        "user_id": row.user_id,
        "leave_type_id": row.leave_type_id,
        "policy_id": row.policy_id,
        "effective_from": _iso(row.effective_from),
        "effective_to": _iso(row.effective_to),
    }


def entry_json(row):
    return {
        "id": row.id,
        "user_id": row.user_id,
        "leave_type_id": row.leave_type_id,
        "unit": row.unit,
        "kind": row.kind,
        "amount": days_json(row.amount),
        "effective_date": _iso(row.effective_date),
        "leave_year": row.leave_year,
        "cause": {"type": row.cause_type, "id": row.cause_id, "period": row.cause_period},
        "reason": row.reason,
        "reverses_id": row.reverses_id,
        "created_by": row.created_by,
        "created_at": _iso(row.created_at),
    }


hours_worked_create = Model(
    "HoursWorkedCreate",
    {
        "period_start": fields.Date(
            required=True, description="The first day the hours were worked", example="2027-05-01"
        ),
        "period_end": fields.Date(
            required=True,
            description="The last day (at most 366 days after the first; not after today)",
            example="2027-05-31",
        ),
        "hours": fields.Float(
            required=True,
            min=0,
            max=10000,
            multiple=0.01,
            description="Hours worked in the period",
            example=100,
        ),
    },
)
hours_credit = Model(
    "HoursWorkedCredit",
    {
        "leave_type_id": fields.Integer(required=True, description="The leave type credited"),
        "unit": fields.Unit(required=True),
        "amount": fields.Amount(
            required=True, description="What the period credits, to 0.01 (after the year's cap)"
        ),
    },
)
hours_worked = Model(
    "HoursWorked",
    {
        "user_id": fields.Integer(required=True, description="Who worked them"),
        "period_start": fields.Date(required=True, description="The period's first day"),
        "period_end": fields.Date(required=True, description="Its last day"),
        "hours": fields.Float(required=True, description="Hours worked"),
        "credits": fields.List(
            fields.Nested(hours_credit),
            required=True,
            description="One per leave type whose policy accrues per hour worked",
        ),
    },
)


def hours_worked_json(reported):
    return {
        "user_id": reported.user_id,
        "period_start": _iso(reported.period_start),
        "period_end": _iso(reported.period_end),
        "hours": days_json(reported.hours),
        "credits": [
            {"leave_type_id": t.id, "unit": t.unit, "amount": days_json(amount)}
            for t, amount in reported.credits
        ],
    }

"""Leave requests: evaluating, creating, editing, deciding and cancelling them.

Every rule of the contract is checked in `evaluate`, which the preview shows in full and
the real operations enforce. Changes to one user's leave are serialized by a row lock on
that user, taken before anything is read, so parallel requests can never overdraw.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from server import clock
from server.domain import ledger
from server.domain import request_rules as rules
from server.domain.periods import LeavePeriod
from server.domain.vocabulary import (
    ACTIVE_STATUSES,
    APPROVED,
    CANCELLED,
    MANAGER,
    PENDING,
    REJECTED,
)
from server.domain.workdays import count_working_days
from server.errors import (
    Conflict,
    Forbidden,
    InsufficientBalance,
    NotFound,
    ValidationFailed,
)
from server.extensions import db
from server.models import LeaveDay, LeaveRequest, LeaveType, User, team_members
from server.services import access, audit_service, capacity_service
from server.services.balance_service import load_ledger, load_ledgers, user_today
from server.services.holiday_service import holidays_between
from server.services.pagination import paginate
from server.services.unit_of_work import UnitOfWork

ZERO = Decimal(0)
AUDITED = (
    "user_id",
    "leave_type_id",
    "start_date",
    "end_date",
    "start_half",
    "end_half",
    "days",
    "reason",
    "status",
)
SORT = {
    "start_date": LeaveRequest.start_date,
    "created_at": LeaveRequest.created_at,
    "status": LeaveRequest.status,
}


# How each kind of rule violation reaches the client: the exception (status) and the
# problem slug the preview names. The one place kinds become HTTP problems.
PROBLEMS = {
    rules.OVERLAP: (Conflict, "conflict"),
    rules.INVALID: (ValidationFailed, "validation-error"),
    rules.SHORTFALL: (InsufficientBalance, "insufficient-balance"),
}


def problem_slug(violation):
    return PROBLEMS[violation.kind][1]


def refuse(violations):
    """Raise the problem of the violation a refused request is reported with, if any."""
    first = rules.refusal(violations)
    if first is not None:
        exception = PROBLEMS[first.kind][0]
        errors = {first.field: first.detail} if first.field else None
        raise exception(first.detail, errors=errors)


@dataclass
class Evaluation:
    owner: User
    leave_type: LeaveType
    period: LeavePeriod
    count: object
    by_year: list = field(default_factory=list)
    overlaps: list = field(default_factory=list)
    team_conflicts: list = field(default_factory=list)
    violations: list = field(default_factory=list)

    @property
    def warnings(self):
        return [
            (
                "team-capacity",
                f"{c.team_name} would have {c.absent} of its members away on {c.date} "
                f"(max {c.max_absent})",
            )
            for c in self.team_conflicts
        ]

    @property
    def refusals(self):
        """(problem slug, detail) of each rule the real request would be refused by."""
        return [(problem_slug(v), v.detail) for v in self.violations]

    def raise_first(self):
        refuse(self.violations)


# --- reading --------------------------------------------------------------------------------


def list_requests(actor, query):
    stmt = sa.select(LeaveRequest).where(access.visible_users_clause(actor, LeaveRequest.user_id))
    f = query.filters
    for name in ("user_id", "status", "leave_type_id"):
        if name in f:
            stmt = stmt.where(getattr(LeaveRequest, name) == f[name])
    if "team_id" in f:
        members = sa.select(team_members.c.user_id).where(team_members.c.team_id == f["team_id"])
        stmt = stmt.where(LeaveRequest.user_id.in_(members))
    if "from" in f:
        stmt = stmt.where(LeaveRequest.end_date >= f["from"])
    if "to" in f:
        stmt = stmt.where(LeaveRequest.start_date <= f["to"])
    return paginate(stmt, query, SORT, LeaveRequest.id)


def get_request(actor, request_id):
    request = db.session.get(LeaveRequest, request_id)
    if request is None or not access.can_see(actor, request.user):
        raise NotFound(f"There is no leave request {request_id}.")
    return request


@dataclass(frozen=True)
class InboxNotes:
    """What the approval inbox adds to a pending request: its team capacity conflicts and
    what it does to each year's balance (before = without it, after = with it)."""

    team_conflicts: list
    by_year: list


def approvals_inbox(actor, query):
    """Pending requests `actor` may decide, oldest first, and {request id: InboxNotes}.
    A constant number of queries whatever the page size."""
    stmt = (
        sa.select(LeaveRequest)
        .where(LeaveRequest.status == PENDING)
        .where(access.decidable_users_clause(actor, LeaveRequest.user_id))
        .options(selectinload(LeaveRequest.day_rows))
    )
    page = paginate(stmt.order_by(LeaveRequest.created_at), query, SORT, LeaveRequest.id)
    conflicts = capacity_service.team_conflicts(
        [(r.user_id, [d.date for d in r.day_rows]) for r in page.items]
    )
    owners = {r.user_id: r.user for r in page.items}
    ledgers = load_ledgers(owners.values(), list(owners))
    notes = {}
    for leave_request, team_conflicts in zip(page.items, conflicts, strict=True):
        per_year = _days_by_year(leave_request)
        with_it = ledgers[leave_request.user_id]
        without = with_it.without_pending(leave_request.leave_type_id, per_year)
        charges, _ = ledger.balance_effect(
            without,
            leave_request.leave_type,
            leave_request.start_date,
            leave_request.end_date,
            per_year,
        )
        notes[leave_request.id] = InboxNotes(team_conflicts, charges)
    return page, notes


def _days_by_year(leave_request):
    per_year = defaultdict(lambda: ZERO)
    for day in leave_request.day_rows:
        per_year[day.date.year] += day.amount
    return dict(per_year)


# --- evaluating -----------------------------------------------------------------------------


def preview(actor, data):
    owner = _owner_for(actor, data.get("user_id"))
    leave_type = _leave_type(data["leave_type_id"])
    return evaluate(actor, owner, leave_type, _period(data))


def evaluate(actor, owner, leave_type, period, exclude_request_id=None):
    """Everything the contract says about this request, without saving anything."""
    holidays = holidays_between(owner.country, owner.subdivision, period.start, period.end)
    count = count_working_days(period, owner.work_days, holidays)
    result = Evaluation(owner, leave_type, period, count)
    result.overlaps = _overlapping(owner.id, period, exclude_request_id)
    result.by_year, later = balance_effect(
        owner, leave_type, period, count.by_year(), exclude_request_id
    )
    result.violations = rules.check(
        rules.Request(
            period=period,
            days=count.days,
            today=user_today(owner),
            timezone=owner.timezone,
            owner_name=owner.full_name,
            owner_active=owner.is_active,
            leave_type=leave_type,
            by_admin=actor.is_admin,
            overlaps=result.overlaps,
            charges=result.by_year,
            later=later,
        )
    )
    result.team_conflicts = capacity_service.team_conflicts([(owner.id, count.dates)])[0]
    return result


def balance_effect(owner, leave_type, period, per_year, exclude_request_id=None):
    """The request's YearCharges and the later years it would push below zero; before =
    without this request (`exclude_request_id`), after = with it."""
    without = load_ledger(owner, period.end, exclude_request_id)
    return ledger.balance_effect(without, leave_type, period.start, period.end, per_year)


def _overlapping(user_id, period, exclude_request_id):
    stmt = sa.select(LeaveRequest).where(
        LeaveRequest.user_id == user_id,
        LeaveRequest.status.in_(ACTIVE_STATUSES),
        LeaveRequest.start_date <= period.end,
        LeaveRequest.end_date >= period.start,
    )
    if exclude_request_id is not None:
        stmt = stmt.where(LeaveRequest.id != exclude_request_id)
    return sorted(
        r.id for r in db.session.execute(stmt).scalars() if period.overlaps(_period_of(r))
    )


# --- changing -------------------------------------------------------------------------------


def create_request(actor, data):
    with UnitOfWork(actor) as uow:
        owner = _owner_for(actor, data.get("user_id"))
        leave_type = _leave_type(data["leave_type_id"])
        period = _period(data)
        owner = uow.lock_user(owner.id)
        evaluation = evaluate(actor, owner, leave_type, period)
        evaluation.raise_first()
        request = LeaveRequest(
            user_id=owner.id,
            leave_type_id=leave_type.id,
            reason=data.get("reason"),
            status=PENDING if leave_type.requires_approval else APPROVED,
        )
        _apply_period(request, evaluation)
        db.session.add(request)
        uow.flush()
        uow.record("created", "leave_request", request.id, audit_service.created(request, AUDITED))
        uow.publish(
            "request.submitted" if request.status == PENDING else "request.auto_approved", request
        )
        if owner.id != actor.id:
            uow.publish("request.filed_for_you", request)
        uow.commit()
    return request


def check_editable(actor, request_id):
    """The request if `actor` may edit it now (404, 403, 409 otherwise, in that order)."""
    request = get_request(actor, request_id)
    if request.user_id != actor.id:
        raise Forbidden("Only the person who asked for the leave can edit the request.")
    _ensure_pending(request, "edited")
    return request


def check_decidable(actor, request_id):
    """The request if `actor` may approve or reject it now (404, 403, 409 otherwise)."""
    request = get_request(actor, request_id)
    if request.user_id == actor.id:
        raise Forbidden("Nobody can approve or reject their own request.")
    if not access.DECIDE.allows(actor, request.user):
        raise Forbidden("Only the requester's manager or an admin can decide this request.")
    _ensure_pending(request, "decided")
    return request


def _ensure_pending(request, what):
    if request.status != PENDING:
        raise Conflict(f"Only pending requests can be {what}; this one is {request.status}.")


def update_request(actor, request_id, data):
    with UnitOfWork(actor) as uow:
        request = check_editable(actor, request_id)
        if data.get("user_id") not in (None, request.user_id):
            raise ValidationFailed(
                "A request cannot move to another user.", errors={"user_id": "cannot be changed"}
            )
        owner = uow.lock_user(request.user_id)
        request = _reload(request.id)
        _ensure_pending(request, "edited")  # again, now that we hold the lock
        merged = {
            "leave_type_id": request.leave_type_id,
            "start_date": request.start_date,
            "end_date": request.end_date,
            "start_half": request.start_half,
            "end_half": request.end_half,
            **{k: v for k, v in data.items() if k != "user_id"},
        }
        leave_type = _leave_type(merged["leave_type_id"])
        evaluation = evaluate(
            actor, owner, leave_type, _period(merged), exclude_request_id=request.id
        )
        evaluation.raise_first()
        before = {name: getattr(request, name) for name in AUDITED}
        request.leave_type_id = leave_type.id
        request.leave_type = leave_type
        if "reason" in data:
            request.reason = data["reason"]
        if not leave_type.requires_approval:
            request.status = APPROVED
        _apply_period(request, evaluation)
        uow.flush()
        changes = {
            name: (old, getattr(request, name))
            for name, old in before.items()
            if getattr(request, name) != old
        }
        if changes.keys() & {"start_date", "end_date", "start_half", "end_half"}:
            request.date_revision += 1  # calendars subscribed to the feed update the event
        if changes:
            uow.record("updated", "leave_request", request.id, changes)
        if request.status == APPROVED:
            uow.publish("request.auto_approved", request)
        if changes and owner.id != actor.id:
            uow.publish("request.filed_for_you", request)
        uow.commit()
    return request


def approve_request(actor, request_id, comment=None):
    with UnitOfWork(actor) as uow:
        request = _decidable(uow, request_id)
        _check_still_allowed(request)
        _decide(uow, request, APPROVED, comment)
        uow.commit()
    return request


def reject_request(actor, request_id, comment):
    with UnitOfWork(actor) as uow:
        request = _decidable(uow, request_id)
        _decide(uow, request, REJECTED, comment)
        uow.commit()
    return request


def cancel_request(actor, request_id):
    with UnitOfWork(actor) as uow:
        request = get_request(actor, request_id)
        is_owner = request.user_id == actor.id
        if not (is_owner or actor.is_admin):
            raise Forbidden("Only the requester or an admin can cancel a request.")
        owner = uow.lock_user(request.user_id)
        request = _reload(request.id)
        if request.status not in ACTIVE_STATUSES:
            raise Conflict(f"The request is already {request.status}.")
        started = request.start_date <= user_today(owner)
        if request.status == APPROVED and started and not actor.is_admin:
            raise Conflict("The leave has already started; ask an admin to cancel it.")
        old_status = request.status
        request.status = CANCELLED
        uow.record("cancelled", "leave_request", request.id, {"status": (old_status, CANCELLED)})
        uow.publish("request.cancelled", request)
        uow.commit()
    return request


def _decidable(uow, request_id):
    """The request, locked, if the unit's actor may approve or reject it and it is still
    pending."""
    request = check_decidable(uow.actor, request_id)
    uow.lock_user(request.user_id)
    request = _reload(request.id)
    _ensure_pending(request, "decided")  # again, now that we hold the lock
    return request


def _check_still_allowed(request):
    """Approving re-checks the owner, the type and the balance (see `rules.check_approval`)."""
    per_year = _days_by_year(request)
    charges, later = balance_effect(
        request.user, request.leave_type, _period_of(request), per_year, request.id
    )
    refuse(
        rules.check_approval(
            request.user.full_name, request.user.is_active, request.leave_type, charges, later
        )
    )


def _decide(uow, request, status, comment):
    request.status = status
    request.reviewer_id = uow.actor.id
    request.reviewed_at = clock.utcnow()
    request.review_comment = comment
    changes = {
        "status": (PENDING, status),
        "reviewer_id": (None, uow.actor.id),
        "reviewed_at": (None, request.reviewed_at),
    }
    if comment is not None:
        changes["review_comment"] = (None, comment)
    uow.record(status, "leave_request", request.id, changes)
    uow.publish(f"request.{status}", request)


# --- helpers --------------------------------------------------------------------------------


def _owner_for(actor, user_id):
    """Whose leave this is: the caller, or (admins; managers for direct reports) `user_id`."""
    if user_id is None or user_id == actor.id:
        return actor
    if actor.is_admin:
        owner = db.session.get(User, user_id)
        if owner is None:
            raise ValidationFailed(
                f"There is no user {user_id}.", errors={"user_id": "no such user"}
            )
        return owner
    if actor.has_role(MANAGER):
        owner = db.session.get(User, user_id)
        if owner is None or not access.manages(actor, owner):
            raise Forbidden("Managers can request leave for themselves and their direct reports.")
        return owner
    raise Forbidden("You can only request leave for yourself.")


def _leave_type(leave_type_id):
    leave_type = db.session.get(LeaveType, leave_type_id)
    if leave_type is None:
        raise ValidationFailed(
            f"There is no leave type {leave_type_id}.",
            errors={"leave_type_id": "no such leave type"},
        )
    return leave_type


def _period(data):
    period = LeavePeriod(
        data["start_date"],
        data["end_date"],
        bool(data.get("start_half")),
        bool(data.get("end_half")),
    )
    problems = rules.period_problems(period)
    if problems:
        name, message = next(iter(problems.items()))
        raise ValidationFailed(f"{name} {message}", errors=problems)
    return period


def _period_of(request):
    return LeavePeriod(request.start_date, request.end_date, request.start_half, request.end_half)


def _apply_period(request, evaluation):
    period = evaluation.period
    request.start_date, request.end_date = period.start, period.end
    request.start_half, request.end_half = period.start_half, period.end_half
    request.days = evaluation.count.days
    if request.day_rows:
        # Delete the old rows first: the new ones may reuse their (request, date) keys.
        request.day_rows.clear()
        db.session.flush()
    request.day_rows = [
        LeaveDay(date=day, amount=amount) for day, amount in evaluation.count.per_date
    ]


def _reload(request_id):
    """Re-read the request after taking the lock: another transaction may have changed it."""
    return db.session.execute(
        sa.select(LeaveRequest)
        .where(LeaveRequest.id == request_id)
        .execution_options(populate_existing=True)
    ).scalar_one()

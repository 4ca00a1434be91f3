"""Leave requests: reading, creating, editing, deciding and cancelling them.

Each change runs in one unit of work that first locks the owner's user row, so changes to
one person's leave are serialized and parallel requests can never overdraw. Each use case
owns the order of its checks — find it (404), may you (403), its state (409), then the
body (422, read through the `read_body` callable the controller passes) — and the rules
themselves are `leave_request_evaluation` and `domain/request_rules.py`.
"""

import functools
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from server import clock
from server.domain import request_actions
from server.domain.numbers import plain_text
from server.domain.vocabulary import APPROVED, CANCELLED, PENDING, REJECTED
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.extensions import db
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import LeaveDay, LeaveRequest, Team, User
from server.services import access, leave_request_evaluation, leave_type_service, ledger_service
from server.services.leave_request_evaluation import (
    check_approval,
    evaluate,
    owner_for,
    parts_from,
    period_from,
)

# A list shows the owner as {id, full_name}, and what the caller may do needs their
# manager and time zone: load no more of them.
_with_owner = joinedload(LeaveRequest.user).load_only(
    User.full_name, User.manager_id, User.timezone
)
AUDITED = (
    "user_id",
    "leave_type_id",
    "start_date",
    "end_date",
    "start_half",
    "end_half",
    "parts",
    "days",
    "reason",
    "status",
)
DATE_FIELDS = ("start_date", "end_date", "start_half", "end_half")
# What places the absence in a calendar: a change bumps the feed's SEQUENCE.
WHEN_FIELDS = (*DATE_FIELDS, "parts")
SORT = {
    "start_date": LeaveRequest.start_date,
    "created_at": LeaveRequest.created_at,
    "status": LeaveRequest.status,
}


class RequestView(NamedTuple):
    """A request as one caller sees it: the request, and what they may do to it now."""

    request: LeaveRequest
    actions: request_actions.Actions


# --- reading --------------------------------------------------------------------------------


def visible_requests(actor, filters):
    """The requests `actor` may see, narrowed by the list filters."""
    stmt = (
        sa.select(LeaveRequest)
        .where(access.visible_users_clause(actor, LeaveRequest.user_id))
        .options(_with_owner)
    )
    for name in ("user_id", "status", "leave_type_id"):
        if name in filters:
            stmt = stmt.where(getattr(LeaveRequest, name) == filters[name])
    if "team_id" in filters:
        stmt = stmt.where(LeaveRequest.user_id.in_(Team.member_ids(filters["team_id"])))
    if "from" in filters:
        stmt = stmt.where(LeaveRequest.end_date >= filters["from"])
    if "to" in filters:
        stmt = stmt.where(LeaveRequest.start_date <= filters["to"])
    return Listing(stmt, SORT, LeaveRequest.id, annotate=lambda page: actions_for(actor, page))


def actions_for(actor, leave_requests):
    """{request id: Actions} for requests whose owners are loaded: no query."""
    may_decide = access.DECIDE.check(actor)
    today = functools.cache(clock.today_in)  # per owner's time zone, once for the page
    return {
        r.id: request_actions.actions(_standing(actor, r, may_decide, today))
        for r in leave_requests
    }


def _view(actor, leave_request):
    return RequestView(leave_request, actions_for(actor, [leave_request])[leave_request.id])


# A request with what seeing it needs of its owner, built once.
_ONE_REQUEST = (
    sa.select(LeaveRequest)
    .where(LeaveRequest.id == sa.bindparam("request_id"))
    .options(_with_owner)
)


def get_request(actor, request_id):
    leave_request = db.session.execute(
        _ONE_REQUEST, {"request_id": request_id}
    ).scalar_one_or_none()
    return _view(actor, _visible(actor, leave_request, request_id))


def replay_visible(actor, stored_body, request_id=None):
    """Before a stored outcome is replayed: the caller may still see the request it is
    about (the path's, or the one it created); NotFound otherwise."""
    request_id = request_id or (stored_body or {}).get("id")
    if request_id is not None:
        get_request(actor, request_id)


def _visible(actor, leave_request, request_id):
    if leave_request is None or not access.can_see(actor, leave_request.user):
        raise NotFound(f"There is no leave request {request_id}.")
    return leave_request


# --- asking ---------------------------------------------------------------------------------


def preview(actor, data):
    owner = owner_for(actor, data.get("user_id"))
    leave_type = leave_type_service.leave_type_named(data["leave_type_id"])
    return evaluate(actor, owner, leave_type, period_from(data), parts=parts_from(data))


def create_request(actor, data):
    with UnitOfWork(actor) as uow:
        owner = owner_for(actor, data.get("user_id"))
        leave_type = leave_type_service.leave_type_named(data["leave_type_id"])
        period = period_from(data)
        owner = uow.lock_user(owner.id)
        evaluation = evaluate(actor, owner, leave_type, period, parts=parts_from(data))
        evaluation.refuse()
        leave_request = LeaveRequest(
            user_id=owner.id,
            leave_type_id=leave_type.id,
            reason=data.get("reason"),
            status=PENDING if leave_type.requires_approval else APPROVED,
        )
        _apply_period(leave_request, evaluation)
        uow.add(leave_request, "leave_request", AUDITED, verb="submitted")
        _book(uow, leave_request, ever_approved=False)
        view = _view(actor, leave_request)  # before the commit expires what it reads
        uow.commit()
    return view


def update_request(actor, request_id, read_body):
    """The owner changes a pending request: recounted and checked again."""
    with UnitOfWork(actor) as uow:
        leave_request = _locked(uow, request_id)
        _refuse(request_actions.edit_refusal(_standing(actor, leave_request)))
        data = read_body()
        if data.get("user_id") not in (None, leave_request.user_id):
            raise ValidationFailed(
                "A request cannot move to another user.", errors={"user_id": "cannot be changed"}
            )
        merged = {
            "leave_type_id": leave_request.leave_type_id,
            **{name: getattr(leave_request, name) for name in DATE_FIELDS},
            **{k: v for k, v in data.items() if k != "user_id"},
        }
        # Hour parts name dates: they stay only while the dates and the type do.
        if "parts" not in data and not data.keys() & {"leave_type_id", *DATE_FIELDS}:
            merged["parts"] = leave_request.stored_parts()
        leave_type = leave_type_service.leave_type_named(merged["leave_type_id"])
        owner = leave_request.user
        period = period_from(merged)
        evaluation = evaluate(
            actor, owner, leave_type, period, leave_request.id, parts_from(merged)
        )
        evaluation.refuse()
        before = {name: getattr(leave_request, name) for name in AUDITED}
        leave_request.leave_type_id, leave_request.leave_type = leave_type.id, leave_type
        if "reason" in data:
            leave_request.reason = data["reason"]
        if not leave_type.requires_approval:
            leave_request.status = APPROVED
        _apply_period(leave_request, evaluation)
        uow.flush()
        changes = {
            name: (old, getattr(leave_request, name))
            for name, old in before.items()
            if getattr(leave_request, name) != old
        }
        if changes.keys() & set(WHEN_FIELDS):
            leave_request.date_revision += 1  # subscribed calendars update the event
        if changes:
            uow.record("updated", "leave_request", leave_request, changes)
        _book(uow, leave_request)
        view = _view(actor, leave_request)  # before the commit expires what it reads
        uow.commit()
    return view


# --- deciding -------------------------------------------------------------------------------


def approve_request(actor, request_id, read_body):
    with UnitOfWork(actor) as uow:
        leave_request = _decidable(uow, request_id)
        comment = read_body().get("comment")
        check_approval(leave_request)
        _decide(uow, leave_request, APPROVED, comment)
        view = _view(actor, leave_request)  # before the commit expires what it reads
        uow.commit()
    return view


def reject_request(actor, request_id, read_body):
    with UnitOfWork(actor) as uow:
        leave_request = _decidable(uow, request_id)
        _decide(uow, leave_request, REJECTED, read_body()["comment"])
        view = _view(actor, leave_request)  # before the commit expires what it reads
        uow.commit()
    return view


def cancel_request(actor, request_id):
    with UnitOfWork(actor) as uow:
        leave_request = _locked(uow, request_id)
        _refuse(request_actions.cancel_refusal(_standing(actor, leave_request)))
        old_status, leave_request.status = leave_request.status, CANCELLED
        uow.record("cancelled", "leave_request", leave_request, {"status": (old_status, CANCELLED)})
        _book(uow, leave_request)
        view = _view(actor, leave_request)  # before the commit expires what it reads
        uow.commit()
    return view


def _decidable(uow, request_id):
    """The request, its owner locked, if the unit's actor may decide it (404, 403) and it
    is still pending (409)."""
    leave_request = _locked(uow, request_id)
    _refuse(request_actions.decide_refusal(_standing(uow.actor, leave_request)))
    return leave_request


def _decide(uow, leave_request, status, comment):
    leave_request.status = status
    leave_request.reviewer_id = uow.actor.id
    leave_request.reviewed_at = clock.utcnow()
    leave_request.review_comment = comment
    changes = {
        "status": (PENDING, status),
        "reviewer_id": (None, uow.actor.id),
        "reviewed_at": (None, leave_request.reviewed_at),
    }
    if comment is not None:
        changes["review_comment"] = (None, comment)
    uow.record(status, "leave_request", leave_request, changes)
    _book(uow, leave_request, ever_approved=False)


# --- helpers --------------------------------------------------------------------------------


def _book(uow, leave_request, ever_approved=True):
    """The ledger follows the request as it now stands (usage while approved);
    `ever_approved=False` for a request that was new or pending until now."""
    uow.flush()
    ledger_service.record_usage(
        uow.session, leave_request, uow.actor and uow.actor.id, ever_approved
    )
    ledger_service.follow_closed_year_change(
        uow.session, leave_request.user, leave_request.leave_type, leave_request.start_date.year
    )


def _locked(uow, request_id):
    """The request as it is once its owner's row is locked (404 if the caller may not see
    it): the lock comes first, so what is read next is what the change works on."""
    owner_id = sa.select(LeaveRequest.user_id).where(LeaveRequest.id == request_id)
    uow.lock_user(owner_id.scalar_subquery())
    leave_request = db.session.execute(
        sa.select(LeaveRequest)
        .where(LeaveRequest.id == request_id)
        .options(joinedload(LeaveRequest.leave_type))
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    return _visible(uow.actor, leave_request, request_id)


def _standing(actor, leave_request, may_decide=None, today=None):
    """The caller's relation to the request (its owner loaded); `may_decide` and `today`
    may be given when many requests are looked at for one caller."""
    owner = leave_request.user
    may_decide = may_decide or access.DECIDE.check(actor)
    today = today or clock.today_in
    return request_actions.Standing(
        is_owner=owner.id == actor.id,
        is_admin=actor.is_admin,
        may_decide=may_decide(owner),
        status=leave_request.status,
        started=leave_request.start_date <= today(owner.timezone),
    )


def _refuse(refusal):
    """Raise what a refusal is for the client: not yours (403), or not now (409)."""
    if refusal is None:
        return
    if refusal.kind == request_actions.NOT_YOURS:
        raise Forbidden(refusal.detail)
    raise Conflict(refusal.detail)


def _apply_period(leave_request, evaluation):
    period = evaluation.period
    leave_request.start_date, leave_request.end_date = period.start, period.end
    leave_request.start_half, leave_request.end_half = period.start_half, period.end_half
    apply_deduction(leave_request, evaluation.deduction, evaluation.parts)


def apply_deduction(leave_request, deduction, parts=()):
    """Store what the request deducts: its amount, unit, hour parts, breakdown and day
    rows."""
    leave_request.days, leave_request.unit = deduction.amount, deduction.unit
    leave_request.parts = _parts_json(parts)
    leave_request.breakdown = _breakdown_json(deduction)
    if leave_request.day_rows:
        # Delete the old rows first: the new ones may reuse their (request, date) keys.
        leave_request.day_rows.clear()
        db.session.flush()
    leave_request.day_rows = [
        LeaveDay(date=day.date, amount=day.amount) for day in deduction.breakdown
    ]


def _parts_json(parts):
    return [
        {
            "date": part.date.isoformat(),
            "hours": plain_text(part.hours),
            **({"start_time": part.start_time.strftime("%H:%M")} if part.start_time else {}),
        }
        for part in parts
    ] or None


def _breakdown_json(deduction):
    return [
        {
            "date": day.date.isoformat(),
            "scheduled_hours": plain_text(day.scheduled_hours),
            "amount": plain_text(day.amount),
        }
        for day in deduction.breakdown
    ]


def recount(uow, leave_request, store):
    """(the amount the request deducts under the owner's schedules and holidays as they
    are now, with its parts where they still fit; whether that was stored). It is stored,
    audited and its calendar event bumped only if `store`, it changes something (a date's
    amount, not only the total) and it still deducts something (a request that would
    deduct nothing keeps its amounts: cancel it instead)."""
    deduction, parts = leave_request_evaluation.recounted(leave_request)
    changed = (
        _breakdown_json(deduction) != leave_request.breakdown
        or _parts_json(parts) != leave_request.parts
    )
    if not (store and deduction.amount and changed):
        return deduction.amount, False
    before = {"days": leave_request.days, "parts": leave_request.parts}
    apply_deduction(leave_request, deduction, parts)
    leave_request.date_revision += 1
    changes = {
        name: (old, getattr(leave_request, name))
        for name, old in before.items()
        if getattr(leave_request, name) != old
    }
    uow.record("recounted", "leave_request", leave_request, changes)
    _book(uow, leave_request)
    return deduction.amount, True

"""Leave requests: reading, creating, editing, deciding and cancelling them.

Each change runs in one unit of work that first locks the owner's user row, so changes to
one person's leave are serialized and parallel requests can never overdraw. Each use case
owns the order of its checks — find it (404), may you (403), its state (409), then the
body (422, read through the `read_body` callable the controller passes) — and the rules
themselves are `leave_request_evaluation` and `domain/request_rules.py`.
"""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from server import clock
from server.domain.vocabulary import (
    ACTIVE_STATUSES,
    APPROVED,
    CANCELLED,
    PENDING,
    REJECTED,
)
from server.errors import Conflict, Forbidden, NotFound, ValidationFailed
from server.extensions import db
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import LeaveDay, LeaveRequest, Team, User
from server.services import access, leave_type_service
from server.services.leave_request_evaluation import (
    check_approval,
    evaluate,
    owner_for,
    period_from,
)

# A list shows the owner as {id, full_name}: load no more of them.
_with_owner_name = joinedload(LeaveRequest.user).load_only(User.full_name)
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
DATE_FIELDS = ("start_date", "end_date", "start_half", "end_half")
SORT = {
    "start_date": LeaveRequest.start_date,
    "created_at": LeaveRequest.created_at,
    "status": LeaveRequest.status,
}


# --- reading --------------------------------------------------------------------------------


def visible_requests(actor, filters):
    """The requests `actor` may see, narrowed by the list filters."""
    stmt = (
        sa.select(LeaveRequest)
        .where(access.visible_users_clause(actor, LeaveRequest.user_id))
        .options(_with_owner_name)
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
    return Listing(stmt, SORT, LeaveRequest.id)


# A request with what seeing it needs of its owner, built once.
_ONE_REQUEST = (
    sa.select(LeaveRequest)
    .where(LeaveRequest.id == sa.bindparam("request_id"))
    .options(joinedload(LeaveRequest.user).load_only(User.full_name, User.manager_id))
)


def get_request(actor, request_id):
    leave_request = db.session.execute(
        _ONE_REQUEST, {"request_id": request_id}
    ).scalar_one_or_none()
    return _visible(actor, leave_request, request_id)


def _visible(actor, leave_request, request_id):
    if leave_request is None or not access.can_see(actor, leave_request.user):
        raise NotFound(f"There is no leave request {request_id}.")
    return leave_request


# --- asking ---------------------------------------------------------------------------------


def preview(actor, data):
    owner = owner_for(actor, data.get("user_id"))
    return evaluate(
        actor, owner, leave_type_service.leave_type_named(data["leave_type_id"]), period_from(data)
    )


def create_request(actor, data):
    with UnitOfWork(actor) as uow:
        owner = owner_for(actor, data.get("user_id"))
        leave_type = leave_type_service.leave_type_named(data["leave_type_id"])
        period = period_from(data)
        owner = uow.lock_user(owner.id)
        evaluation = evaluate(actor, owner, leave_type, period)
        evaluation.refuse()
        leave_request = LeaveRequest(
            user_id=owner.id,
            leave_type_id=leave_type.id,
            reason=data.get("reason"),
            status=PENDING if leave_type.requires_approval else APPROVED,
        )
        _apply_period(leave_request, evaluation)
        uow.add(leave_request, "leave_request", AUDITED, verb="submitted")
        uow.commit()
    return leave_request


def update_request(actor, request_id, read_body):
    """The owner changes a pending request: recounted and checked again."""
    with UnitOfWork(actor) as uow:
        leave_request = _locked(uow, request_id)
        if leave_request.user_id != actor.id:
            raise Forbidden("Only the person who asked for the leave can edit the request.")
        _ensure_pending(leave_request, "edited")
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
        leave_type = leave_type_service.leave_type_named(merged["leave_type_id"])
        owner = leave_request.user
        period = period_from(merged)
        evaluation = evaluate(actor, owner, leave_type, period, leave_request.id)
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
        if changes.keys() & set(DATE_FIELDS):
            leave_request.date_revision += 1  # subscribed calendars update the event
        if changes:
            uow.record("updated", "leave_request", leave_request, changes)
        uow.commit()
    return leave_request


# --- deciding -------------------------------------------------------------------------------


def approve_request(actor, request_id, read_body):
    with UnitOfWork(actor) as uow:
        leave_request = _decidable(uow, request_id)
        comment = read_body().get("comment")
        check_approval(leave_request)
        _decide(uow, leave_request, APPROVED, comment)
        uow.commit()
    return leave_request


def reject_request(actor, request_id, read_body):
    with UnitOfWork(actor) as uow:
        leave_request = _decidable(uow, request_id)
        _decide(uow, leave_request, REJECTED, read_body()["comment"])
        uow.commit()
    return leave_request


def cancel_request(actor, request_id):
    with UnitOfWork(actor) as uow:
        leave_request = _locked(uow, request_id)
        if not (leave_request.user_id == actor.id or actor.is_admin):
            raise Forbidden("Only the requester or an admin can cancel a request.")
        if leave_request.status not in ACTIVE_STATUSES:
            raise Conflict(f"The request is already {leave_request.status}.")
        started = leave_request.start_date <= clock.today_in(leave_request.user.timezone)
        if leave_request.status == APPROVED and started and not actor.is_admin:
            raise Conflict("The leave has already started; ask an admin to cancel it.")
        old_status, leave_request.status = leave_request.status, CANCELLED
        uow.record("cancelled", "leave_request", leave_request, {"status": (old_status, CANCELLED)})
        uow.commit()
    return leave_request


def _decidable(uow, request_id):
    """The request, its owner locked, if the unit's actor may decide it (404, 403) and it
    is still pending (409)."""
    actor = uow.actor
    leave_request = _locked(uow, request_id)
    if not access.DECIDE.allows(actor, leave_request.user):
        if leave_request.user_id == actor.id:  # the policy's "never your own", worded so
            raise Forbidden("Nobody can approve or reject their own request.")
        raise Forbidden("Only the requester's manager or an admin can decide this request.")
    _ensure_pending(leave_request, "decided")
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


# --- helpers --------------------------------------------------------------------------------


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


def _ensure_pending(leave_request, what):
    if leave_request.status != PENDING:
        raise Conflict(f"Only pending requests can be {what}; this one is {leave_request.status}.")


def _apply_period(leave_request, evaluation):
    period = evaluation.period
    leave_request.start_date, leave_request.end_date = period.start, period.end
    leave_request.start_half, leave_request.end_half = period.start_half, period.end_half
    leave_request.days = evaluation.count.days
    if leave_request.day_rows:
        # Delete the old rows first: the new ones may reuse their (request, date) keys.
        leave_request.day_rows.clear()
        db.session.flush()
    leave_request.day_rows = [
        LeaveDay(date=day, amount=amount) for day, amount in evaluation.count.per_date
    ]

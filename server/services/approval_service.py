"""The approval inbox: the pending requests a caller may decide, with what each would do
to its owner's team capacity and balance. Who may decide is `access.DECIDE`, the same
policy the approve and reject endpoints use."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from server.domain import ledger
from server.domain.leave_type import LeaveTypeRules
from server.domain.vocabulary import AWAY, PENDING
from server.infra.pagination import Listing
from server.models import LeaveRequest
from server.services import access, capacity_service, leave_request_service
from server.services.balance_service import load_ledgers
from server.services.leave_request_evaluation import days_by_year


@dataclass(frozen=True)
class InboxNotes:
    """What the inbox adds to a pending request: its team capacity conflicts, what it does
    to each year's balance (before = without it, after = with it), and what the caller
    may do to it."""

    team_conflicts: list
    by_year: list
    actions: object


SORT = {"created_at": LeaveRequest.created_at}


def inbox(actor):
    """The pending requests `actor` may decide (oldest first by default), each noted with
    its team conflicts and balance effect."""
    stmt = (
        sa.select(LeaveRequest)
        .where(LeaveRequest.status == PENDING)
        .where(access.DECIDE.clause(actor, LeaveRequest.user_id))
        .options(
            joinedload(LeaveRequest.user),
            joinedload(LeaveRequest.leave_type),
        )
    )
    return Listing(stmt, SORT, LeaveRequest.id, annotate=lambda page: inbox_notes(actor, page))


def _away_dates(leave_request):
    """The dates the request keeps its owner away (none when they work elsewhere)."""
    if leave_request.leave_type.availability != AWAY:
        return []
    return [date.fromisoformat(day["date"]) for day in leave_request.breakdown]


def inbox_notes(actor, page_items):
    """{request id: InboxNotes} for a page of pending requests: a constant number of
    queries whatever the page size."""
    conflicts = capacity_service.team_conflicts([(r.user_id, _away_dates(r)) for r in page_items])
    owners = {r.user_id: r.user for r in page_items}
    actions = leave_request_service.actions_for(actor, page_items)
    ledgers = load_ledgers(owners.values())
    notes = {}
    for leave_request, team_conflicts in zip(page_items, conflicts, strict=True):
        per_year = days_by_year(leave_request)
        with_it = ledgers[leave_request.user_id]
        without = with_it.without_pending(leave_request.leave_type_id, per_year)
        charges, _ = ledger.balance_effect(
            without,
            LeaveTypeRules.of(leave_request.leave_type),
            leave_request.start_date,
            leave_request.end_date,
            per_year,
        )
        notes[leave_request.id] = InboxNotes(team_conflicts, charges, actions[leave_request.id])
    return notes

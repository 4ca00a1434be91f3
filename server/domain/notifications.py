"""Who hears about a leave request. Pure: no Flask, no database. (What the e-mail says is
`email_text.py`.)

E-mail is a consumer of the domain events (`domain/events.py`): `messages_for` says which
messages (kinds of email: `request.submitted`, `request.filed_for_you`, …) an event
gives. Messages and recipients follow the contract: "approvers" are the owner's manager when that
manager is active and holds the manager role, otherwise every active admin. Nobody is told
about their own action, and inactive people are never written to.
"""

from collections.abc import Iterable
from dataclasses import dataclass

SUBMITTED = "request.submitted"
AUTO_APPROVED = "request.auto_approved"
APPROVED = "request.approved"
REJECTED = "request.rejected"
CANCELLED = "request.cancelled"
FILED_FOR_YOU = "request.filed_for_you"
REMINDER = "request.reminder"
EVENTS = (SUBMITTED, AUTO_APPROVED, APPROVED, REJECTED, CANCELLED, FILED_FOR_YOU, REMINDER)

OWNER, APPROVER = "owner", "approver"
# Who each event is written to: the approvers, the owner, or both (a cancellation: the
# approvers always, the owner when someone else cancelled it — never the actor).
TO_APPROVERS = (SUBMITTED, AUTO_APPROVED, REMINDER, CANCELLED)
TO_OWNER = (APPROVED, REJECTED, FILED_FOR_YOU, CANCELLED)


# The domain events e-mail listens to.
LEAVE_REQUEST_EVENTS = (
    "leave_request.submitted",
    "leave_request.updated",
    "leave_request.approved",
    "leave_request.rejected",
    "leave_request.cancelled",
)


def messages_for(event_type: str, data: dict, actor_id: int | None) -> list[str]:
    """The messages a leave request's event gives: a new or edited request that is
    approved at once (its type needs no approval) informs the approvers, a new pending one
    asks them; a request filed or edited by someone else tells the owner; a decision tells
    the owner; a cancellation the approvers and the owner (recipients() drops the actor)."""
    by_someone_else = actor_id != data["user_id"]
    approved_at_once = data["status"] == "approved"
    if event_type == "leave_request.submitted":
        found = [AUTO_APPROVED if approved_at_once else SUBMITTED]
        return found + ([FILED_FOR_YOU] if by_someone_else else [])
    if event_type == "leave_request.updated":
        found = [AUTO_APPROVED] if approved_at_once else []
        return found + ([FILED_FOR_YOU] if by_someone_else else [])
    return {
        "leave_request.approved": [APPROVED],
        "leave_request.rejected": [REJECTED],
        "leave_request.cancelled": [CANCELLED],
    }.get(event_type, [])


@dataclass(frozen=True)
class Person:
    id: int
    is_active: bool
    is_manager: bool = False


def approvers(manager: Person | None, admins: Iterable[Person]) -> list[Person]:
    """The people who decide: the manager if able to, else every active admin."""
    if manager is not None and manager.is_active and manager.is_manager:
        return [manager]
    return [admin for admin in admins if admin.is_active]


def recipients(
    event: str, owner: Person, actor_id: int | None, deciders: Iterable[Person]
) -> list[tuple[Person, str]]:
    """(person, audience) pairs to write to about `event`, without duplicates; `deciders`
    are only looked at for the events in TO_APPROVERS."""
    if event not in EVENTS:
        raise ValueError(f"unknown event: {event!r}")
    candidates = [(p, APPROVER) for p in deciders] if event in TO_APPROVERS else []
    if event in TO_OWNER:
        candidates.append((owner, OWNER))
    chosen, seen = [], set()
    for person, audience in candidates:
        if person.id == actor_id or not person.is_active or person.id in seen:
            continue
        seen.add(person.id)
        chosen.append((person, audience))
    return chosen


def retry_delay_seconds(attempts: int, base_seconds: int, cap_seconds: int = 6 * 3600) -> int:
    """How long to wait after the `attempts`-th failed try: doubling from `base_seconds`."""
    return min(cap_seconds, base_seconds * 2 ** max(0, attempts - 1))

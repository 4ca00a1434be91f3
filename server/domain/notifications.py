"""Who hears about a leave request, and what the email says. Pure: no Flask, no database.

E-mail is a consumer of the domain events (`domain/events.py`): `messages_for` says which
messages (kinds of email: `request.submitted`, `request.filed_for_you`, …) an event
gives. Messages and recipients follow the contract: "approvers" are the owner's manager when that
manager is active and holds the manager role, otherwise every active admin. Nobody is told
about their own action, and inactive people are never written to.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape

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


# --- the message ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What a message states, as it was when the event happened."""

    owner_name: str
    leave_type: str
    start_date: date
    end_date: date
    start_half: bool
    end_half: bool
    days: str
    status: str
    actor_name: str | None = None
    comment: str | None = None

    def as_json(self):
        return {
            **self.__dict__,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            **{
                **data,
                "start_date": date.fromisoformat(data["start_date"]),
                "end_date": date.fromisoformat(data["end_date"]),
            }
        )


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def describe_dates(facts: Facts) -> str:
    """ "Mon 21 Dec 2026", or a range, with the half days spelled out."""

    def day(d):
        return d.strftime("%a %d %b %Y")

    if facts.start_date == facts.end_date:
        half = " (afternoon)" if facts.start_half else " (morning)" if facts.end_half else ""
        return day(facts.start_date) + half
    text = f"{day(facts.start_date)} to {day(facts.end_date)}"
    notes = []
    if facts.start_half:
        notes.append("from midday on the first day")
    if facts.end_half:
        notes.append("until midday on the last day")
    return text + (f" ({', '.join(notes)})" if notes else "")


def subject(event: str, audience: str, facts: Facts) -> str:
    what = f"{facts.leave_type}, {describe_dates(facts)}"
    by = facts.actor_name or "an administrator"
    subjects = {
        (SUBMITTED, APPROVER): f"Time off request from {facts.owner_name}: {what}",
        (AUTO_APPROVED, APPROVER): f"{facts.owner_name} booked {what} (no approval needed)",
        (REMINDER, APPROVER): f"Reminder: {facts.owner_name} is waiting for a decision on {what}",
        (APPROVED, OWNER): f"Approved: your {what}",
        (REJECTED, OWNER): f"Rejected: your {what}",
        (FILED_FOR_YOU, OWNER): f"{by} filed time off for you: {what}",
        (CANCELLED, APPROVER): f"Cancelled: {facts.owner_name}'s {what}",
        (CANCELLED, OWNER): f"Cancelled by {by}: your {what}",
    }
    return subjects[(event, audience)]


def _lead(event: str, audience: str, facts: Facts) -> str:
    by = facts.actor_name or "An administrator"
    leads = {
        (SUBMITTED, APPROVER): f"{facts.owner_name} asked for time off. Please approve or "
        "reject it.",
        (AUTO_APPROVED, APPROVER): f"{facts.owner_name} booked time off that needs no "
        "approval. This is for your information.",
        (REMINDER, APPROVER): f"{facts.owner_name}'s request is still waiting for your decision.",
        (APPROVED, OWNER): f"{by} approved your time off.",
        (REJECTED, OWNER): f"{by} rejected your time off.",
        (FILED_FOR_YOU, OWNER): f"{by} filed time off for you.",
        (CANCELLED, APPROVER): f"{facts.owner_name}'s time off was cancelled.",
        (CANCELLED, OWNER): f"{by} cancelled your time off.",
    }
    return leads[(event, audience)]


def render(
    event: str, audience: str, facts: Facts, recipient_name: str, link: str | None
) -> Message:
    """The email: a subject, a plain-text body and the same as HTML."""
    rows = [
        ("Who", facts.owner_name),
        ("Type", facts.leave_type),
        ("Dates", describe_dates(facts)),
        ("Days", facts.days),
        ("Status", facts.status),
    ]
    if facts.comment:
        rows.append(("Comment", facts.comment))
    lead = _lead(event, audience, facts)
    text_lines = [f"Hello {recipient_name},", "", lead, ""]
    text_lines += [f"  {label + ':':<9} {value}" for label, value in rows]
    if link:
        text_lines += ["", f"Open PTO: {link}"]
    text_lines += ["", "-- ", "PTO: this message was sent automatically."]
    table = "".join(
        f'<tr><th align="left">{escape(label)}</th><td>{escape(str(value))}</td></tr>'
        for label, value in rows
    )
    html = (
        f"<p>Hello {escape(recipient_name)},</p><p>{escape(lead)}</p><table>{table}</table>"
        + (f'<p><a href="{escape(link)}">Open PTO</a></p>' if link else "")
        + "<p><small>PTO: this message was sent automatically.</small></p>"
    )
    return Message(subject(event, audience, facts), "\n".join(text_lines) + "\n", html)


def retry_delay_seconds(attempts: int, base_seconds: int, cap_seconds: int = 6 * 3600) -> int:
    """How long to wait after the `attempts`-th failed try: doubling from `base_seconds`."""
    return min(cap_seconds, base_seconds * 2 ** max(0, attempts - 1))

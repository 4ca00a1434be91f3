"""E-mail about leave requests: a consumer of the domain events, approval reminders, and
the outbox as admins see it.

A change stores its events (the unit of work); `send_pass` — what `manage.py
send-notifications` runs — turns the events it has not handled yet into outbox rows (one
per recipient, `domain/notifications.py` choosing who), queues due reminders, and hands the
due rows to `infra/email_delivery.py` to send. Handling a batch of events and moving the
consumer's position past them is one transaction, so every event gives its e-mails exactly
once, whichever of several senders handles it.
"""

import dataclasses
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from server import clock
from server.domain import email_text
from server.domain import notifications as rules
from server.domain.vocabulary import ADMIN, MANAGER, PENDING
from server.extensions import db
from server.infra import email_delivery, events
from server.infra.pagination import Listing
from server.models import LeaveRequest, Notification, User, UserRole

CONSUMER = "email"
SORT = {"created_at": Notification.created_at, "id": Notification.id}


@dataclass(frozen=True)
class PassResult:
    queued: int = 0
    reminders: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0


def send_pass(transport):
    """One pass of the sender: new events become outbox rows, due reminders are queued,
    then each due row is tried once. Returns the counts."""
    queued = queue_from_events()
    reminders = queue_reminders()
    delivered = email_delivery.deliver_due(transport, compose)
    return PassResult(queued, reminders, *dataclasses.astuple(delivered))


def queue_from_events():
    """Outbox rows for every event the e-mail consumer has not handled yet, a batch per
    transaction (the rows with the consumer's new position). Returns how many rows."""
    queued = []
    while events.consume(CONSUMER, lambda batch: queued.append(queue_for_events(batch))):
        db.session.commit()
    db.session.commit()
    return sum(queued)


def queue_for_events(batch):
    """Add the outbox rows for a batch of events to the session; returns how many."""
    mine = [e for e in batch if e.type in rules.LEAVE_REQUEST_EVENTS]
    if not mine:
        return 0
    queued = 0
    requests = _requests({e.entity_id for e in mine})
    actors = _names({e.actor_id for e in mine if e.actor_id is not None})
    for event in mine:
        leave_request = requests.get(event.entity_id)
        if leave_request is None:
            continue
        for message in rules.messages_for(event.type, event.data, event.actor_id):
            queued += _queue(message, leave_request, event, actors)
    return queued


def queue_reminders(now=None):
    """Queue one reminder for every request still pending `APPROVAL_REMINDER_DAYS` after it
    was submitted. Marking the request and queueing its messages is one statement and one
    transaction, so two senders never remind twice. Returns how many requests."""
    now = now or clock.utcnow()
    cutoff = now - timedelta(days=current_app.config["APPROVAL_REMINDER_DAYS"])
    ids = db.session.execute(
        sa.update(LeaveRequest)
        .where(
            LeaveRequest.status == PENDING,
            LeaveRequest.created_at <= cutoff,
            LeaveRequest.reminded_at.is_(None),
        )
        # Reminding is not a change of the request: keep updated_at (the feed's stamp).
        .values(reminded_at=now, updated_at=LeaveRequest.updated_at)
        .returning(LeaveRequest.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    ids = list(ids)
    for leave_request in _requests(ids).values():
        _queue(rules.REMINDER, leave_request, None, {})
    db.session.commit()
    return len(ids)


def outbox(filters):
    stmt = sa.select(Notification)
    for name in ("status", "recipient_id", "event"):
        if name in filters:
            stmt = stmt.where(getattr(Notification, name) == filters[name])
    return Listing(stmt, SORT, Notification.id)


# --- building rows --------------------------------------------------------------------------


def _queue(message, leave_request, event, actor_names):
    """The rows of one message about `leave_request`, one per recipient; returns how many.
    Each row's subject is written now in its reader's language; the message itself is
    written when it is sent (`compose`)."""
    owner = leave_request.user
    actor_id = event.actor_id if event is not None else None
    chosen = rules.recipients(
        message,
        rules.Person(owner.id, bool(owner.is_active)),  # its roles do not matter here
        actor_id,
        _deciders(owner) if message in rules.TO_APPROVERS else [],
    )
    facts = _facts(message, leave_request, actor_id, actor_names.get(actor_id))
    locales = _locales([person.id for person, _ in chosen])
    for person, audience in chosen:
        db.session.add(
            Notification(
                event=message,
                recipient_id=person.id,
                leave_request_id=leave_request.id,
                event_id=event.id if event is not None else None,
                actor_id=actor_id,
                audience=audience,
                subject=email_text.subject(message, audience, facts, locales[person.id])[:300],
            )
        )
    return len(chosen)


def compose(row):
    """(the e-mail `row` stands for, written now in its reader's language, None) — or
    (None, why it is not sent) when it asks for something no longer to be done."""
    leave_request = _requests([row.leave_request_id])[row.leave_request_id]
    owner, recipient = leave_request.user, row.recipient
    still_decides = row.audience != rules.APPROVER or recipient.id in {
        person.id for person in _deciders(owner)
    }
    why_not = email_text.outdated(row.event, leave_request.status, still_decides)
    if why_not:
        return None, why_not
    actor_name = _names([row.actor_id]).get(row.actor_id) if row.actor_id else None
    facts = _facts(row.event, leave_request, row.actor_id, actor_name)
    link = current_app.config.get("PUBLIC_BASE_URL")
    return (
        email_text.render(
            row.event, row.audience, facts, recipient.full_name, link, recipient.locale
        ),
        None,
    )


def _facts(message, leave_request, actor_id, actor_name):
    """What a message about `leave_request` states: the request as it stands now."""
    return email_text.Facts(
        owner_name=leave_request.user.full_name,
        leave_type=leave_request.leave_type.name,
        start_date=leave_request.start_date,
        end_date=leave_request.end_date,
        start_half=leave_request.start_half,
        end_half=leave_request.end_half,
        days=f"{leave_request.days.normalize():f}",
        unit=leave_request.unit,
        status=leave_request.status,
        actor_name=actor_name,
        filed_by_someone_else=actor_id is not None and actor_id != leave_request.user_id,
        comment=leave_request.review_comment if message == rules.REJECTED else None,
    )


def _locales(user_ids):
    stmt = sa.select(User.id, User.locale).where(User.id.in_(user_ids))
    return dict(db.session.execute(stmt).all()) if user_ids else {}


def _requests(ids):
    if not ids:
        return {}
    stmt = (
        sa.select(LeaveRequest)
        .where(LeaveRequest.id.in_(ids))
        .options(joinedload(LeaveRequest.user), joinedload(LeaveRequest.leave_type))
        .order_by(LeaveRequest.id)
    )
    return {r.id: r for r in db.session.execute(stmt).scalars()}


def _names(user_ids):
    if not user_ids:
        return {}
    stmt = sa.select(User.id, User.full_name).where(User.id.in_(user_ids))
    return dict(db.session.execute(stmt).all())


def _person(user):
    return rules.Person(user.id, bool(user.is_active), user.has_role(MANAGER))


def _deciders(owner):
    """Who decides `owner`'s requests, as `rules.approvers` chooses them (the admins are
    only read when the manager cannot decide)."""
    manager = db.session.get(User, owner.manager_id) if owner.manager_id else None
    return rules.approvers(manager and _person(manager), _active_admins())


def _active_admins():
    admins = sa.select(User).join(UserRole).where(UserRole.role == ADMIN, User.is_active.is_(True))
    for admin in db.session.execute(admins).scalars():
        yield _person(admin)

"""Email notifications: the outbox rows a change queues, and the outbox as admins see it.

`queue` is called by the unit of work at commit, inside the change's transaction, so a
change that rolls back leaves no message. Delivery is `notification_sender`'s job.
"""

import sqlalchemy as sa

from server.domain import notifications as rules
from server.domain.vocabulary import ADMIN, MANAGER
from server.extensions import db
from server.models import Notification, User, UserRole
from server.services.pagination import Listing

SORT = {"created_at": Notification.created_at, "id": Notification.id}


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


def queue(actor, event, leave_request):
    """Add the outbox rows for `event` about `leave_request` to the current transaction."""
    owner = leave_request.user
    facts = rules.Facts(
        owner_name=owner.full_name,
        leave_type=leave_request.leave_type.name,
        start_date=leave_request.start_date,
        end_date=leave_request.end_date,
        start_half=leave_request.start_half,
        end_half=leave_request.end_half,
        days=f"{leave_request.days.normalize():f}",
        status=leave_request.status,
        actor_name=actor.full_name if actor is not None else None,
        comment=leave_request.review_comment if event == rules.REJECTED else None,
    )
    chosen = rules.recipients(
        event,
        rules.Person(owner.id, bool(owner.is_active)),  # its roles do not matter here
        actor.id if actor is not None else None,
        _deciders(owner) if event in rules.TO_APPROVERS else [],
    )
    for person, audience in chosen:
        db.session.add(
            Notification(
                event=event,
                recipient_id=person.id,
                leave_request_id=leave_request.id,
                audience=audience,
                subject=rules.subject(event, audience, facts)[:300],
                facts=facts.as_json(),
            )
        )


def outbox(filters):
    stmt = sa.select(Notification)
    for name in ("status", "recipient_id", "event"):
        if name in filters:
            stmt = stmt.where(getattr(Notification, name) == filters[name])
    return Listing(stmt, SORT, Notification.id)

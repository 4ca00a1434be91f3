"""One use case, one transaction: the change, its audit rows and its outbox messages.

A service opens a unit of work for each change it makes, does its reads, checks and
writes inside it, and calls `commit()` at the end. The unit collects the audit rows and
the notifications the change produces and writes them in the same transaction, so either
all of it lands or none of it does: leaving the `with` block without committing (an
exception, a refused rule) rolls everything back.

    with UnitOfWork(actor) as uow:
        owner = uow.lock_user(user_id)
        ...
        uow.record("created", "leave_request", leave_request.id, changes)
        uow.publish("request.submitted", leave_request)
        uow.commit()

Read-only use cases need no unit of work.
"""

import sqlalchemy as sa

from server.extensions import db
from server.models import User
from server.services import audit_service, idempotency_service, notification_service


class UnitOfWork:
    def __init__(self, actor=None):
        """`actor` is the user making the change (None for the CLI and the system)."""
        self.actor = actor
        self.session = db.session
        self._audit = []
        self._events = []
        self._committed = False
        self._savepoint = None

    def __enter__(self):
        # Inside an idempotent call, the call commits the change with the record of its
        # outcome; the unit only releases (or rolls back to) a savepoint. SQLite's driver
        # cannot be trusted with savepoints: there the unit just flushes.
        if idempotency_service.deferring() and self.session.get_bind().dialect.name != "sqlite":
            self._savepoint = self.session.begin_nested()
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self._committed:
            self.rollback()
        return False

    # --- what a change collects -----------------------------------------------------------

    def lock_user(self, user_id):
        """Serialize every change to one user's leave: a row lock on the user (PostgreSQL),
        held until the unit ends. Take it first, before reading any balance. `user_id` may
        be a scalar subquery (the owner of a request); None when there is no such user."""
        return self.session.execute(
            sa.select(User)
            .where(User.id == user_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalar_one_or_none()

    def record(self, action, entity, entity_id, changes=None, actor=...):
        """An audit row for this change: `action` is the verb (`created`), `changes` maps
        each field to (old, new). `actor` defaults to the unit's."""
        who = self.actor if actor is ... else actor
        self._audit.append(audit_service.event(who, action, entity, entity_id, changes))

    def add(self, obj, entity, audited, actor=...):
        """Add a new object, give it its id, and record its creation: each of the
        `audited` fields from None to its value."""
        self.session.add(obj)
        self.session.flush()
        self.record("created", entity, obj.id, audit_service.created(obj, audited), actor)
        return obj

    def publish(self, event, leave_request):
        """A notification-worthy event about `leave_request` (README "Notifications");
        its outbox messages are written with the change."""
        self._events.append((event, leave_request))

    # --- ending it ------------------------------------------------------------------------

    def flush(self):
        self.session.flush()

    def commit(self):
        self.session.add_all(self._audit)
        for event, leave_request in self._events:
            notification_service.queue(self.actor, event, leave_request)
        if self._savepoint is not None:
            self._savepoint.commit()
        elif idempotency_service.deferring():
            self.session.flush()
        else:
            self.session.commit()
        self._committed = True
        self._audit.clear()
        self._events.clear()

    def rollback(self):
        self._audit.clear()
        self._events.clear()
        if self._savepoint is not None:
            if self._savepoint.is_active:
                self._savepoint.rollback()
        else:
            self.session.rollback()

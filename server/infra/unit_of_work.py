"""One use case, one transaction: the change, its audit rows and its events.

A service opens a unit of work for each change it makes, does its reads, checks and
writes inside it, and calls `commit()` at the end. Every change it records writes an
audit row (who changed what, from which value to which) and publishes one event (what
happened, for consumers: e-mail, and later webhooks and the events API); both are written
in the change's own transaction, the events last and numbered in commit order
(`infra/events.py`). Either all of it lands or none of it does: leaving the `with` block
without committing (an exception, a refused rule) rolls everything back. The unit knows
nothing about who reads the events.

    with UnitOfWork(actor) as uow:
        owner = uow.lock_user(user_id)
        ...
        uow.add(leave_request, "leave_request", AUDITED, verb="submitted")
        uow.commit()

Read-only use cases need no unit of work.
"""

from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa

from server import clock
from server.domain import events as event_rules
from server.extensions import db
from server.infra import events, idempotency
from server.models import AuditEvent, Event, User


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
        if idempotency.deferring() and self.session.get_bind().dialect.name != "sqlite":
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

    def record(self, verb, entity, subject, changes=None, *, actor=..., data=None):
        """The change `verb` (`updated`) of `subject`, an `entity` (`team`): its audit row,
        where `changes` maps each field to (old, new), and its event `<entity>.<verb>`,
        whose payload is the subject as it is now plus `data`. `actor` defaults to the
        unit's."""
        who = self.actor if actor is ... else actor
        action = f"{entity}.{verb}"
        self._audit.append(
            AuditEvent(
                actor_id=who.id if who is not None else None,
                action=action,
                entity=entity,
                entity_id=subject.id,
                changes={
                    k: [_jsonable(old), _jsonable(new)] for k, (old, new) in (changes or {}).items()
                },
            )
        )
        self.publish(
            event_rules.event_type(action),
            (entity, subject.id),
            event_rules.payload(entity, subject, data),
            actor=who,
        )

    def add(self, obj, entity, audited, *, verb="created", actor=...):
        """Add a new object, give it its id, and record its creation: each of the
        `audited` fields from None to its value."""
        self.session.add(obj)
        self.session.flush()
        changes = {name: (None, getattr(obj, name)) for name in audited}
        self.record(verb, entity, obj, changes, actor=actor)
        return obj

    def update(self, subject, entity, values, check=None):
        """Set `values` on `subject` and, if anything really changed, run `check()` (a
        rule the changed object must keep) and record it `updated`. Returns the changes."""
        changes = apply_changes(subject, values)
        if changes:
            if check is not None:
                check()
            self.record("updated", entity, subject, changes)
        return changes

    def publish(self, event_type, subject, data, *, actor=...):
        """An event of `event_type` about `subject` ((entity, id)) with payload `data`,
        stored with the change. `record` publishes one for every audited change; call this
        directly only for what happens without an audit row."""
        who = self.actor if actor is ... else actor
        occurred_at = clock.utcnow()
        entity, entity_id = subject
        self._events.append(
            Event(
                id=events.new_id(occurred_at),
                type=event_type,
                occurred_at=occurred_at,
                actor_id=who.id if who is not None else None,
                entity=entity,
                entity_id=entity_id,
                data=data,
            )
        )

    # --- ending it ------------------------------------------------------------------------

    def flush(self):
        self.session.flush()

    def commit(self):
        self.session.add_all(self._audit)
        events.store(self.session, self._events)  # last: it takes the commit-order lock
        if self._savepoint is not None:
            self._savepoint.commit()
        elif idempotency.deferring():
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


def apply_changes(obj, values):
    """Set attributes on `obj`; return {field: (old, new)} for those that really changed."""
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            setattr(obj, name, new)
            changes[name] = (old, new)
    return changes


def _jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value

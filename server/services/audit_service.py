"""The audit trail: building its rows (the unit of work writes them) and reading them."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from server.models import AuditEvent
from server.services.pagination import Listing


def jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return value


def event(actor, action, entity, entity_id, changes=None):
    """One audit row (not yet added to the session: the unit of work adds it with the
    change). `changes` maps each field to (old, new)."""
    return AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=f"{entity}.{action}",
        entity=entity,
        entity_id=entity_id,
        changes={k: [jsonable(old), jsonable(new)] for k, (old, new) in (changes or {}).items()},
    )


def apply_changes(obj, values):
    """Set attributes on `obj`; return {field: (old, new)} for those that really changed."""
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            setattr(obj, name, new)
            changes[name] = (old, new)
    return changes


def created(obj, names):
    """The changes map of a newly created object: every field from None."""
    return {name: (None, getattr(obj, name)) for name in names}


SORT = {"at": AuditEvent.at, "id": AuditEvent.id}


def events(f):
    """The audit trail, narrowed by the list filters `f`."""
    stmt = sa.select(AuditEvent)
    for name in ("entity", "entity_id", "actor_id"):
        if name in f:
            stmt = stmt.where(getattr(AuditEvent, name) == f[name])
    if "from" in f:
        stmt = stmt.where(AuditEvent.at >= _start_of(f["from"]))
    if "to" in f:
        to = f["to"]
        if isinstance(to, datetime):
            stmt = stmt.where(AuditEvent.at <= to)
        else:  # a date includes the whole day
            stmt = stmt.where(AuditEvent.at < _start_of(to + timedelta(days=1)))
    return Listing(stmt, SORT, AuditEvent.id)


def _start_of(value):
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time.min, tzinfo=UTC)

"""The audit trail as admins read it (the unit of work writes its rows)."""

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from server.infra.pagination import Listing
from server.models import AuditEvent

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

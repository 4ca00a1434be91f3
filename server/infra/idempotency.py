"""Idempotent writes: a call made with an `Idempotency-Key` runs once; a retry with the same
key gets the first outcome back.

A key is scoped to the caller, the method and the path, and kept 24 hours. The whole call —
its change and the record of its outcome — is one database transaction: the unit of work
of the change only releases a savepoint (`deferring()`), and `finish` writes the record and
commits. While a call runs, a transaction-scoped advisory lock on its key (PostgreSQL)
makes a parallel retry answer 409 instead of doing the change twice.
"""

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from server import clock
from server.errors import Conflict, ValidationFailed
from server.extensions import db
from server.models import IdempotencyRecord

KEEP = timedelta(hours=24)
KEY_HEADER = "Idempotency-Key"
_current = ContextVar("idempotent_call", default=None)


@dataclass(frozen=True)
class Call:
    user_id: int
    method: str
    path: str
    key: str
    request_hash: str

    def lock_id(self):
        """A 64-bit number naming this call's scope and key, for the advisory lock."""
        digest = hashlib.sha256(f"{self.user_id} {self.method} {self.path} {self.key}".encode())
        return int.from_bytes(digest.digest()[:8], "big", signed=True)


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict | None
    location: str | None = None


def deferring():
    """Whether the current change is part of an idempotent call (which commits it)."""
    return _current.get() is not None


def start(call):
    """Begin `call`: the stored outcome of an earlier call with the same key (to replay),
    or None after taking the key. 409 while another call holds the key; 422 when the key
    was used with a different body."""
    if db.session.get_bind().dialect.name == "postgresql":
        locked = db.session.execute(
            sa.select(sa.func.pg_try_advisory_xact_lock(call.lock_id()))
        ).scalar()
        if not locked:
            raise Conflict(
                "A request with this Idempotency-Key is still being processed; retry shortly."
            )
    record = db.session.execute(_scope(call)).scalar_one_or_none()
    if record is not None and record.created_at < clock.utcnow() - KEEP:
        db.session.delete(record)  # expired: the key is free again
        db.session.flush()
        record = None
    if record is not None:
        if record.request_hash != call.request_hash:
            raise ValidationFailed(
                "This Idempotency-Key was already used with a different request body.",
                errors={KEY_HEADER: "was already used with a different request body"},
            )
        return Outcome(record.status, record.body, record.location)
    _current.set(call)
    return None


def finish(outcome):
    """Store the outcome of the running call with its change, and commit both."""
    call = _current.get()
    _current.set(None)
    db.session.add(
        IdempotencyRecord(
            user_id=call.user_id,
            method=call.method,
            path=call.path,
            key=call.key,
            request_hash=call.request_hash,
            status=outcome.status,
            body=outcome.body,
            location=outcome.location,
        )
    )
    db.session.commit()


def abandon():
    """The call failed in a way that must not be stored (5xx): undo everything."""
    _current.set(None)
    db.session.rollback()


def _scope(call):
    return sa.select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == call.user_id,
        IdempotencyRecord.method == call.method,
        IdempotencyRecord.path == call.path,
        IdempotencyRecord.key == call.key,
    )


def purge_expired():
    """Drop records older than 24 hours; returns how many."""
    result = db.session.execute(
        sa.delete(IdempotencyRecord).where(IdempotencyRecord.created_at < clock.utcnow() - KEEP)
    )
    db.session.commit()
    return result.rowcount

"""The event store: the unit of work writes events here, consumers read them in commit order.

Commit order, not insert order: two transactions may insert events in one order and commit
in the other, and a reader that took "everything after seq N" between the two commits would
skip a row forever. So on PostgreSQL a transaction numbers its events only at its very end,
under a transaction-scoped advisory lock that it holds until COMMIT has made them visible
(PostgreSQL releases a transaction's locks after its commit is visible). The next
transaction gets the lock, and so higher numbers, only after that: whenever a reader sees
seq N, every seq below N that will ever exist is already visible. A rolled-back transaction
leaves a gap, never a late row. SQLite has one writer at a time, which gives the same.

Taking the lock is the last thing a change does, so it never waits while holding another.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from ulid import ULID

from server.extensions import db
from server.models import Event, EventConsumer

# Any fixed 64-bit number: the advisory lock that orders event-writing commits.
COMMIT_ORDER_LOCK = 0x5054_4F45_5645_4E54  # "PTOEVENT"


def new_id(occurred_at: datetime) -> str:
    return f"evt_{ULID.from_datetime(occurred_at)}"


def store(session, pending):
    """Add the `pending` events (Event rows without seq) to the session's transaction, in
    order, numbered in commit order. Called by the unit of work as its last write."""
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(COMMIT_ORDER_LOCK)))
    session.add_all(pending)
    session.flush()


def after(seq, limit, types=None):
    """Up to `limit` events with a seq above `seq`, oldest first."""
    stmt = sa.select(Event).where(Event.seq > seq).order_by(Event.seq).limit(limit)
    if types:
        stmt = stmt.where(Event.type.in_(types))
    return db.session.execute(stmt).scalars().all()


def consume(name, handle, limit=500):
    """One step of consumer `name`: the events after its position, handed to
    `handle(events)` in the caller's transaction, and the position moved past them. The
    consumer's row is locked (SKIP LOCKED), so two processes never handle the same events;
    the one that finds it locked handles nothing this time. Returns how many events were
    handled (the caller commits)."""
    insert = (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    db.session.execute(insert(EventConsumer).values(name=name, last_seq=0).on_conflict_do_nothing())
    position = db.session.execute(
        sa.select(EventConsumer)
        .where(EventConsumer.name == name)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if position is None:
        return 0  # another process is handling these events
    batch = after(position.last_seq, limit)
    if batch:
        handle(batch)
        position.last_seq = batch[-1].seq
    return len(batch)

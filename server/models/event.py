"""Domain events: one row per change, written by the unit of work in the change's own
transaction. Consumers (e-mail now; webhooks and the events API later) read them in
commit order by `seq` and keep their own position in `event_consumers`."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import JSONType, UTCDateTime


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        sa.Index("ix_events_occurred_at", "occurred_at"),
        sa.Index("ix_events_entity", "entity", "entity_id"),
    )

    # Commit order: a row's seq is assigned as its transaction commits, so a reader that has
    # seen seq N will never later find a row below N (see infra/events.py).
    seq: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    # The public id, "evt_" + a ULID (stable across retries and replays).
    id: Mapped[str] = mapped_column(sa.String(30), nullable=False, unique=True)
    # "<entity>.<verb>", the audit row's action (e.g. leave_request.approved).
    type: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # Who made the change; None for the system. Not a foreign key: an event outlives rows.
    actor_id: Mapped[int | None]
    entity: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    entity_id: Mapped[int] = mapped_column(nullable=False)
    # The thin payload (domain/events.py): ids, dates, amounts, statuses — never free text.
    data: Mapped[dict] = mapped_column(JSONType, nullable=False)


class EventConsumer(db.Model):
    """How far one consumer (e.g. "email") has read the events."""

    __tablename__ = "event_consumers"

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    last_seq: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)

"""The append-only audit trail: who changed what, when, from which value to which."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import JSONType, UTCDateTime, now


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index("ix_audit_events_entity", "entity", "entity_id"),
        sa.Index("ix_audit_events_actor_id", "actor_id"),
        sa.Index("ix_audit_events_at", "at", "id"),
    )

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=now)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Who acted, by name, for the trail as people read it (loaded with the row).
    actor = relationship("User", lazy="joined")
    action: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    entity: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    entity_id: Mapped[int] = mapped_column(nullable=False)
    changes: Mapped[dict] = mapped_column(JSONType, nullable=False, default=dict)

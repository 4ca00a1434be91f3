"""Idempotent writes: the first outcome of a call made with an `Idempotency-Key`, so a
retry gets the same answer instead of doing the change twice."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import JSONType, UTCDateTime, now


class IdempotencyRecord(db.Model):
    __tablename__ = "idempotency_records"
    __table_args__ = (
        # A key is scoped to the caller, the method and the path.
        sa.UniqueConstraint(
            "user_id", "method", "path", "key", name="uq_idempotency_records_scope"
        ),
        sa.Index("ix_idempotency_records_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    method: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    path: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    key: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    # SHA-256 of the request body in canonical JSON: a retry must send a JSON-equal body.
    request_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    status: Mapped[int] = mapped_column(nullable=False)
    body: Mapped[dict | None] = mapped_column(JSONType)
    location: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=now)

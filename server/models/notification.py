"""E-mail notifications and their delivery state: written from the events by the e-mail
consumer and delivered by `manage.py send-notifications`."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.domain.vocabulary import NOTIFICATION_STATUSES, QUEUED
from server.extensions import db
from server.models.base import UTCDateTime, now


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {NOTIFICATION_STATUSES!r}", name="status_known"),
        # The sender's question: which queued rows are due?
        sa.Index("ix_notifications_status_next_attempt_at", "status", "next_attempt_at"),
        sa.Index("ix_notifications_recipient_id", "recipient_id"),
        sa.Index("ix_notifications_leave_request_id", "leave_request_id"),
        sa.Index("ix_notifications_created_at", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True
    )
    event: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
    leave_request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("leave_requests.id"), nullable=False
    )
    # The event the message was written for (None for reminders, which are e-mail's own).
    event_id: Mapped[str | None] = mapped_column(sa.String(30))
    # Who the message is for: the request's "owner" or one of its "approvers" (the wording
    # differs).
    audience: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    # Who did what the message is about (None: the system). Not a foreign key: the message
    # names them, it does not depend on them.
    actor_id: Mapped[int | None]
    # The subject as queued, then as sent: the message is written when it is sent, from
    # the request as it stands then, in the recipient's language.
    subject: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default=QUEUED)
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(1000))
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=now)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient = relationship("User", lazy="joined", innerjoin=True)

"""Leave requests, and the days each one takes, as counted when it was made."""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.domain.vocabulary import DAYS, PENDING, REQUEST_STATUSES
from server.extensions import db
from server.models.base import Amount, JSONType, TimestampMixin, UTCDateTime


class LeaveRequest(TimestampMixin, db.Model):
    __tablename__ = "leave_requests"
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="end_after_start"),
        sa.CheckConstraint(
            "NOT (start_date = end_date AND start_half AND end_half)", name="not_both_halves"
        ),
        sa.CheckConstraint("days > 0", name="days_positive"),
        sa.CheckConstraint(f"status IN {REQUEST_STATUSES!r}", name="status_known"),
        # Lists sort by a date and break ties by id; a cursor page seeks to (date, id).
        sa.Index("ix_leave_requests_user_id_start_date", "user_id", "start_date", "id"),
        sa.Index("ix_leave_requests_status", "status"),
        sa.Index("ix_leave_requests_leave_type_id", "leave_type_id"),
        sa.Index("ix_leave_requests_start_date", "start_date", "id"),
        sa.Index("ix_leave_requests_end_date", "end_date"),
        sa.Index("ix_leave_requests_created_at", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
    leave_type_id: Mapped[int] = mapped_column(sa.ForeignKey("leave_types.id"), nullable=False)
    start_date: Mapped[dt.date] = mapped_column(nullable=False)
    end_date: Mapped[dt.date] = mapped_column(nullable=False)
    start_half: Mapped[bool] = mapped_column(nullable=False, default=False)
    end_half: Mapped[bool] = mapped_column(nullable=False, default=False)
    # What it deducts in its type's unit (the API's `amount`; `days` for day types), and
    # that unit (a type's unit never changes once it has a request).
    days: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    unit: Mapped[str] = mapped_column(
        sa.String(5), nullable=False, default=DAYS, server_default=DAYS
    )
    # Hour types: the hours taken on named dates instead of the whole day
    # ([{"date", "hours", "start_time"?}]), as asked.
    parts: Mapped[list | None] = mapped_column(JSONType)
    # What each date deducts and the hours scheduled on it ([{"date", "scheduled_hours",
    # "amount"}]), fixed with the amount; the day rows below carry the same amounts for sums.
    breakdown: Mapped[list] = mapped_column(JSONType, nullable=False, default=list)
    reason: Mapped[str | None] = mapped_column(sa.String(2000))
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default=PENDING)
    reviewer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(sa.String(2000))
    # How many times the dates changed: the iCal feed's SEQUENCE, so calendars update.
    date_revision: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    # When approvers were reminded of this pending request (once).
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    # The owner comes with the request (a list narrows that to the owner's name); the leave
    # type only where a use case needs it.
    user = relationship("User", foreign_keys=[user_id], lazy="joined", innerjoin=True)
    leave_type = relationship("LeaveType")

    def stored_parts(self):
        """The hour parts as a request body gives them: dates, Decimal hours, times."""
        return [
            {
                "date": dt.date.fromisoformat(part["date"]),
                "hours": Decimal(part["hours"]),
                "start_time": (
                    dt.time.fromisoformat(part["start_time"]) if "start_time" in part else None
                ),
            }
            for part in self.parts or ()
        ]

    day_rows: Mapped[list["LeaveDay"]] = relationship(
        cascade="all, delete-orphan", order_by="LeaveDay.date", lazy="select"
    )


class LeaveDay(db.Model):
    """What one date of a request deducts, in its type's unit. Balances and team absence sum
    these rows, so a request keeps what it was charged even if holidays or schedules change
    later."""

    __tablename__ = "leave_days"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.Index("ix_leave_days_date", "date"),
    )

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("leave_requests.id", ondelete="CASCADE"), primary_key=True
    )
    date: Mapped[dt.date] = mapped_column(primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Amount, nullable=False)

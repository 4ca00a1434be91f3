"""Manual corrections to a user's balance for one leave type and year."""

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.domain.vocabulary import MAX_YEAR, MIN_YEAR
from server.extensions import db
from server.models.base import Amount, TimestampMixin


class BalanceAdjustment(TimestampMixin, db.Model):
    __tablename__ = "balance_adjustments"
    __table_args__ = (
        sa.CheckConstraint("days <> 0", name="days_not_zero"),
        sa.CheckConstraint(f"year BETWEEN {MIN_YEAR} AND {MAX_YEAR}", name="year_sane"),
        sa.Index("ix_balance_adjustments_user_type_year", "user_id", "leave_type_id", "year"),
        sa.Index("ix_balance_adjustments_user_created_at", "user_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
    leave_type_id: Mapped[int] = mapped_column(sa.ForeignKey("leave_types.id"), nullable=False)
    year: Mapped[int] = mapped_column(nullable=False)
    days: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    reason: Mapped[str] = mapped_column(sa.String(500), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    leave_type = relationship("LeaveType")

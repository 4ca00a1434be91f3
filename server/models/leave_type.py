"""Kinds of leave (vacation, sick, ...) and how each one accrues and is checked."""

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.domain.vocabulary import (
    ACCRUALS,
    AVAILABILITIES,
    AWAY,
    DAY_WEIGHTINGS,
    DAYS,
    PER_DAY,
    PRIVATE,
    UNITS,
    VISIBILITIES,
    YEARLY,
)
from server.extensions import db
from server.models.base import Amount, TimestampMixin


class LeaveType(TimestampMixin, db.Model):
    __tablename__ = "leave_types"
    __table_args__ = (
        sa.CheckConstraint(f"accrual IN {ACCRUALS!r}", name="accrual_known"),
        sa.CheckConstraint(
            "yearly_allowance IS NULL OR yearly_allowance >= 0", name="allowance_not_negative"
        ),
        sa.CheckConstraint("carryover_max >= 0", name="carryover_not_negative"),
        sa.CheckConstraint("min_notice_days >= 0", name="notice_not_negative"),
        sa.CheckConstraint(f"unit IN {UNITS!r}", name="unit_known"),
        sa.CheckConstraint(f"day_weighting IN {DAY_WEIGHTINGS!r}", name="day_weighting_known"),
        sa.CheckConstraint(f"visibility IN {VISIBILITIES!r}", name="visibility_known"),
        sa.CheckConstraint(f"availability IN {AVAILABILITIES!r}", name="availability_known"),
        sa.CheckConstraint(
            "min_request_hours > 0 AND min_request_hours <= 24", name="min_request_hours_sane"
        ),
        sa.Index("ix_leave_types_is_active", "is_active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    code: Mapped[str] = mapped_column(sa.String(50), nullable=False, unique=True)
    color: Mapped[str] = mapped_column(sa.String(7), nullable=False, default="#4A90D9")
    paid: Mapped[bool] = mapped_column(nullable=False, default=True)
    requires_approval: Mapped[bool] = mapped_column(nullable=False, default=True)
    # NULL means unlimited: nothing is counted against a balance.
    yearly_allowance: Mapped[Decimal | None] = mapped_column(Amount)
    accrual: Mapped[str] = mapped_column(sa.String(10), nullable=False, default=YEARLY)
    carryover_max: Mapped[Decimal] = mapped_column(Amount, nullable=False, default=Decimal(0))
    allow_negative: Mapped[bool] = mapped_column(nullable=False, default=False)
    allow_past: Mapped[bool] = mapped_column(nullable=False, default=False)
    min_notice_days: Mapped[int] = mapped_column(nullable=False, default=0)
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)
    # What its amounts are counted in (`days` or `hours`); fixed once the type is used.
    unit: Mapped[str] = mapped_column(
        sa.String(5), nullable=False, default=DAYS, server_default=DAYS
    )
    # Day types: a working day is 1 (`per_day`) or its hours over the person's average
    # working day (`by_hours`).
    day_weighting: Mapped[str] = mapped_column(
        sa.String(8), nullable=False, default=PER_DAY, server_default=PER_DAY
    )
    allow_half_days: Mapped[bool] = mapped_column(
        nullable=False, default=True, server_default=sa.true()
    )
    visibility: Mapped[str] = mapped_column(
        sa.String(7), nullable=False, default=PRIVATE, server_default=PRIVATE
    )
    availability: Mapped[str] = mapped_column(
        sa.String(9), nullable=False, default=AWAY, server_default=AWAY
    )
    # Hour types: the fewest hours a request may take.
    min_request_hours: Mapped[Decimal] = mapped_column(
        sa.Numeric(4, 2), nullable=False, default=Decimal("0.25"), server_default="0.25"
    )

    @property
    def unlimited(self):
        return self.yearly_allowance is None

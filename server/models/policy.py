"""Leave policies: how a leave type's amounts work, in versions over time, and who follows
which policy when."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import db
from server.models.base import JSONType, TimestampMixin, UTCDateTime, now


class Policy(TimestampMixin, db.Model):
    """A named policy of one leave type. Its versions say how it works from each
    `effective_from` on; a leave type's *default* policy applies to everyone without an
    assignment of that type."""

    __tablename__ = "policies"
    __table_args__ = (
        sa.Index("ix_policies_leave_type_id", "leave_type_id"),
        # At most one default policy per leave type.
        sa.Index(
            "uq_policies_default_per_type",
            "leave_type_id",
            unique=True,
            postgresql_where=sa.text("is_default"),
            sqlite_where=sa.text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    leave_type_id: Mapped[int] = mapped_column(sa.ForeignKey("leave_types.id"), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)
    is_default: Mapped[bool] = mapped_column(nullable=False, default=False)

    versions = relationship(
        "PolicyVersion",
        order_by="(PolicyVersion.effective_from, PolicyVersion.id)",
        back_populates="policy",
    )


class PolicyVersion(db.Model):
    """A frozen body in force from `effective_from` until the policy's next version (a
    later version with the same `effective_from` replaces it). Never edited."""

    __tablename__ = "policy_versions"
    __table_args__ = (sa.Index("ix_policy_versions_policy_from", "policy_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(sa.ForeignKey("policies.id"), nullable=False)
    effective_from: Mapped[dt.date] = mapped_column(nullable=False)
    body: Mapped[dict] = mapped_column(JSONType, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=now)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    policy = relationship("Policy", back_populates="versions")


class PolicyAssignment(db.Model):
    """From `effective_from` through `effective_to` (open when NULL) the user follows
    `policy_id` for its leave type."""

    __tablename__ = "policy_assignments"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "leave_type_id", "effective_from"),
        sa.CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from", name="period_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    leave_type_id: Mapped[int] = mapped_column(sa.ForeignKey("leave_types.id"), nullable=False)
    policy_id: Mapped[int] = mapped_column(sa.ForeignKey("policies.id"), nullable=False)
    effective_from: Mapped[dt.date] = mapped_column(nullable=False)
    effective_to: Mapped[dt.date | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=now)

"""The ledger: every change to a person's balance of a leave type, as an entry that is
never changed or removed (a database trigger refuses both). A mistake is undone by an
entry whose `reverses_id` names it and whose amount is its negation."""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.domain.vocabulary import LEDGER_KINDS, MAX_YEAR, MIN_YEAR, UNITS
from server.extensions import db
from server.models.base import Amount, UTCDateTime, now


class LedgerEntry(db.Model):
    """`amount` is in `unit`, the leave type's; `leave_year` the label of the leave year it
    belongs to. `cause_type`/`cause_id`/`cause_period` say what wrote it (a request, an
    adjustment, a policy version and the period it credits). `job_key` is set on entries a
    job or a rule writes and names them once: the same fact never writes twice, however
    many processes try."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN {LEDGER_KINDS!r}", name="kind_known"),
        sa.CheckConstraint(f"unit IN {UNITS!r}", name="unit_known"),
        sa.CheckConstraint(f"leave_year BETWEEN {MIN_YEAR} AND {MAX_YEAR}", name="year_sane"),
        sa.Index("ix_ledger_entries_user_date", "user_id", "effective_date", "id"),
        sa.Index("ix_ledger_entries_user_type_year", "user_id", "leave_type_id", "leave_year"),
        sa.Index("ix_ledger_entries_cause", "cause_type", "cause_id"),
        # Balances sum each person's adjustments and credits for hours worked: found without
        # reading their other entries.
        sa.Index(
            "ix_ledger_entries_summed",
            "user_id",
            "leave_type_id",
            "leave_year",
            postgresql_where=sa.text("cause_type IN ('adjustment', 'hours_worked')"),
            sqlite_where=sa.text("cause_type IN ('adjustment', 'hours_worked')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False)
    leave_type_id: Mapped[int] = mapped_column(sa.ForeignKey("leave_types.id"), nullable=False)
    unit: Mapped[str] = mapped_column(sa.String(5), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    effective_date: Mapped[dt.date] = mapped_column(nullable=False)
    leave_year: Mapped[int] = mapped_column(nullable=False)
    cause_type: Mapped[str | None] = mapped_column(sa.String(20))
    cause_id: Mapped[int | None] = mapped_column()
    cause_period: Mapped[str | None] = mapped_column(sa.String(32))
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    reverses_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ledger_entries.id"), unique=True)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=now)
    job_key: Mapped[str | None] = mapped_column(sa.String(120), unique=True)

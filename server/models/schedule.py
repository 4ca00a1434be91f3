"""Work schedules: the hours a person works on each weekday, from a date on."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.domain.schedule import DEFAULT_DAY_START
from server.extensions import db
from server.models.base import JSONType, TimestampMixin


class WorkSchedule(TimestampMixin, db.Model):
    """Applies from `effective_from` until the user's next schedule. `weeks` is a cycle of
    1 to 4 weeks of 7 hour counts (Monday first, as strings of decimals), anchored on the
    Monday `cycle_anchor`."""

    __tablename__ = "work_schedules"
    __table_args__ = (sa.UniqueConstraint("user_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    effective_from: Mapped[dt.date] = mapped_column(nullable=False)
    cycle_anchor: Mapped[dt.date] = mapped_column(nullable=False)
    weeks: Mapped[list] = mapped_column(JSONType, nullable=False)
    day_start: Mapped[dt.time] = mapped_column(nullable=False, default=DEFAULT_DAY_START)

"""Company holidays, and which public holidays count per region (the public holidays
themselves come from the `holidays` package, not the database)."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import JSONType, TimestampMixin


class CompanyHoliday(TimestampMixin, db.Model):
    __tablename__ = "holidays"
    __table_args__ = (sa.Index("ix_holidays_date", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    # NULL: a holiday for everyone; otherwise only for users in this country, and with a
    # subdivision only for users in that part of it.
    country: Mapped[str | None] = mapped_column(sa.String(2))
    subdivision: Mapped[str | None] = mapped_column(sa.String(10))


# One company holiday per date and scope; COALESCE makes "everyone" a scope of its own.
sa.Index(
    "uq_holidays_date_scope",
    CompanyHoliday.date,
    sa.func.coalesce(CompanyHoliday.country, ""),
    sa.func.coalesce(CompanyHoliday.subdivision, ""),
    unique=True,
)


class HolidayCalendar(TimestampMixin, db.Model):
    """HR's settings for the public holidays of one region (`US`, `US-CA`): which of the
    `holidays` package's categories count, and single holidays that do not."""

    __tablename__ = "holiday_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(sa.String(13), nullable=False, unique=True)
    categories: Mapped[list] = mapped_column(JSONType, nullable=False)
    # [{"name": "Cesar Chavez Day"} | {"date": "2027-11-26"}]
    excluded: Mapped[list] = mapped_column(JSONType, nullable=False, default=list)

"""Company holidays (public ones come from the `holidays` package, not the database)."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import TimestampMixin


class CompanyHoliday(TimestampMixin, db.Model):
    __tablename__ = "holidays"
    __table_args__ = (sa.Index("ix_holidays_date", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    # NULL: a holiday for everyone; otherwise only for users in this country.
    country: Mapped[str | None] = mapped_column(sa.String(2))


# One company holiday per date and scope; COALESCE makes "everyone" a scope of its own.
sa.Index(
    "uq_holidays_date_country",
    CompanyHoliday.date,
    sa.func.coalesce(CompanyHoliday.country, ""),
    unique=True,
)

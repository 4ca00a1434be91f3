"""Column types and mixins shared by the models."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from server import clock

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class json_list(FunctionElement):  # lower case, as it is used like sa.func.*
    """An aggregate: a column's values over the group as a list ([] for none), read back
    as a Python list. In a correlated subquery it puts a row's children into the row's own
    statement (a users page with each one's roles, in one query)."""

    type = sa.JSON()
    inherit_cache = True


@compiles(json_list, "postgresql")
def _json_list_postgresql(element, compiler, **kw):
    return f"coalesce(json_agg({compiler.process(element.clauses, **kw)}), '[]'::json)"


@compiles(json_list, "sqlite")
def _json_list_sqlite(element, compiler, **kw):
    return f"json_group_array({compiler.process(element.clauses, **kw)})"


# An amount of leave in its type's unit (days or hours): NUMERIC with two decimals (16.8
# days of a part-timer's entitlement, 37.25 hours, 0.6 of a by-hours day).
Amount = sa.Numeric(8, 2)


def now():
    # Looked up at call time, so a test that moves the clock moves the timestamps too.
    return clock.utcnow()


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=now)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=now, onupdate=now
    )

"""Holiday calendars: HR decides, per country or subdivision, which of the `holidays`
package's categories count as days off and which single holidays do not
(`domain/holiday_calendar.py` has the rules). Counting, preview, the calendar, the feeds
and /holidays use the result from the next request on; requests already made keep the days
they were charged (as with company holidays)."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from server.domain import holiday_calendar as calendar
from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.infra.unit_of_work import UnitOfWork
from server.models import HolidayCalendar
from server.services.holiday_service import (
    calendar_settings,
    check_region,
    supported_categories,
)


@dataclass(frozen=True)
class CalendarView:
    region: str
    categories: tuple
    excluded: list
    own: bool
    follows: str | None
    available_categories: tuple
    updated_at: datetime | None


def get_calendar(region):
    country, subdivision = _region(region)
    return _view(country, subdivision)


def put_calendar(actor, region, read_body):
    """Set a region's own settings (a subdivision's replace its country's for it)."""
    country, subdivision = _region(region)
    with UnitOfWork(actor) as uow:
        data = read_body()
        categories = _checked_categories(country, subdivision, data["categories"])
        excluded = _checked_excluded(data.get("excluded", []))
        code = calendar.region_code(country, subdivision)
        row = _stored(code)
        if row is None:
            row = HolidayCalendar(region=code, categories=categories, excluded=excluded)
            uow.add(row, "holiday_calendar", ("region", "categories", "excluded"))
        else:
            changes = {
                name: (getattr(row, name), new)
                for name, new in (("categories", categories), ("excluded", excluded))
                if getattr(row, name) != new
            }
            row.categories, row.excluded = categories, excluded
            if changes:
                uow.record("updated", "holiday_calendar", row, changes)
        uow.commit()
    return _view(country, subdivision)


def delete_calendar(actor, region):
    """Drop a region's own settings: it follows its country's (or the defaults) again."""
    country, subdivision = _region(region)
    code = calendar.region_code(country, subdivision)
    with UnitOfWork(actor) as uow:
        row = _stored(code)
        if row is None:
            raise NotFound(f"{code} has no holiday calendar of its own.")
        changes = {"categories": (row.categories, None), "excluded": (row.excluded, None)}
        uow.record("deleted", "holiday_calendar", row, changes)
        db.session.delete(row)
        uow.commit()


def _region(region):
    """(country, subdivision) of a region code; 404 for one the package does not know."""
    country, subdivision = calendar.split_region(region.strip().upper())
    try:
        return check_region(country, subdivision)
    except ValidationFailed:
        raise NotFound(f"There is no holiday calendar for {region}.") from None


def _stored(code):
    return db.session.execute(
        sa.select(HolidayCalendar).where(HolidayCalendar.region == code)
    ).scalar_one_or_none()


def _view(country, subdivision):
    code = calendar.region_code(country, subdivision)
    stored = calendar_settings([country, code])
    settings = calendar.settings_for(country, subdivision, stored)
    row = _stored(settings.region) if settings.own else None
    return CalendarView(
        region=code,
        categories=settings.categories,
        excluded=row.excluded if row is not None else [],
        own=settings.region == code and settings.own,
        follows=None if settings.region == code or not settings.own else settings.region,
        available_categories=supported_categories(country, subdivision),
        updated_at=row.updated_at if row is not None else None,
    )


def _checked_categories(country, subdivision, categories):
    available = supported_categories(country, subdivision)
    unknown = [c for c in categories if c not in available]
    if unknown:
        message = f"{', '.join(unknown)}: not a category here (one of: {', '.join(available)})"
        raise ValidationFailed(f"categories {message}", errors={"categories": message})
    return sorted(set(categories))


def _checked_excluded(excluded):
    """[{"name": …} | {"date": "YYYY-MM-DD"}] (one key each, as the schema says), without
    repeats."""
    found = []
    for entry in excluded:
        ((key, value),) = entry.items()
        value = value.isoformat() if key == "date" else value
        if {key: value} not in found:
            found.append({key: value})
    return found

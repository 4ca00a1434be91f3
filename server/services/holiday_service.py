"""Holidays: public ones from the `holidays` package, company ones from the database."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays as holidays_lib
import sqlalchemy as sa

from server import clock
from server.errors import Conflict, ValidationFailed
from server.extensions import db
from server.infra.lookups import get_or_404
from server.infra.unit_of_work import UnitOfWork, apply_changes
from server.models import CompanyHoliday


@lru_cache(maxsize=1)
def _regions():
    """{COUNTRY: {SUBDIVISION_UPPER: subdivision}} as the package supports them. Only the
    alpha-2 codes: the package also answers to alpha-3 ones, but we store alpha-2."""
    return {
        country.upper(): {sub.upper(): sub for sub in subdivisions}
        for country, subdivisions in holidays_lib.list_supported_countries().items()
        if len(country) == 2
    }


def check_region(country, subdivision):
    """Normalised (country, subdivision); ValidationFailed if the package doesn't know them."""
    errors = {}
    if country is not None:
        country = country.strip().upper()
        if country not in _regions():
            errors["country"] = "is not a country the holiday calendar supports (ISO 3166 alpha-2)"
    if subdivision is not None and not errors:
        if country is None:
            errors["subdivision"] = "needs a country"
        else:
            known = _regions()[country]
            subdivision = known.get(subdivision.strip().upper())
            if subdivision is None:
                errors["subdivision"] = f"is not a subdivision of {country}" + (
                    f" (one of: {', '.join(sorted(known.values()))})" if known else ""
                )
    if errors:
        raise ValidationFailed(next(f"{k} {v}" for k, v in errors.items()), errors=errors)
    return country, subdivision


@lru_cache(maxsize=2048)
def public_holidays(country, subdivision, year):
    """((date, name), ...) for one country, subdivision and year, observed days included.
    Cached per process: the package's data does not change while we run."""
    if country is None:
        return ()
    calendar = holidays_lib.country_holidays(country, subdiv=subdivision, years=year)
    return tuple(sorted((day, name) for day, name in calendar.items() if day.year == year))


def _company_holidays_stmt(country, start, end):
    scope = CompanyHoliday.country.is_(None)
    if country is not None:
        scope = sa.or_(scope, CompanyHoliday.country == country)
    return (
        sa.select(CompanyHoliday)
        .where(scope, CompanyHoliday.date.between(start, end))
        .order_by(CompanyHoliday.date, CompanyHoliday.id)
    )


def public_holidays_between(country, subdivision, start, end):
    """(date, name) of the public holidays of a region from start to end, both included."""
    for year in range(start.year, end.year + 1):
        for day, name in public_holidays(country, subdivision, year):
            if start <= day <= end:
                yield day, name


def holidays_between(country, subdivision, start, end):
    """{date: name} of every public and company holiday from start to end, both included,
    for someone in `country`/`subdivision`."""
    found = dict(public_holidays_between(country, subdivision, start, end))
    for holiday in db.session.execute(_company_holidays_stmt(country, start, end)).scalars():
        found[holiday.date] = (
            f"{found[holiday.date]}; {holiday.name}" if holiday.date in found else holiday.name
        )
    return found


@dataclass(frozen=True)
class HolidayEntry:
    date: date
    name: str
    source: str  # "public" | "company"
    id: int | None = None


def list_holidays(actor, year=None, country=None, subdivision=None):
    """Every holiday of `year` (default: the caller's current year) for a region (default:
    the caller's own), sorted by date."""
    if year is None:
        year = clock.today_in(actor.timezone).year
    if country is None:
        # Nothing asked: the caller's own region; a subdivision alone: in their country.
        country, subdivision = actor.country, subdivision or actor.subdivision
    country, subdivision = check_region(country, subdivision)
    entries = [
        HolidayEntry(day, name, "public")
        for day, name in public_holidays(country, subdivision, year)
    ]
    start, end = date(year, 1, 1), date(year, 12, 31)
    for holiday in db.session.execute(_company_holidays_stmt(country, start, end)).scalars():
        entries.append(HolidayEntry(holiday.date, holiday.name, "company", holiday.id))
    return sorted(entries, key=lambda e: (e.date, e.source != "public", e.name))


FIELDS = ("date", "name", "country")


def get_company_holiday(holiday_id):
    return get_or_404(CompanyHoliday, holiday_id, "company holiday")


def create_company_holiday(actor, data):
    with UnitOfWork(actor) as uow:
        country, _ = check_region(data.get("country"), None)
        holiday = CompanyHoliday(date=data["date"], name=data["name"], country=country)
        _ensure_unique(holiday)
        uow.add(holiday, "holiday", FIELDS)
        uow.commit()
    return holiday


def update_company_holiday(actor, holiday_id, read_body):
    with UnitOfWork(actor) as uow:
        holiday = get_company_holiday(holiday_id)
        data = read_body()
        if "country" in data:
            data = {**data, "country": check_region(data["country"], None)[0]}
        changes = apply_changes(holiday, data)
        if changes:
            _ensure_unique(holiday)
            uow.record("updated", "holiday", holiday, changes)
        uow.commit()
    return holiday


def delete_company_holiday(actor, holiday_id):
    with UnitOfWork(actor) as uow:
        holiday = get_company_holiday(holiday_id)
        changes = {k: (getattr(holiday, k), None) for k in FIELDS}
        uow.record("deleted", "holiday", holiday, changes)
        db.session.delete(holiday)
        uow.commit()


def _ensure_unique(holiday):
    clash = db.session.execute(
        sa.select(CompanyHoliday.id).where(
            CompanyHoliday.date == holiday.date,
            sa.func.coalesce(CompanyHoliday.country, "") == (holiday.country or ""),
            CompanyHoliday.id != holiday.id if holiday.id else sa.true(),
        )
    ).first()
    if clash:
        scope = holiday.country or "everyone"
        raise Conflict(f"There is already a company holiday on {holiday.date} for {scope}.")

"""Holidays: public ones from the `holidays` package, company ones from the database."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays as holidays_lib
import sqlalchemy as sa

from server import clock
from server.domain import holiday_calendar as calendar
from server.errors import Conflict, ValidationFailed
from server.extensions import db
from server.infra.lookups import get_or_404
from server.infra.unit_of_work import UnitOfWork
from server.models import CompanyHoliday, HolidayCalendar


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
def _package_days(country, subdivision, year, categories):
    """((date, (name, ...)), ...) as the `holidays` package lists one region's year in
    these categories, observed days included. Cached per process: the package's data does
    not change while we run (HR's settings are applied afterwards, never cached)."""
    calendar = holidays_lib.country_holidays(
        country, subdiv=subdivision, years=year, categories=categories
    )
    return tuple(
        sorted((day, tuple(calendar.get_list(day))) for day in calendar if day.year == year)
    )


@lru_cache(maxsize=512)
def supported_categories(country, subdivision=None):
    return tuple(
        sorted(holidays_lib.country_holidays(country, subdiv=subdivision).supported_categories)
    )


def calendar_settings(regions):
    """{region code: CalendarSettings} stored for these regions (one query; regions
    without settings are left out)."""
    rows = db.session.execute(
        sa.select(HolidayCalendar).where(HolidayCalendar.region.in_(sorted(set(regions))))
    ).scalars()
    return {row.region: _settings_of(row) for row in rows}


def _settings_of(row):
    return calendar.CalendarSettings(
        region=row.region,
        categories=tuple(row.categories),
        excluded_names=frozenset(e["name"] for e in row.excluded if "name" in e),
        excluded_dates=frozenset(
            date.fromisoformat(e["date"]) for e in row.excluded if "date" in e
        ),
        own=True,
    )


def settings_for(country, subdivision):
    """The CalendarSettings in force for people in `country`/`subdivision` (one query)."""
    regions = [country, calendar.region_code(country, subdivision)]
    return calendar.settings_for(country, subdivision, calendar_settings(regions))


def public_days(country, subdivision, start, end, settings):
    """The package's holidays of a region from start to end under HR's `settings`, each a
    DayOff (`excluded` for the ones switched off)."""
    if country is None:
        return []
    found = []
    for year in range(start.year, end.year + 1):
        days = _package_days(country, subdivision, year, settings.categories)
        found += [d for d in calendar.holidays_counted(days, settings) if start <= d.date <= end]
    return found


def public_holidays(country, subdivision, year, settings=None):
    """((date, name), ...) that count in a region's year under `settings` (default: the
    package's `public` category, nothing excluded — what a region without a calendar of its
    own gets)."""
    settings = settings or calendar.CalendarSettings(calendar.region_code(country, subdivision))
    start, end = date(year, 1, 1), date(year, 12, 31)
    return tuple(public_holidays_between(country, subdivision, start, end, settings))


def public_holidays_between(country, subdivision, start, end, settings):
    """(date, name) of the public holidays that count in a region from start to end."""
    for day in public_days(country, subdivision, start, end, settings):
        if not day.excluded:
            yield day.date, day.name


def _company_scope(country, subdivision):
    """Company holidays for someone in `country`/`subdivision`: everyone's, their
    country's, and their subdivision's."""
    scope = CompanyHoliday.country.is_(None)
    if country is not None:
        theirs = sa.or_(
            CompanyHoliday.subdivision.is_(None), CompanyHoliday.subdivision == subdivision
        )
        scope = sa.or_(scope, sa.and_(CompanyHoliday.country == country, theirs))
    return scope


def _company_holidays_stmt(country, subdivision, start, end):
    return (
        sa.select(CompanyHoliday)
        .where(_company_scope(country, subdivision), CompanyHoliday.date.between(start, end))
        .order_by(CompanyHoliday.date, CompanyHoliday.id)
    )


def holidays_between(country, subdivision, start, end):
    """{date: name} of every public and company holiday from start to end, both included,
    for someone in `country`/`subdivision` (two queries: HR's settings for the region, the
    company holidays)."""
    settings = settings_for(country, subdivision) if country else None
    found = dict(public_holidays_between(country, subdivision, start, end, settings))
    for holiday in db.session.execute(
        _company_holidays_stmt(country, subdivision, start, end)
    ).scalars():
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
    excluded: bool = False


def list_holidays(actor, read_args):
    """Every holiday of `year` (default: the caller's current year) for a region (default:
    the caller's own), sorted by date. Admins may ask for the public holidays HR switched
    off too (`include_excluded`, marked `excluded`)."""
    args = read_args()
    year, country, subdivision = args.get("year"), args.get("country"), args.get("subdivision")
    if year is None:
        year = clock.today_in(actor.timezone).year
    if country is None:
        # Nothing asked: the caller's own region; a subdivision alone: in their country.
        country, subdivision = actor.country, subdivision or actor.subdivision
    country, subdivision = check_region(country, subdivision)
    start, end = date(year, 1, 1), date(year, 12, 31)
    with_excluded = bool(args.get("include_excluded")) and actor.is_admin
    entries = []
    if country is not None:
        settings = settings_for(country, subdivision)
        entries = [
            HolidayEntry(d.date, d.name, "public", excluded=d.excluded)
            for d in public_days(country, subdivision, start, end, settings)
            if with_excluded or not d.excluded
        ]
    for holiday in db.session.execute(
        _company_holidays_stmt(country, subdivision, start, end)
    ).scalars():
        entries.append(HolidayEntry(holiday.date, holiday.name, "company", holiday.id))
    return sorted(entries, key=lambda e: (e.date, e.source != "public", e.excluded, e.name))


FIELDS = ("date", "name", "country", "subdivision")


def get_company_holiday(holiday_id):
    return get_or_404(CompanyHoliday, holiday_id, "company holiday")


def create_company_holiday(actor, data):
    with UnitOfWork(actor) as uow:
        country, subdivision = check_region(data.get("country"), data.get("subdivision"))
        holiday = CompanyHoliday(
            date=data["date"], name=data["name"], country=country, subdivision=subdivision
        )
        _ensure_unique(holiday)
        uow.add(holiday, "holiday", FIELDS)
        uow.commit()
    return holiday


def update_company_holiday(actor, holiday_id, read_body):
    with UnitOfWork(actor) as uow:
        holiday = get_company_holiday(holiday_id)
        data = read_body()
        if data.keys() & {"country", "subdivision"}:
            country = data.get("country", holiday.country)
            subdivision = data.get(
                "subdivision", holiday.subdivision if "country" not in data else None
            )
            country, subdivision = check_region(country, subdivision)
            data = {**data, "country": country, "subdivision": subdivision}
        uow.update(holiday, "holiday", data, check=lambda: _ensure_unique(holiday))
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
            sa.func.coalesce(CompanyHoliday.subdivision, "") == (holiday.subdivision or ""),
            CompanyHoliday.id != holiday.id if holiday.id else sa.true(),
        )
    ).first()
    if clash:
        scope = (
            calendar.region_code(holiday.country, holiday.subdivision)
            if holiday.country
            else "everyone"
        )
        raise Conflict(f"There is already a company holiday on {holiday.date} for {scope}.")

"""Reference data for pickers: the countries and subdivisions the holiday calendar knows, and
time zones. Read from the `holidays` and `pytz` packages, whose data never changes while the
process runs, so each list is built once per process."""

from dataclasses import dataclass
from functools import cache

import holidays as holidays_lib
import pytz


@dataclass(frozen=True)
class Subdivision:
    code: str
    name: str


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    subdivisions: tuple[Subdivision, ...]


@cache
def list_countries():
    """Every country the `holidays` package supports by its ISO 3166 alpha-2 code (the
    package also answers to alpha-3 aliases, which we never store), sorted by name."""
    countries = [
        _country(code, subdivisions)
        for code, subdivisions in holidays_lib.list_supported_countries(
            include_aliases=False
        ).items()
        if len(code) == 2
    ]
    return tuple(sorted(countries, key=lambda c: (c.name.casefold(), c.code)))


@cache
def list_timezones():
    """pytz's common time zones (the IANA names people pick from), sorted."""
    return tuple(sorted(pytz.common_timezones))


def _country(code, subdivision_codes):
    calendar = holidays_lib.country_holidays(code)
    aliases = calendar.get_subdivision_aliases()
    subdivisions = tuple(
        Subdivision(sub, _subdivision_name(sub, aliases.get(sub, ()))) for sub in subdivision_codes
    )
    return Country(code, _country_name(type(calendar), code), subdivisions)


def _country_name(calendar_class, code):
    """The package names a country only in its class's docstring ("Germany holidays.");
    fall back to the code where a class has none."""
    for cls in calendar_class.__mro__:
        first_line = (cls.__doc__ or "").strip().splitlines()[:1]
        if first_line and first_line[0].endswith(" holidays."):
            return first_line[0].removesuffix(" holidays.").removesuffix(" (the)")
    return code


def _subdivision_name(code, aliases):
    """The first alias that is a name rather than another code ("Guadeloupe", not "GP")."""
    return next((alias for alias in aliases if any(ch.islower() for ch in alias)), code)

"""Which public holidays count for people in a region: HR's choice of the `holidays`
package's categories, and single holidays switched off by name (every year) or by date.
Pure: the service loads the stored settings and the package's lists.

A region is a country (`US`) or a subdivision (`US-CA`). A subdivision with settings of its
own uses them; one without uses its country's; a country without any uses the package's
default category (`public`) with nothing excluded. A subdivision's own settings replace its
country's — they are not merged.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

DEFAULT_CATEGORIES = ("public",)
# How the `holidays` package joins the names of holidays that fall on one date.
NAME_SEPARATOR = "; "


def region_code(country: str, subdivision: str | None = None) -> str:
    return f"{country}-{subdivision}" if subdivision else country


def split_region(region: str) -> tuple[str, str | None]:
    country, _, subdivision = region.partition("-")
    return country, subdivision or None


@dataclass(frozen=True)
class CalendarSettings:
    region: str
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    excluded_names: frozenset[str] = field(default_factory=frozenset)
    excluded_dates: frozenset[date] = field(default_factory=frozenset)
    # Whether these are the region's own settings (else its country's, or the default).
    own: bool = False

    def excludes(self, day: date, name: str) -> bool:
        return day in self.excluded_dates or name in self.excluded_names


def settings_for(
    country: str, subdivision: str | None, stored: Mapping[str, CalendarSettings]
) -> CalendarSettings:
    """The settings in force for people in `country`/`subdivision`, from the `stored` ones
    (by region code)."""
    for region in (region_code(country, subdivision), country):
        if region in stored:
            return stored[region]
    return CalendarSettings(country)


@dataclass(frozen=True)
class DayOff:
    date: date
    name: str
    excluded: bool = False


def holidays_counted(
    days: Iterable[tuple[date, Sequence[str]]], settings: CalendarSettings
) -> list[DayOff]:
    """The package's holidays (date, names on that date) under `settings`: each date with
    the names that still count (joined as the package joins them), and — as `excluded` —
    what was switched off. A date stays a holiday while any of its names counts."""
    found = []
    for day, names in days:
        kept = [name for name in names if not settings.excludes(day, name)]
        dropped = [name for name in names if settings.excludes(day, name)]
        if kept:
            found.append(DayOff(day, NAME_SEPARATOR.join(kept)))
        if dropped:
            found.append(DayOff(day, NAME_SEPARATOR.join(dropped), excluded=True))
    return found

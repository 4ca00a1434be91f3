"""Shapes for /holidays."""

from server.dto import fields
from server.dto.common import OneFieldModel, items_of
from server.dto.model import Model

holiday = Model(
    "Holiday",
    {
        "date": fields.Date(required=True, description="The day off"),
        "name": fields.String(
            required=True,
            description="The holiday's name (several on one day are joined with `; `)",
        ),
        "source": fields.String(
            required=True,
            enum=["public", "company"],
            enum_name="HolidaySource",
            description="`public`: from the `holidays` package for the country and "
            "subdivision; `company`: set by an admin",
        ),
        "id": fields.Integer(description="Company holidays only: the id to PATCH or DELETE"),
        "excluded": fields.Boolean(
            description="Present (true) only on a public holiday HR switched off for this "
            "region: listed for admins asking `include_excluded=true`; it is not a day off",
        ),
    },
)
holiday_list = items_of(holiday)

company_holiday = Model(
    "CompanyHoliday",
    {
        "id": fields.Integer(required=True, readonly=True, description="The holiday's id"),
        "date": fields.Date(required=True, description="The day off"),
        "name": fields.String(required=True, description="Shown in calendars and lists"),
        "country": fields.String(
            required=True,
            nullable=True,
            description="ISO 3166 alpha-2: a holiday for the people of this country; null: "
            "for everyone",
        ),
        "subdivision": fields.String(
            required=True,
            nullable=True,
            description="With a country: only for the people of this part of it (a state, a "
            "Land); null: the whole country",
        ),
    },
)

_country = fields.String(
    nullable=True,
    max_length=2,
    description="ISO 3166 alpha-2 code of the country whose people get the day off; null or "
    "absent: everyone",
    example="DE",
)
_subdivision = fields.String(
    nullable=True,
    max_length=10,
    description="With `country`: only the people of this subdivision get the day off (as the "
    "`holidays` package names it, e.g. `BY`); null or absent: the whole country",
    example="BY",
)
company_holiday_create = Model(
    "CompanyHolidayCreate",
    {
        "date": fields.Date(required=True, description="The day off", example="2026-12-24"),
        "name": fields.Name(
            required=True, description="Shown in calendars and lists", example="Company shutdown"
        ),
        "country": _country,
        "subdivision": _subdivision,
    },
)
company_holiday_update = Model(
    "CompanyHolidayUpdate",
    {
        "date": fields.Date(description="The new date"),
        "name": fields.Name(description="The new name"),
        "country": _country,
        "subdivision": _subdivision,
    },
)

excluded_holiday = OneFieldModel(
    "ExcludedHoliday",
    {
        "name": fields.Name(
            description="A holiday's name exactly as the `holidays` package spells it: off in "
            "every year",
            example="Cesar Chavez Day",
        ),
        "date": fields.Date(description="One date whose public holiday does not count"),
    },
)
holiday_calendar = Model(
    "HolidayCalendar",
    {
        "region": fields.String(
            required=True, description="A country (`US`) or a subdivision (`US-CA`)"
        ),
        "categories": fields.List(
            fields.String,
            required=True,
            description="The `holidays` package's categories that count as days off",
        ),
        "excluded": fields.List(
            fields.Nested(excluded_holiday),
            required=True,
            description="Single public holidays that do not count, by name or by date",
        ),
        "own": fields.Boolean(
            required=True,
            description="true: the region's own settings; false: it follows `follows`",
        ),
        "follows": fields.String(
            required=True,
            nullable=True,
            description="Whose settings a region without its own uses: its country's code, "
            "or null for the package's defaults (category `public`, nothing excluded)",
        ),
        "available_categories": fields.List(
            fields.String,
            required=True,
            description="Every category the `holidays` package has for this region",
        ),
        "updated_at": fields.DateTime(
            required=True, nullable=True, description="When HR last changed it; null: never"
        ),
    },
)
holiday_calendar_update = Model(
    "HolidayCalendarUpdate",
    {
        "categories": fields.List(
            fields.String(max_length=32),
            required=True,
            max_items=20,
            unique=True,
            description='The categories that count (see `available_categories`), e.g. `["public"]`',
            example=["public"],
        ),
        "excluded": fields.List(
            fields.Nested(excluded_holiday),
            max_items=200,
            description='Single public holidays that do not count: `{"name": …}` (every '
            'year) or `{"date": …}` (one day), one key each; default none',
            example=[{"name": "Cesar Chavez Day"}],
        ),
    },
)


def holiday_json(entry):
    body = {"date": entry.date.isoformat(), "name": entry.name, "source": entry.source}
    if entry.id is not None:
        body["id"] = entry.id
    if entry.excluded:
        body["excluded"] = True
    return body


def company_holiday_json(h):
    return {
        "id": h.id,
        "date": h.date.isoformat(),
        "name": h.name,
        "country": h.country,
        "subdivision": h.subdivision,
    }


def holiday_calendar_json(view):
    return {
        "region": view.region,
        "categories": list(view.categories),
        "excluded": view.excluded,
        "own": view.own,
        "follows": view.follows,
        "available_categories": list(view.available_categories),
        "updated_at": view.updated_at.isoformat() if view.updated_at else None,
    }

"""Shapes for /holidays."""

from flask_restx import Model

from server.dto import fields
from server.dto.common import items_of

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
    },
)

_country = fields.String(
    nullable=True,
    max_length=2,
    description="ISO 3166 alpha-2 code of the country whose people get the day off; null or "
    "absent: everyone",
    example="DE",
)
company_holiday_create = Model(
    "CompanyHolidayCreate",
    {
        "date": fields.Date(required=True, description="The day off", example="2026-12-24"),
        "name": fields.Name(
            required=True, description="Shown in calendars and lists", example="Company shutdown"
        ),
        "country": _country,
    },
)
company_holiday_update = Model(
    "CompanyHolidayUpdate",
    {
        "date": fields.Date(description="The new date"),
        "name": fields.Name(description="The new name"),
        "country": _country,
    },
)


def holiday_json(entry):
    body = {"date": entry.date.isoformat(), "name": entry.name, "source": entry.source}
    if entry.id is not None:
        body["id"] = entry.id
    return body


def company_holiday_json(h):
    return {"id": h.id, "date": h.date.isoformat(), "name": h.name, "country": h.country}

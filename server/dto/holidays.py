"""Shapes for /holidays."""

from flask_restx import Model

from server.dto import fields
from server.dto.common import items_of

holiday = Model(
    "Holiday",
    {
        "date": fields.Date(required=True),
        "name": fields.String(required=True),
        "source": fields.String(required=True, enum=["public", "company"]),
        "id": fields.Integer(description="Company holidays only: the id to PATCH or DELETE"),
    },
)
holiday_list = items_of(holiday)

company_holiday = Model(
    "CompanyHoliday",
    {
        "id": fields.Integer(required=True, readonly=True),
        "date": fields.Date(required=True),
        "name": fields.String(required=True),
        "country": fields.String(
            required=True, nullable=True, description="null: a holiday for everyone"
        ),
    },
)

_country = fields.String(
    nullable=True,
    max_length=2,
    description="ISO 3166 alpha-2; null or absent: a holiday for everyone",
    example="DE",
)
company_holiday_create = Model(
    "CompanyHolidayCreate",
    {
        "date": fields.Date(required=True, example="2026-12-24"),
        "name": fields.Name(required=True, example="Company shutdown"),
        "country": _country,
    },
)
company_holiday_update = Model(
    "CompanyHolidayUpdate",
    {"date": fields.Date(), "name": fields.Name(), "country": _country},
)


def holiday_json(entry):
    body = {"date": entry.date.isoformat(), "name": entry.name, "source": entry.source}
    if entry.id is not None:
        body["id"] = entry.id
    return body


def company_holiday_json(h):
    return {"id": h.id, "date": h.date.isoformat(), "name": h.name, "country": h.country}

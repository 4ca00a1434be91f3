"""Shapes for /reference: lists that feed pickers in clients."""

from server.dto import fields
from server.dto.common import items_of
from server.dto.model import Model

subdivision = Model(
    "Subdivision",
    {
        "code": fields.String(
            required=True,
            description="The code to store in a user's `subdivision` (as the holiday "
            "calendar spells it, usually ISO 3166-2 without the country prefix)",
            example="BY",
        ),
        "name": fields.String(
            required=True,
            description="A name for people, often in the country's own language; the code "
            "when the holiday calendar has no name for it",
            example="Bayern",
        ),
    },
)

country = Model(
    "Country",
    {
        "code": fields.String(
            required=True,
            description="ISO 3166-1 alpha-2 code, as stored in a user's `country`",
            example="DE",
        ),
        "name": fields.String(
            required=True, description="English name, from the holiday calendar", example="Germany"
        ),
        "subdivisions": fields.List(
            fields.Nested(subdivision),
            required=True,
            description="The regions with their own public holidays; empty when the country "
            "has one calendar",
        ),
    },
)
country_list = items_of(country)

timezone_list = Model(
    "TimezoneList",
    {
        "items": fields.List(
            fields.String(description="An IANA time zone name", example="Europe/Berlin"),
            required=True,
            description="Common IANA time zone names (pytz), sorted",
        )
    },
)


def country_json(c):
    return {
        "code": c.code,
        "name": c.name,
        "subdivisions": [{"code": s.code, "name": s.name} for s in c.subdivisions],
    }

"""Shapes for /users: one per purpose, so a password can only ever be input."""

from flask_restx import Model

from server.dto import fields
from server.models.user import ROLES

WORK_DAYS_DOC = "Weekdays the user works, 0 = Monday .. 6 = Sunday"

_editable = {
    "full_name": fields.Name(example="Ada Lovelace"),
    "timezone": fields.String(
        max_length=64, description="IANA time zone name (pytz)", example="Europe/London"
    ),
    "country": fields.String(
        nullable=True,
        max_length=2,
        description="ISO 3166 alpha-2 code supported by the `holidays` package",
        example="GB",
    ),
    "subdivision": fields.String(
        nullable=True, max_length=10, description="Subdivision code of the country", example="ENG"
    ),
    "hire_date": fields.Date(nullable=True, example="2024-03-01"),
    "manager_id": fields.Id(nullable=True),
    "work_days": fields.List(
        fields.Integer(min=0, max=6),
        min_items=1,
        max_items=7,
        unique=True,
        description=WORK_DAYS_DOC,
        example=[0, 1, 2, 3, 4],
    ),
    "roles": fields.List(
        fields.String(enum=list(ROLES)),
        max_items=3,
        description="`employee` is implied for everyone",
        example=["employee", "manager"],
    ),
    "email": fields.String(max_length=254, example="ada@example.com"),
}

user = Model(
    "User",
    {
        "id": fields.Integer(required=True, readonly=True),
        "email": fields.String(required=True),
        "full_name": fields.String(required=True),
        "roles": fields.List(fields.String(enum=list(ROLES)), required=True),
        "is_active": fields.Boolean(required=True),
        "timezone": fields.String(required=True),
        "country": fields.String(required=True, nullable=True),
        "subdivision": fields.String(required=True, nullable=True),
        "hire_date": fields.Date(required=True, nullable=True),
        "manager_id": fields.Integer(required=True, nullable=True),
        "work_days": fields.List(fields.Integer, required=True, description=WORK_DAYS_DOC),
        "team_ids": fields.List(fields.Integer, required=True),
        "created_at": fields.DateTime(required=True, readonly=True),
        "updated_at": fields.DateTime(required=True, readonly=True),
    },
)

user_create = Model(
    "UserCreate",
    {
        **_editable,
        "email": fields.String(required=True, max_length=254, example="ada@example.com"),
        "full_name": fields.Name(required=True, example="Ada Lovelace"),
        "password": fields.String(
            required=True, min_length=10, max_length=256, description="At least 10 characters"
        ),
    },
)

user_update = Model(
    "UserUpdate",
    {
        **_editable,
        "is_active": fields.Boolean(description="Admins only: false deactivates, true reactivates"),
    },
)

register = Model(
    "Registration",
    {
        "email": fields.String(required=True, max_length=254, example="ada@example.com"),
        "password": fields.String(required=True, min_length=10, max_length=256),
        "full_name": fields.Name(required=True, example="Ada Lovelace"),
        "timezone": _editable["timezone"],
        "country": _editable["country"],
    },
)


def user_json(u):
    return {
        "id": u.id,
        "email": u.email,
        "full_name": u.full_name,
        "roles": u.roles,
        "is_active": u.is_active,
        "timezone": u.timezone,
        "country": u.country,
        "subdivision": u.subdivision,
        "hire_date": u.hire_date.isoformat() if u.hire_date else None,
        "manager_id": u.manager_id,
        "work_days": list(u.work_days),
        "team_ids": sorted(team.id for team in u.teams),
        "created_at": u.created_at.isoformat(),
        "updated_at": u.updated_at.isoformat(),
    }


def public_user_json(u):
    return {"id": u.id, "full_name": u.full_name}

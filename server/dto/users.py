"""Shapes for /users: one per purpose, so a password can only ever be input."""

import copy

from server.domain.vocabulary import LOCALES, MIN_PASSWORD_LENGTH, ROLES, SELF_EDITABLE
from server.dto import fields
from server.dto.model import Model

WORK_DAYS_DOC = (
    "Weekdays the user works, 0 = Monday .. 6 = Sunday; leave is counted on these days only. "
    "Default Monday to Friday"
)
ROLES_DOC = (
    "`employee` (everyone, implied), `manager` (decides for direct reports), `admin` (HR: "
    "everything)"
)


def _role():
    return fields.String(enum=list(ROLES), enum_name="Role")


_editable = {
    "full_name": fields.Name(description="The name colleagues see", example="Ada Lovelace"),
    "timezone": fields.String(
        max_length=64,
        description="IANA time zone name known to pytz, e.g. `Europe/Berlin`: decides the "
        'user\'s "today" (default `UTC`)',
        example="Europe/London",
    ),
    "locale": fields.String(
        enum=list(LOCALES),
        enum_name="Locale",
        description="The language of the user's e-mails, and of the web client once they "
        "sign in (default: the server's DEFAULT_LOCALE)",
        example="de",
    ),
    "country": fields.String(
        nullable=True,
        max_length=2,
        description="ISO 3166 alpha-2 code supported by the `holidays` package: whose public "
        "holidays are days off; null: none",
        example="GB",
    ),
    "subdivision": fields.String(
        nullable=True,
        max_length=10,
        description="Subdivision of the country (state, Land), for regional holidays",
        example="ENG",
    ),
    "hire_date": fields.Date(
        nullable=True,
        description="First day of employment: the hire year's allowance is pro-rated from it; "
        "null: the full allowance",
        example="2024-03-01",
    ),
    "manager_id": fields.Id(
        nullable=True,
        description="The user who approves this user's requests (needs the `manager` role); "
        "no cycles",
    ),
    "work_days": fields.List(
        fields.Integer(min=0, max=6),
        min_items=1,
        max_items=7,
        unique=True,
        description=WORK_DAYS_DOC,
        example=[0, 1, 2, 3, 4],
    ),
    "roles": fields.List(
        _role(),
        max_items=3,
        description=ROLES_DOC,
        example=["employee", "manager"],
    ),
    "email": fields.Email(description="Login and contact address, unique (case-insensitive)"),
}

user = Model(
    "User",
    {
        "id": fields.Integer(required=True, readonly=True, description="The user's id"),
        "email": fields.String(
            required=True, description="Login and contact address, unique (case-insensitive)"
        ),
        "full_name": fields.String(required=True, description="The name colleagues see"),
        "roles": fields.List(_role(), required=True, description=ROLES_DOC),
        "is_active": fields.Boolean(
            required=True, description="false: deactivated, cannot log in; history is kept"
        ),
        "timezone": fields.String(
            required=True, description='IANA time zone name: decides the user\'s "today"'
        ),
        "locale": fields.String(
            required=True,
            enum=list(LOCALES),
            enum_name="Locale",
            description="The language of the user's e-mails and web client",
        ),
        "country": fields.String(
            required=True,
            nullable=True,
            description="ISO 3166 alpha-2 code: whose public holidays are days off",
        ),
        "subdivision": fields.String(
            required=True, nullable=True, description="Subdivision for regional holidays"
        ),
        "hire_date": fields.Date(
            required=True,
            nullable=True,
            description="First day of employment (pro-rates the hire year's allowance)",
        ),
        "manager_id": fields.Integer(
            required=True,
            nullable=True,
            description="The user who approves this user's requests; null: admins decide",
        ),
        "work_days": fields.List(fields.Integer, required=True, description=WORK_DAYS_DOC),
        "team_ids": fields.List(
            fields.Integer, required=True, description="The teams the user is in"
        ),
        "created_at": fields.DateTime(
            required=True, readonly=True, description="When the account was made (UTC)"
        ),
        "updated_at": fields.DateTime(
            required=True, readonly=True, description="When it last changed (UTC)"
        ),
    },
)

user_create = Model(
    "UserCreate",
    {
        **_editable,
        "email": fields.Email(
            required=True, description="Login and contact address, unique (case-insensitive)"
        ),
        "full_name": fields.Name(
            required=True, description="The name colleagues see", example="Ada Lovelace"
        ),
        "password": fields.Password(
            required=True,
            description=f"The first password: at least {MIN_PASSWORD_LENGTH} characters",
        ),
    },
)


def _admins_only(fld):
    fld = copy.copy(fld)
    fld.__dict__.pop("__schema__", None)  # drop restx's cached schema
    fld.description = f"{fld.description} (admins only)"
    return fld


user_update = Model(
    "UserUpdate",
    {
        **{
            name: fld if name in SELF_EDITABLE else _admins_only(fld)
            for name, fld in _editable.items()
        },
        "is_active": fields.Boolean(
            description="false deactivates, true reactivates (admins only); either way "
            "every session and the calendar feed link end"
        ),
        "password": fields.Password(
            description=f"A new password, at least {MIN_PASSWORD_LENGTH} characters (admins "
            "only; people change their own with POST /auth/password). Every session of the "
            "user and their calendar feed link end; the audit trail records that it changed, "
            "never the value"
        ),
    },
)

register = Model(
    "Registration",
    {
        "email": fields.Email(
            required=True,
            description="Your login and contact address, unique (case-insensitive)",
        ),
        "password": fields.Password(
            required=True, description=f"At least {MIN_PASSWORD_LENGTH} characters"
        ),
        "full_name": fields.Name(
            required=True, description="The name colleagues see", example="Ada Lovelace"
        ),
        "timezone": _editable["timezone"],
        "country": _editable["country"],
    },
)


def user_json(u, memberships=None):
    """A user; `memberships` (roles and team ids) when a list loaded them for its page."""
    return {
        "id": u.id,
        "email": u.email,
        "full_name": u.full_name,
        "roles": memberships.roles if memberships else u.roles,
        "is_active": u.is_active,
        "timezone": u.timezone,
        "locale": u.locale,
        "country": u.country,
        "subdivision": u.subdivision,
        "hire_date": u.hire_date.isoformat() if u.hire_date else None,
        "manager_id": u.manager_id,
        "work_days": list(u.work_days),
        "team_ids": memberships.team_ids if memberships else sorted(t.id for t in u.teams),
        "created_at": u.created_at.isoformat(),
        "updated_at": u.updated_at.isoformat(),
    }


def public_user_json(u):
    return {"id": u.id, "full_name": u.full_name}

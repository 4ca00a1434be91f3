"""Shapes for /teams."""

from server.dto import fields
from server.dto.common import relaxed
from server.dto.model import Model
from server.dto.users import public_user_json, user, user_json

team = Model(
    "Team",
    {
        "id": fields.Integer(required=True, readonly=True, description="The team's id"),
        "name": fields.String(required=True, description="Unique, case-insensitive"),
        "description": fields.String(
            required=True, nullable=True, description="What the team does; null if not set"
        ),
        "max_absent": fields.Integer(
            required=True,
            nullable=True,
            description="How many members may be away on one day before previews and the "
            "approval inbox warn (never a hard block); null: no limit",
        ),
        "member_count": fields.Integer(
            required=True, readonly=True, description="How many users are in the team"
        ),
    },
)

_inputs = {
    "description": fields.String(
        nullable=True, max_length=2000, description="What the team does (optional)"
    ),
    "max_absent": fields.Integer(
        nullable=True,
        min=1,
        max=100000,
        description="Members who may be away on one day before it is flagged; null: no limit",
    ),
}
team_create = Model(
    "TeamCreate",
    {
        "name": fields.Name(
            required=True,
            max_length=100,
            description="Unique, case-insensitive",
            example="Research",
        ),
        **_inputs,
    },
)
team_update = Model(
    "TeamUpdate",
    {"name": fields.Name(max_length=100, description="The new name (unique)"), **_inputs},
)

MEMBER_DOC = (
    "Admins, the member themselves and the member's manager get the whole user record; "
    "everyone else gets only `{id, full_name}`."
)
member = relaxed(user, "TeamMember", keep_required=("id", "full_name"))


def team_json(t):
    return {
        "id": t.id,
        "name": t.name,
        "description": t.description,
        "max_absent": t.max_absent,
        "member_count": t.member_count,
    }


def member_json(u, note):
    """A member: the whole record when the caller may see it (`note.memberships`), else
    the public user."""
    return user_json(u, note.memberships) if note.full else public_user_json(u)

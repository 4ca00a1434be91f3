"""Finding records: one by its id, or saying clearly that there is none (404, or 422 for
an id a body names); the members of a team, as a SELECT to filter by."""

import sqlalchemy as sa

from server.errors import NotFound, ValidationFailed
from server.extensions import db
from server.models import LeaveType, team_members


def get_or_404(model, record_id, what):
    """The `model` row with this id; NotFound("There is no <what> <id>.") otherwise."""
    record = db.session.get(model, record_id)
    if record is None:
        raise NotFound(f"There is no {what} {record_id}.")
    return record


def leave_type_for(leave_type_id):
    """The leave type a body names; 422 if there is none."""
    leave_type = db.session.get(LeaveType, leave_type_id)
    if leave_type is None:
        raise ValidationFailed(
            f"There is no leave type {leave_type_id}.",
            errors={"leave_type_id": "no such leave type"},
        )
    return leave_type


def team_member_ids(team_id):
    """SELECT of the ids of the users in team `team_id`."""
    return sa.select(team_members.c.user_id).where(team_members.c.team_id == team_id)

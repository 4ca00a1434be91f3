"""Loading what team capacity is judged on (capped teams and who is away when) for the
pure rules in `server.domain.capacity`. Two queries, whatever the number of requests."""

import sqlalchemy as sa

from server.domain import capacity
from server.domain.vocabulary import ACTIVE_STATUSES, AWAY
from server.extensions import db
from server.models import LeaveDay, LeaveRequest, LeaveType, Team, User, team_members


def capped_teams(team_ids):
    """The teams among `team_ids` (a SELECT or a list) that have a `max_absent`, with their
    members."""
    rows = db.session.execute(
        sa.select(Team.id, Team.name, Team.max_absent, team_members.c.user_id, User.full_name)
        .join(team_members, team_members.c.team_id == Team.id)
        .join(User, User.id == team_members.c.user_id)
        .where(Team.id.in_(team_ids), Team.max_absent.is_not(None))
    )
    teams = {}
    for team_id, name, max_absent, user_id, full_name in rows:
        teams.setdefault(team_id, (name, max_absent, {}))[2][user_id] = full_name
    return [
        capacity.Team(team_id, name, max_absent, frozenset(members), members)
        for team_id, (name, max_absent, members) in teams.items()
    ]


def away_by_day(teams, first, last):
    """{date: user ids away} for the members of `teams` from `first` to `last`: the days
    their approved or pending requests of `away` types count."""
    members = set().union(*(team.members for team in teams)) if teams else set()
    if not members:
        return {}
    rows = db.session.execute(
        sa.select(LeaveRequest.user_id, LeaveDay.date)
        .join(LeaveDay, LeaveDay.request_id == LeaveRequest.id)
        .join(LeaveType, LeaveType.id == LeaveRequest.leave_type_id)
        .where(
            LeaveType.availability == AWAY,  # working elsewhere is not away
            LeaveRequest.user_id.in_(members),
            LeaveRequest.status.in_(ACTIVE_STATUSES),
            LeaveDay.date.between(first, last),
        )
    )
    return capacity.absent_by_day(rows)


def team_conflicts(candidates):
    """For each (user_id, dates): the days on which one of the user's capped teams would
    have more members away than allowed, counting that user as away."""
    user_ids = {user_id for user_id, _ in candidates}
    all_dates = [d for _, dates in candidates for d in dates]
    if not all_dates:
        return [[] for _ in candidates]
    teams = capped_teams(
        sa.select(team_members.c.team_id).where(team_members.c.user_id.in_(user_ids))
    )
    away = away_by_day(teams, min(all_dates), max(all_dates))
    return [capacity.conflicts_for(user_id, dates, teams, away) for user_id, dates in candidates]

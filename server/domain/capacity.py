"""Team capacity: how many of a team's members are away on a day, and the days on which a
team with a `max_absent` would have more people away than it allows. Pure.

Absent = a member with an approved or pending request counting that date (the caller
passes those dates in). Used by the request preview, the approval inbox and the calendar.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    max_absent: int
    members: frozenset[int]
    # {member id: name}, so a conflict can say who is away.
    names: Mapping[int, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class TeamConflict:
    team_id: int
    team_name: str
    date: date
    absent: int
    max_absent: int
    # Who is away that day: (id, name) by name.
    away: tuple[tuple[int, str], ...] = ()


def absent_by_day(absences: Iterable[tuple[int, date]]) -> dict[date, set[int]]:
    """{date: ids of the users away} from (user id, date) pairs."""
    away = defaultdict(set)
    for user_id, day in absences:
        away[day].add(user_id)
    return away


def over_capacity(
    team: Team,
    away: Mapping[date, set[int]],
    dates: Iterable[date],
    also_away: int | None = None,
) -> list[TeamConflict]:
    """The `dates` on which more of `team`'s members than `max_absent` are away, counting
    `also_away` (the person asking) as away too, in date order."""
    conflicts = []
    for day in sorted(set(dates)):
        absent = away.get(day, set()) & team.members
        if also_away is not None:
            absent = absent | {also_away}
        if len(absent) > team.max_absent:
            who = sorted(((i, team.names.get(i, "")) for i in absent), key=lambda p: (p[1], p[0]))
            conflicts.append(
                TeamConflict(team.id, team.name, day, len(absent), team.max_absent, tuple(who))
            )
    return conflicts


def conflicts_for(
    user_id: int, dates: Iterable[date], teams: Iterable[Team], away: Mapping[date, set[int]]
) -> list[TeamConflict]:
    """What `user_id` being away on `dates` would do to each of their capped teams, by team
    name then date."""
    dates = list(dates)
    mine = sorted((t for t in teams if user_id in t.members), key=lambda t: (t.name, t.id))
    return [c for team in mine for c in over_capacity(team, away, dates, also_away=user_id)]

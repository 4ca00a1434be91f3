"""Team capacity: who is away per day, and the days a capped team would be over its limit."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from server.domain import capacity

MON = date(2026, 3, 2)
TUE = MON + timedelta(days=1)
TEAM = capacity.Team(7, "Platform", 1, frozenset({1, 2, 3}), {1: "Zoe", 2: "Adam", 3: "Kim"})


def test_absent_by_day_groups_users_per_date():
    away = capacity.absent_by_day([(1, MON), (2, MON), (1, TUE), (1, MON)])
    assert away == {MON: {1, 2}, TUE: {1}}


def test_the_asker_counts_as_away_so_a_second_absence_is_a_conflict():
    away = capacity.absent_by_day([(1, MON)])
    (conflict,) = capacity.over_capacity(TEAM, away, [MON, TUE], also_away=2)
    assert conflict == capacity.TeamConflict(7, "Platform", MON, 2, 1, ((2, "Adam"), (1, "Zoe")))


def test_people_outside_the_team_do_not_count():
    away = capacity.absent_by_day([(1, MON), (99, MON), (98, MON)])
    assert capacity.over_capacity(TEAM, away, [MON]) == []


def test_asking_again_for_your_own_day_is_not_double_counted():
    away = capacity.absent_by_day([(2, MON)])
    assert capacity.over_capacity(TEAM, away, [MON], also_away=2) == []


def test_conflicts_for_a_user_cover_only_their_teams_by_name():
    other = capacity.Team(8, "Alpha", 1, frozenset({2, 5}))
    mine_not = capacity.Team(9, "Zeta", 1, frozenset({4, 5}))
    away = capacity.absent_by_day([(1, MON), (5, MON)])
    found = capacity.conflicts_for(2, [MON], [TEAM, other, mine_not], away)
    assert [(c.team_name, c.absent) for c in found] == [("Alpha", 2), ("Platform", 2)]


@given(
    pairs=st.lists(st.tuples(st.integers(1, 6), st.integers(0, 6)), max_size=30),
    limit=st.integers(1, 4),
    asker=st.integers(1, 6),
)
def test_a_conflict_is_reported_exactly_when_the_count_exceeds_the_limit(pairs, limit, asker):
    team = capacity.Team(1, "T", limit, frozenset({1, 2, 3, 4}))
    away = capacity.absent_by_day((user, MON + timedelta(days=d)) for user, d in pairs)
    days = [MON + timedelta(days=d) for d in range(7)]
    conflicts = {c.date: c.absent for c in capacity.over_capacity(team, away, days, asker)}
    for day in days:
        count = len((away.get(day, set()) & team.members) | {asker})
        assert (day in conflicts) == (count > limit)
        if day in conflicts:
            assert conflicts[day] == count

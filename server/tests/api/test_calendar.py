"""GET /calendar: range rules, scope and privacy per role, holidays, and constant queries."""

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def calendar(client, who, **params):
    r = client.get(f"{API}/calendar", query_string=params, headers=who.headers)
    assert r.status_code == 200, r.get_json()
    return r.json


def names(body):
    return [p["full_name"] for p in body["people"]]


def absences(body):
    return [(a["user"]["full_name"], a["leave_type"]["name"]) for a in body["absences"]]


@pytest.fixture
def two_teams(make, clock):
    """Two teams; a manager whose report is in neither; an outsider; an inactive member."""
    clock.set("2026-03-02T09:00:00+00:00")

    class Office:
        admin = make.admin(full_name="Hana Admin")
        boss = make.manager(full_name="Bea Boss")
        ann = make.employee(full_name="Ann Arbor", manager=boss, country="US", subdivision="CA")
        bob = make.employee(full_name="Bob Berlin", country="DE", subdivision="BE")
        cat = make.employee(full_name="Cat Carter", manager=boss)
        out = make.employee(full_name="Olaf Outsider", country="DE", subdivision="BY")
        gone = make.employee(full_name="Gus Gone", is_active=False)
        vacation = make.leave_type("vacation")
        sick = make.leave_type("sick", yearly_allowance=None)

    o = Office
    o.core = make.team("Core", members=[o.ann, o.bob, o.gone], max_absent=1)
    o.ops = make.team("Ops", members=[o.out])
    make.request(o.ann, o.vacation, "2026-03-09", "2026-03-13")
    make.request(o.bob, o.sick, "2026-03-10", "2026-03-10", status="pending")
    make.request(o.cat, o.vacation, "2026-03-16", "2026-03-16", end_half=True)
    make.request(o.out, o.vacation, "2026-03-02", "2026-03-03")
    make.request(o.gone, o.vacation, "2026-03-04", "2026-03-04")
    make.request(o.ann, o.vacation, "2026-03-23", "2026-03-23", status="rejected")
    make.request(o.bob, o.vacation, "2026-03-24", "2026-03-24", status="cancelled")
    return o


# --- the range ---------------------------------------------------------------------------------


def test_default_is_the_current_month_in_the_callers_time_zone(client, make, clock):
    clock.set("2026-03-31T20:00:00+00:00")  # already April 1st in Auckland
    kiwi = make.employee(timezone="Pacific/Auckland")
    utc = make.employee()
    assert (calendar(client, kiwi)["from"], calendar(client, kiwi)["to"]) == (
        "2026-04-01",
        "2026-04-30",
    )
    body = calendar(client, utc)
    assert (body["from"], body["to"]) == ("2026-03-01", "2026-03-31")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-03-01"}, "to"),
        ({"to": "2026-03-01"}, "from"),
        ({"from": "2026-03-10", "to": "2026-03-09"}, "to"),
        ({"from": "2026-01-01", "to": "2027-01-02"}, "to"),  # 366 days after
        ({"from": "2026-02-30", "to": "2026-03-01"}, "from"),
        ({"from": "2026-03-01", "to": "2026-03-31", "team_id": "x"}, "team_id"),
    ],
)
def test_bad_ranges_and_filters_are_422(client, make, params, field):
    who = make.employee()
    r = client.get(f"{API}/calendar", query_string=params, headers=who.headers)
    assert_problem(r, 422, "validation-error", errors=[field])


def test_a_whole_year_is_allowed(client, make):
    who = make.employee()
    body = calendar(client, who, **{"from": "2026-01-01", "to": "2027-01-01"})
    assert body["to"] == "2027-01-01"


def test_needs_a_token(client):
    assert_problem(client.get(f"{API}/calendar"), 401, "unauthorized")


# --- scope and privacy -----------------------------------------------------------------------


def test_an_employee_sees_team_mates_as_away_and_their_own_type(client, two_teams):
    body = calendar(client, two_teams.bob, **MARCH)
    assert names(body) == ["Ann Arbor", "Bob Berlin"]  # the inactive member is not shown
    assert absences(body) == [("Ann Arbor", "Away"), ("Bob Berlin", "Sick")]
    away = body["absences"][0]
    assert away["leave_type"] == {"id": None, "name": "Away", "color": None}
    assert "reason" not in away
    assert away["user"] == {"id": two_teams.ann.id, "full_name": "Ann Arbor"}
    assert (away["start_date"], away["end_date"], away["days"]) == ("2026-03-09", "2026-03-13", 5)
    assert body["absences"][1]["status"] == "pending"


def test_someone_without_a_team_sees_only_themselves(client, two_teams):
    body = calendar(client, two_teams.cat, **MARCH)
    assert names(body) == ["Cat Carter"]
    (mine,) = body["absences"]
    assert (mine["leave_type"]["name"], mine["end_half"], mine["days"]) == ("Vacation", True, 0.5)


def test_a_manager_sees_direct_reports_with_their_real_types(client, two_teams):
    body = calendar(client, two_teams.boss, **MARCH)
    assert names(body) == ["Ann Arbor", "Bea Boss", "Cat Carter"]
    assert absences(body) == [("Ann Arbor", "Vacation"), ("Cat Carter", "Vacation")]


def test_an_admin_sees_everyone_active_with_real_types(client, two_teams):
    body = calendar(client, two_teams.admin, **MARCH)
    assert names(body) == [
        "Ann Arbor",
        "Bea Boss",
        "Bob Berlin",
        "Cat Carter",
        "Hana Admin",
        "Olaf Outsider",
    ]
    # By start date, then name; rejected, cancelled and inactive people's leave left out.
    assert absences(body) == [
        ("Olaf Outsider", "Vacation"),
        ("Ann Arbor", "Vacation"),
        ("Bob Berlin", "Sick"),
        ("Cat Carter", "Vacation"),
    ]


def test_filters_narrow_the_scope_and_never_widen_it(client, two_teams):
    assert names(calendar(client, two_teams.admin, team_id=two_teams.ops, **MARCH)) == [
        "Olaf Outsider"
    ]
    assert names(calendar(client, two_teams.bob, user_id=two_teams.ann.id, **MARCH)) == [
        "Ann Arbor"
    ]
    # Outside the caller's scope: empty, not an error.
    outside = calendar(client, two_teams.bob, team_id=two_teams.ops, **MARCH)
    assert (outside["people"], outside["absences"], outside["holidays"]) == ([], [], [])
    assert calendar(client, two_teams.bob, user_id=two_teams.out.id, **MARCH)["people"] == []
    assert calendar(client, two_teams.bob, team_id=999, **MARCH)["people"] == []


def test_a_request_overlapping_the_range_edge_is_included(client, two_teams, make):
    make.request(two_teams.bob, two_teams.vacation, "2026-02-26", "2026-03-02")
    body = calendar(client, two_teams.bob, **MARCH)
    assert ("Bob Berlin", "Vacation") in absences(body)
    before = calendar(client, two_teams.bob, **{"from": "2026-02-01", "to": "2026-02-25"})
    assert before["absences"] == []


# --- holidays and capacity -------------------------------------------------------------------


def test_holidays_of_every_region_shown_and_company_holidays_once(client, two_teams, make):
    make.holiday("2026-03-20", "Company offsite")
    make.holiday("2026-03-19", "German team day", country="DE")
    make.holiday("2026-03-18", "French day", country="FR")
    body = calendar(client, two_teams.bob, **MARCH)
    assert body["holidays"] == [
        {
            "date": "2026-03-08",
            "name": "Women's Day",
            "source": "public",
            "country": "DE",
            "subdivision": "BE",
        },
        {
            "date": "2026-03-19",
            "name": "German team day",
            "source": "company",
            "country": "DE",
            "subdivision": None,
        },
        {
            "date": "2026-03-20",
            "name": "Company offsite",
            "source": "company",
            "country": None,
            "subdivision": None,
        },
        {
            "date": "2026-03-31",
            "name": "Cesar Chavez Day",
            "source": "public",
            "country": "US",
            "subdivision": "CA",
        },
    ]
    # Women's Day is a public holiday in Berlin only, not for Olaf in Bavaria.
    march8 = calendar(client, two_teams.admin, **{"from": "2026-03-08", "to": "2026-03-08"})
    assert [(h["country"], h["subdivision"], h["name"]) for h in march8["holidays"]] == [
        ("DE", "BE", "Women's Day")
    ]


def test_people_of_one_country_with_and_without_a_subdivision(client, two_teams, make):
    # Found by contract fuzzing: sorting the regions compared None with "BE", a 500.
    make.employee(full_name="Dora Deutschland", country="DE")
    body = calendar(client, two_teams.admin, **{"from": "2026-10-03", "to": "2026-10-03"})
    assert [(h["country"], h["subdivision"], h["name"]) for h in body["holidays"]] == [
        ("DE", None, "German Unity Day"),
        ("DE", "BE", "German Unity Day"),
        ("DE", "BY", "German Unity Day"),
    ]


def test_people_carry_what_a_grid_needs_to_shade_their_days(client, two_teams, make):
    part_timer = make.employee(full_name="Pia Part", work_days=[0, 1, 2], country="GB")
    make.schedule(part_timer, "2026-03-16", [[8, 8, 4, 0, 0, 0, 0], [8, 8, 0, 0, 0, 0, 0]])
    make.team("Part", members=[part_timer, two_teams.bob])
    body = calendar(client, two_teams.bob, **MARCH)
    pia = next(p for p in body["people"] if p["full_name"] == "Pia Part")
    # A team-mate sees her work days, not the hours she works (that is her record's).
    assert pia == {
        "id": part_timer.id,
        "full_name": "Pia Part",
        "country": "GB",
        "subdivision": None,
        "work_days": [0, 1, 2],
        "schedules": [],
    }
    body = calendar(client, two_teams.admin, **MARCH)
    pia = next(p for p in body["people"] if p["full_name"] == "Pia Part")
    always = {"effective_from": "1900-01-01", "cycle_anchor": "1900-01-01", "day_start": "09:00"}
    # The schedules in force in March: since always, and alternating weeks from the 16th.
    assert pia["schedules"] == [
        {**always, "weeks": [[8, 8, 8, 0, 0, 0, 0]]},
        {
            "effective_from": "2026-03-16",
            "cycle_anchor": "2026-03-16",
            "day_start": "09:00",
            "weeks": [[8, 8, 4, 0, 0, 0, 0], [8, 8, 0, 0, 0, 0, 0]],
        },
    ]


def test_a_capped_team_shows_the_days_it_is_over_its_limit(client, two_teams):
    body = calendar(client, two_teams.bob, team_id=two_teams.core, **MARCH)
    assert body["team_conflicts"] == [
        {
            "team_id": two_teams.core,
            "team_name": "Core",
            "date": "2026-03-10",
            "absent": 2,
            "max_absent": 1,
            "away": [
                {"id": two_teams.ann.id, "full_name": "Ann Arbor"},
                {"id": two_teams.bob.id, "full_name": "Bob Berlin"},
            ],
        }
    ]
    assert calendar(client, two_teams.bob, **MARCH)["team_conflicts"] == []


# --- queries -------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_people_range_or_requests(
    client, make, clock, count_queries
):
    clock.set("2026-03-02T09:00:00+00:00")
    admin = make.admin()
    vacation = make.leave_type("vacation")
    first = make.employee(country="US", subdivision="NY")
    team = make.team("Big", members=[first], max_absent=2)
    make.request(first, vacation, "2026-03-09", "2026-03-10")

    def statements(**params):
        with count_queries() as counted:
            calendar(client, admin, **params)
        return counted.n

    small = statements(**MARCH)
    small_team = statements(team_id=team, **MARCH)
    countries = [("DE", "BY"), ("FR", None), ("GB", "SCT"), ("US", "TX"), ("AT", None)]
    for n in range(25):
        country, subdivision = countries[n % len(countries)]
        person = make.employee(country=country, subdivision=subdivision)
        make.team(f"Team {n}", members=[person])
        with make.app.app_context():
            from server.extensions import db
            from server.models import team_members

            db.session.execute(team_members.insert().values(team_id=team, user_id=person.id))
            db.session.commit()
        for day in ("2026-01-13", "2026-03-11", "2026-06-10", "2026-09-16"):  # weekdays
            make.request(person, vacation, day, day)
    make.holiday("2026-05-01", "Company day")
    year = {"from": "2026-01-01", "to": "2026-12-31"}
    assert statements(**year) == small
    assert statements(team_id=team, **year) == small_team

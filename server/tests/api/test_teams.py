"""Teams through HTTP: who may do what, validation, memberships, member visibility, lists."""

import pytest

from server.tests.helpers import USER_KEYS, assert_problem

API = "/api/v1/teams"
PUBLIC_KEYS = {"id", "full_name"}
TEAM_KEYS = {"id", "name", "description", "max_absent", "member_count"}


def person(make, role):
    return {"employee": make.employee, "manager": make.manager, "admin": make.admin}[role]()


def get_team(client, make, team_id):
    return client.get(f"{API}/{team_id}", headers=make.admin().headers)


def team_ids_of(client, admin, user):
    r = client.get(f"/api/v1/users/{user.id}", headers=admin.headers)
    assert r.status_code == 200
    return r.json["team_ids"]


# --- reading: every authenticated role ------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "manager", "admin"])
def test_every_role_can_read_teams(client, make, role):
    member = make.employee()
    team_id = make.team("Platform", members=[member], max_absent=2, description="Builders")
    headers = person(make, role).headers
    listed = client.get(API, headers=headers)
    assert listed.status_code == 200
    assert listed.json["total"] == 1
    assert [set(t) for t in listed.json["items"]] == [TEAM_KEYS]
    one = client.get(f"{API}/{team_id}", headers=headers)
    assert one.status_code == 200
    assert one.json == {
        "id": team_id,
        "name": "Platform",
        "description": "Builders",
        "max_absent": 2,
        "member_count": 1,
    }
    assert listed.json["items"] == [one.json]
    members = client.get(f"{API}/{team_id}/members", headers=headers)
    assert members.status_code == 200
    assert [m["id"] for m in members.json["items"]] == [member.id]


def test_teams_need_a_token(client, make):
    make.team("Platform")
    r = client.get(API)
    assert_problem(r, 401, "unauthorized")


# --- changing: admins only ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "manager"])
@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "", {"name": "New team"}),
        ("patch", "/{team}", {"name": "Renamed"}),
        ("delete", "/{team}", None),
        ("put", "/{team}/members/{user}", None),
        ("delete", "/{team}/members/{member}", None),
    ],
    ids=["create", "update", "delete", "add-member", "remove-member"],
)
def test_only_admins_change_teams(client, make, role, method, path, body):
    member = make.employee()
    outsider = make.employee()
    team_id = make.team("Platform", members=[member])
    url = API + path.format(team=team_id, user=outsider.id, member=member.id)
    r = getattr(client, method)(url, json=body, headers=person(make, role).headers)
    assert_problem(r, 403, "forbidden")
    # nothing changed
    listed = client.get(API, headers=make.admin().headers).json
    assert [(t["name"], t["member_count"]) for t in listed["items"]] == [("Platform", 1)]


def test_admin_creates_a_team(client, make):
    admin = make.admin()
    r = client.post(API, json={"name": "Platform"}, headers=admin.headers)
    assert r.status_code == 201, r.json
    assert r.json == {
        "id": r.json["id"],
        "name": "Platform",
        "description": None,
        "max_absent": None,
        "member_count": 0,
    }
    assert client.get(f"{API}/{r.json['id']}", headers=admin.headers).json == r.json


def test_admin_creates_a_team_with_every_field(client, make):
    r = client.post(
        API,
        json={"name": "Support", "description": "First line", "max_absent": 3},
        headers=make.admin().headers,
    )
    assert r.status_code == 201, r.json
    assert (r.json["name"], r.json["description"], r.json["max_absent"]) == (
        "Support",
        "First line",
        3,
    )
    assert r.json["member_count"] == 0


def test_admin_updates_a_team_partially(client, make):
    member = make.employee()
    team_id = make.team("Platform", members=[member], description="Builders", max_absent=2)
    r = client.patch(f"{API}/{team_id}", json={"max_absent": 4}, headers=make.admin().headers)
    assert r.status_code == 200, r.json
    assert r.json == {
        "id": team_id,
        "name": "Platform",
        "description": "Builders",
        "max_absent": 4,
        "member_count": 1,
    }


def test_admin_clears_description_and_max_absent_with_null(client, make):
    team_id = make.team("Platform", description="Builders", max_absent=2)
    r = client.patch(
        f"{API}/{team_id}",
        json={"description": None, "max_absent": None},
        headers=make.admin().headers,
    )
    assert r.status_code == 200, r.json
    assert (r.json["description"], r.json["max_absent"]) == (None, None)


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/999999"),
        ("get", "/999999/members"),
        ("patch", "/999999"),
        ("delete", "/999999"),
        ("put", "/{team}/members/999999"),
    ],
)
def test_unknown_ids_are_404(client, make, method, path):
    admin = make.admin()
    team_id = make.team("Platform")
    url = API + path.format(team=team_id, user=admin.id)
    r = getattr(client, method)(url, json={"name": "Renamed"}, headers=admin.headers)
    assert_problem(r, 404, "not-found")


# --- names and max_absent -------------------------------------------------------------------


def test_team_names_are_unique_case_insensitively_on_create(client, make):
    admin = make.admin()
    make.team("Platform")
    for name in ("Platform", "platform", "PLATFORM"):
        r = client.post(API, json={"name": name}, headers=admin.headers)
        assert_problem(r, 409, "conflict")
    assert client.get(API, headers=admin.headers).json["total"] == 1


def test_team_names_are_unique_case_insensitively_on_rename(client, make):
    make.team("Platform")
    other = make.team("Support")
    r = client.patch(f"{API}/{other}", json={"name": "pLaTfOrM"}, headers=make.admin().headers)
    assert_problem(r, 409, "conflict")
    assert get_team(client, make, other).json["name"] == "Support"


def test_a_team_may_change_the_case_of_its_own_name(client, make):
    team_id = make.team("Platform")
    r = client.patch(f"{API}/{team_id}", json={"name": "PLATFORM"}, headers=make.admin().headers)
    assert r.status_code == 200, r.json
    assert r.json["name"] == "PLATFORM"


@pytest.mark.parametrize("max_absent", [None, 1])
def test_max_absent_accepts_null_or_a_positive_integer(client, make, max_absent):
    r = client.post(
        API, json={"name": "Platform", "max_absent": max_absent}, headers=make.admin().headers
    )
    assert r.status_code == 201, r.json
    assert r.json["max_absent"] == max_absent


@pytest.mark.parametrize("max_absent", [0, "x", 1.5])
def test_max_absent_must_be_an_integer_of_at_least_one_on_create(client, make, max_absent):
    r = client.post(
        API, json={"name": "Platform", "max_absent": max_absent}, headers=make.admin().headers
    )
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"max_absent"}


@pytest.mark.parametrize("max_absent", [0, "x"])
def test_max_absent_must_be_an_integer_of_at_least_one_on_update(client, make, max_absent):
    team_id = make.team("Platform", max_absent=2)
    r = client.patch(
        f"{API}/{team_id}", json={"max_absent": max_absent}, headers=make.admin().headers
    )
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"max_absent"}
    assert get_team(client, make, team_id).json["max_absent"] == 2


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, None])
def test_team_name_must_be_a_non_blank_string_of_at_most_100(client, make, name):
    r = client.post(API, json={"name": name}, headers=make.admin().headers)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"name"}


def test_team_name_is_required(client, make):
    r = client.post(API, json={"description": "No name"}, headers=make.admin().headers)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"name"}


def test_team_name_of_exactly_100_characters_is_accepted(client, make):
    r = client.post(API, json={"name": "x" * 100}, headers=make.admin().headers)
    assert r.status_code == 201, r.json
    assert r.json["name"] == "x" * 100


@pytest.mark.parametrize("name", ["  ", "x" * 101])
def test_rename_to_a_bad_name_is_422(client, make, name):
    team_id = make.team("Platform")
    r = client.patch(f"{API}/{team_id}", json={"name": name}, headers=make.admin().headers)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"name"}
    assert get_team(client, make, team_id).json["name"] == "Platform"


# --- memberships -----------------------------------------------------------------------------


def test_adding_a_member_is_idempotent(client, make):
    admin = make.admin()
    user = make.employee()
    team_id = make.team("Platform")
    for _ in range(2):
        r = client.put(f"{API}/{team_id}/members/{user.id}", headers=admin.headers)
        assert r.status_code == 204
        assert r.data == b""
    assert get_team(client, make, team_id).json["member_count"] == 1
    assert team_ids_of(client, admin, user) == [team_id]


def test_removing_a_member(client, make):
    admin = make.admin()
    stays, leaves = make.employee(), make.employee()
    team_id = make.team("Platform", members=[stays, leaves])
    r = client.delete(f"{API}/{team_id}/members/{leaves.id}", headers=admin.headers)
    assert r.status_code == 204
    assert get_team(client, make, team_id).json["member_count"] == 1
    assert team_ids_of(client, admin, leaves) == []
    assert team_ids_of(client, admin, stays) == [team_id]
    members = client.get(f"{API}/{team_id}/members", headers=admin.headers).json
    assert [m["id"] for m in members["items"]] == [stays.id]


def test_removing_someone_who_is_not_a_member_is_204(client, make):
    admin = make.admin()
    user = make.employee()
    team_id = make.team("Platform")
    r = client.delete(f"{API}/{team_id}/members/{user.id}", headers=admin.headers)
    assert r.status_code == 204
    assert get_team(client, make, team_id).json["member_count"] == 0


def test_a_user_can_be_in_many_teams(client, make):
    admin = make.admin()
    user = make.employee()
    teams = [make.team(name) for name in ("Alpha", "Beta", "Gamma")]
    for team_id in teams:
        r = client.put(f"{API}/{team_id}/members/{user.id}", headers=admin.headers)
        assert r.status_code == 204
    assert team_ids_of(client, admin, user) == sorted(teams)
    listed = client.get(API, headers=admin.headers).json["items"]
    assert [(t["name"], t["member_count"]) for t in listed] == [
        ("Alpha", 1),
        ("Beta", 1),
        ("Gamma", 1),
    ]


def test_deleting_a_team_removes_its_memberships_and_keeps_an_audit_row(client, make):
    admin = make.admin()
    first, second = make.employee(), make.employee()
    doomed = make.team("Doomed", members=[first, second], max_absent=1)
    kept = make.team("Kept", members=[first])
    r = client.delete(f"{API}/{doomed}", headers=admin.headers)
    assert r.status_code == 204
    assert r.data == b""
    assert_problem(client.get(f"{API}/{doomed}", headers=admin.headers), 404, "not-found")
    assert team_ids_of(client, admin, first) == [kept]
    assert team_ids_of(client, admin, second) == []
    assert [t["id"] for t in client.get(API, headers=admin.headers).json["items"]] == [kept]
    audit = client.get(
        "/api/v1/audit", query_string={"entity": "team", "entity_id": doomed}, headers=admin.headers
    ).json["items"]
    assert [row["action"] for row in audit] == ["team.deleted"]
    assert audit[0]["actor_id"] == admin.id
    assert audit[0]["changes"]["name"] == ["Doomed", None]
    assert audit[0]["changes"]["max_absent"] == [1, None]


def test_a_deleted_teams_name_can_be_used_again(client, make):
    admin = make.admin()
    team_id = make.team("Platform")
    assert client.delete(f"{API}/{team_id}", headers=admin.headers).status_code == 204
    r = client.post(API, json={"name": "platform"}, headers=admin.headers)
    assert r.status_code == 201, r.json


def test_deleting_a_team_twice_is_404_the_second_time(client, make):
    admin = make.admin()
    team_id = make.team("Platform")
    assert client.delete(f"{API}/{team_id}", headers=admin.headers).status_code == 204
    assert_problem(client.delete(f"{API}/{team_id}", headers=admin.headers), 404, "not-found")


# --- who sees which member record --------------------------------------------------------------


def members_by_id(client, team_id, viewer):
    r = client.get(f"{API}/{team_id}/members", headers=viewer.headers)
    assert r.status_code == 200, r.json
    return {m["id"]: m for m in r.json["items"]}


@pytest.fixture
def squad(make):
    """A team whose members are a manager's report and someone else's report."""
    boss = make.manager(full_name="Boss")
    other_boss = make.manager(full_name="Other boss")
    report = make.employee(full_name="Report", manager=boss)
    stranger = make.employee(full_name="Stranger", manager=other_boss)
    team_id = make.team("Squad", members=[report, stranger])
    return team_id, boss, other_boss, report, stranger


def test_admins_see_full_member_records(client, make, squad):
    team_id, _, _, report, stranger = squad
    seen = members_by_id(client, team_id, make.admin())
    assert set(seen) == {report.id, stranger.id}
    for member in seen.values():
        assert set(member) == USER_KEYS
    assert seen[report.id]["email"] == report.email
    assert seen[report.id]["team_ids"] == [team_id]


def test_a_member_sees_their_own_full_record_and_colleagues_public(client, squad):
    team_id, _, _, report, stranger = squad
    seen = members_by_id(client, team_id, report)
    assert set(seen[report.id]) == USER_KEYS
    assert seen[stranger.id] == {"id": stranger.id, "full_name": "Stranger"}


def test_a_manager_sees_their_reports_in_full_and_others_public(client, squad):
    team_id, boss, _, report, stranger = squad
    seen = members_by_id(client, team_id, boss)
    assert set(seen[report.id]) == USER_KEYS
    assert seen[report.id]["manager_id"] == boss.id
    assert seen[stranger.id] == {"id": stranger.id, "full_name": "Stranger"}


def test_a_manager_of_nobody_in_the_team_sees_public_users_only(client, make, squad):
    team_id, *_ = squad
    seen = members_by_id(client, team_id, make.manager())
    assert len(seen) == 2
    for member in seen.values():
        assert set(member) == PUBLIC_KEYS


def test_an_outsider_employee_sees_public_users_only(client, make, squad):
    team_id, _, _, report, stranger = squad
    seen = members_by_id(client, team_id, make.employee())
    assert seen == {
        report.id: {"id": report.id, "full_name": "Report"},
        stranger.id: {"id": stranger.id, "full_name": "Stranger"},
    }


def test_a_manager_without_the_manager_role_sees_public_users_only(client, make):
    demoted = make.employee(full_name="Former boss")
    report = make.employee(full_name="Report", manager=demoted)
    team_id = make.team("Squad", members=[report])
    seen = members_by_id(client, team_id, demoted)
    assert seen == {report.id: {"id": report.id, "full_name": "Report"}}


# --- member pages ------------------------------------------------------------------------------


def test_members_are_paginated_and_sorted(client, make):
    admin = make.admin()
    names = ["Eve", "Bob", "Dan", "Ada", "Cy"]
    people = [make.employee(full_name=n) for n in names]
    team_id = make.team("Squad", members=people)
    r = client.get(
        f"{API}/{team_id}/members",
        query_string={"per_page": 2, "page": 2, "sort": "full_name"},
        headers=admin.headers,
    )
    assert r.status_code == 200
    # sorted: Ada Bob | Cy Dan | Eve -> page 2 is Cy, Dan; 5 members / 2 per page = 3 pages
    assert [m["full_name"] for m in r.json["items"]] == ["Cy", "Dan"]
    assert (r.json["page"], r.json["per_page"], r.json["total"], r.json["pages"]) == (2, 2, 5, 3)
    r = client.get(
        f"{API}/{team_id}/members",
        query_string={"per_page": 2, "page": 3, "sort": "-full_name"},
        headers=admin.headers,
    )
    # descending: Eve Dan | Cy Bob | Ada -> page 3 is Ada
    assert [m["full_name"] for m in r.json["items"]] == ["Ada"]


def test_members_default_page(client, make):
    admin = make.admin()
    team_id = make.team("Squad", members=[make.employee() for _ in range(3)])
    r = client.get(f"{API}/{team_id}/members", headers=admin.headers)
    assert (r.json["page"], r.json["per_page"], r.json["total"], r.json["pages"]) == (1, 20, 3, 1)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": 0}, "page"),
        ({"per_page": 101}, "per_page"),
        ({"sort": "password"}, "sort"),
    ],
)
def test_bad_member_paging_is_422(client, make, params, field):
    team_id = make.team("Squad")
    r = client.get(f"{API}/{team_id}/members", query_string=params, headers=make.admin().headers)
    assert_problem(r, 422, "validation-error")
    assert field in r.json["errors"]


# --- team list ----------------------------------------------------------------------------------


def test_teams_are_paginated_and_sorted_by_name(client, make):
    admin = make.admin()
    for name in ["delta", "Alpha", "echo", "Charlie", "bravo"]:
        make.team(name)
    r = client.get(API, query_string={"per_page": 2}, headers=admin.headers)
    # name order ignores case: Alpha bravo | Charlie delta | echo
    assert [t["name"] for t in r.json["items"]] == ["Alpha", "bravo"]
    assert (r.json["page"], r.json["per_page"], r.json["total"], r.json["pages"]) == (1, 2, 5, 3)
    r = client.get(API, query_string={"per_page": 2, "page": 3}, headers=admin.headers)
    assert [t["name"] for t in r.json["items"]] == ["echo"]
    r = client.get(API, query_string={"sort": "-name"}, headers=admin.headers)
    assert [t["name"] for t in r.json["items"]] == ["echo", "delta", "Charlie", "bravo", "Alpha"]


def test_a_page_past_the_end_is_empty(client, make):
    make.team("Alpha")
    r = client.get(API, query_string={"page": 5}, headers=make.employee().headers)
    assert r.status_code == 200
    assert r.json["items"] == []
    assert (r.json["total"], r.json["pages"]) == (1, 1)


def test_teams_filter_by_name_substring_case_insensitively(client, make):
    for name in ["Platform", "Data platform", "Support"]:
        make.team(name)
    r = client.get(API, query_string={"q": "PLAT"}, headers=make.employee().headers)
    assert [t["name"] for t in r.json["items"]] == ["Data platform", "Platform"]
    assert r.json["total"] == 2


def test_team_filter_treats_wildcards_literally(client, make):
    make.team("50% club")
    make.team("Other")
    r = client.get(API, query_string={"q": "%"}, headers=make.employee().headers)
    assert [t["name"] for t in r.json["items"]] == ["50% club"]


def test_team_list_reports_member_counts(client, make):
    a, b = make.employee(), make.employee()
    make.team("Alpha", members=[a, b])
    make.team("Beta", members=[b])
    make.team("Gamma")
    r = client.get(API, headers=make.employee().headers)
    assert [(t["name"], t["member_count"]) for t in r.json["items"]] == [
        ("Alpha", 2),
        ("Beta", 1),
        ("Gamma", 0),
    ]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": "x"}, "page"),
        ({"per_page": 101}, "per_page"),
        ({"sort": "max_absent"}, "sort"),
    ],
)
def test_bad_team_paging_is_422(client, make, params, field):
    r = client.get(API, query_string=params, headers=make.employee().headers)
    assert_problem(r, 422, "validation-error")
    assert field in r.json["errors"]


# --- query counts ---------------------------------------------------------------------------------


def test_team_list_runs_a_constant_number_of_queries(client, make, count_queries):
    viewer = make.employee()
    people = [make.employee() for _ in range(3)]
    for n in range(2):
        make.team(f"Small {n}", members=people)
    with count_queries() as small:
        r = client.get(API, query_string={"per_page": 2}, headers=viewer.headers)
    assert len(r.json["items"]) == 2
    for n in range(25):
        make.team(f"Large {n}", members=people)
    with count_queries() as large:
        r = client.get(API, query_string={"per_page": 27}, headers=viewer.headers)
    assert len(r.json["items"]) == 27
    assert large.n == small.n


@pytest.mark.parametrize("viewer_role", ["admin", "employee"])
def test_member_list_runs_a_constant_number_of_queries(client, make, count_queries, viewer_role):
    viewer = person(make, viewer_role)
    boss = make.manager()
    other_team = make.team("Other")
    few = [make.employee(manager=boss, teams=[other_team]) for _ in range(2)]
    small_team = make.team("Small", members=few)
    many = [make.employee(manager=boss, teams=[other_team]) for _ in range(30)]
    large_team = make.team("Large", members=many)
    with count_queries() as small:
        r = client.get(f"{API}/{small_team}/members", headers=viewer.headers)
    assert len(r.json["items"]) == 2
    with count_queries() as large:
        r = client.get(
            f"{API}/{large_team}/members", query_string={"per_page": 30}, headers=viewer.headers
        )
    assert len(r.json["items"]) == 30
    assert large.n == small.n

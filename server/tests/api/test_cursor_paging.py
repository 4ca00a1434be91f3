"""Cursor paging (`?after=`): walking a whole list in its default order, one cheap page at
a time, without skipping or repeating anything while the list grows."""

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"


def walk(client, who, url, per_page, start="", **params):
    """Every item of a list from the cursor `start`, following `next_after`; also the
    number of pages."""
    items, after, pages = [], start, 0
    while after is not None:
        r = client.get(
            url, query_string={"after": after, "per_page": per_page, **params}, headers=who.headers
        )
        assert r.status_code == 200, r.get_json()
        body = r.json
        assert set(body) == {"items", "per_page", "next_after"}
        items += body["items"]
        after, pages = body["next_after"], pages + 1
    return items, pages


@pytest.fixture
def requests_of_many(make, clock):
    clock.set("2026-03-02T09:00:00+00:00")
    admin = make.admin()
    vacation = make.leave_type("vacation")
    people = [make.employee() for _ in range(3)]
    # Several requests share a start date: the id breaks the tie.
    days = ["2026-03-09", "2026-03-10", "2026-03-10", "2026-03-10", "2026-03-11", "2026-03-12"]
    for person in people:
        for day in days:
            make.request(person, vacation, day, day)
    return admin, people


def test_walking_requests_gives_each_once_in_the_default_order(client, requests_of_many):
    admin, _ = requests_of_many
    walked, pages = walk(client, admin, f"{API}/requests", per_page=4)
    by_page = client.get(f"{API}/requests?per_page=100", headers=admin.headers).json["items"]
    assert [i["id"] for i in walked] == [i["id"] for i in by_page]
    assert len({i["id"] for i in walked}) == 18
    assert pages == 5  # 4 + 4 + 4 + 4 + 2


def test_filters_and_scope_apply_while_walking(client, requests_of_many):
    admin, people = requests_of_many
    walked, _ = walk(client, admin, f"{API}/requests", per_page=5, user_id=people[1].id)
    assert {i["user_id"] for i in walked} == {people[1].id}
    assert len(walked) == 6
    mine, _ = walk(client, people[2], f"{API}/requests", per_page=5)
    assert {i["user_id"] for i in mine} == {people[2].id}


def test_items_added_while_walking_are_never_repeated(client, make, requests_of_many):
    admin, people = requests_of_many
    first = client.get(f"{API}/requests?after=&per_page=5", headers=admin.headers).json
    # A request that sorts before the cursor: later pages do not shift.
    make.request(people[0], make.leave_type("other"), "2026-03-20", "2026-03-20")
    rest, _ = walk(client, admin, f"{API}/requests", per_page=5, start=first["next_after"])
    ids = [i["id"] for i in first["items"] + rest]
    assert len(ids) == len(set(ids)) == 18


@pytest.mark.parametrize(
    ("url", "who"),
    [
        ("/audit", "admin"),
        ("/users", "admin"),
        ("/notifications", "admin"),
        ("/approvals", "admin"),
    ],
)
def test_other_lists_walk_the_same_way(client, make, clock, url, who):
    clock.set("2026-03-02T09:00:00+00:00")
    admin = make.admin()
    vacation = make.leave_type("vacation")
    for n in range(7):
        person = make.employee(full_name=f"Person {n % 3}")
        r = client.post(
            f"{API}/requests",
            json={"leave_type_id": vacation, "start_date": "2026-03-09", "end_date": "2026-03-09"},
            headers=person.headers,
        )
        assert r.status_code == 201
    assert make.emails_queued() == 7  # the outbox rows for /notifications
    walked, _ = walk(client, admin, API + url, per_page=3)
    listed = client.get(f"{API}{url}?per_page=100", headers=admin.headers).json
    assert [i["id"] for i in walked] == [i["id"] for i in listed["items"]]
    assert len(walked) == listed["total"] > 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"after": "", "page": "2"}, "cannot be combined"),
        ({"after": "", "sort": "created_at"}, "cannot be combined"),
        ({"after": "not-a-cursor"}, "not a cursor"),
        ({"after": "eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA"}, "not a cursor"),
    ],
)
def test_bad_cursors_are_422(client, requests_of_many, params, message):
    admin, _ = requests_of_many
    r = client.get(f"{API}/requests", query_string=params, headers=admin.headers)
    body = assert_problem(r, 422, "validation-error", errors=["after"])
    assert message in body["errors"]["after"]


def test_a_cursor_from_another_list_is_refused(client, requests_of_many):
    admin, _ = requests_of_many
    users = client.get(f"{API}/users?after=&per_page=1", headers=admin.headers).json
    r = client.get(
        f"{API}/requests", query_string={"after": users["next_after"]}, headers=admin.headers
    )
    assert_problem(r, 422, "validation-error", errors=["after"])


@pytest.mark.real_commits  # counts every statement: no savepoints around them
def test_a_cursor_page_runs_one_query_after_authentication(client, requests_of_many, count_queries):
    admin, _ = requests_of_many
    first = client.get(f"{API}/requests?after=&per_page=2", headers=admin.headers).json
    with count_queries() as counted:
        r = client.get(
            f"{API}/requests",
            query_string={"after": first["next_after"], "per_page": 2},
            headers=admin.headers,
        )
    assert r.status_code == 200
    assert counted.n == 2  # the caller, then the page (no count)

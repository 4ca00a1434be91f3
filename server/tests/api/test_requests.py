"""Leave requests through HTTP: creating, reading, listing, editing, previewing, cancelling."""

import re
from datetime import date

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
MONDAY = "2026-03-02T09:00:00+00:00"  # 2026-03-02 is a Monday
NEXT_WEEK = ("2026-03-09", "2026-03-13")  # Mon..Fri, 5 working days


# --- helpers ---------------------------------------------------------------------------------


def create(client, who, leave_type_id, start, end, **extra):
    body = {"leave_type_id": leave_type_id, "start_date": start, "end_date": end, **extra}
    return client.post(f"{API}/requests", json=body, headers=who.headers)


def preview(client, who, leave_type_id, start, end, **extra):
    body = {"leave_type_id": leave_type_id, "start_date": start, "end_date": end, **extra}
    return client.post(f"{API}/requests/preview", json=body, headers=who.headers)


def list_requests(client, who, **params):
    return client.get(f"{API}/requests", query_string=params, headers=who.headers)


def balance(client, who, person, leave_type_id, **params):
    r = client.get(f"{API}/users/{person.id}/balances", query_string=params, headers=who.headers)
    assert r.status_code == 200, r.get_json()
    (item,) = [b for b in r.json["items"] if b["leave_type_id"] == leave_type_id]
    return item


def ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.json["items"]]


# --- auth ordering -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/requests"),
        ("post", "/requests"),
        ("post", "/requests/preview"),
        ("get", "/requests/1"),
        ("patch", "/requests/1"),
        ("post", "/requests/1/cancel"),
    ],
)
def test_requests_endpoints_need_a_token(client, method, path):
    # No token at all (and no valid body) -> 401 comes before any validation.
    r = getattr(client, method)(f"{API}{path}", json={})
    assert_problem(r, 401, "unauthorized")


def test_invalid_token_is_401(client):
    r = client.get(f"{API}/requests", headers={"Authorization": "Bearer not-a-jwt"})
    assert_problem(r, 401, "unauthorized")


def test_inactive_users_token_is_401_even_with_a_valid_body(client, make, clock, vacation):
    clock.set(MONDAY)
    gone = make.employee()
    admin = make.admin()
    assert client.delete(f"{API}/users/{gone.id}", headers=admin.headers).status_code == 204
    r = create(client, gone, vacation, *NEXT_WEEK)
    assert_problem(r, 401, "unauthorized")


def test_request_path_id_that_is_not_an_integer_is_404(client, make):
    r = client.get(f"{API}/requests/abc", headers=make.employee().headers)
    assert_problem(r, 404, "not-found")


# --- create ------------------------------------------------------------------------------------


def test_employee_creates_own_request_pending(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee(full_name="Ann Employee")
    r = create(client, ann, vacation, *NEXT_WEEK, reason="Beach")
    assert r.status_code == 201, r.json
    body = r.json
    assert body["status"] == "pending"
    assert body["user_id"] == ann.id
    assert body["user"] == {"id": ann.id, "full_name": "Ann Employee"}
    assert body["leave_type_id"] == vacation
    assert (body["start_date"], body["end_date"]) == NEXT_WEEK
    assert body["start_half"] is False and body["end_half"] is False
    assert body["days"] == 5.0  # Mon 9 .. Fri 13 March
    assert body["reason"] == "Beach"
    assert body["reviewer_id"] is None
    assert body["reviewed_at"] is None
    assert body["review_comment"] is None
    assert body["created_at"] == "2026-03-02T09:00:00+00:00"


def test_created_request_can_be_read_back(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    created = create(client, ann, vacation, *NEXT_WEEK).json
    r = client.get(f"{API}/requests/{created['id']}", headers=ann.headers)
    assert r.status_code == 200
    assert r.json == created


def test_type_without_approval_is_approved_at_once(client, make, clock):
    clock.set(MONDAY)
    wfh = make.leave_type("remote", yearly_allowance=10, requires_approval=False)
    ann = make.employee()
    r = create(client, ann, wfh, "2026-03-09", "2026-03-11")
    assert r.status_code == 201, r.json
    assert r.json["status"] == "approved"
    assert r.json["days"] == 3.0  # Mon 9, Tue 10, Wed 11
    # The approved days are scheduled (after today) in the balance: 10 - 3 = 7.
    b = balance(client, ann, ann, wfh, year=2026)
    assert (b["scheduled"], b["pending"], b["available"]) == (3.0, 0.0, 7.0)


def test_admin_files_for_anyone(client, org, clock, vacation):
    clock.set(MONDAY)
    r = create(client, org.admin, vacation, *NEXT_WEEK, user_id=org.other.id)
    assert r.status_code == 201, r.json
    assert r.json["user_id"] == org.other.id
    assert r.json["status"] == "pending"


def test_manager_files_for_direct_report(client, org, clock, vacation):
    clock.set(MONDAY)
    r = create(client, org.manager, vacation, *NEXT_WEEK, user_id=org.report.id)
    assert r.status_code == 201, r.json
    assert r.json["user_id"] == org.report.id
    assert r.json["user"] == {"id": org.report.id, "full_name": "Rita Report"}


def test_manager_cannot_file_for_someone_who_is_not_a_report(client, org, clock, vacation):
    clock.set(MONDAY)
    r = create(client, org.manager, vacation, *NEXT_WEEK, user_id=org.other.id)
    assert_problem(r, 403, "forbidden")
    assert list_requests(client, org.admin).json["total"] == 0


def test_employee_cannot_file_for_another_user(client, org, clock, vacation):
    clock.set(MONDAY)
    r = create(client, org.report, vacation, *NEXT_WEEK, user_id=org.other.id)
    assert_problem(r, 403, "forbidden")


def test_employee_may_name_themselves_as_user_id(client, org, clock, vacation):
    clock.set(MONDAY)
    r = create(client, org.report, vacation, *NEXT_WEEK, user_id=org.report.id)
    assert r.status_code == 201, r.json
    assert r.json["user_id"] == org.report.id


def test_create_with_unknown_leave_type_is_422(client, make, clock, vacation):
    clock.set(MONDAY)
    r = create(client, make.employee(), vacation + 999, *NEXT_WEEK)
    assert_problem(r, 422, "validation-error", errors=["leave_type_id"])


def test_admin_filing_for_unknown_user_is_422(client, org, clock, vacation):
    clock.set(MONDAY)
    r = create(client, org.admin, vacation, *NEXT_WEEK, user_id=99999)
    assert_problem(r, 422, "validation-error", errors=["user_id"])


def test_create_with_malformed_json_is_400(client, make):
    r = client.post(
        f"{API}/requests",
        data="{not json",
        content_type="application/json",
        headers=make.employee().headers,
    )
    assert_problem(r, 400, "bad-request")


def test_create_with_another_content_type_is_415(client, make):
    r = client.post(f"{API}/requests", data="leave_type_id=1", headers=make.employee().headers)
    assert_problem(r, 415, "unsupported-media-type")


# --- read one ----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["report", "manager", "admin"])
def test_request_visible_to_owner_manager_and_admin(client, org, make, vacation, viewer):
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status="pending")
    r = client.get(f"{API}/requests/{request_id}", headers=getattr(org, viewer).headers)
    assert r.status_code == 200, r.json
    assert r.json["id"] == request_id
    assert r.json["user_id"] == org.report.id
    assert r.json["days"] == 5.0


@pytest.mark.parametrize("viewer", ["other", "other_manager"])
def test_request_hidden_from_other_employee_and_other_manager(client, org, make, vacation, viewer):
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status="pending")
    r = client.get(f"{API}/requests/{request_id}", headers=getattr(org, viewer).headers)
    assert_problem(r, 404, "not-found")


def test_unknown_request_is_404(client, org):
    r = client.get(f"{API}/requests/424242", headers=org.admin.headers)
    assert_problem(r, 404, "not-found")


# --- list: scope ---------------------------------------------------------------------------------


@pytest.fixture
def three_requests(org, make, vacation):
    """One request each for the manager, their report and an unrelated employee."""
    return {
        "manager": make.request(org.manager, vacation, "2026-03-09", "2026-03-10"),
        "report": make.request(org.report, vacation, "2026-03-11", "2026-03-12"),
        "other": make.request(org.other, vacation, "2026-03-16", "2026-03-17"),
    }


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("report", {"report"}),
        ("other", {"other"}),
        ("manager", {"manager", "report"}),
        ("other_manager", set()),
        ("admin", {"manager", "report", "other"}),
    ],
)
def test_list_is_scoped_to_what_the_caller_may_see(client, org, three_requests, viewer, expected):
    r = list_requests(client, getattr(org, viewer))
    assert set(ids(r)) == {three_requests[k] for k in expected}
    assert r.json["total"] == len(expected)


def test_list_items_are_request_objects(client, org, three_requests):
    r = list_requests(client, org.report)
    (item,) = r.json["items"]
    assert item["id"] == three_requests["report"]
    assert item["user"] == {"id": org.report.id, "full_name": "Rita Report"}
    assert (item["start_date"], item["end_date"], item["days"]) == ("2026-03-11", "2026-03-12", 2.0)
    assert item["status"] == "approved"


# --- list: filters -----------------------------------------------------------------------------


def test_filter_by_user_id(client, org, three_requests):
    r = list_requests(client, org.admin, user_id=org.report.id)
    assert ids(r) == [three_requests["report"]]


def test_filter_by_team_id(client, org, make, three_requests):
    team = make.team("Blue", members=[org.report, org.other])
    make.team("Red", members=[org.manager])
    r = list_requests(client, org.admin, team_id=team)
    assert set(ids(r)) == {three_requests["report"], three_requests["other"]}


@pytest.mark.parametrize("status", ["pending", "approved", "rejected", "cancelled"])
def test_filter_by_status(client, org, make, vacation, status):
    by_status = {
        s: make.request(org.report, vacation, f"2026-04-0{n}", f"2026-04-0{n}", status=s)
        for n, s in enumerate(["pending", "approved", "rejected", "cancelled"], start=6)
    }
    r = list_requests(client, org.report, status=status)
    assert ids(r) == [by_status[status]]
    assert r.json["items"][0]["status"] == status


def test_filter_by_leave_type(client, org, make, vacation):
    sick = make.leave_type("sick", yearly_allowance=None)
    make.request(org.report, vacation, "2026-03-09", "2026-03-09")
    sick_id = make.request(org.report, sick, "2026-03-10", "2026-03-10")
    r = list_requests(client, org.report, leave_type_id=sick)
    assert ids(r) == [sick_id]


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"from": "2026-03-06"}, True),  # ends on the 6th: touches
        ({"to": "2026-03-02"}, True),  # starts on the 2nd: touches
        ({"from": "2026-03-07"}, False),  # after its end
        ({"to": "2026-03-01"}, False),  # before its start
        ({"from": "2026-03-03", "to": "2026-03-04"}, True),  # inside
        ({"from": "2026-02-01", "to": "2026-04-30"}, True),  # around
        ({"from": "2026-03-07", "to": "2026-03-31"}, False),
    ],
)
def test_from_to_select_requests_overlapping_the_range(client, org, make, vacation, params, found):
    request_id = make.request(org.report, vacation, "2026-03-02", "2026-03-06")
    assert ids(list_requests(client, org.report, **params)) == ([request_id] if found else [])


def test_filters_combine(client, org, make, vacation):
    wanted = make.request(org.report, vacation, "2026-03-09", "2026-03-09", status="pending")
    make.request(org.report, vacation, "2026-03-10", "2026-03-10", status="approved")
    make.request(org.other, vacation, "2026-03-09", "2026-03-09", status="pending")
    r = list_requests(client, org.admin, user_id=org.report.id, status="pending", to="2026-03-09")
    assert ids(r) == [wanted]


# --- list: sort and paging -------------------------------------------------------------------


def test_sort_by_start_date(client, org, make, vacation):
    late = make.request(org.report, vacation, "2026-05-04", "2026-05-04")
    early = make.request(org.report, vacation, "2026-03-09", "2026-03-09")
    middle = make.request(org.report, vacation, "2026-04-06", "2026-04-06")
    assert ids(list_requests(client, org.report, sort="start_date")) == [early, middle, late]
    assert ids(list_requests(client, org.report, sort="-start_date")) == [late, middle, early]


def test_sort_by_newest_created_first(client, org, make, clock, vacation):
    clock.set("2026-03-02T10:00:00+00:00")
    second = make.request(org.report, vacation, "2026-03-09", "2026-03-09")
    clock.set("2026-03-02T08:00:00+00:00")
    first = make.request(org.report, vacation, "2026-03-10", "2026-03-10")
    clock.set("2026-03-02T12:00:00+00:00")
    third = make.request(org.report, vacation, "2026-03-11", "2026-03-11")
    assert ids(list_requests(client, org.report, sort="-created_at")) == [third, second, first]
    assert ids(list_requests(client, org.report, sort="created_at")) == [first, second, third]


def test_sort_by_status_then_start_date(client, org, make, vacation):
    pending = make.request(org.report, vacation, "2026-03-09", "2026-03-09", status="pending")
    rejected = make.request(org.report, vacation, "2026-03-10", "2026-03-10", status="rejected")
    approved_b = make.request(org.report, vacation, "2026-03-12", "2026-03-12")
    approved_a = make.request(org.report, vacation, "2026-03-11", "2026-03-11")
    cancelled = make.request(org.report, vacation, "2026-03-13", "2026-03-13", status="cancelled")
    # Alphabetical: approved < cancelled < pending < rejected.
    r = list_requests(client, org.report, sort="status,start_date")
    assert ids(r) == [approved_a, approved_b, cancelled, pending, rejected]


def test_paging_envelope(client, org, make, vacation):
    made = [
        make.request(org.report, vacation, f"2026-04-{day:02d}", f"2026-04-{day:02d}")
        for day in (6, 7, 8, 9, 10)
    ]
    r = list_requests(client, org.report, sort="start_date", per_page=2, page=3)
    assert r.status_code == 200
    # 5 items, 2 per page -> pages = ceil(5 / 2) = 3; page 3 holds only the 5th.
    assert {k: r.json[k] for k in ("page", "per_page", "total", "pages")} == {
        "page": 3,
        "per_page": 2,
        "total": 5,
        "pages": 3,
    }
    assert ids(r) == [made[4]]
    r = list_requests(client, org.report, sort="start_date", per_page=2, page=1)
    assert ids(r) == made[:2]


def test_page_past_the_end_is_empty(client, org, make, vacation):
    make.request(org.report, vacation, "2026-04-06", "2026-04-06")
    r = list_requests(client, org.report, page=5)
    assert r.status_code == 200
    assert (r.json["items"], r.json["total"], r.json["pages"], r.json["page"]) == ([], 1, 1, 5)


def test_default_paging_values(client, org):
    r = list_requests(client, org.report)
    assert r.status_code == 200
    assert r.json == {"items": [], "page": 1, "per_page": 20, "total": 0, "pages": 0}


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("page", "0"),
        ("page", "x"),
        ("per_page", "0"),
        ("per_page", "101"),
        ("sort", "reason"),
        ("sort", "-days"),
        ("status", "approvedd"),
        ("user_id", "abc"),
        ("team_id", "1.5"),
        ("leave_type_id", "x"),
        ("from", "2026-13-01"),
        ("to", "yesterday"),
    ],
)
def test_bad_list_parameters_are_422(client, org, param, value):
    r = list_requests(client, org.admin, **{param: value})
    assert_problem(r, 422, "validation-error", errors=[param])


def test_user_filter_outside_scope_gives_an_empty_page(client, org, three_requests):
    r = list_requests(client, org.report, user_id=org.other.id)
    assert r.status_code == 200
    assert (r.json["items"], r.json["total"]) == ([], 0)


def test_team_filter_outside_scope_gives_an_empty_page(client, org, make, three_requests):
    team = make.team("Elsewhere", members=[org.other])
    r = list_requests(client, org.manager, team_id=team)
    assert r.status_code == 200
    assert (r.json["items"], r.json["total"]) == ([], 0)


@pytest.mark.parametrize("param", ["user_id", "team_id", "leave_type_id"])
def test_filter_on_an_unknown_id_gives_an_empty_page(client, org, three_requests, param):
    r = list_requests(client, org.admin, **{param: 99999})
    assert r.status_code == 200
    assert (r.json["items"], r.json["total"], r.json["pages"]) == ([], 0, 0)


def test_list_runs_a_constant_number_of_queries(client, make, count_queries, vacation):
    admin = make.admin()

    def seed(n):
        for i in range(n):
            person = make.employee(manager=admin)
            make.request(person, vacation, "2026-03-09", "2026-03-10", reason=f"r{i}")

    def count():
        with count_queries() as counted:
            r = list_requests(client, admin, per_page=100)
        assert r.status_code == 200
        return counted.n, r.json["total"]

    seed(3)
    few, total = count()
    assert total == 3
    seed(27)
    many, total = count()
    assert total == 30
    assert many == few


# --- PATCH -------------------------------------------------------------------------------------


def test_owner_extends_a_pending_request_and_days_are_recounted(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    created = create(client, ann, vacation, "2026-03-09", "2026-03-11").json
    assert created["days"] == 3.0  # Mon..Wed
    clock.set("2026-03-02T10:00:00+00:00")
    r = client.patch(
        f"{API}/requests/{created['id']}",
        json={"end_date": "2026-03-13", "reason": "Longer"},
        headers=ann.headers,
    )
    assert r.status_code == 200, r.json
    assert r.json["end_date"] == "2026-03-13"
    assert r.json["start_date"] == "2026-03-09"
    assert r.json["days"] == 5.0  # Mon..Fri
    assert r.json["reason"] == "Longer"
    assert r.json["status"] == "pending"
    assert r.json["updated_at"] == "2026-03-02T10:00:00+00:00"
    # Balance follows: 25 - 5 pending = 20.
    b = balance(client, ann, ann, vacation, year=2026)
    assert (b["pending"], b["available"]) == (5.0, 20.0)


def test_patch_half_day_flag_recounts(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = create(client, ann, vacation, *NEXT_WEEK).json["id"]
    r = client.patch(f"{API}/requests/{request_id}", json={"end_half": True}, headers=ann.headers)
    assert r.status_code == 200, r.json
    assert r.json["end_half"] is True
    assert r.json["days"] == 4.5  # 5 - 0.5 on Friday


def test_patch_creating_an_overlap_is_409(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    assert create(client, ann, vacation, "2026-03-09", "2026-03-10").status_code == 201
    second = create(client, ann, vacation, "2026-03-16", "2026-03-17").json["id"]
    r = client.patch(
        f"{API}/requests/{second}", json={"start_date": "2026-03-10"}, headers=ann.headers
    )
    body = assert_problem(r, 409, "conflict")
    assert body["detail"] == "Overlaps your pending Vacation from 2026-03-09 to 2026-03-10."
    unchanged = client.get(f"{API}/requests/{second}", headers=ann.headers).json
    assert (unchanged["start_date"], unchanged["days"]) == ("2026-03-16", 2.0)


def test_patch_beyond_the_balance_is_insufficient_balance(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = create(client, ann, vacation, *NEXT_WEEK).json["id"]
    # 2026-03-09 .. 2026-04-13: five full weeks (25 days) + Monday 13 April = 26 > 25.
    r = client.patch(
        f"{API}/requests/{request_id}", json={"end_date": "2026-04-13"}, headers=ann.headers
    )
    assert_problem(r, 422, "insufficient-balance")
    # Exactly 25 (ending Friday 10 April) is fine: the old 5 days are not counted twice.
    r = client.patch(
        f"{API}/requests/{request_id}", json={"end_date": "2026-04-10"}, headers=ann.headers
    )
    assert r.status_code == 200, r.json
    assert r.json["days"] == 25.0


def test_editing_does_not_count_the_request_against_itself(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    # 2026-03-09 .. 2026-04-03: four full weeks = 20 days of 25.
    created = create(client, ann, vacation, "2026-03-09", "2026-04-03").json
    assert created["days"] == 20.0
    # 2026-04-13 .. 2026-05-08: four full weeks = 20 days. Counting the old 20 too would
    # leave 25 - 20 - 20 = -15; without them 25 - 20 = 5.
    r = client.patch(
        f"{API}/requests/{created['id']}",
        json={"start_date": "2026-04-13", "end_date": "2026-05-08"},
        headers=ann.headers,
    )
    assert r.status_code == 200, r.json
    assert (r.json["start_date"], r.json["end_date"], r.json["days"]) == (
        "2026-04-13",
        "2026-05-08",
        20.0,
    )
    b = balance(client, ann, ann, vacation, year=2026)
    assert (b["pending"], b["available"]) == (20.0, 5.0)


def test_patch_that_moves_into_the_past_is_422(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = create(client, ann, vacation, *NEXT_WEEK).json["id"]
    r = client.patch(
        f"{API}/requests/{request_id}", json={"start_date": "2026-02-27"}, headers=ann.headers
    )
    assert_problem(r, 422, "validation-error", errors=["start_date"])


def test_patch_with_end_before_start_is_422(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = create(client, ann, vacation, *NEXT_WEEK).json["id"]
    r = client.patch(
        f"{API}/requests/{request_id}", json={"end_date": "2026-03-08"}, headers=ann.headers
    )
    assert_problem(r, 422, "validation-error", errors=["end_date"])


@pytest.mark.parametrize("editor", ["manager", "admin"])
def test_patch_by_someone_who_sees_it_but_is_not_the_owner_is_403(
    client, org, make, clock, vacation, editor
):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status="pending")
    r = client.patch(
        f"{API}/requests/{request_id}",
        json={"end_date": "2026-03-12"},
        headers=getattr(org, editor).headers,
    )
    assert_problem(r, 403, "forbidden")


@pytest.mark.parametrize("editor", ["other", "other_manager"])
def test_patch_by_someone_who_cannot_see_it_is_404(client, org, make, clock, vacation, editor):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status="pending")
    r = client.patch(
        f"{API}/requests/{request_id}",
        json={"end_date": "2026-03-12"},
        headers=getattr(org, editor).headers,
    )
    assert_problem(r, 404, "not-found")


@pytest.mark.parametrize("status", ["approved", "rejected", "cancelled"])
def test_patch_of_a_decided_request_is_409(client, make, clock, vacation, status):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = make.request(ann, vacation, *NEXT_WEEK, status=status)
    r = client.patch(
        f"{API}/requests/{request_id}", json={"end_date": "2026-03-12"}, headers=ann.headers
    )
    assert_problem(r, 409, "conflict")


# Auth ordering: 404 (can't see) before 403 (not yours) before 409 (state) before 422 (input),
# even when the body is malformed as well.
@pytest.mark.parametrize(
    ("editor", "status", "expected", "slug"),
    [
        ("other", "pending", 404, "not-found"),
        ("manager", "pending", 403, "forbidden"),
        ("report", "approved", 409, "conflict"),
        ("report", "pending", 422, "validation-error"),
    ],
)
def test_patch_checks_run_in_the_documented_order(
    client, org, make, clock, vacation, editor, status, expected, slug
):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status=status)
    r = client.patch(
        f"{API}/requests/{request_id}",
        json={"end_date": "not-a-date"},
        headers=getattr(org, editor).headers,
    )
    assert_problem(r, expected, slug)


def test_patch_of_unknown_request_with_a_malformed_body_is_404(client, org, clock):
    clock.set(MONDAY)
    r = client.patch(
        f"{API}/requests/424242", json={"start_half": "yes"}, headers=org.report.headers
    )
    assert_problem(r, 404, "not-found")


def test_patch_to_an_unknown_leave_type_is_422(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = create(client, ann, vacation, *NEXT_WEEK).json["id"]
    r = client.patch(
        f"{API}/requests/{request_id}", json={"leave_type_id": vacation + 99}, headers=ann.headers
    )
    assert_problem(r, 422, "validation-error", errors=["leave_type_id"])


# --- preview -------------------------------------------------------------------------------------


def test_preview_breakdown(client, make, clock, vacation):
    clock.set(MONDAY)
    make.holiday(date(2026, 3, 11), "Founders Day")
    ann = make.employee()  # no country: only company holidays apply
    r = preview(client, ann, vacation, "2026-03-09", "2026-03-15")
    assert r.status_code == 200, r.json
    # Mon 9, Tue 10, (Wed 11 holiday), Thu 12, Fri 13, (Sat 14, Sun 15) -> 4 days.
    eight = {"scheduled_hours": 8.0, "amount": 1.0}
    assert r.json == {
        "days": 4.0,
        "unit": "days",
        "amount": 4.0,
        "breakdown": [
            {"date": "2026-03-09", **eight},
            {"date": "2026-03-10", **eight},
            {"date": "2026-03-12", **eight},
            {"date": "2026-03-13", **eight},
        ],
        "dates": ["2026-03-09", "2026-03-10", "2026-03-12", "2026-03-13"],
        "skipped": [
            {"date": "2026-03-11", "reason": "holiday", "name": "Founders Day"},
            {"date": "2026-03-14", "reason": "weekend"},
            {"date": "2026-03-15", "reason": "weekend"},
        ],
        # 25 available; 25 - 4 = 21 after.
        "by_year": [
            {
                "year": 2026,
                "days": 4.0,
                "amount": 4.0,
                "balance_before": 25.0,
                "balance_after": 21.0,
            }
        ],
        "balance_before": 25.0,
        "balance_after": 21.0,
        "overlaps": [],
        "team_conflicts": [],
        "violations": [],
        "warnings": [],
    }


def test_preview_saves_nothing(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    assert preview(client, ann, vacation, *NEXT_WEEK).status_code == 200
    r = list_requests(client, ann)
    assert (r.json["items"], r.json["total"]) == ([], 0)
    b = balance(client, ann, ann, vacation, year=2026)
    assert (b["pending"], b["available"]) == (0.0, 25.0)


def test_preview_counts_existing_requests_in_the_balance(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    make.request(ann, vacation, "2026-03-02", "2026-03-06", status="approved")  # 5 days
    make.request(ann, vacation, "2026-03-16", "2026-03-17", status="pending")  # 2 days
    r = preview(client, ann, vacation, "2026-03-09", "2026-03-11")
    assert r.status_code == 200, r.json
    # 25 - 5 - 2 = 18 before; 18 - 3 = 15 after.
    assert (r.json["balance_before"], r.json["balance_after"]) == (18.0, 15.0)
    assert r.json["violations"] == []


def test_preview_lists_overlapping_requests_as_a_conflict_violation(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    first = make.request(ann, vacation, "2026-03-10", "2026-03-10", status="pending")
    second = make.request(ann, vacation, "2026-03-12", "2026-03-13", status="approved")
    make.request(ann, vacation, "2026-03-11", "2026-03-11", status="rejected")
    r = preview(client, ann, vacation, *NEXT_WEEK)
    assert r.status_code == 200, r.json
    assert r.json["overlaps"] == [first, second]
    assert [v["type"] for v in r.json["violations"]] == ["conflict"]
    assert create(client, ann, vacation, *NEXT_WEEK).status_code == 409


@pytest.mark.parametrize(
    ("start", "end", "slug", "status"),
    [
        ("2026-02-23", "2026-02-27", "validation-error", 422),  # in the past
        ("2026-03-07", "2026-03-08", "validation-error", 422),  # weekend only: 0 days
        ("2026-03-09", "2026-04-13", "insufficient-balance", 422),  # 26 days > 25
        ("2028-03-02", "2028-03-02", "validation-error", 422),  # 731 days ahead
    ],
)
def test_preview_violation_carries_the_slug_post_would_give(
    client, make, clock, vacation, start, end, slug, status
):
    clock.set(MONDAY)
    ann = make.employee()
    r = preview(client, ann, vacation, start, end)
    assert r.status_code == 200, r.json
    assert [v["type"] for v in r.json["violations"]] == [slug]
    assert r.json["violations"][0]["detail"]
    assert_problem(create(client, ann, vacation, start, end), status, slug)


def test_preview_reports_every_violation_at_once(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    make.request(ann, vacation, "2026-02-02", "2026-02-27", status="approved")  # 20 days
    # 2026-02-16 .. 2026-03-13: past start, overlaps Feb 16..27, and 20 more days on
    # 25 - 20 = 5 available.
    r = preview(client, ann, vacation, "2026-02-16", "2026-03-13")
    assert r.status_code == 200, r.json
    assert r.json["days"] == 20.0
    assert {v["type"] for v in r.json["violations"]} == {
        "validation-error",
        "conflict",
        "insufficient-balance",
    }
    assert (r.json["balance_before"], r.json["balance_after"]) == (5.0, -15.0)


def test_preview_for_unlimited_type_has_null_balances(client, make, clock):
    clock.set(MONDAY)
    sick = make.leave_type("sick", yearly_allowance=None)
    ann = make.employee()
    r = preview(client, ann, sick, *NEXT_WEEK)
    assert r.status_code == 200, r.json
    assert r.json["days"] == 5.0
    assert r.json["balance_before"] is None
    assert r.json["balance_after"] is None
    assert r.json["by_year"] == [
        {"year": 2026, "days": 5.0, "amount": 5.0, "balance_before": None, "balance_after": None}
    ]
    assert r.json["violations"] == []


@pytest.mark.parametrize(
    ("body", "error_key"),
    [
        ({"end_date": "2026-03-13"}, "start_date"),  # start_date missing
        ({"start_date": "2026-03-13", "end_date": "2026-03-09"}, "end_date"),  # end before start
        ({"start_date": "2026-03-09", "end_date": "2026-03-13", "bad_type": True}, "leave_type_id"),
        ({"start_date": "2026-03-09", "end_date": "not-a-date"}, "end_date"),
    ],
)
def test_preview_with_malformed_input_is_422(client, make, clock, vacation, body, error_key):
    clock.set(MONDAY)
    body = dict(body)
    body["leave_type_id"] = vacation + 999 if body.pop("bad_type", False) else vacation
    r = client.post(f"{API}/requests/preview", json=body, headers=make.employee().headers)
    assert_problem(r, 422, "validation-error", errors=[error_key])


def test_preview_for_unknown_user_is_422_for_admin(client, org, clock, vacation):
    clock.set(MONDAY)
    r = preview(client, org.admin, vacation, *NEXT_WEEK, user_id=99999)
    assert_problem(r, 422, "validation-error", errors=["user_id"])


def test_preview_for_another_user_follows_post_permissions(client, org, clock, vacation):
    clock.set(MONDAY)
    assert_problem(
        preview(client, org.report, vacation, *NEXT_WEEK, user_id=org.other.id), 403, "forbidden"
    )
    r = preview(client, org.manager, vacation, *NEXT_WEEK, user_id=org.report.id)
    assert r.status_code == 200, r.json
    assert r.json["days"] == 5.0


# --- cancel --------------------------------------------------------------------------------------


def cancel(client, who, request_id):
    return client.post(f"{API}/requests/{request_id}/cancel", headers=who.headers)


def test_owner_cancels_pending_and_days_return_to_the_balance(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = create(client, ann, vacation, *NEXT_WEEK).json["id"]
    b = balance(client, ann, ann, vacation, year=2026)
    assert (b["pending"], b["available"]) == (5.0, 20.0)  # 25 - 5
    r = cancel(client, ann, request_id)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "cancelled"
    assert r.json["id"] == request_id
    b = balance(client, ann, ann, vacation, year=2026)
    assert (b["pending"], b["available"]) == (0.0, 25.0)


def test_owner_cancels_approved_leave_that_starts_after_today(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = make.request(ann, vacation, "2026-03-03", "2026-03-04", status="approved")
    assert balance(client, ann, ann, vacation, year=2026)["scheduled"] == 2.0
    r = cancel(client, ann, request_id)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "cancelled"
    b = balance(client, ann, ann, vacation, year=2026)
    assert (b["scheduled"], b["available"]) == (0.0, 25.0)


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-03-02", "2026-03-04"), ("2026-02-23", "2026-02-27"), ("2026-02-27", "2026-03-03")],
)
def test_owner_cannot_cancel_approved_leave_that_has_started(
    client, make, clock, vacation, start, end
):
    clock.set(MONDAY)  # today is 2026-03-02
    ann = make.employee()
    request_id = make.request(ann, vacation, start, end, status="approved")
    assert_problem(cancel(client, ann, request_id), 409, "conflict")
    assert client.get(f"{API}/requests/{request_id}", headers=ann.headers).json["status"] == (
        "approved"
    )


def test_started_is_judged_in_the_owners_time_zone(client, make, clock, vacation):
    # 11:30 UTC on 2 March is 01:30 on 3 March in Kiritimati (UTC+14): leave starting on
    # the 3rd has started for that owner, but not for a UTC owner.
    clock.set("2026-03-02T11:30:00+00:00")
    far = make.employee(timezone="Pacific/Kiritimati")
    near = make.employee(timezone="UTC")
    far_request = make.request(far, vacation, "2026-03-03", "2026-03-04", status="approved")
    near_request = make.request(near, vacation, "2026-03-03", "2026-03-04", status="approved")
    assert_problem(cancel(client, far, far_request), 409, "conflict")
    assert cancel(client, near, near_request).status_code == 200


def test_owner_cancels_pending_leave_even_if_it_started(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    request_id = make.request(ann, vacation, "2026-02-23", "2026-02-27", status="pending")
    r = cancel(client, ann, request_id)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "cancelled"


@pytest.mark.parametrize(
    ("status", "start", "end"),
    [
        ("pending", "2026-03-09", "2026-03-13"),
        ("approved", "2026-03-09", "2026-03-13"),
        ("approved", "2026-02-23", "2026-02-27"),  # already taken
        ("approved", "2026-03-02", "2026-03-04"),  # started today
    ],
)
def test_admin_cancels_any_pending_or_approved_request(
    client, org, make, clock, vacation, status, start, end
):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, start, end, status=status)
    r = cancel(client, org.admin, request_id)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "cancelled"
    b = balance(client, org.admin, org.report, vacation, year=2026)
    assert b["available"] == 25.0  # nothing left charged


def test_manager_who_is_not_the_owner_cannot_cancel(client, org, make, clock, vacation):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status="pending")
    assert_problem(cancel(client, org.manager, request_id), 403, "forbidden")


@pytest.mark.parametrize("caller", ["other", "other_manager"])
def test_someone_who_cannot_see_the_request_cannot_cancel_it(
    client, org, make, clock, vacation, caller
):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status="pending")
    assert_problem(cancel(client, getattr(org, caller), request_id), 404, "not-found")


@pytest.mark.parametrize("status", ["cancelled", "rejected"])
@pytest.mark.parametrize("caller", ["report", "admin"])
def test_cancelling_a_cancelled_or_rejected_request_is_409(
    client, org, make, clock, vacation, status, caller
):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status=status)
    assert_problem(cancel(client, getattr(org, caller), request_id), 409, "conflict")


def test_cancel_unknown_request_is_404(client, org, clock):
    clock.set(MONDAY)
    assert_problem(cancel(client, org.admin, 987654), 404, "not-found")


# --- found by contract fuzzing: dates as documented ---------------------------------------


@pytest.mark.parametrize("value", ["0040-04-02", "3000-01-01", "2026-02-29"])
def test_a_date_outside_the_documented_pattern_is_422(client, org, value):
    # The document said `format: date`, which allows the year 0040; the server takes the
    # years 1900..2999 only: the document now says so with a pattern.
    spec = client.get(f"{API}/openapi.json").get_json()
    (param,) = [p for p in spec["paths"]["/requests"]["get"]["parameters"] if p["name"] == "to"]
    assert not re.search(param["schema"]["pattern"], value)
    r = list_requests(client, org.report, to=value)
    assert_problem(r, 422, "validation-error", errors=("to",))


def test_an_empty_date_filter_counts_as_not_given(client, org, vacation):
    # `?to=` was taken (as no filter) while the document said it was not a date: the
    # document now says `allowEmptyValue`.
    r = list_requests(client, org.report, to="", **{"from": ""})
    assert r.status_code == 200, r.get_json()
    spec = client.get(f"{API}/openapi.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/requests"]["get"]["parameters"]}
    assert params["to"]["allowEmptyValue"] is params["from"]["allowEmptyValue"] is True


def test_a_body_date_out_of_range_says_so(client, org, vacation):
    body = {"leave_type_id": vacation, "start_date": "0040-01-01", "end_date": "2026-01-02"}
    r = client.post(f"{API}/requests/preview", json=body, headers=org.report.headers)
    problem = assert_problem(r, 422, "validation-error", errors=("start_date",))
    assert problem["errors"]["start_date"] == "must be between the years 1900 and 2999"


# --- what the caller may do -------------------------------------------------------------------


def can(request_json):
    return {k: request_json[k] for k in ("can_cancel", "can_edit", "can_decide")}


def test_each_caller_is_told_what_they_may_do_to_a_request(client, org, vacation, clock):
    clock.set(MONDAY)
    r = create(client, org.report, vacation, *NEXT_WEEK)
    assert can(r.json) == {"can_cancel": True, "can_edit": True, "can_decide": False}
    url = f"{API}/requests/{r.json['id']}"
    seen_by_manager = client.get(url, headers=org.manager.headers).json
    assert can(seen_by_manager) == {"can_cancel": False, "can_edit": False, "can_decide": True}
    (in_inbox,) = client.get(f"{API}/approvals", headers=org.manager.headers).json["items"]
    assert can(in_inbox) == can(seen_by_manager)
    approved = client.post(f"{url}/approve", json={}, headers=org.manager.headers).json
    assert can(approved) == {"can_cancel": False, "can_edit": False, "can_decide": False}
    (listed,) = list_requests(client, org.report).json["items"]
    assert can(listed) == {"can_cancel": True, "can_edit": False, "can_decide": False}


def test_once_leave_has_started_in_the_owners_time_zone_only_an_admin_may_cancel(
    client, make, org, vacation, clock
):
    """Monday 9 March starts at 23:00 UTC on Sunday in Berlin: the server, not the
    client's clock, says the leave has started."""
    berlin = make.employee(manager=org.manager, timezone="Europe/Berlin")
    clock.set(MONDAY)
    request_id = create(client, berlin, vacation, *NEXT_WEEK).json["id"]
    client.post(f"{API}/requests/{request_id}/approve", json={}, headers=org.manager.headers)
    clock.set("2026-03-08T22:30:00+00:00")  # 23:30 on Sunday in Berlin
    mine = client.get(f"{API}/requests/{request_id}", headers=berlin.headers).json
    assert mine["can_cancel"] is True
    clock.set("2026-03-08T23:30:00+00:00")  # 00:30 on Monday in Berlin: it has started
    mine = client.get(f"{API}/requests/{request_id}", headers=berlin.headers).json
    assert mine["can_cancel"] is False
    r = client.post(f"{API}/requests/{request_id}/cancel", headers=berlin.headers)
    assert_problem(r, 409, "conflict")
    as_admin = client.get(f"{API}/requests/{request_id}", headers=org.admin.headers).json
    assert as_admin["can_cancel"] is True

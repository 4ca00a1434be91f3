"""The audit trail through HTTP: one row per change, who and what, filters, order, read-only."""

import json
import re
from datetime import date

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1/audit"


def audit(client, admin, **params):
    r = client.get(API, query_string=params, headers=admin.headers)
    assert r.status_code == 200, r.json
    return r.json


def rows(client, admin, **params):
    """Audit rows matching `params`, oldest first (the endpoint gives newest first)."""
    return list(reversed(audit(client, admin, per_page=100, **params)["items"]))


def ok(r, status=200):
    assert r.status_code == status, r.json
    return r.json


# --- who may read it -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "manager"])
def test_only_admins_read_the_audit_trail(client, make, role):
    caller = make.manager() if role == "manager" else make.employee()
    assert_problem(client.get(API, headers=caller.headers), 403, "forbidden")


def test_the_audit_trail_needs_a_token(client):
    assert_problem(client.get(API), 401, "unauthorized")


def test_an_empty_trail_is_an_empty_page(client, make):
    assert audit(client, make.admin()) == {
        "items": [],
        "page": 1,
        "per_page": 20,
        "total": 0,
        "pages": 0,
    }


# --- what is recorded ------------------------------------------------------------------------


def test_a_row_has_the_documented_fields_and_the_clocks_time(client, make, clock):
    clock.set("2026-03-01T10:00:00+01:00")
    admin = make.admin()
    team = ok(client.post("/api/v1/teams", json={"name": "Platform"}, headers=admin.headers), 201)
    (row,) = audit(client, admin)["items"]
    assert row == {
        "id": row["id"],
        "at": "2026-03-01T09:00:00+00:00",  # 10:00 at +01:00, returned in UTC
        "actor_id": admin.id,
        "actor_name": admin.full_name,
        "action": "team.created",
        "entity": "team",
        "entity_id": team["id"],
        "changes": {
            "name": [None, "Platform"],
            "description": [None, None],
            "max_absent": [None, None],
        },
    }


def test_user_changes_are_audited(client, make):
    admin = make.admin()
    secret = "a-very-long-password-42"
    created = ok(
        client.post(
            "/api/v1/users",
            json={
                "email": "new@example.com",
                "full_name": "New Person",
                "password": secret,
                "roles": ["manager"],
            },
            headers=admin.headers,
        ),
        201,
    )
    ok(
        client.patch(
            f"/api/v1/users/{created['id']}", json={"full_name": "Nu Person"}, headers=admin.headers
        )
    )
    assert client.delete(f"/api/v1/users/{created['id']}", headers=admin.headers).status_code == 204
    found = rows(client, admin, entity="user", entity_id=created["id"])
    assert [(r["action"], r["actor_id"]) for r in found] == [
        ("user.created", admin.id),
        ("user.updated", admin.id),
        ("user.deactivated", admin.id),
    ]
    assert found[0]["changes"]["email"] == [None, "new@example.com"]
    assert found[0]["changes"]["full_name"] == [None, "New Person"]
    assert found[0]["changes"]["roles"] == [None, ["employee", "manager"]]
    assert found[1]["changes"] == {"full_name": ["New Person", "Nu Person"]}
    assert found[2]["changes"] == {"is_active": [True, False]}
    text = json.dumps(found)
    assert secret not in text
    assert "password" not in text


def test_a_users_own_change_names_them_as_the_actor(client, make):
    admin = make.admin()
    employee = make.employee(timezone="UTC")
    ok(
        client.patch(
            f"/api/v1/users/{employee.id}",
            json={"timezone": "Europe/Berlin"},
            headers=employee.headers,
        )
    )
    (row,) = rows(client, admin, entity="user")
    assert (row["action"], row["entity_id"], row["actor_id"]) == (
        "user.updated",
        employee.id,
        employee.id,
    )
    assert row["changes"] == {"timezone": ["UTC", "Europe/Berlin"]}


def test_self_registration_is_audited(client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNUP_OPEN", True)
    admin = make.admin()
    body = {"email": "self@example.com", "password": "long-enough-pw", "full_name": "Self"}
    created = ok(client.post("/api/v1/auth/register", json=body), 201)
    (row,) = rows(client, admin, entity="user")
    assert (row["action"], row["entity_id"]) == ("user.created", created["id"])
    # Nobody was logged in; the spec documents actor_id null for self-registration, and the
    # new user as their own actor would also be truthful.
    assert row["actor_id"] in (None, created["id"])
    assert row["changes"]["email"] == [None, "self@example.com"]


def test_team_changes_are_audited(client, make):
    admin = make.admin()
    member = make.employee()
    team = ok(
        client.post(
            "/api/v1/teams", json={"name": "Platform", "max_absent": 2}, headers=admin.headers
        ),
        201,
    )
    url = f"/api/v1/teams/{team['id']}"
    ok(client.patch(url, json={"name": "Core", "max_absent": 2}, headers=admin.headers))
    for _ in range(2):  # the second PUT changes nothing, so it writes nothing
        assert client.put(f"{url}/members/{member.id}", headers=admin.headers).status_code == 204
    assert client.delete(f"{url}/members/{member.id}", headers=admin.headers).status_code == 204
    assert client.delete(url, headers=admin.headers).status_code == 204
    found = rows(client, admin, entity="team", entity_id=team["id"])
    assert [(r["action"], r["changes"]) for r in found] == [
        (
            "team.created",
            {"name": [None, "Platform"], "description": [None, None], "max_absent": [None, 2]},
        ),
        ("team.updated", {"name": ["Platform", "Core"]}),
        ("team.members_changed", {"user_id": [None, member.id]}),
        ("team.members_changed", {"user_id": [member.id, None]}),
        (
            "team.deleted",
            {
                "name": ["Core", None],
                "description": [None, None],
                "max_absent": [2, None],
                "member_ids": [[], None],
            },
        ),
    ]
    assert {r["actor_id"] for r in found} == {admin.id}
    assert {r["entity"] for r in found} == {"team"}


def test_leave_type_changes_are_audited(client, make):
    admin = make.admin()
    created = ok(
        client.post(
            "/api/v1/leave-types",
            json={"name": "Vacation", "code": "vacation", "yearly_allowance": 25},
            headers=admin.headers,
        ),
        201,
    )
    url = f"/api/v1/leave-types/{created['id']}"
    ok(client.patch(url, json={"carryover_max": 5}, headers=admin.headers))
    assert client.delete(url, headers=admin.headers).status_code == 204
    found = rows(client, admin, entity="leave_type", entity_id=created["id"])
    assert [r["action"] for r in found] == [
        "leave_type.created",
        "leave_type.updated",
        "leave_type.deactivated",
    ]
    assert found[0]["changes"]["yearly_allowance"] == [None, 25]
    assert found[1]["changes"] == {"carryover_max": [0, 5]}
    assert found[2]["changes"] == {"is_active": [True, False]}


def test_holiday_changes_are_audited(client, make):
    admin = make.admin()
    created = ok(
        client.post(
            "/api/v1/holidays", json={"date": "2026-08-14", "name": "Party"}, headers=admin.headers
        ),
        201,
    )
    url = f"/api/v1/holidays/{created['id']}"
    ok(client.patch(url, json={"date": "2026-08-21"}, headers=admin.headers))
    assert client.delete(url, headers=admin.headers).status_code == 204
    found = rows(client, admin, entity="holiday", entity_id=created["id"])
    assert [(r["action"], r["changes"]) for r in found] == [
        (
            "holiday.created",
            {
                "date": [None, "2026-08-14"],
                "name": [None, "Party"],
                "country": [None, None],
                "subdivision": [None, None],
            },
        ),
        ("holiday.updated", {"date": ["2026-08-14", "2026-08-21"]}),
        (
            "holiday.deleted",
            {
                "date": ["2026-08-21", None],
                "name": ["Party", None],
                "country": [None, None],
                "subdivision": [None, None],
            },
        ),
    ]


def test_adjustments_are_audited(client, make):
    admin = make.admin()
    employee = make.employee()
    type_id = make.leave_type("vacation", yearly_allowance=25)
    created = ok(
        client.post(
            f"/api/v1/users/{employee.id}/adjustments",
            json={
                "leave_type_id": type_id,
                "year": 2026,
                "days": -1.5,
                "reason": "Came back early",
            },
            headers=admin.headers,
        ),
        201,
    )
    (row,) = rows(client, admin, entity="adjustment")
    assert (row["action"], row["entity_id"], row["actor_id"]) == (
        "adjustment.created",
        created["id"],
        admin.id,
    )
    assert row["changes"] == {
        "user_id": [None, employee.id],
        "leave_type_id": [None, type_id],
        "year": [None, 2026],
        "days": [None, -1.5],
        "reason": [None, "Came back early"],
    }


@pytest.fixture
def approval_chain(make, clock):
    """A manager, their report, an admin and a leave type that needs approval."""
    clock.set("2026-03-01T10:00:00+00:00")  # a Sunday
    boss = make.manager()
    employee = make.employee(manager=boss)
    admin = make.admin()
    type_id = make.leave_type("vacation", yearly_allowance=25, requires_approval=True)
    return boss, employee, admin, type_id


def ask(client, who, type_id, start, end):
    body = {"leave_type_id": type_id, "start_date": start, "end_date": end}
    return ok(client.post("/api/v1/requests", json=body, headers=who.headers), 201)


def test_a_request_created_edited_approved_and_cancelled_is_audited(client, approval_chain):
    boss, employee, admin, type_id = approval_chain
    request = ask(client, employee, type_id, "2026-03-09", "2026-03-13")  # Mon..Fri = 5 days
    url = f"/api/v1/requests/{request['id']}"
    ok(client.patch(url, json={"end_date": "2026-03-12"}, headers=employee.headers))  # 4 days
    ok(client.post(f"{url}/approve", json={"comment": "Enjoy"}, headers=boss.headers))
    ok(client.post(f"{url}/cancel", headers=employee.headers))
    found = rows(client, admin, entity="leave_request", entity_id=request["id"])
    assert [(r["action"], r["actor_id"]) for r in found] == [
        ("leave_request.submitted", employee.id),
        ("leave_request.updated", employee.id),
        ("leave_request.approved", boss.id),
        ("leave_request.cancelled", employee.id),
    ]
    created = found[0]["changes"]
    assert created["user_id"] == [None, employee.id]
    assert created["leave_type_id"] == [None, type_id]
    assert created["start_date"] == [None, "2026-03-09"]
    assert created["end_date"] == [None, "2026-03-13"]
    assert created["days"] == [None, 5]
    assert created["status"] == [None, "pending"]
    assert found[1]["changes"] == {"end_date": ["2026-03-13", "2026-03-12"], "days": [5, 4]}
    assert found[2]["changes"] == {
        "status": ["pending", "approved"],
        "reviewer_id": [None, boss.id],
        "reviewed_at": [None, "2026-03-01T10:00:00+00:00"],
        "review_comment": [None, "Enjoy"],
    }
    assert found[3]["changes"] == {"status": ["approved", "cancelled"]}


def test_a_rejected_request_is_audited(client, approval_chain):
    boss, employee, admin, type_id = approval_chain
    request = ask(client, employee, type_id, "2026-04-06", "2026-04-07")
    url = f"/api/v1/requests/{request['id']}"
    ok(client.post(f"{url}/reject", json={"comment": "Release week"}, headers=boss.headers))
    found = rows(client, admin, entity="leave_request", entity_id=request["id"])
    assert [(r["action"], r["actor_id"], r["changes"]) for r in found[1:]] == [
        (
            "leave_request.rejected",
            boss.id,
            {
                "status": ["pending", "rejected"],
                "reviewer_id": [None, boss.id],
                "reviewed_at": [None, "2026-03-01T10:00:00+00:00"],
                "review_comment": [None, "Release week"],
            },
        )
    ]


def test_an_admin_cancelling_a_request_is_the_actor(client, approval_chain):
    _, employee, admin, type_id = approval_chain
    request = ask(client, employee, type_id, "2026-05-04", "2026-05-04")
    ok(client.post(f"/api/v1/requests/{request['id']}/cancel", headers=admin.headers))
    found = rows(client, admin, entity="leave_request", entity_id=request["id"])
    assert [(r["action"], r["actor_id"]) for r in found] == [
        ("leave_request.submitted", employee.id),
        ("leave_request.cancelled", admin.id),
    ]
    assert found[1]["changes"] == {"status": ["pending", "cancelled"]}


def test_each_change_writes_exactly_one_row(client, make):
    admin = make.admin()
    member = make.employee()

    def total():
        return audit(client, admin)["total"]

    team = ok(client.post("/api/v1/teams", json={"name": "A"}, headers=admin.headers), 201)
    assert total() == 1
    url = f"/api/v1/teams/{team['id']}"
    ok(client.patch(url, json={"name": "B", "max_absent": 3}, headers=admin.headers))
    assert total() == 2  # one row for two changed fields
    assert client.put(f"{url}/members/{member.id}", headers=admin.headers).status_code == 204
    assert total() == 3
    body = {"date": "2026-08-14", "name": "Party"}
    ok(client.post("/api/v1/holidays", json=body, headers=admin.headers), 201)
    assert total() == 4
    assert client.delete(url, headers=admin.headers).status_code == 204
    assert total() == 5


# --- refused changes leave no trace ---------------------------------------------------------


def _duplicate_team(client, make):
    make.team("Platform")
    return client.post("/api/v1/teams", json={"name": "PLATFORM"}, headers=make.admin().headers)


def _rename_team_to_taken(client, make):
    make.team("Platform")
    other = make.team("Support")
    return client.patch(
        f"/api/v1/teams/{other}", json={"name": "platform"}, headers=make.admin().headers
    )


def _employee_creates_team(client, make):
    return client.post("/api/v1/teams", json={"name": "Mine"}, headers=make.employee().headers)


def _bad_leave_type_color(client, make):
    body = {"name": "Sick", "code": "sick", "color": "red"}
    return client.post("/api/v1/leave-types", json=body, headers=make.admin().headers)


def _duplicate_holiday(client, make):
    make.holiday(date(2026, 8, 14), "Party")
    body = {"date": "2026-08-14", "name": "Other"}
    return client.post("/api/v1/holidays", json=body, headers=make.admin().headers)


def _zero_day_adjustment(client, make):
    employee = make.employee()
    body = {"leave_type_id": make.leave_type("vacation"), "year": 2026, "days": 0, "reason": "x"}
    return client.post(
        f"/api/v1/users/{employee.id}/adjustments", json=body, headers=make.admin().headers
    )


def _request_with_inactive_type(client, make):
    employee = make.employee()
    type_id = make.leave_type("vacation", is_active=False)
    body = {"leave_type_id": type_id, "start_date": "2026-03-09", "end_date": "2026-03-13"}
    return client.post("/api/v1/requests", json=body, headers=employee.headers)


def _approve_an_approved_request(client, make):
    boss = make.manager()
    employee = make.employee(manager=boss)
    request_id = make.request(employee, make.leave_type("vacation"), "2026-03-09", "2026-03-13")
    return client.post(f"/api/v1/requests/{request_id}/approve", headers=boss.headers)


@pytest.mark.parametrize(
    "attempt, status",
    [
        (_duplicate_team, 409),
        (_rename_team_to_taken, 409),
        (_employee_creates_team, 403),
        (_bad_leave_type_color, 422),
        (_duplicate_holiday, 409),
        (_zero_day_adjustment, 422),
        (_request_with_inactive_type, 422),
        (_approve_an_approved_request, 409),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else str(v),
)
def test_a_refused_change_writes_no_row(client, make, clock, attempt, status):
    clock.set("2026-03-01T10:00:00+00:00")
    r = attempt(client, make)
    assert r.status_code == status, r.json
    assert audit(client, make.admin())["total"] == 0  # factories write no audit rows


# --- filters, order, pages ------------------------------------------------------------------------


@pytest.fixture
def history(client, make, clock):
    """One change per kind of entity, each a day apart at 09:00 UTC from 1 to 6 March 2026."""
    admin = make.admin()
    employee = make.employee()
    type_id = make.leave_type("vacation", yearly_allowance=25, requires_approval=True)
    made = {"admin": admin, "employee": employee}

    clock.set("2026-03-01T09:00:00+00:00")
    body = {"email": "new@example.com", "full_name": "New", "password": "long-enough-pw"}
    made["user"] = ok(client.post("/api/v1/users", json=body, headers=admin.headers), 201)["id"]
    clock.set("2026-03-02T09:00:00+00:00")
    body = {"name": "Platform"}
    made["team"] = ok(client.post("/api/v1/teams", json=body, headers=admin.headers), 201)["id"]
    clock.set("2026-03-03T09:00:00+00:00")
    body = {"name": "Sick", "code": "sick"}
    r = client.post("/api/v1/leave-types", json=body, headers=admin.headers)
    made["leave_type"] = ok(r, 201)["id"]
    clock.set("2026-03-04T09:00:00+00:00")
    body = {"date": "2026-08-14", "name": "Party"}
    made["holiday"] = ok(client.post("/api/v1/holidays", json=body, headers=admin.headers), 201)[
        "id"
    ]
    clock.set("2026-03-05T09:00:00+00:00")
    body = {"leave_type_id": type_id, "year": 2026, "days": 2, "reason": "Overtime"}
    r = client.post(f"/api/v1/users/{employee.id}/adjustments", json=body, headers=admin.headers)
    made["adjustment"] = ok(r, 201)["id"]
    clock.set("2026-03-06T09:00:00+00:00")
    body = {"leave_type_id": type_id, "start_date": "2026-03-16", "end_date": "2026-03-20"}
    r = client.post("/api/v1/requests", json=body, headers=employee.headers)
    made["leave_request"] = ok(r, 201)["id"]
    return made


ORDER = ["user", "team", "leave_type", "holiday", "adjustment", "leave_request"]


def entities(page):
    return [row["entity"] for row in page["items"]]


def test_newest_first_by_default(client, history):
    page = audit(client, history["admin"])
    assert entities(page) == list(reversed(ORDER))
    assert [row["at"][:10] for row in page["items"]] == [
        "2026-03-06",
        "2026-03-05",
        "2026-03-04",
        "2026-03-03",
        "2026-03-02",
        "2026-03-01",
    ]


def test_sort_by_time_ascending(client, history):
    assert entities(audit(client, history["admin"], sort="at")) == ORDER


def test_rows_of_the_same_instant_are_newest_first(client, make, clock):
    clock.set("2026-03-01T09:00:00+00:00")
    admin = make.admin()
    for name in ("First", "Second", "Third"):
        ok(client.post("/api/v1/teams", json={"name": name}, headers=admin.headers), 201)
    names = [row["changes"]["name"][1] for row in audit(client, admin)["items"]]
    assert names == ["Third", "Second", "First"]


def test_the_trail_is_paginated(client, history):
    admin = history["admin"]
    first = audit(client, admin, per_page=4)
    # 6 rows, 4 per page -> 2 pages; newest first
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 4, 6, 2)
    assert entities(first) == ["leave_request", "adjustment", "holiday", "leave_type"]
    second = audit(client, admin, per_page=4, page=2)
    assert entities(second) == ["team", "user"]
    assert audit(client, admin, per_page=4, page=3)["items"] == []


@pytest.mark.parametrize("entity", ORDER)
def test_filter_by_entity(client, history, entity):
    page = audit(client, history["admin"], entity=entity)
    assert page["total"] == 1
    (row,) = page["items"]
    assert row["entity"] == entity
    verb = "submitted" if entity == "leave_request" else "created"
    assert row["action"] == f"{entity}.{verb}"
    assert row["entity_id"] == history[entity]


def test_filter_by_entity_id(client, history):
    admin = history["admin"]
    page = audit(client, admin, entity="team", entity_id=history["team"])
    assert [row["action"] for row in page["items"]] == ["team.created"]
    page = audit(client, admin, entity_id=history["team"])
    assert page["items"]
    assert {row["entity_id"] for row in page["items"]} == {history["team"]}
    assert audit(client, admin, entity="team", entity_id=999999)["items"] == []


def test_filter_by_actor(client, history):
    admin = history["admin"]
    by_employee = audit(client, admin, actor_id=history["employee"].id)
    assert entities(by_employee) == ["leave_request"]
    by_admin = audit(client, admin, actor_id=admin.id)
    assert entities(by_admin) == list(reversed(ORDER[:5]))
    assert audit(client, admin, actor_id=999999)["items"] == []


@pytest.mark.parametrize(
    "params, expected",
    [
        # dates: whole days, both ends included
        ({"from": "2026-03-03"}, ORDER[2:]),
        ({"to": "2026-03-03"}, ORDER[:3]),
        ({"from": "2026-03-02", "to": "2026-03-04"}, ORDER[1:4]),
        # timestamps: exact instants, both ends included
        ({"from": "2026-03-02T09:00:00+00:00"}, ORDER[1:]),
        ({"to": "2026-03-02T09:00:00+00:00"}, ORDER[:2]),
        # 10:30 at +01:00 is 09:30 UTC: after the change of 2 March
        ({"from": "2026-03-02T10:30:00+01:00"}, ORDER[2:]),
        # 09:59:59 at +01:00 is 08:59:59 UTC: before the change of 4 March
        ({"to": "2026-03-04T09:59:59+01:00"}, ORDER[:3]),
        ({"from": "2026-03-05T00:00:00Z", "to": "2026-03-05T23:59:59Z"}, ["adjustment"]),
    ],
)
def test_filter_by_time(client, history, params, expected):
    page = audit(client, history["admin"], sort="at", **params)
    assert entities(page) == expected


def test_filters_combine(client, history):
    admin = history["admin"]
    page = audit(client, admin, actor_id=admin.id, entity="holiday", **{"from": "2026-03-02"})
    assert entities(page) == ["holiday"]
    page = audit(client, admin, actor_id=admin.id, entity="leave_request")
    assert page["items"] == []


@pytest.mark.parametrize(
    "params, field",
    [
        ({"entity": "users"}, "entity"),
        ({"entity_id": "abc"}, "entity_id"),
        ({"actor_id": "-1"}, "actor_id"),
        ({"from": "2026-02-30"}, "from"),
        ({"to": "2026-03-01T10:00:00"}, "to"),
        ({"sort": "action"}, "sort"),
        # found by contract fuzzing: the document said `string`; now it has the pattern of
        # a date or a timestamp with offset, and the server takes exactly that
        ({"from": "1899-12-31"}, "from"),
        ({"from": "20260301T093000Z"}, "from"),
        ({"from": "2026-03-01 09:30+00:00"}, "from"),
        ({"from": "2026-03-01T09+00:00"}, "from"),
        ({"to": "3000-01-01T00:00:00Z"}, "to"),
    ],
)
def test_invalid_filters_are_422(client, make, params, field):
    r = client.get(API, query_string=params, headers=make.admin().headers)
    assert_problem(r, 422, "validation-error")
    assert field in r.json["errors"]


@pytest.mark.parametrize(
    "value",
    ["2026-03-01", "2026-03-01T09:30Z", "2026-03-01T09:30:00+01:00", "2026-03-01T09:30:00.5-05:30"],
)
def test_dates_and_timestamps_that_match_the_documented_pattern_are_taken(client, make, value):
    r = client.get(API, query_string={"from": value}, headers=make.admin().headers)
    assert r.status_code == 200, r.json
    spec = client.get("/api/v1/openapi.json").json
    (param,) = [p for p in spec["paths"]["/audit"]["get"]["parameters"] if p["name"] == "from"]
    assert re.search(param["schema"]["pattern"], value)


# --- append-only -------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_trail_cannot_be_written_through_the_api(client, make, method):
    admin = make.admin()
    ok(client.post("/api/v1/teams", json={"name": "Platform"}, headers=admin.headers), 201)
    r = getattr(client, method)(API, json={"action": "x"}, headers=admin.headers)
    assert_problem(r, 405, "method-not-allowed")
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert [row["action"] for row in audit(client, admin)["items"]] == ["team.created"]


@pytest.mark.parametrize("method", ["get", "delete"])
def test_there_is_no_single_row_endpoint(client, make, method):
    admin = make.admin()
    ok(client.post("/api/v1/teams", json={"name": "Platform"}, headers=admin.headers), 201)
    row_id = audit(client, admin)["items"][0]["id"]
    r = getattr(client, method)(f"{API}/{row_id}", json={"action": "x"}, headers=admin.headers)
    assert_problem(r, 404, "not-found")  # no such route, for any method
    assert audit(client, admin)["items"][0]["action"] == "team.created"

"""Leave types through HTTP: roles, defaults, validation, deactivation and their audit rows."""

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1/leave-types"
TYPE_KEYS = {
    "id",
    "unit",
    "day_weighting",
    "allow_half_days",
    "min_request_hours",
    "visibility",
    "availability",
    "name",
    "code",
    "color",
    "paid",
    "requires_approval",
    "yearly_allowance",
    "accrual",
    "carryover_max",
    "allow_negative",
    "allow_past",
    "min_notice_days",
    "is_active",
}


def person(make, role):
    return {"employee": make.employee, "manager": make.manager, "admin": make.admin}[role]()


def create(client, admin, **body):
    body = {"name": "Vacation", "code": "vacation", "yearly_allowance": 25, **body}
    return client.post(API, json=body, headers=admin.headers)


def audit_rows(client, admin, leave_type_id):
    """The leave type's audit rows, oldest first."""
    r = client.get(
        "/api/v1/audit",
        query_string={"entity": "leave_type", "entity_id": leave_type_id},
        headers=admin.headers,
    )
    assert r.status_code == 200, r.json
    return list(reversed(r.json["items"]))


# --- reading: everyone -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "manager", "admin"])
def test_every_role_can_read_leave_types(client, make, role):
    vacation = make.leave_type("vacation", yearly_allowance=25, carryover_max=5)
    make.leave_type("sick", yearly_allowance=None)
    headers = person(make, role).headers
    listed = client.get(API, headers=headers)
    assert listed.status_code == 200
    assert sorted(t["code"] for t in listed.json["items"]) == ["sick", "vacation"]
    assert all(set(t) == TYPE_KEYS for t in listed.json["items"])
    assert listed.json["total"] == 2
    one = client.get(f"{API}/{vacation}", headers=headers)
    assert one.status_code == 200
    assert (one.json["id"], one.json["code"]) == (vacation, "vacation")
    assert (one.json["yearly_allowance"], one.json["carryover_max"]) == (25, 5)


@pytest.mark.parametrize(
    "method, path",
    [("get", "/999999"), ("patch", "/999999"), ("delete", "/999999")],
)
def test_unknown_leave_type_is_404(client, make, method, path):
    r = getattr(client, method)(API + path, json={"name": "X"}, headers=make.admin().headers)
    assert_problem(r, 404, "not-found")


def test_leave_types_need_a_token(client):
    assert_problem(client.get(API), 401, "unauthorized")


# --- changing: admins only ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "manager"])
@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "", {"name": "Sick", "code": "sick"}),
        ("patch", "/{id}", {"name": "Holiday"}),
        ("delete", "/{id}", None),
    ],
    ids=["create", "update", "deactivate"],
)
def test_only_admins_change_leave_types(client, make, role, method, path, body):
    type_id = make.leave_type("vacation")
    r = getattr(client, method)(
        API + path.format(id=type_id), json=body, headers=person(make, role).headers
    )
    assert_problem(r, 403, "forbidden")
    listed = client.get(API, headers=make.admin().headers).json["items"]
    assert [(t["code"], t["name"], t["is_active"]) for t in listed] == [
        ("vacation", "Vacation", True)
    ]


def test_admin_creates_a_leave_type_with_defaults(client, make):
    admin = make.admin()
    r = client.post(API, json={"name": "Vacation", "code": "vacation"}, headers=admin.headers)
    assert r.status_code == 201, r.json
    body = r.json
    assert set(body) == TYPE_KEYS
    assert (body["name"], body["code"]) == ("Vacation", "vacation")
    assert body["carryover_max"] == 0
    assert body["allow_negative"] is False
    assert body["allow_past"] is False
    assert body["min_notice_days"] == 0
    assert body["is_active"] is True
    assert body["accrual"] == "yearly"
    # Counted in days, a working day being a day, in halves if asked.
    assert (body["unit"], body["day_weighting"]) == ("days", "per_day")
    assert (body["allow_half_days"], body["min_request_hours"]) == (True, 0.25)
    # Colleagues see "Away", and it is time away.
    assert (body["visibility"], body["availability"]) == ("private", "away")
    assert isinstance(body["paid"], bool)
    assert isinstance(body["requires_approval"], bool)
    assert len(body["color"]) == 7
    assert body["color"].startswith("#")
    int(body["color"][1:], 16)  # a hex colour
    assert client.get(f"{API}/{body['id']}", headers=admin.headers).json == body


def test_admin_creates_a_leave_type_with_every_field(client, make):
    body = {
        "name": "Parental leave",
        "code": "parental",
        "color": "#12AB9F",
        "paid": False,
        "requires_approval": False,
        "yearly_allowance": 12.5,
        "accrual": "monthly",
        "carryover_max": 2.5,
        "allow_negative": True,
        "allow_past": True,
        "min_notice_days": 14,
        "unit": "hours",
        "day_weighting": "by_hours",
        "allow_half_days": False,
        "min_request_hours": 1.5,
        "visibility": "public",
        "availability": "available",
    }
    r = client.post(API, json=body, headers=make.admin().headers)
    assert r.status_code == 201, r.json
    assert r.json == {**body, "id": r.json["id"], "is_active": True}


def test_leave_type_codes_are_unique(client, make):
    admin = make.admin()
    assert create(client, admin).status_code == 201
    r = create(client, admin, name="Another vacation")
    assert_problem(r, 409, "conflict")
    assert client.get(API, headers=admin.headers).json["total"] == 1


def test_leave_type_codes_are_unique_whatever_the_case(client, make):
    admin = make.admin()
    assert create(client, admin, code="vacation").status_code == 201
    assert_problem(create(client, admin, code="VACATION"), 409, "conflict")


def test_changing_the_code_to_a_taken_one_is_409(client, make):
    make.leave_type("vacation")
    sick = make.leave_type("sick")
    r = client.patch(f"{API}/{sick}", json={"code": "vacation"}, headers=make.admin().headers)
    assert_problem(r, 409, "conflict")


@pytest.mark.parametrize("code", ["sick_leave", "parental-2"])
def test_valid_codes_are_accepted(client, make, code):
    r = create(client, make.admin(), code=code)
    assert r.status_code == 201, r.json
    assert r.json["code"] == code


@pytest.mark.parametrize("code", ["1abc", "has space", "x" * 51])
def test_bad_codes_are_422(client, make, code):
    r = create(client, make.admin(), code=code)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"code"}


def test_hex_colors_are_accepted_whatever_the_case(client, make):
    r = create(client, make.admin(), color="#a1b2c3")
    assert r.status_code == 201, r.json
    assert r.json["color"].upper() == "#A1B2C3"


@pytest.mark.parametrize("color", ["red", "#FFF", "#GGGGGG"])
def test_bad_colors_are_422(client, make, color):
    r = create(client, make.admin(), color=color)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"color"}


@pytest.mark.parametrize("allowance", [0, 12.5, None])
def test_yearly_allowance_accepts_half_days_and_null(client, make, allowance):
    r = create(client, make.admin(), yearly_allowance=allowance)
    assert r.status_code == 201, r.json
    assert r.json["yearly_allowance"] == allowance


@pytest.mark.parametrize("allowance", [2.25, -1, "ten"])
def test_bad_yearly_allowance_is_422(client, make, allowance):
    r = create(client, make.admin(), yearly_allowance=allowance)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"yearly_allowance"}


@pytest.mark.parametrize("accrual", ["weekly", None])
def test_unknown_accrual_is_422(client, make, accrual):
    r = create(client, make.admin(), accrual=accrual)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"accrual"}


@pytest.mark.parametrize(
    "field, value",
    [
        ("min_notice_days", -1),
        ("carryover_max", 0.3),
        ("paid", None),
    ],
)
def test_other_bad_fields_are_422(client, make, field, value):
    r = create(client, make.admin(), **{field: value})
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {field}


@pytest.mark.parametrize("missing", ["name", "code"])
def test_name_and_code_are_required(client, make, missing):
    body = {"name": "Vacation", "code": "vacation"}
    del body[missing]
    r = client.post(API, json=body, headers=make.admin().headers)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {missing}


@pytest.mark.parametrize("name", ["   ", "x" * 101])
def test_bad_names_are_422(client, make, name):
    r = create(client, make.admin(), name=name)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"name"}


def test_patch_changes_only_the_given_fields(client, make):
    admin = make.admin()
    before = create(client, admin, color="#112233", carryover_max=5).json
    r = client.patch(
        f"{API}/{before['id']}",
        json={"name": "Annual leave", "min_notice_days": 3},
        headers=admin.headers,
    )
    assert r.status_code == 200, r.json
    assert r.json == {**before, "name": "Annual leave", "min_notice_days": 3}
    assert client.get(f"{API}/{before['id']}", headers=admin.headers).json == r.json


def test_patch_can_make_a_type_unlimited(client, make):
    admin = make.admin()
    type_id = make.leave_type("vacation", yearly_allowance=25)
    r = client.patch(f"{API}/{type_id}", json={"yearly_allowance": None}, headers=admin.headers)
    assert r.status_code == 200, r.json
    assert r.json["yearly_allowance"] is None


@pytest.mark.parametrize(
    "body, field",
    [
        ({"yearly_allowance": 2.25}, "yearly_allowance"),
        ({"color": "blue"}, "color"),
        ({"accrual": "weekly"}, "accrual"),
        ({"is_active": None}, "is_active"),
    ],
)
def test_patch_validates_like_create(client, make, body, field):
    admin = make.admin()
    type_id = make.leave_type("vacation")
    before = client.get(f"{API}/{type_id}", headers=admin.headers).json
    r = client.patch(f"{API}/{type_id}", json=body, headers=admin.headers)
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {field}
    assert client.get(f"{API}/{type_id}", headers=admin.headers).json == before


# --- deactivation -------------------------------------------------------------------------------


def test_delete_deactivates_and_keeps_the_type(client, make):
    admin = make.admin()
    vacation = make.leave_type("vacation")
    sick = make.leave_type("sick")
    r = client.delete(f"{API}/{vacation}", headers=admin.headers)
    assert r.status_code == 204
    assert r.data == b""
    got = client.get(f"{API}/{vacation}", headers=admin.headers)
    assert got.status_code == 200
    assert got.json["is_active"] is False
    listed = client.get(API, headers=admin.headers).json
    assert sorted(t["id"] for t in listed["items"]) == sorted([vacation, sick])
    inactive = client.get(API, query_string={"is_active": "false"}, headers=admin.headers).json
    assert [t["id"] for t in inactive["items"]] == [vacation]
    active = client.get(API, query_string={"is_active": "true"}, headers=admin.headers).json
    assert [t["id"] for t in active["items"]] == [sick]


def test_delete_deactivates_a_type_in_use(client, make):
    admin = make.admin()
    owner = make.employee()
    type_id = make.leave_type("vacation")
    request_id = make.request(owner, type_id, "2026-03-02", "2026-03-06", status="approved")
    assert client.delete(f"{API}/{type_id}", headers=admin.headers).status_code == 204
    assert client.get(f"{API}/{type_id}", headers=admin.headers).json["is_active"] is False
    r = client.get(f"/api/v1/requests/{request_id}", headers=owner.headers)
    assert r.status_code == 200
    assert (r.json["leave_type_id"], r.json["status"]) == (type_id, "approved")


def test_deleting_an_inactive_type_again_is_204(client, make):
    admin = make.admin()
    type_id = make.leave_type("vacation", is_active=False)
    assert client.delete(f"{API}/{type_id}", headers=admin.headers).status_code == 204
    assert client.get(f"{API}/{type_id}", headers=admin.headers).json["is_active"] is False


def test_patch_is_active_true_reactivates(client, make):
    admin = make.admin()
    type_id = make.leave_type("vacation")
    assert client.delete(f"{API}/{type_id}", headers=admin.headers).status_code == 204
    r = client.patch(f"{API}/{type_id}", json={"is_active": True}, headers=admin.headers)
    assert r.status_code == 200, r.json
    assert r.json["is_active"] is True
    active = client.get(API, query_string={"is_active": "true"}, headers=admin.headers).json
    assert [t["id"] for t in active["items"]] == [type_id]


def test_no_request_can_be_made_with_an_inactive_type(client, make, clock):
    clock.set("2026-03-01T10:00:00+00:00")  # a Sunday
    admin = make.admin()
    employee = make.employee()
    type_id = make.leave_type("vacation", yearly_allowance=None)
    body = {"leave_type_id": type_id, "start_date": "2026-03-09", "end_date": "2026-03-13"}
    assert client.delete(f"{API}/{type_id}", headers=admin.headers).status_code == 204
    r = client.post("/api/v1/requests", json=body, headers=employee.headers)
    assert_problem(r, 422, "validation-error")
    assert "leave_type_id" in r.json["errors"]
    assert client.get("/api/v1/requests", headers=employee.headers).json["total"] == 0
    # once reactivated, the very same request goes through (Mon 9 .. Fri 13 March = 5 days)
    client.patch(f"{API}/{type_id}", json={"is_active": True}, headers=admin.headers)
    r = client.post("/api/v1/requests", json=body, headers=employee.headers)
    assert r.status_code == 201, r.json
    assert r.json["days"] == 5


# --- list ---------------------------------------------------------------------------------------


def test_leave_types_are_paginated_and_sorted(client, make):
    for code in ["sick", "bereavement", "vacation", "parental", "training"]:
        make.leave_type(code)
    headers = make.employee().headers
    r = client.get(API, query_string={"per_page": 2, "sort": "code"}, headers=headers)
    # codes sorted: bereavement parental | sick training | vacation
    assert [t["code"] for t in r.json["items"]] == ["bereavement", "parental"]
    assert (r.json["page"], r.json["per_page"], r.json["total"], r.json["pages"]) == (1, 2, 5, 3)
    r = client.get(API, query_string={"per_page": 2, "page": 3, "sort": "code"}, headers=headers)
    assert [t["code"] for t in r.json["items"]] == ["vacation"]
    r = client.get(API, query_string={"sort": "-name"}, headers=headers)
    assert [t["name"] for t in r.json["items"]] == [
        "Vacation",
        "Training",
        "Sick",
        "Parental",
        "Bereavement",
    ]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"per_page": 101}, "per_page"),
        ({"sort": "yearly_allowance"}, "sort"),
        ({"is_active": "maybe"}, "is_active"),
    ],
)
def test_bad_list_arguments_are_422(client, make, params, field):
    r = client.get(API, query_string=params, headers=make.employee().headers)
    assert_problem(r, 422, "validation-error")
    assert field in r.json["errors"]


def test_leave_type_list_runs_a_constant_number_of_queries(client, make, count_queries):
    headers = make.employee().headers
    for n in range(2):
        make.leave_type(f"small{n}")
    with count_queries() as small:
        client.get(API, headers=headers)
    for n in range(30):
        make.leave_type(f"large{n}")
    with count_queries() as large:
        r = client.get(API, query_string={"per_page": 40}, headers=headers)
    assert len(r.json["items"]) == 32
    assert large.n == small.n


# --- audit --------------------------------------------------------------------------------------


def test_creating_a_leave_type_writes_an_audit_row(client, make):
    admin = make.admin()
    created = create(client, admin, yearly_allowance=12.5).json
    rows = audit_rows(client, admin, created["id"])
    assert [r["action"] for r in rows] == ["leave_type.created"]
    row = rows[0]
    assert (row["entity"], row["entity_id"], row["actor_id"]) == (
        "leave_type",
        created["id"],
        admin.id,
    )
    assert row["changes"]["code"] == [None, "vacation"]
    assert row["changes"]["name"] == [None, "Vacation"]
    assert row["changes"]["yearly_allowance"] == [None, 12.5]
    assert row["changes"]["is_active"] == [None, True]


def test_updating_a_leave_type_writes_the_changed_fields(client, make):
    admin = make.admin()
    type_id = make.leave_type("vacation", yearly_allowance=25)
    r = client.patch(
        f"{API}/{type_id}",
        json={"name": "Annual leave", "yearly_allowance": 27.5, "code": "vacation"},
        headers=admin.headers,
    )
    assert r.status_code == 200
    rows = audit_rows(client, admin, type_id)
    assert [r["action"] for r in rows] == ["leave_type.updated"]
    # `code` was sent unchanged, so it is not a change
    assert rows[0]["changes"] == {
        "name": ["Vacation", "Annual leave"],
        "yearly_allowance": [25, 27.5],
    }
    assert rows[0]["actor_id"] == admin.id


def test_deactivating_and_reactivating_write_audit_rows(client, make):
    admin = make.admin()
    type_id = make.leave_type("vacation")
    client.delete(f"{API}/{type_id}", headers=admin.headers)
    client.patch(f"{API}/{type_id}", json={"is_active": True}, headers=admin.headers)
    rows = audit_rows(client, admin, type_id)
    assert [(r["action"], r["changes"]) for r in rows] == [
        ("leave_type.deactivated", {"is_active": [True, False]}),
        ("leave_type.updated", {"is_active": [False, True]}),
    ]


def test_refused_leave_type_changes_write_no_audit_row(client, make):
    admin = make.admin()
    type_id = make.leave_type("vacation")
    make.leave_type("sick")
    client.patch(f"{API}/{type_id}", json={"color": "blue"}, headers=admin.headers)
    client.patch(f"{API}/{type_id}", json={"code": "sick"}, headers=admin.headers)
    create(client, admin, code="sick")
    client.delete(f"{API}/{type_id}", headers=make.employee().headers)
    r = client.get("/api/v1/audit", headers=admin.headers)
    assert r.json["total"] == 0

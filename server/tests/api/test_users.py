"""Users through HTTP: who may do what, scoped lists, validation, deactivation, audit."""

import re
from datetime import date

import pytest

from server.tests.helpers import USER_KEYS, assert_problem, login

API = "/api/v1/users"
PROBLEM_TYPE = "application/problem+json"
PAGE_KEYS = {"items", "page", "per_page", "total", "pages"}


def assert_invalid(r, *fields):
    assert_problem(r, 422, "validation-error")
    for name in fields:
        assert name in r.json["errors"], r.json


def assert_user(body):
    assert set(body) == USER_KEYS
    text = repr(body).lower()
    assert "password" not in text
    assert "pbkdf2" not in text


def new_user(**fields):
    body = {
        "email": "new.person@example.com",
        "full_name": "New Person",
        "password": "a-long-enough-secret",
    }
    return {**body, **fields}


def listing(client, caller, **params):
    r = client.get(API, query_string=params, headers=caller.headers)
    assert r.status_code == 200, r.json
    assert set(r.json) == PAGE_KEYS
    return r.json


def ids(page):
    return [u["id"] for u in page["items"]]


# --- the role x endpoint matrix --------------------------------------------------------------


@pytest.fixture
def cast(make):
    """A target employee, their manager, another manager, an unrelated employee, an admin."""
    boss = make.manager(full_name="Boss")
    other_boss = make.manager(full_name="Other Boss")
    target = make.employee(full_name="Target", manager=boss)
    return {
        "employee": make.employee(full_name="Colleague"),
        "manager": boss,
        "other_manager": other_boss,
        "admin": make.admin(full_name="Admin"),
        "self": target,
        "target": target,
    }


ACTORS = ("employee", "manager", "other_manager", "admin", "self")


@pytest.mark.parametrize(
    ("actor", "status"),
    [("employee", 403), ("manager", 200), ("other_manager", 200), ("admin", 200), ("self", 403)],
)
def test_who_may_list_users(client, cast, actor, status):
    r = client.get(API, headers=cast[actor].headers)
    if status == 200:
        assert r.status_code == 200
        assert set(r.json) == PAGE_KEYS
    else:
        assert_problem(r, status, "forbidden")


@pytest.mark.parametrize(
    ("actor", "status"),
    [("employee", 403), ("manager", 403), ("other_manager", 403), ("admin", 201), ("self", 403)],
)
def test_who_may_create_users(client, cast, actor, status):
    r = client.post(API, json=new_user(), headers=cast[actor].headers)
    if status == 201:
        assert r.status_code == 201, r.json
        assert_user(r.json)
    else:
        assert_problem(r, status, "forbidden")


@pytest.mark.parametrize(
    ("actor", "status"),
    [("employee", 404), ("manager", 200), ("other_manager", 404), ("admin", 200), ("self", 200)],
)
def test_who_may_read_a_user(client, cast, actor, status):
    r = client.get(f"{API}/{cast['target'].id}", headers=cast[actor].headers)
    if status == 200:
        assert r.status_code == 200
        assert r.json["id"] == cast["target"].id
        assert_user(r.json)
    else:
        assert_problem(r, status, "not-found")


@pytest.mark.parametrize(
    ("actor", "status", "slug"),
    [
        ("employee", 404, "not-found"),
        ("manager", 403, "forbidden"),
        ("other_manager", 404, "not-found"),
        ("admin", 200, None),
        ("self", 200, None),
    ],
)
def test_who_may_rename_a_user(client, cast, actor, status, slug):
    target = cast["target"]
    r = client.patch(
        f"{API}/{target.id}", json={"full_name": "Renamed"}, headers=cast[actor].headers
    )
    if status == 200:
        assert r.status_code == 200, r.json
        assert r.json["full_name"] == "Renamed"
    else:
        assert_problem(r, status, slug)
        after = client.get(f"{API}/{target.id}", headers=cast["admin"].headers)
        assert after.json["full_name"] == "Target"


@pytest.mark.parametrize(
    ("actor", "status"),
    [("employee", 403), ("manager", 403), ("other_manager", 403), ("admin", 204), ("self", 403)],
)
def test_who_may_deactivate_a_user(client, cast, actor, status):
    target = cast["target"]
    r = client.delete(f"{API}/{target.id}", headers=cast[actor].headers)
    if status == 204:
        assert r.status_code == 204
    else:
        assert_problem(r, status, "forbidden")
    after = client.get(f"{API}/{target.id}", headers=cast["admin"].headers)
    assert after.json["is_active"] is (status != 204)


@pytest.mark.parametrize(
    ("method", "actor", "status"),
    [
        ("get", "employee", 404),
        ("get", "manager", 404),
        ("get", "admin", 404),
        ("patch", "employee", 404),
        ("patch", "admin", 404),
        ("delete", "employee", 403),  # the role may not deactivate anyone: 403 before 404
        ("delete", "manager", 403),
        ("delete", "admin", 404),
    ],
)
def test_a_user_that_does_not_exist(client, cast, method, actor, status):
    kwargs = {"json": {"full_name": "X"}} if method == "patch" else {}
    r = getattr(client, method)(f"{API}/999999", headers=cast[actor].headers, **kwargs)
    assert_problem(r, status, "not-found" if status == 404 else "forbidden")


@pytest.mark.parametrize(
    ("actor", "status", "slug"),
    [
        ("employee", 404, "not-found"),
        ("other_manager", 404, "not-found"),
        ("manager", 403, "forbidden"),
    ],
)
def test_scope_and_permission_come_before_input_validation(client, cast, actor, status, slug):
    # docs/errors.md, the order of checks: outside scope -> 404 and "sees it but may not"
    # -> 403, both before 422.
    r = client.patch(
        f"{API}/{cast['target'].id}", json={"full_name": ""}, headers=cast[actor].headers
    )
    assert_problem(r, status, slug)


def test_users_need_a_token(client, cast):
    assert_problem(client.get(API), 401, "unauthorized")
    assert_problem(client.get(f"{API}/{cast['target'].id}"), 401, "unauthorized")
    assert_problem(client.post(API, json=new_user()), 401, "unauthorized")


def test_a_manager_loses_sight_of_reports_without_the_manager_role(client, make):
    admin = make.admin()
    boss = make.manager()
    report = make.employee(manager=boss)
    assert client.get(f"{API}/{report.id}", headers=boss.headers).status_code == 200
    r = client.patch(f"{API}/{boss.id}", json={"roles": ["employee"]}, headers=admin.headers)
    assert r.status_code == 200, r.json
    assert_problem(client.get(f"{API}/{report.id}", headers=boss.headers), 404, "not-found")


# --- self service ----------------------------------------------------------------------------


def test_a_user_may_change_their_own_name_and_timezone(client, make):
    ada = make.employee(full_name="Ada")
    r = client.patch(
        f"{API}/{ada.id}",
        json={"full_name": "Ada Lovelace", "timezone": "Europe/London"},
        headers=ada.headers,
    )
    assert r.status_code == 200, r.json
    assert r.json["full_name"] == "Ada Lovelace"
    assert r.json["timezone"] == "Europe/London"
    assert_user(r.json)


@pytest.mark.parametrize(
    "fields",
    [
        {"roles": ["employee", "admin"]},
        {"email": "me@example.com"},
        {"manager_id": None},
        {"is_active": False},
        {"work_days": [0, 1, 2]},
        {"country": "US"},
        {"hire_date": "2020-01-01"},
        {"full_name": "Allowed", "roles": ["manager"]},
    ],
)
def test_a_user_may_not_change_admin_fields_of_their_own_record(client, make, fields):
    admin = make.admin()
    boss = make.manager()
    ada = make.employee(full_name="Ada", manager=boss)
    r = client.patch(f"{API}/{ada.id}", json=fields, headers=ada.headers)
    assert_problem(r, 403, "forbidden")
    after = client.get(f"{API}/{ada.id}", headers=admin.headers).json
    assert after["full_name"] == "Ada"
    assert after["roles"] == ["employee"]
    assert after["manager_id"] == boss.id


def test_a_manager_may_not_edit_a_report(client, make):
    boss = make.manager()
    report = make.employee(manager=boss)
    for fields in ({"full_name": "X"}, {"work_days": [0, 1]}, {"is_active": False}):
        r = client.patch(f"{API}/{report.id}", json=fields, headers=boss.headers)
        assert_problem(r, 403, "forbidden")


def test_a_manager_may_not_promote_themselves(client, make):
    boss = make.manager()
    r = client.patch(f"{API}/{boss.id}", json={"roles": ["manager", "admin"]}, headers=boss.headers)
    assert_problem(r, 403, "forbidden")


# --- creating --------------------------------------------------------------------------------


def test_admin_creates_a_user_with_defaults(client, make):
    admin = make.admin()
    r = client.post(API, json=new_user(), headers=admin.headers)
    assert r.status_code == 201, r.json
    assert_user(r.json)
    assert r.json["email"] == "new.person@example.com"
    assert r.json["full_name"] == "New Person"
    assert r.json["roles"] == ["employee"]
    assert r.json["is_active"] is True
    assert r.json["timezone"] == "UTC"
    assert r.json["work_days"] == [0, 1, 2, 3, 4]
    assert r.json["team_ids"] == []
    for field in ("country", "subdivision", "hire_date", "manager_id"):
        assert r.json[field] is None
    assert login(client, "new.person@example.com", "a-long-enough-secret").status_code == 200
    again = client.get(f"{API}/{r.json['id']}", headers=admin.headers)
    assert again.json == r.json


def test_admin_creates_a_user_with_every_field(client, make):
    admin = make.admin()
    boss = make.manager()
    body = new_user(
        roles=["manager"],
        timezone="America/Los_Angeles",
        country="US",
        subdivision="CA",
        hire_date="2024-03-01",
        manager_id=boss.id,
        work_days=[4, 0, 2],
    )
    r = client.post(API, json=body, headers=admin.headers)
    assert r.status_code == 201, r.json
    assert sorted(r.json["roles"]) == ["employee", "manager"]
    assert r.json["timezone"] == "America/Los_Angeles"
    assert (r.json["country"], r.json["subdivision"]) == ("US", "CA")
    assert r.json["hire_date"] == "2024-03-01"
    assert r.json["manager_id"] == boss.id
    assert sorted(r.json["work_days"]) == [0, 2, 4]


def test_created_users_are_stored_in_the_same_form_patch_gives(client, make, clock):
    # Stored raw, "gb" made every later preview or request for the user a 500.
    clock.set("2026-03-02T09:00:00+00:00")
    admin = make.admin()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    body = new_user(country="gb", subdivision="eng", work_days=[4, 0, 1], full_name=" Ann ")
    r = client.post(API, json=body, headers=admin.headers)
    assert r.status_code == 201, r.json
    created = client.get(f"{API}/{r.json['id']}", headers=admin.headers).json
    assert (created["country"], created["subdivision"]) == ("GB", "ENG")
    assert created["work_days"] == [0, 1, 4]
    assert created["full_name"] == "Ann"
    assert r.json == created
    patched = client.patch(
        f"{API}/{r.json['id']}",
        json={"country": "gb", "subdivision": "eng", "work_days": [4, 0, 1]},
        headers=admin.headers,
    ).json
    assert {k: patched[k] for k in ("country", "subdivision", "work_days")} == {
        k: created[k] for k in ("country", "subdivision", "work_days")
    }
    token = login(client, body["email"], body["password"]).json["access_token"]
    preview = client.post(
        "/api/v1/requests/preview",
        json={"leave_type_id": vacation, "start_date": "2026-03-09", "end_date": "2026-03-13"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert preview.status_code == 200, preview.json
    assert preview.json["days"] == 3  # Mon, Tue, Fri


def test_nullable_fields_accept_null_on_create(client, make):
    admin = make.admin()
    body = new_user(country=None, subdivision=None, hire_date=None, manager_id=None)
    r = client.post(API, json=body, headers=admin.headers)
    assert r.status_code == 201, r.json
    for field in ("country", "subdivision", "hire_date", "manager_id"):
        assert r.json[field] is None


def test_creating_a_taken_email_in_another_case_is_409(client, make):
    admin = make.admin()
    make.employee(email="taken@example.com")
    r = client.post(API, json=new_user(email="TAKEN@example.COM"), headers=admin.headers)
    assert_problem(r, 409, "conflict")
    assert listing(client, admin, q="taken")["total"] == 1


INVALID_CREATE = [
    ({"password": "123456789"}, "password"),  # 9 characters, one short of 10
    ({"password": "x" * 257}, "password"),  # the documented maximum is 256
    ({"full_name": "x" * 201}, "full_name"),  # the maximum is 200
    ({"full_name": ""}, "full_name"),
    ({"full_name": "   "}, "full_name"),
    ({"full_name": "Ada\x00Lovelace"}, "full_name"),
    ({"email": "a" * 243 + "@example.com"}, "email"),  # 243 + 12 = 255 > 254
    ({"email": "not-an-email"}, "email"),
    ({"email": "nul\x00@example.com"}, "email"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"timezone": "x" * 65}, "timezone"),
    ({"country": "XX"}, "country"),
    ({"country": "USA"}, "country"),
    ({"country": "US", "subdivision": "ZZ"}, "subdivision"),
    ({"subdivision": "CA"}, "subdivision"),  # a subdivision needs a country
    ({"hire_date": "yesterday"}, "hire_date"),
    ({"hire_date": "2026-02-30"}, "hire_date"),
    ({"hire_date": 20260101}, "hire_date"),
    ({"work_days": [7]}, "work_days"),
    ({"work_days": [-1]}, "work_days"),
    ({"work_days": [0, 0]}, "work_days"),
    ({"work_days": []}, "work_days"),
    ({"work_days": "0,1,2"}, "work_days"),
    ({"roles": ["boss"]}, "roles"),
    ({"roles": "admin"}, "roles"),
    ({"manager_id": 999999}, "manager_id"),
    ({"manager_id": "1"}, "manager_id"),
    ({"manager_id": 0}, "manager_id"),
    ({"full_name": None}, "full_name"),
    ({"email": None}, "email"),
    ({"password": None}, "password"),
    ({"timezone": None}, "timezone"),
    ({"work_days": None}, "work_days"),
    ({"roles": None}, "roles"),
]


@pytest.mark.parametrize(("fields", "field"), INVALID_CREATE)
def test_invalid_user_creation_is_422(client, make, fields, field):
    admin = make.admin()
    r = client.post(API, json=new_user(**fields), headers=admin.headers)
    assert_invalid(r, field)
    assert listing(client, admin)["total"] == 1  # only the admin


@pytest.mark.parametrize(
    ("email", "taken"),
    [
        ("0" * 100, False),  # found by contract fuzzing: the document allowed any text
        ("ada@example", False),
        ("@example.com", False),
        ("ada lovelace@example.com", False),
        ("ada@example.com@", False),
        ("ada@example.com", True),
        ("  ada@example.com ", True),  # spaces around it are dropped
        ("a@b@example.com", True),
    ],
)
def test_the_email_pattern_is_what_the_server_takes(client, make, email, taken):
    admin = make.admin()
    spec = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    for model in ("UserCreate", "UserUpdate", "Registration"):
        assert bool(re.search(spec[model]["properties"]["email"]["pattern"], email)) is taken
    r = client.post(API, json=new_user(email=email), headers=admin.headers)
    if taken:
        assert r.status_code == 201, r.json
    else:
        assert assert_problem(r, 422, "validation-error")["errors"] == {
            "email": "must be an email address"
        }


@pytest.mark.parametrize("missing", ["email", "full_name", "password"])
def test_creating_a_user_without_a_required_field_is_422(client, make, missing):
    admin = make.admin()
    body = new_user()
    del body[missing]
    assert_invalid(client.post(API, json=body, headers=admin.headers), missing)


def test_a_full_name_of_exactly_200_characters_is_accepted(client, make):
    admin = make.admin()
    r = client.post(API, json=new_user(full_name="x" * 200), headers=admin.headers)
    assert r.status_code == 201, r.json
    assert len(r.json["full_name"]) == 200


# --- updating --------------------------------------------------------------------------------


def test_admin_updates_any_field(client, make):
    admin = make.admin()
    boss = make.manager()
    ada = make.employee()
    body = {
        "email": "ada.l@example.com",
        "full_name": "Ada L.",
        "roles": ["manager", "admin"],
        "timezone": "Asia/Tokyo",
        "country": "CA",
        "subdivision": "ON",
        "hire_date": "2021-06-15",
        "manager_id": boss.id,
        "work_days": [1, 2, 3],
    }
    r = client.patch(f"{API}/{ada.id}", json=body, headers=admin.headers)
    assert r.status_code == 200, r.json
    assert_user(r.json)
    assert {k: r.json[k] for k in body if k != "roles"} == {
        k: v for k, v in body.items() if k != "roles"
    }
    assert sorted(r.json["roles"]) == ["admin", "employee", "manager"]
    assert client.get(f"{API}/{ada.id}", headers=admin.headers).json == r.json


def test_nullable_fields_accept_null_on_update(client, make):
    admin = make.admin()
    boss = make.manager()
    ada = make.user(manager=boss, country="US", subdivision="CA", hire_date=date(2024, 1, 2))
    body = {"country": None, "subdivision": None, "hire_date": None, "manager_id": None}
    r = client.patch(f"{API}/{ada.id}", json=body, headers=admin.headers)
    assert r.status_code == 200, r.json
    for field in body:
        assert r.json[field] is None


def test_a_supported_country_and_subdivision_are_accepted(client, make):
    admin = make.admin()
    ada = make.employee()
    r = client.patch(
        f"{API}/{ada.id}", json={"country": "US", "subdivision": "CA"}, headers=admin.headers
    )
    assert r.status_code == 200, r.json
    assert (r.json["country"], r.json["subdivision"]) == ("US", "CA")


INVALID_UPDATE = [
    ({"full_name": "x" * 201}, "full_name"),
    ({"full_name": "A\x00B"}, "full_name"),
    ({"full_name": None}, "full_name"),
    ({"email": "not-an-email"}, "email"),
    ({"timezone": "Not/AZone"}, "timezone"),
    ({"country": "XX"}, "country"),
    ({"country": "US", "subdivision": "ZZ"}, "subdivision"),
    ({"hire_date": "yesterday"}, "hire_date"),
    ({"work_days": [0, 0]}, "work_days"),
    ({"roles": ["boss"]}, "roles"),
    ({"manager_id": 999999}, "manager_id"),
    ({"is_active": "no"}, "is_active"),
    ({"is_active": None}, "is_active"),
]


@pytest.mark.parametrize(("fields", "field"), INVALID_UPDATE)
def test_invalid_user_update_is_422(client, make, fields, field):
    admin = make.admin()
    ada = make.employee(full_name="Ada")
    before = client.get(f"{API}/{ada.id}", headers=admin.headers).json
    assert_invalid(client.patch(f"{API}/{ada.id}", json=fields, headers=admin.headers), field)
    assert client.get(f"{API}/{ada.id}", headers=admin.headers).json == before


def test_a_subdivision_alone_is_checked_against_the_stored_country(client, make):
    admin = make.admin()
    ada = make.user(country="US", subdivision="CA")
    ok = client.patch(f"{API}/{ada.id}", json={"subdivision": "NY"}, headers=admin.headers)
    assert ok.status_code == 200, ok.json
    assert (ok.json["country"], ok.json["subdivision"]) == ("US", "NY")
    assert_invalid(
        client.patch(f"{API}/{ada.id}", json={"subdivision": "ZZ"}, headers=admin.headers),
        "subdivision",
    )


def test_a_subdivision_without_a_country_is_422_on_update(client, make):
    admin = make.admin()
    ada = make.employee()
    r = client.patch(f"{API}/{ada.id}", json={"subdivision": "CA"}, headers=admin.headers)
    assert_invalid(r, "subdivision")


def test_a_user_cannot_be_their_own_manager(client, make):
    admin = make.admin()
    ada = make.employee()
    r = client.patch(f"{API}/{ada.id}", json={"manager_id": ada.id}, headers=admin.headers)
    assert_invalid(r, "manager_id")


def test_a_management_cycle_is_422(client, make):
    admin = make.admin()
    a = make.manager(full_name="A")
    b = make.manager(full_name="B", manager=a)
    c = make.employee(full_name="C", manager=b)
    # A manages B, B manages C: C above A would close the loop A -> C -> B -> A.
    r = client.patch(f"{API}/{a.id}", json={"manager_id": c.id}, headers=admin.headers)
    assert_invalid(r, "manager_id")
    direct = client.patch(f"{API}/{a.id}", json={"manager_id": b.id}, headers=admin.headers)
    assert_invalid(direct, "manager_id")
    assert client.get(f"{API}/{a.id}", headers=admin.headers).json["manager_id"] is None


def test_changing_to_a_taken_email_in_another_case_is_409(client, make):
    admin = make.admin()
    make.employee(email="taken@example.com")
    ada = make.employee(email="ada@example.com")
    r = client.patch(f"{API}/{ada.id}", json={"email": "Taken@Example.com"}, headers=admin.headers)
    assert_problem(r, 409, "conflict")
    assert client.get(f"{API}/{ada.id}", headers=admin.headers).json["email"] == "ada@example.com"


def test_changing_the_case_of_ones_own_email_is_allowed(client, make):
    admin = make.admin()
    ada = make.employee(email="ada@example.com")
    r = client.patch(f"{API}/{ada.id}", json={"email": "Ada@Example.com"}, headers=admin.headers)
    assert r.status_code == 200, r.json
    assert r.json["email"] == "Ada@Example.com"


def test_unknown_fields_in_a_patch_are_refused_and_nothing_changes(client, make):
    ada = make.employee()
    r = client.patch(
        f"{API}/{ada.id}",
        json={"full_name": "Ada", "password_hash": "x", "favourite_colour": "green"},
        headers=ada.headers,
    )
    assert_problem(r, 422, "validation-error")
    assert r.json["errors"] == {
        "password_hash": "unknown field",
        "favourite_colour": "unknown field",
    }
    assert client.get(f"{API}/{ada.id}", headers=ada.headers).json["full_name"] != "Ada"
    assert login(client, ada.email, ada.password).status_code == 200


def test_users_in_several_teams_show_every_team_id(client, make):
    admin = make.admin()
    first, second, third = make.team("First"), make.team("Second"), make.team("Third")
    ada = make.employee(teams=[third, first])
    r = client.get(f"{API}/{ada.id}", headers=admin.headers)
    assert sorted(r.json["team_ids"]) == sorted([first, third])
    assert second not in r.json["team_ids"]
    listed = listing(client, admin, q=ada.email)
    assert sorted(listed["items"][0]["team_ids"]) == sorted([first, third])


# --- deactivation ----------------------------------------------------------------------------


def test_delete_deactivates_and_keeps_history(client, make, clock):
    clock.set("2026-03-01T10:00:00+00:00")
    admin = make.admin()
    ada = make.employee()
    vacation = make.leave_type("vacation")
    request_id = make.request(ada, vacation, "2026-02-02", "2026-02-06")
    r = client.delete(f"{API}/{ada.id}", headers=admin.headers)
    assert r.status_code == 204
    assert r.get_data() == b""
    after = client.get(f"{API}/{ada.id}", headers=admin.headers)
    assert after.status_code == 200
    assert after.json["is_active"] is False
    kept = client.get(f"/api/v1/requests/{request_id}", headers=admin.headers)
    assert kept.status_code == 200
    assert kept.json["user_id"] == ada.id
    assert_problem(login(client, ada.email, ada.password), 401, "unauthorized")
    inactive = listing(client, admin, is_active="false")
    assert ids(inactive) == [ada.id]


def test_patch_is_active_true_reactivates(client, make):
    admin = make.admin()
    ada = make.employee()
    assert client.delete(f"{API}/{ada.id}", headers=admin.headers).status_code == 204
    r = client.patch(f"{API}/{ada.id}", json={"is_active": True}, headers=admin.headers)
    assert r.status_code == 200, r.json
    assert r.json["is_active"] is True
    token = login(client, ada.email, ada.password)
    assert token.status_code == 200
    me = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {token.json['access_token']}"}
    )
    assert me.json["id"] == ada.id


def test_the_last_active_admin_cannot_be_deactivated(client, make):
    admin = make.admin()
    r = client.delete(f"{API}/{admin.id}", headers=admin.headers)
    assert_problem(r, 409, "conflict")
    r = client.patch(f"{API}/{admin.id}", json={"is_active": False}, headers=admin.headers)
    assert_problem(r, 409, "conflict")
    assert client.get(f"{API}/{admin.id}", headers=admin.headers).json["is_active"] is True


@pytest.mark.parametrize("roles", [["employee"], ["manager"], []])
def test_the_last_active_admin_cannot_be_demoted(client, make, roles):
    admin = make.admin()
    r = client.patch(f"{API}/{admin.id}", json={"roles": roles}, headers=admin.headers)
    assert_problem(r, 409, "conflict")
    assert "admin" in client.get(f"{API}/{admin.id}", headers=admin.headers).json["roles"]


def test_an_inactive_admin_does_not_count_as_another_admin(client, make):
    admin = make.admin()
    dormant = make.admin()
    assert client.delete(f"{API}/{dormant.id}", headers=admin.headers).status_code == 204
    assert_problem(client.delete(f"{API}/{admin.id}", headers=admin.headers), 409, "conflict")


def test_an_admin_can_be_deactivated_while_another_admin_remains(client, make):
    ada = make.admin()
    grace = make.admin()
    assert client.delete(f"{API}/{ada.id}", headers=grace.headers).status_code == 204
    r = client.patch(f"{API}/{grace.id}", json={"roles": ["employee"]}, headers=grace.headers)
    assert_problem(r, 409, "conflict")  # grace is now the last one


# --- lists -----------------------------------------------------------------------------------


def test_a_manager_lists_themselves_and_direct_reports_only(client, make):
    boss = make.manager()
    first = make.employee(manager=boss)
    second = make.employee(manager=boss)
    grand_report = make.employee(manager=first)  # not a direct report
    make.employee()
    make.admin()
    page = listing(client, boss, per_page=100)
    assert sorted(ids(page)) == sorted([boss.id, first.id, second.id])
    assert grand_report.id not in ids(page)
    assert page["total"] == 3


def test_an_admin_lists_everyone(client, make):
    admin = make.admin()
    people = [make.employee(), make.manager(), make.user(roles=("manager", "admin"))]
    page = listing(client, admin, per_page=100)
    assert sorted(ids(page)) == sorted([admin.id, *(p.id for p in people)])
    for item in page["items"]:
        assert_user(item)


def test_the_page_envelope(client, make):
    admin = make.admin(full_name="A")
    for name in ("B", "C", "D", "E"):
        make.employee(full_name=name)
    # 5 users, 2 a page: pages = ceil(5 / 2) = 3, the last one holding 5 - 2 * 2 = 1.
    first = listing(client, admin, per_page=2, sort="full_name")
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 2, 5, 3)
    assert [u["full_name"] for u in first["items"]] == ["A", "B"]
    last = listing(client, admin, per_page=2, page=3, sort="full_name")
    assert [u["full_name"] for u in last["items"]] == ["E"]
    beyond = listing(client, admin, per_page=2, page=4)
    assert beyond["items"] == []
    assert beyond["total"] == 5
    default = listing(client, admin)
    assert (default["page"], default["per_page"], default["pages"]) == (1, 20, 1)
    assert admin.id in ids(default)


def test_an_empty_filter_result_has_zero_pages(client, make):
    admin = make.admin()
    page = listing(client, admin, q="nobody-matches-this")
    assert page == {"items": [], "page": 1, "per_page": 20, "total": 0, "pages": 0}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("lovelace", ["Ada Lovelace"]),
        ("LOVE", ["Ada Lovelace"]),
        ("ANALYTICAL.ORG", ["Charles Babbage"]),
        ("CE", ["Ada Lovelace", "Grace Hopper"]),  # "Lovelace", "Grace"
        ("navy", ["Grace Hopper"]),
        ("%", []),  # a literal percent sign, not a wildcard
        ("_", []),
    ],
)
def test_q_filters_by_name_or_email_case_insensitively(client, make, q, expected):
    admin = make.admin(full_name="Admin", email="root@example.com")
    make.employee(full_name="Ada Lovelace", email="ada@example.com")
    make.employee(full_name="Charles Babbage", email="cb@analytical.org")
    make.employee(full_name="Grace Hopper", email="grace@navy.mil")
    page = listing(client, admin, q=q, sort="full_name")
    assert [u["full_name"] for u in page["items"]] == expected


def test_filter_by_team(client, make):
    admin = make.admin()
    team = make.team("Platform")
    other = make.team("Other")
    inside = make.employee(teams=[team])
    both = make.employee(teams=[team, other])
    make.employee(teams=[other])
    assert sorted(ids(listing(client, admin, team_id=team))) == sorted([inside.id, both.id])


def test_filter_by_manager(client, make):
    admin = make.admin()
    boss = make.manager()
    reports = [make.employee(manager=boss), make.employee(manager=boss)]
    make.employee()
    page = listing(client, admin, manager_id=boss.id)
    assert sorted(ids(page)) == sorted(r.id for r in reports)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("manager", ["boss", "both"]), ("admin", ["admin", "both"]), ("employee", None)],
)
def test_filter_by_role(client, make, role, expected):
    people = {
        "admin": make.admin(),
        "boss": make.manager(),
        "both": make.user(roles=("manager", "admin")),
        "staff": make.employee(),
    }
    page = listing(client, people["admin"], role=role, per_page=100)
    wanted = people if expected is None else expected  # everyone holds "employee"
    assert sorted(ids(page)) == sorted(people[name].id for name in wanted)


@pytest.mark.parametrize(("value", "active"), [("true", True), ("false", False)])
def test_filter_by_is_active(client, make, value, active):
    admin = make.admin()
    gone = make.employee()
    assert client.delete(f"{API}/{gone.id}", headers=admin.headers).status_code == 204
    page = listing(client, admin, is_active=value)
    assert ids(page) == ([admin.id] if active else [gone.id])


def test_filters_combine(client, make):
    admin = make.admin()
    team = make.team()
    boss = make.manager(teams=[team])
    match = make.employee(full_name="Ada", manager=boss, teams=[team])
    make.employee(full_name="Ada Other", teams=[team])
    make.employee(full_name="Bob", manager=boss, teams=[team])
    page = listing(client, admin, q="ada", team_id=team, manager_id=boss.id, is_active="true")
    assert ids(page) == [match.id]


def test_a_filter_outside_a_managers_scope_is_an_empty_page(client, make):
    boss = make.manager()
    other_boss = make.manager()
    make.employee(manager=other_boss)
    team = make.team(members=[make.employee()])
    assert listing(client, boss, manager_id=other_boss.id)["total"] == 0
    assert listing(client, boss, team_id=team)["items"] == []
    assert listing(client, boss, team_id=999999)["total"] == 0


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("full_name", ["Ann", "Bea", "Cid", "Dee"]),
        ("-full_name", ["Dee", "Cid", "Bea", "Ann"]),
        ("email", ["Cid", "Dee", "Ann", "Bea"]),
        ("-email", ["Bea", "Ann", "Dee", "Cid"]),
        ("hire_date", ["Bea", "Dee", "Ann", "Cid"]),
        ("-hire_date", ["Cid", "Ann", "Dee", "Bea"]),
        ("created_at", ["Dee", "Ann", "Cid", "Bea"]),
        ("-created_at", ["Bea", "Cid", "Ann", "Dee"]),
    ],
)
def test_sorting(client, make, clock, sort, expected):
    # Created in the order Dee, Ann, Cid, Bea (one day apart); emails a, b, c, d go to
    # Cid, Dee, Ann, Bea; hire dates rise Bea < Dee < Ann < Cid.
    people = [
        ("Dee", "b@example.com", date(2021, 1, 1)),
        ("Ann", "c@example.com", date(2022, 1, 1)),
        ("Cid", "a@example.com", date(2023, 1, 1)),
        ("Bea", "d@example.com", date(2020, 1, 1)),
    ]
    for day, (name, email, hired) in enumerate(people, start=1):
        clock.set(f"2026-01-0{day}T09:00:00+00:00")
        make.employee(full_name=name, email=email, hire_date=hired)
    clock.set("2026-01-09T09:00:00+00:00")
    admin = make.admin(full_name="Zed", email="z@example.com", hire_date=date(2024, 1, 1))
    page = listing(client, admin, sort=sort)
    names = [u["full_name"] for u in page["items"] if u["id"] != admin.id]
    assert names == expected


def test_sort_by_two_fields(client, make):
    admin = make.admin(full_name="Zed", hire_date=date(2010, 1, 1))
    make.employee(full_name="Ann", hire_date=date(2020, 1, 1))
    make.employee(full_name="Bob", hire_date=date(2020, 1, 1))
    make.employee(full_name="Cat", hire_date=date(2019, 1, 1))
    page = listing(client, admin, sort="-hire_date,-full_name")
    assert [u["full_name"] for u in page["items"]] == ["Bob", "Ann", "Cat", "Zed"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page": "-1"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "x"}, "per_page"),
        ({"sort": "password_hash"}, "sort"),
        ({"sort": "full_name,-nope"}, "sort"),
        ({"role": "boss"}, "role"),
        ({"team_id": "x"}, "team_id"),
        ({"team_id": "0"}, "team_id"),
        ({"manager_id": "abc"}, "manager_id"),
        ({"is_active": "maybe"}, "is_active"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_invalid_list_arguments_are_422(client, make, params, field):
    admin = make.admin()
    r = client.get(API, query_string=params, headers=admin.headers)
    assert_invalid(r, field)


# Found by contract fuzzing: the document allowed what the server refused (any `sort` text,
# any page) or refused what the server took (`sort=-full_name,,` or `--email`, `?q=` empty).


@pytest.mark.parametrize(
    "sort", ["full_name,", ",email", "--email", " full_name", "full_name, email", "-"]
)
def test_a_sort_outside_its_documented_pattern_is_422(client, make, sort):
    admin = make.admin()
    r = client.get(API, query_string={"sort": sort}, headers=admin.headers)
    assert_invalid(r, "sort")


def test_the_list_arguments_say_what_the_server_takes(client):
    spec = client.get("/api/v1/openapi.json").json
    params = {p["name"]: p for p in spec["paths"]["/users"]["get"]["parameters"]}
    assert params["page"]["schema"]["maximum"] == 10**6
    assert params["q"]["schema"]["maxLength"] == 200
    assert params["sort"]["schema"]["maxLength"] == 200
    pattern = params["sort"]["schema"]["pattern"]
    for good in ["full_name", "-email,hire_date", "-created_at,full_name,-email"]:
        assert re.search(pattern, good), good
    for bad in ["password_hash", "full_name,", "--email", "full_name, email"]:
        assert not re.search(pattern, bad), bad
    # every optional argument may be sent empty, meaning "not given"
    assert all(p["allowEmptyValue"] for p in params.values())


def test_empty_arguments_count_as_not_given(client, make):
    admin = make.admin()
    empty = dict.fromkeys(["q", "team_id", "manager_id", "role", "is_active"], "")
    page = listing(client, admin, page="", per_page="", sort="", **empty)
    assert (page["page"], page["per_page"], page["total"]) == (1, 20, 1)


def test_a_sort_over_its_documented_length_is_422(client, make):
    # A sort of 200 characters is taken, one of 201 is not: a longer one (the pattern allows
    # repeats) could make a URL the server refuses with 414 although the document allowed it.
    admin = make.admin()
    fits = ",".join(["full_name"] * 20)  # 199 characters
    assert listing(client, admin, sort=fits)["total"] == 1
    too_long = fits + ",email"
    assert_invalid(client.get(API, query_string={"sort": too_long}, headers=admin.headers), "sort")


def test_the_last_documented_page_is_allowed(client, make):
    admin = make.admin()
    assert listing(client, admin, page=10**6)["items"] == []
    assert_invalid(client.get(API, query_string={"page": 10**6 + 1}, headers=admin.headers), "page")


def test_per_page_100_is_allowed(client, make):
    admin = make.admin()
    assert listing(client, admin, per_page=100)["per_page"] == 100


@pytest.mark.parametrize("path", ["abc", "1.5", "-1", "1e3", "%20"])
def test_a_user_id_that_is_not_an_integer_is_404(client, make, path):
    admin = make.admin()
    assert_problem(client.get(f"{API}/{path}", headers=admin.headers), 404, "not-found")


def test_listing_users_runs_a_constant_number_of_queries(client, make, count_queries):
    admin = make.admin()
    team = make.team()

    def add(n):
        for i in range(n):
            make.user(roles=("manager",) if i % 2 else (), teams=[team], manager=admin)

    def queries():
        with count_queries() as q:
            page = listing(client, admin, per_page=100)
        return q.n, page["total"]

    add(2)
    few, total = queries()
    assert total == 3  # the admin and 2 users
    add(22)
    many, total = queries()
    assert total == 25  # 3 + 22
    assert many == few


# --- audit -----------------------------------------------------------------------------------


def audit_rows(client, admin, user_id):
    r = client.get(
        "/api/v1/audit",
        query_string={"entity": "user", "entity_id": user_id, "per_page": 100},
        headers=admin.headers,
    )
    assert r.status_code == 200, r.json
    return list(reversed(r.json["items"]))  # oldest first


def test_user_changes_are_audited(client, make):
    admin = make.admin()
    created = client.post(API, json=new_user(full_name="Ada"), headers=admin.headers)
    user_id = created.json["id"]
    patched = client.patch(f"{API}/{user_id}", json={"full_name": "Ada L."}, headers=admin.headers)
    assert patched.status_code == 200
    assert client.delete(f"{API}/{user_id}", headers=admin.headers).status_code == 204
    reactivated = client.patch(f"{API}/{user_id}", json={"is_active": True}, headers=admin.headers)
    assert reactivated.status_code == 200
    rows = audit_rows(client, admin, user_id)
    assert [row["action"] for row in rows] == [
        "user.created",
        "user.updated",
        "user.deactivated",
        "user.reactivated",
    ]
    assert {row["actor_id"] for row in rows} == {admin.id}
    assert {row["entity"] for row in rows} == {"user"}
    assert rows[0]["changes"]["email"] == [None, "new.person@example.com"]
    assert rows[0]["changes"]["full_name"] == [None, "Ada"]
    assert rows[1]["changes"] == {"full_name": ["Ada", "Ada L."]}
    assert rows[2]["changes"] == {"is_active": [True, False]}
    assert rows[3]["changes"] == {"is_active": [False, True]}
    assert "password" not in repr(rows).lower()


def test_a_refused_change_writes_no_audit_row(client, make):
    admin = make.admin()
    ada = make.employee()
    assert (
        client.patch(f"{API}/{ada.id}", json={"roles": ["admin"]}, headers=ada.headers).status_code
        == 403
    )
    assert_invalid(
        client.patch(f"{API}/{ada.id}", json={"timezone": "Nope/Nope"}, headers=admin.headers),
        "timezone",
    )
    assert audit_rows(client, admin, ada.id) == []

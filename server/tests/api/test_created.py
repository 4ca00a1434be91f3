"""Every 201 carries `Location`, the URL of the new resource, which answers with it."""

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"


@pytest.fixture
def admin(make):
    return make.admin()


def created_cases(make, admin):
    """(spec path, URL, body) of each operation that answers 201."""
    user = make.employee(manager=make.manager())
    vacation = make.leave_type("vacation", yearly_allowance=25)
    default_policy = make.default_policy(vacation)
    return [
        ("/auth/register", "/auth/register", {
            "email": "new@example.com", "password": "a-long-password", "full_name": "New",
        }),
        ("/users", "/users", {
            "email": "b@example.com", "password": "a-long-password", "full_name": "B",
        }),
        ("/teams", "/teams", {"name": "Research"}),
        ("/leave-types", "/leave-types", {"name": "Training", "code": "training"}),
        ("/holidays", "/holidays", {"date": "2031-06-12", "name": "Anniversary"}),
        ("/requests", "/requests", {
            "leave_type_id": vacation, "start_date": "2031-03-03", "end_date": "2031-03-04",
            "user_id": user.id,
        }),
        ("/users/{user_id}/adjustments", f"/users/{user.id}/adjustments", {
            "leave_type_id": vacation, "year": 2031, "days": 2, "reason": "Overtime",
        }),
        ("/users/{user_id}/schedules", f"/users/{user.id}/schedules", {
            "effective_from": "2031-02-03", "weeks": [[8, 8, 4, 0, 0, 0, 0]],
        }),
        ("/policies", "/policies", {
            "leave_type_id": vacation, "name": "Seniors",
            "version": {"effective_from": "2031-01-01", "entitlement": {"amount": 28}},
        }),
        ("/policies/{policy_id}/versions", f"/policies/{default_policy}/versions", {
            "effective_from": "2031-07-01", "entitlement": {"amount": 27},
        }),
    ]  # fmt: skip


def test_every_201_sends_the_location_of_what_it_created(
    app, client, make, admin, monkeypatch, clock
):
    clock.set("2031-01-06T09:00:00+00:00")
    monkeypatch.setitem(app.config, "SIGNUP_OPEN", True)
    spec = client.get(f"{API}/swagger.json").json
    documented = {
        path
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method != "parameters" and "201" in op["responses"]
    }
    cases = created_cases(make, admin)
    assert {path for path, _, _ in cases} | {"/auth/calendar-token"} == documented
    for _, url, body in cases:
        r = client.post(f"{API}{url}", json=body, headers=admin.headers)
        assert r.status_code == 201, r.json
        location = r.headers["Location"]
        # A new user is a user; a new version is seen in its policy.
        collection = {"/auth/register": "/users"}.get(url, url.removesuffix("/versions"))
        if url.endswith("/versions"):
            collection = collection.rsplit("/", 1)[0]
        assert location == f"{API}{collection}/{r.json['id']}"
        again = client.get(location, headers=admin.headers)
        assert again.status_code == 200, location
        # A new schedule also answers what it means for booked leave; the rest is the same.
        created = {k: v for k, v in r.json.items() if k != "recalculation"}
        assert again.json == created


def test_a_feed_link_is_located_at_its_status(client, make):
    ann = make.employee()
    r = client.post(f"{API}/auth/calendar-token", headers=ann.headers)
    assert r.status_code == 201
    assert r.headers["Location"] == f"{API}/auth/calendar-token"
    status = client.get(r.headers["Location"], headers=ann.headers).json
    assert status == {"exists": True, "created_at": r.json["created_at"]}


def test_an_adjustment_is_seen_by_whoever_sees_its_user(client, make, admin):
    manager = make.manager()
    ann = make.employee(manager=manager)
    vacation = make.leave_type("vacation", yearly_allowance=25)
    r = client.post(
        f"{API}/users/{ann.id}/adjustments",
        json={"leave_type_id": vacation, "year": 2031, "days": -1.5, "reason": "Correction"},
        headers=admin.headers,
    )
    url = r.headers["Location"]
    for who in (ann, manager, admin):
        assert client.get(url, headers=who.headers).json["days"] == -1.5
    assert_problem(client.get(url, headers=make.employee().headers), 404, "not-found")
    other = make.employee()
    wrong_user = url.replace(f"/users/{ann.id}/", f"/users/{other.id}/")
    assert_problem(client.get(wrong_user, headers=admin.headers), 404, "not-found")


def test_a_company_holiday_can_be_read_by_id(client, make, admin):
    r = client.post(
        f"{API}/holidays", json={"date": "2031-06-12", "name": "Anniversary"}, headers=admin.headers
    )
    employee = make.employee()
    assert client.get(r.headers["Location"], headers=employee.headers).json == r.json
    assert_problem(client.get(f"{API}/holidays/999", headers=employee.headers), 404, "not-found")

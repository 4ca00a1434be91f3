"""The request examples the dev docs show work as shown against the seeded demo company:
what a newcomer gets from "Try it out"."""

import pytest

from server.http.examples import PATH_EXAMPLES, request_examples
from server.services import demo_data

API = "/api/v1"

# The examples name the demo company's rows by id, as a fresh database numbers them.
pytestmark = pytest.mark.real_commits


@pytest.fixture
def demo(app, clean_db):
    with app.app_context():
        demo_data.seed()


@pytest.fixture
def examples():
    return request_examples({"APP_ENV": "dev"})


def test_the_examples_work_against_the_demo_company(app, client, demo, examples, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNUP_OPEN", True)
    login = client.post(f"{API}/auth/login", json=examples["LoginRequest"])
    assert login.status_code == 200, login.json
    headers = {"Authorization": f"Bearer {login.json['access_token']}"}

    def call(method, path, model, status):
        r = client.open(f"{API}{path}", method=method, json=examples[model], headers=headers)
        assert r.status_code == status, (path, r.json)
        return r.json

    preview = call("POST", "/requests/preview", "LeaveRequestCreate", 200)
    assert preview["violations"] == [] and preview["days"] > 0
    mine = call("POST", "/requests", "LeaveRequestCreate", 201)
    call("PATCH", f"/requests/{mine['id']}", "LeaveRequestUpdate", 200)
    call("POST", "/users", "UserCreate", 201)
    call("PATCH", "/users/1", "UserUpdate", 200)
    call("POST", "/teams", "TeamCreate", 201)
    call("PATCH", "/teams/1", "TeamUpdate", 200)
    call("POST", "/leave-types", "LeaveTypeCreate", 201)
    call("PATCH", "/leave-types/1", "LeaveTypeUpdate", 200)
    holiday = call("POST", "/holidays", "CompanyHolidayCreate", 201)
    call("PATCH", f"/holidays/{holiday['id']}", "CompanyHolidayUpdate", 200)
    call("POST", "/users/4/adjustments", "AdjustmentCreate", 201)
    call("PUT", "/holiday-calendars/US-CA", "HolidayCalendarUpdate", 200)

    pending = client.get(f"{API}/approvals", headers=headers).json["items"]
    assert len(pending) >= 2
    call("POST", f"/requests/{pending[0]['id']}/approve", "Approval", 200)
    call("POST", f"/requests/{pending[1]['id']}/reject", "Rejection", 200)
    call("POST", "/auth/register", "Registration", 201)
    call("POST", "/auth/password", "PasswordChange", 204)


def test_approve_works_without_a_body(client, demo, examples):
    token = client.post(f"{API}/auth/login", json=examples["LoginRequest"]).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    pending = client.get(f"{API}/approvals", headers=headers).json["items"][0]
    r = client.post(f"{API}/requests/{pending['id']}/approve", headers=headers)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "approved"


def test_every_path_parameter_has_an_example_that_reads_something_in_the_demo(
    client, demo, examples
):
    """Swagger UI fills the path in from the example: each GET with only path parameters
    answers 200 for the example login (the feed's token cannot be an example: 404)."""
    spec = client.get(f"{API}/openapi.json").json
    token = client.post(f"{API}/auth/login", json=examples["LoginRequest"]).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    tried = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            params = [*item.get("parameters", []), *operation.get("parameters", [])]
            in_path = [p for p in params if p["in"] == "path"]
            assert all("example" in p for p in in_path), (method, path)
            needs_query = any(p["in"] == "query" and p.get("required") for p in params)
            if method != "get" or not in_path or "{token}" in path or needs_query:
                continue
            url = path
            for p in in_path:
                url = url.replace("{" + p["name"] + "}", str(p["example"]))
            r = client.get(API + url, headers=headers)
            assert r.status_code == 200, (url, r.json)
            tried.append(path)
    assert "/users/{user_id}/adjustments/{adjustment_id}" in tried
    assert "/requests/{request_id}" in tried
    pending = client.get(f"{API}/requests/{PATH_EXAMPLES['request_id']}", headers=headers).json
    assert pending["status"] == "pending"  # so approve and reject work as shown too

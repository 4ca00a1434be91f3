"""The service as production runs it: gunicorn, several workers, PostgreSQL (and Redis)."""

import json
import socket
import uuid

import pytest
import requests

from server.tests.e2e.conftest import start_server, stop_server
from server.tests.helpers import live_login

pytestmark = pytest.mark.postgres


def test_docs_spec_and_health_are_served(live_server):
    assert requests.get(f"{live_server.url}/health", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{live_server.url}/ready", timeout=5).status_code == 200
    docs = requests.get(live_server.api("/docs"), timeout=5)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    spec = requests.get(live_server.api("/swagger.json"), timeout=5).json()
    assert spec["basePath"] == "/api/v1"
    home = requests.get(live_server.url + "/", timeout=5)
    assert home.status_code == 200 and "/api/v1/docs" in home.text


def test_errors_are_problems_with_production_error_handling(live_server):
    r = requests.get(live_server.api("/users"), headers={"Authorization": "Bearer x.y.z"})
    assert r.status_code == 401
    assert r.headers["Content-Type"] == "application/problem+json"
    r = requests.get(live_server.api("/no-such-thing"), timeout=5)
    assert (r.status_code, r.json()["type"]) == (404, "/problems/not-found")


@pytest.mark.parametrize(
    ("status", "slug", "request_kwargs"),
    [
        # found by contract fuzzing: gunicorn answered a long query with its own HTML page
        (414, "uri-too-long", {"params": {"page": "9" * 9000}}),
        (431, "request-header-fields-too-large", {"headers": {"X-Big": "x" * 9000}}),
    ],
)
def test_gunicorns_own_errors_are_documented_problems(live_server, status, slug, request_kwargs):
    r = requests.get(live_server.api("/approvals"), timeout=5, **request_kwargs)
    assert r.status_code == status
    assert r.headers["Content-Type"] == "application/problem+json"
    body = r.json()
    assert (body["type"], body["status"]) == (f"/problems/{slug}", status)
    assert "99999" not in body["detail"] and "xxxxx" not in body["detail"]
    spec = requests.get(live_server.api("/openapi.json"), timeout=5).json()
    assert str(status) in spec["paths"]["/approvals"]["get"]["responses"]


def test_logout_holds_in_every_worker(live_server, live_make):
    person = live_make.employee()
    token = live_login(live_server, person.email, person.password, timeout=10).json()[
        "access_token"
    ]
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.get(live_server.api("/auth/me"), headers=headers, timeout=5).ok

    assert (
        requests.post(live_server.api("/auth/logout"), headers=headers, timeout=5).status_code
        == 204
    )

    # Four workers answer these: every one of them reads the revocation from the database.
    statuses = {
        requests.get(live_server.api("/auth/me"), headers=headers, timeout=5).status_code
        for _ in range(20)
    }
    assert statuses == {401}


def test_login_rate_limit_is_shared_through_redis(live_database, live_make):
    server = start_server(
        live_database,
        REDIS_URL="redis://127.0.0.1:6379/0",
        RATELIMIT_KEY_PREFIX=f"pto-test-{uuid.uuid4().hex}",
        LOGIN_RATE_LIMIT="5/minute",
    )
    try:
        person = live_make.employee()
        statuses = [
            live_login(server, person.email, person.password, timeout=10).status_code
            for _ in range(8)
        ]
    finally:
        stop_server(server)
    # Whatever worker took each attempt, they counted together.
    assert statuses == [200] * 5 + [429] * 3


def test_a_request_that_is_not_http_is_a_400_problem_that_does_not_blame_json(live_server):
    """gunicorn's own 400 used to say "The request body is not valid JSON"."""
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(b"GARBAGE / NOT-HTTP\r\n\r\n")
        answer = conn.recv(65536).decode("latin-1")
    head, _, body = answer.partition("\r\n\r\n")
    assert head.startswith("HTTP/1.1 400")
    assert "application/problem+json" in head
    detail = json.loads(body)["detail"]
    assert "JSON" not in detail
    assert detail.startswith("The request is malformed")

"""Small protocol details a client trips over: the bearer scheme's case, when Retry-After
is sent, and which 400 talks about JSON."""

from server.tests.helpers import assert_problem

API = "/api/v1"


def test_the_bearer_scheme_is_case_insensitive(client, make):
    ada = make.employee()
    token = ada.headers["Authorization"].split(" ", 1)[1]
    for scheme in ("bearer", "BEARER", "Bearer"):
        r = client.get(f"{API}/auth/me", headers={"Authorization": f"{scheme} {token}"})
        assert r.status_code == 200, scheme
    for broken in (f"Basic {token}", token, "Bearer", f"Bearer {token} extra"):
        r = client.get(f"{API}/auth/me", headers={"Authorization": broken})
        assert_problem(r, 401, "unauthorized")


def test_retry_after_comes_only_with_a_429(client, make):
    ada = make.employee()
    ok = client.post(f"{API}/auth/login", json={"email": ada.email, "password": ada.password})
    assert ok.status_code == 200
    assert "X-RateLimit-Remaining" in ok.headers
    assert "Retry-After" not in ok.headers
    wrong = client.post(f"{API}/auth/login", json={"email": ada.email, "password": "x" * 12})
    assert_problem(wrong, 401, "unauthorized")
    assert "Retry-After" not in wrong.headers


def test_only_a_body_that_is_not_json_is_called_not_json(client):
    r = client.post(f"{API}/auth/login", data="{not json", content_type="application/json")
    assert_problem(r, 400, "bad-request")
    assert r.json["detail"] == "The request body is not valid JSON."

"""Every error, from every layer, is an RFC 9457 problem+json with a stable `type`."""

import json

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

PROBLEM_TYPE = "application/problem+json"
PROBLEM_KEYS = {"type", "title", "status", "detail"}
DOWN_DATABASE = "postgresql://postgres@127.0.0.1:1/nowhere?connect_timeout=1"
SECRET = "secret-sql-detail"


def assert_problem(r, status, slug):
    assert r.status_code == status, r.get_data(as_text=True)
    assert r.mimetype == PROBLEM_TYPE
    body = json.loads(r.get_data(as_text=True))
    assert set(body) >= PROBLEM_KEYS
    assert body["type"] == f"/problems/{slug}"
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    text = r.get_data(as_text=True)
    assert "Traceback" not in text
    assert "<html" not in text.lower()
    return body


def login_body(person):
    return {"email": person.email, "password": person.password}


@pytest.fixture
def app_with_production_errors(app, clean_db):
    """An app on the suite's database with production error handling (no TESTING)."""
    from server import create_app

    return create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        TESTING=False,
        PROPAGATE_EXCEPTIONS=False,
    )


# --- one problem kind at a time ---------------------------------------------------------------


def test_malformed_json_is_400(client):
    r = client.post("/api/v1/auth/login", data='{"email": ', content_type="application/json")
    assert_problem(r, 400, "bad-request")


def test_malformed_json_on_an_authenticated_endpoint_is_400(client, make):
    admin = make.admin()
    r = client.post(
        "/api/v1/users", data="{not json}", content_type="application/json", headers=admin.headers
    )
    assert_problem(r, 400, "bad-request")


def test_a_missing_token_is_401(client):
    assert_problem(client.get("/api/v1/auth/me"), 401, "unauthorized")


def test_a_forbidden_role_is_403(client, make):
    assert_problem(client.get("/api/v1/users", headers=make.employee().headers), 403, "forbidden")


@pytest.mark.parametrize(
    "path", ["/nope", "/api/v1/nope", "/api/v1/users/1/nope", "/api/v2/users", "/api/v1/users/abc"]
)
def test_an_unknown_url_is_404(client, make, path):
    assert_problem(client.get(path, headers=make.admin().headers), 404, "not-found")


def test_an_unknown_url_is_404_without_a_token(client):
    # Routing comes first: there is nothing to authenticate against.
    assert_problem(client.get("/api/v1/nope"), 404, "not-found")


def test_an_object_that_does_not_exist_is_404(client, make):
    assert_problem(
        client.get("/api/v1/users/424242", headers=make.admin().headers), 404, "not-found"
    )


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/v1/auth/login", {"POST"}),
        ("get", "/api/v1/auth/logout", {"POST"}),
        ("put", "/api/v1/users", {"GET", "POST"}),
        ("post", "/api/v1/users/1", {"GET", "PATCH", "DELETE"}),
        ("post", "/health", {"GET"}),
    ],
)
def test_a_wrong_method_is_405_with_allow(client, make, method, path, allowed):
    r = getattr(client, method)(path, headers=make.admin().headers)
    assert_problem(r, 405, "method-not-allowed")
    listed = {m.strip() for m in r.headers["Allow"].split(",")}
    assert allowed <= listed
    assert method.upper() not in listed


def test_a_conflict_is_409(client, make):
    admin = make.admin()
    body = {"email": admin.email.upper(), "full_name": "Dup", "password": "a-long-enough-secret"}
    assert_problem(client.post("/api/v1/users", json=body, headers=admin.headers), 409, "conflict")


def test_a_body_over_1_mb_is_413(client):
    big = json.dumps({"email": "a@example.com", "password": "x" * (1024 * 1024)})
    assert len(big) > 1024 * 1024
    r = client.post("/api/v1/auth/login", data=big, content_type="application/json")
    assert_problem(r, 413, "payload-too-large")


def unsized_post(client, path, body):
    """A body without Content-Length, as a chunked request reaches the app under gunicorn
    (which sets wsgi.input_terminated)."""
    environ = EnvironBuilder(
        path=path, method="POST", data=body, content_type="application/json"
    ).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    # Straight to the app: the test client would put a Content-Length back.
    return Response.from_app(client.application, environ)


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 3 * 1024 * 1024])
def test_a_body_over_1_mb_without_a_length_is_413_not_truncated(client, make, size):
    ada = make.employee()
    login = json.dumps(login_body(ada)).encode()
    body = login + b" " * (size - len(login))  # valid JSON if cut anywhere after the object
    r = unsized_post(client, "/api/v1/auth/login", body)
    assert_problem(r, 413, "payload-too-large")


def test_a_body_of_1_mb_without_a_length_is_read_whole(client, make):
    ada = make.employee()
    login = json.dumps(login_body(ada)).encode()
    r = unsized_post(client, "/api/v1/auth/login", login + b" " * (1024 * 1024 - len(login)))
    assert r.status_code == 200, r.get_data(as_text=True)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_a_body_that_is_not_json_is_415(client, content_type):
    r = client.post("/api/v1/auth/login", data="email=a&password=b", content_type=content_type)
    assert_problem(r, 415, "unsupported-media-type")


def test_validation_is_422_with_errors(client):
    r = client.post("/api/v1/auth/login", json={"email": 5})
    body = assert_problem(r, 422, "validation-error")
    assert set(body["errors"]) == {"email", "password"}
    assert all(isinstance(message, str) for message in body["errors"].values())


@pytest.mark.parametrize("payload", ["[]", '["a", "b"]', '"a string"', "42", "null", "true"])
def test_a_json_body_that_is_not_an_object_is_422(client, payload):
    r = client.post("/api/v1/auth/login", data=payload, content_type="application/json")
    assert_problem(r, 422, "validation-error")


def test_a_huge_string_field_is_422_without_echoing_it(client, make):
    admin = make.admin()
    huge = "Q" * 100_000
    r = client.post(
        "/api/v1/users",
        json={"email": "x@example.com", "full_name": huge, "password": "a-long-enough-secret"},
        headers=admin.headers,
    )
    body = assert_problem(r, 422, "validation-error")
    assert "full_name" in body["errors"]
    assert "Q" * 50 not in r.get_data(as_text=True)
    assert len(r.get_data()) < 2000


def test_a_huge_email_at_login_is_422_without_echoing_it(client):
    huge = "z" * 100_000 + "@example.com"
    r = client.post("/api/v1/auth/login", json={"email": huge, "password": "x"})
    assert_problem(r, 422, "validation-error")
    assert "z" * 50 not in r.get_data(as_text=True)


def test_unknown_fields_in_a_body_are_refused_by_name(client, make):
    ada = make.employee()
    r = client.post("/api/v1/auth/login", json={**login_body(ada), "remember_me": True, "x": [1]})
    assert r.status_code == 422, r.json
    assert r.json["errors"] == {"remember_me": "unknown field", "x": "unknown field"}
    assert r.json["detail"] == "remember_me is not a field this request takes (and 1 more problem)"


@pytest.mark.parametrize(
    ("unknown", "named"),
    [
        ({"x": [1e20]}, "x"),  # its value is never checked: no "x item 0 is out of range"
        ({"\x00": "a\x00b"}, "?"),  # a name is shown printable
        ({"k" * 10_000: {"deep": float("1e300")}}, "k" * 63 + "…"),  # and never huge
    ],
)
def test_unknown_fields_are_refused_whatever_they_hold(client, make, unknown, named):
    ada = make.employee()
    r = client.post("/api/v1/auth/login", json={**login_body(ada), **unknown})
    assert_problem(r, 422, "validation-error")
    assert r.json["errors"] == {named: "unknown field"}
    r = client.patch(f"/api/v1/users/{ada.id}", json={**unknown}, headers=ada.headers)
    assert r.json["errors"] == {named: "unknown field"}


def test_a_rate_limited_login_is_a_429_problem(app, clean_db, make):
    from server import create_app

    limited = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        LOGIN_RATE_LIMIT="1/minute",
    )
    ada = make.employee()
    client = limited.test_client()
    assert client.post("/api/v1/auth/login", json=login_body(ada)).status_code == 200
    r = client.post("/api/v1/auth/login", json=login_body(ada))
    assert_problem(r, 429, "rate-limited")
    assert int(r.headers["Retry-After"]) > 0


# --- 500: bugs never leak -------------------------------------------------------------------


def test_an_unhandled_error_is_a_bare_500_problem(app, clean_db):
    from server import create_app

    broken = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        PROPAGATE_EXCEPTIONS=False,
        TESTING=False,
    )

    @broken.get("/boom")
    def boom():
        raise RuntimeError(SECRET)

    r = broken.test_client().get("/boom")
    body = assert_problem(r, 500, "internal-error")
    assert set(body) == PROBLEM_KEYS
    assert SECRET not in r.get_data(as_text=True)
    assert "RuntimeError" not in r.get_data(as_text=True)


def test_an_unhandled_error_inside_the_api_is_a_bare_500_problem(
    app_with_production_errors, make, monkeypatch
):
    from server.services import user_service

    def explode(*args, **kwargs):
        raise RuntimeError(SECRET)

    admin = make.admin()
    monkeypatch.setattr(user_service, "get_user", explode)
    r = app_with_production_errors.test_client().get(
        f"/api/v1/users/{admin.id}", headers=admin.headers
    )
    body = assert_problem(r, 500, "internal-error")
    assert set(body) == PROBLEM_KEYS
    assert SECRET not in r.get_data(as_text=True)


def test_unexpected_errors_are_sent_to_error_trackers_once(
    app_with_production_errors, make, monkeypatch
):
    """Sentry and friends listen to `got_request_exception`; every 500 must reach them."""
    from flask import got_request_exception

    from server.services import user_service

    @app_with_production_errors.get("/boom")
    def boom():
        raise RuntimeError(SECRET)

    def explode(*args, **kwargs):
        raise KeyError(SECRET)

    admin = make.admin()
    monkeypatch.setattr(user_service, "get_user", explode)
    sent = []

    def receive(sender, exception, **extra):
        sent.append(type(exception))

    client = app_with_production_errors.test_client()
    with got_request_exception.connected_to(receive, app_with_production_errors):
        assert client.get("/boom").status_code == 500
        assert client.get(f"/api/v1/users/{admin.id}", headers=admin.headers).status_code == 500
        monkeypatch.undo()
        # Expected errors are not bugs: nothing to track.
        assert client.get("/api/v1/users/999999", headers=admin.headers).status_code == 404
        assert client.post("/api/v1/auth/login", json={}).status_code == 422
    assert sent == [RuntimeError, KeyError]


# --- 503: the database is down --------------------------------------------------------------


@pytest.fixture
def app_without_database():
    from server import create_app

    return create_app("test", SQLALCHEMY_DATABASE_URI=DOWN_DATABASE)


def test_ready_is_a_503_problem_when_the_database_is_down(app_without_database):
    client = app_without_database.test_client()
    r = client.get("/ready")
    assert_problem(r, 503, "service-unavailable")
    assert "nowhere" not in r.get_data(as_text=True)
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json == {"status": "ok"}


def test_ready_is_200_when_the_database_answers(client):
    r = client.get("/ready")
    assert r.status_code == 200
    assert r.json == {"status": "ok"}


def test_an_api_call_is_a_503_problem_when_the_database_is_down(app_without_database):
    r = app_without_database.test_client().post(
        "/api/v1/auth/login", json={"email": "ada@example.com", "password": "whatever-it-is"}
    )
    assert_problem(r, 503, "service-unavailable")
    text = r.get_data(as_text=True)
    assert "127.0.0.1" not in text
    assert "nowhere" not in text
    assert "SELECT" not in text


# --- production error handling: praetorian's errors are still problems ----------------------


def test_production_app_answers_401_for_a_bad_token(app_with_production_errors):
    r = app_with_production_errors.test_client().get(
        "/api/v1/auth/me", headers={"Authorization": "Bearer not.a.token"}
    )
    assert_problem(r, 401, "unauthorized")


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("get", "/api/v1/auth/me", {}),
        ("get", "/api/v1/auth/me", {"Authorization": "Bearer"}),
        ("post", "/api/v1/auth/refresh", {"Authorization": "Bearer garbage"}),
        ("post", "/api/v1/auth/logout", {"Authorization": "Token abc"}),
        ("get", "/api/v1/users", {"Authorization": "Bearer a.b.c"}),
    ],
)
def test_production_app_answers_401_for_missing_or_broken_tokens(
    app_with_production_errors, method, path, headers
):
    r = getattr(app_with_production_errors.test_client(), method)(path, headers=headers)
    assert_problem(r, 401, "unauthorized")


def test_production_app_answers_401_for_an_expired_token(app, app_with_production_errors, make):
    from datetime import timedelta

    from server.extensions import db, guard
    from server.models import User
    from server.services.auth_service import VERSION_CLAIM

    ada = make.employee()
    with app.app_context():
        user = db.session.get(User, ada.id)
        token = guard.encode_jwt_token(
            user,
            override_access_lifespan=timedelta(seconds=-60),
            **{VERSION_CLAIM: user.token_version},
        )
    r = app_with_production_errors.test_client().get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert_problem(r, 401, "unauthorized")


def test_production_app_answers_401_for_a_logged_out_token(app_with_production_errors, make):
    ada = make.employee()
    client = app_with_production_errors.test_client()
    token = client.post("/api/v1/auth/login", json=login_body(ada)).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert_problem(client.get("/api/v1/auth/me", headers=headers), 401, "unauthorized")
    assert_problem(client.post("/api/v1/auth/refresh", headers=headers), 401, "unauthorized")


def test_production_app_answers_403_and_404_as_problems(app_with_production_errors, make):
    client = app_with_production_errors.test_client()
    employee = make.employee()
    assert_problem(client.get("/api/v1/users", headers=employee.headers), 403, "forbidden")
    assert_problem(client.get("/api/v1/users/987654", headers=employee.headers), 404, "not-found")
    assert_problem(client.get("/api/v1/nope"), 404, "not-found")
    assert_problem(client.get("/nope"), 404, "not-found")


def test_production_app_answers_bad_bodies_as_problems(app_with_production_errors, make):
    client = app_with_production_errors.test_client()
    r = client.post("/api/v1/auth/login", data="{", content_type="application/json")
    assert_problem(r, 400, "bad-request")
    r = client.post("/api/v1/auth/login", data="x", content_type="text/plain")
    assert_problem(r, 415, "unsupported-media-type")
    assert_problem(client.post("/api/v1/auth/login", json=[]), 422, "validation-error")
    bad = client.post("/api/v1/auth/login", json={"email": "a@b.co", "password": "wrong-pass"})
    assert_problem(bad, 401, "unauthorized")

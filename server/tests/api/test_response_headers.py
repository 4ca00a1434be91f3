"""What every response carries (README "The API"), and the per-request log line."""

import base64
import hashlib
import json
import logging
import re
import sys

import pytest
from flask import Response

from server import create_app
from server.logs import JsonFormatter

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/health", 200),
        ("get", "/ready", 200),
        ("get", "/", 200),
        ("get", "/api/v1/docs", 200),
        ("get", "/api/v1/swagger.json", 200),
        ("get", "/api/v1/users", 401),
        ("get", "/api/v1/nothing-here", 404),
        ("delete", "/api/v1/auth/login", 405),
        ("post", "/api/v1/auth/login", 422),
    ],
)
def test_every_response_carries_the_security_headers_and_a_request_id(client, method, path, status):
    r = getattr(client, method)(path, json={} if method == "post" else None)
    assert r.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value, name
    assert REQUEST_ID.fullmatch(r.headers["X-Request-ID"])
    assert r.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in r.headers  # not production, not HTTPS


def test_the_callers_request_id_is_kept_when_it_is_sane(client):
    for given in ("abc-123", "a" * 128, "req:1.2_3-4"):
        assert client.get("/health", headers={"X-Request-ID": given}).headers["X-Request-ID"] == (
            given
        )


@pytest.mark.parametrize("given", ["", "a" * 129, "has space", "semi;colon", "é", "a\tb"])
def test_an_unusable_request_id_is_replaced(client, given):
    got = client.get("/health", headers={"X-Request-ID": given}).headers["X-Request-ID"]
    assert got != given and REQUEST_ID.fullmatch(got)
    assert client.get("/health").headers["X-Request-ID"] != got  # a new one each time


def directives(policy):
    return dict(d.strip().split(" ", 1) for d in policy.split(";"))


def test_the_docs_page_runs_scripts_from_the_server_only(client):
    r = client.get("/api/v1/docs")
    policy = directives(r.headers["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert (policy["frame-ancestors"], policy["object-src"]) == ("'none'", "'none'")


def test_a_page_with_an_inline_script_allows_exactly_that_script(app, clean_db):
    script = "window.started = true;"
    custom = create_app("test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])

    @custom.get("/page")
    def page():
        body = f'<html><script src="/x.js"></script><script>{script}</script></html>'
        return Response(body, mimetype="text/html")

    policy = directives(custom.test_client().get("/page").headers["Content-Security-Policy"])
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert policy["script-src"] == f"'self' 'sha256-{digest}'"


def test_json_responses_allow_nothing(client):
    r = client.get("/api/v1/swagger.json")
    assert r.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_a_policy_the_response_already_has_is_kept(app, clean_db):
    strict = "default-src 'none'; script-src 'self'; connect-src 'self' https://api.example"
    custom = create_app("test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])

    @custom.get("/own-policy")
    def own_policy():
        return Response("<html></html>", headers={"Content-Security-Policy": strict})

    r = custom.test_client().get("/own-policy")
    assert r.headers["Content-Security-Policy"] == strict
    assert r.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def production_app(app, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    return create_app("prod", PROXY_COUNT=1, LOG_LEVEL="WARNING")


def test_hsts_in_production_over_https_only(production_app):
    client = production_app.test_client()
    secure = client.get("/health", headers={"X-Forwarded-Proto": "https"})
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/health").headers
    plain = client.get("/health", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers


def test_no_hsts_outside_production(client):
    r = client.get("/health", base_url="https://localhost")
    assert "Strict-Transport-Security" not in r.headers


def test_cors_allows_the_idempotency_key_and_exposes_the_request_id(app, clean_db):
    cors_app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        CORS_ORIGINS=["https://pto.example"],
    )
    client = cors_app.test_client()
    preflight = client.options(
        "/api/v1/requests",
        headers={
            "Origin": "https://pto.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
    )
    allowed = {
        h.strip().lower() for h in preflight.headers["Access-Control-Allow-Headers"].split(",")
    }
    assert {"authorization", "content-type", "idempotency-key"} <= allowed
    r = client.get("/api/v1/swagger.json", headers={"Origin": "https://pto.example"})
    exposed = {h.strip() for h in r.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"Idempotent-Replayed", "X-Request-ID", "Retry-After"} <= exposed


# --- the request's log line --------------------------------------------------------------------


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "server.request"]


def test_one_log_line_per_request_with_the_route_not_the_path(client, make, caplog):
    ada = make.employee()
    with caplog.at_level(logging.INFO, logger="server.request"):
        r = client.get(
            f"/api/v1/users/{ada.id}", headers={**ada.headers, "X-Request-ID": "trace-1"}
        )
        client.get("/api/v1/nothing/secret-token-in-path")
    assert r.status_code == 200
    found, missing = request_lines(caplog)
    line = json.loads(JsonFormatter().format(found))
    assert line["request_id"] == "trace-1"
    assert line["user_id"] == ada.id
    assert (line["method"], line["route"], line["status"]) == (
        "GET",
        "/api/v1/users/<int:user_id>",
        200,
    )
    assert line["duration_ms"] >= 0
    assert (missing.route, missing.status, missing.user_id) == (None, 404, None)


def test_log_lines_are_json_and_mask_credentials():
    try:
        raise ValueError("Bearer abc.def.ghi at /api/v1/calendar/feed/s3cr3t.ics")
    except ValueError:
        record = logging.LogRecord(
            "server",
            logging.ERROR,
            __file__,
            1,
            "GET %s",
            ("/api/v1/calendar/feed/tok.ics",),
            exc_info=sys.exc_info(),
        )
    record.user_id = 7
    text = JsonFormatter().format(record)
    line = json.loads(text)
    assert line["message"] == "GET /api/v1/calendar/feed/***"
    assert line["level"] == "ERROR" and line["user_id"] == 7
    assert "ValueError" in line["exc"]
    assert "s3cr3t" not in text and "tok.ics" not in text and "abc.def" not in text
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJl"
    assert jwt not in JsonFormatter().format(
        logging.LogRecord("x", logging.INFO, __file__, 1, f"token {jwt}", None, None)
    )

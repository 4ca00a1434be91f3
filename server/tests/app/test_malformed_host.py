"""A Host header that cannot be a host name is a 400 problem with the usual headers, on
every path and without a token — never a 500 with a traceback."""

import pytest


@pytest.mark.parametrize("host", ["a..b", "a" * 64 + ".example.com", ".", "x..y:8000"])
@pytest.mark.parametrize("path", ["/api/v1/teams", "/health", "/", "/api/v1/nowhere"])
def test_a_malformed_host_is_a_400_problem(app, host, path, caplog):
    r = app.test_client().get(path, headers={"Host": host})
    assert r.status_code == 400
    assert r.mimetype == "application/problem+json"
    assert r.json["detail"] == "The Host header is not a valid host name."
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Request-ID"]
    assert "Traceback" not in caplog.text
    assert [rec.levelname for rec in caplog.records if rec.name == "server.http.hosts"] == [
        "WARNING"
    ]


def test_ordinary_hosts_pass(app):
    for host in ("pto.example.com", "localhost:5000", "[::1]:8000", "127.0.0.1"):
        assert app.test_client().get("/health", headers={"Host": host}).status_code == 200

"""Hardening, checked on a real gunicorn: chunked bodies, and what the logs never hold."""

import json
import socket
import threading
import uuid

import pytest
import requests

from server.tests.e2e.conftest import start_server, stop_server

pytestmark = pytest.mark.postgres
MIB = 1024 * 1024


def chunked_post(server, path, body, chunk=64 * 1024, headers=None):
    """POST `body` with Transfer-Encoding: chunked (no Content-Length) over a raw socket,
    reading the answer while still sending: a server that refuses a body early closes the
    connection, and a client that only reads after sending everything sees a reset."""
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=20)
    head = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/json",
        "Transfer-Encoding: chunked",
        "Connection: close",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())

    def send():
        try:
            for start in range(0, len(body), chunk):
                part = body[start : start + chunk]
                sock.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server stopped reading: its answer says why

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    received = b""
    try:
        while data := sock.recv(65536):
            received += data
    except OSError:
        pass
    sender.join(timeout=20)
    sock.close()
    head, _, payload = received.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = dict(
        line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:] if ": " in line
    )
    return status, headers, payload


def login_json(email, password, size):
    body = json.dumps({"email": email, "password": password}).encode()
    return body + b" " * (size - len(body))  # valid JSON however much of the padding is kept


@pytest.mark.parametrize("size", [MIB + 1, 3 * MIB, 10 * 1000 * 1000])
def test_a_chunked_body_over_the_limit_is_a_413_problem(live_server, live_make, size):
    # Once cut at 1 MiB and processed (200 for the 3 MiB login) or parsed broken (400).
    person = live_make.employee()
    status, headers, payload = chunked_post(
        live_server, "/api/v1/auth/login", login_json(person.email, person.password, size)
    )
    assert status == 413, payload[:300]
    assert headers["Content-Type"] == "application/problem+json"
    assert json.loads(payload)["type"] == "/problems/payload-too-large"


def test_a_chunked_body_within_the_limit_is_read_whole(live_server, live_make):
    person = live_make.employee()
    status, _, payload = chunked_post(
        live_server, "/api/v1/auth/login", login_json(person.email, person.password, MIB)
    )
    assert status == 200, payload[:300]
    assert b"access_token" in payload


def test_logs_hold_no_credentials_and_one_json_line_per_request(live_database, live_make):
    # gunicorn's access log on too, to check its masking as well.
    server = start_server(live_database, workers=2, GUNICORN_ACCESS_LOG="-", LOG_LEVEL="info")
    try:
        person = live_make.employee()
        feed_token = "feedtoken" + uuid.uuid4().hex
        wrong_password = "wrong-password-" + uuid.uuid4().hex
        r = requests.post(
            server.api("/auth/login"),
            json={"email": person.email, "password": person.password},
            headers={"X-Request-ID": "trace-login-1"},
            timeout=10,
        )
        token = r.json()["access_token"]
        requests.post(
            server.api("/auth/login"),
            json={"email": person.email, "password": wrong_password},
            timeout=10,
        )
        me = requests.get(
            server.api("/auth/me"), headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert me.status_code == 200
        link = requests.post(
            server.api("/auth/calendar-token"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["feed_url"]
        real_feed_token = link.rsplit("/", 1)[1].removesuffix(".ics")
        assert requests.get(link, timeout=10).status_code == 200
        requests.get(server.api(f"/calendar/feed/{feed_token}.ics"), timeout=10)
        requests.get(f"{server.url}/api/v1/calendar/feed/{feed_token}", timeout=10)
        requests.get(server.api("/auth/me"), headers={"Authorization": "Bearer x.y.z"}, timeout=10)
    finally:
        stop_server(server)
    output = server.output()
    secrets = (person.password, wrong_password, token, token.split(".")[2], feed_token)
    for secret in (*secrets, real_feed_token):
        assert secret not in output
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    requests_logged = [line for line in lines if line.get("logger") == "server.request"]
    assert len(requests_logged) == 8 + 1  # and start_server's readiness probe
    feed = next(
        line
        for line in requests_logged
        if line["status"] == 200 and "feed" in (line["route"] or "")
    )
    assert feed["route"] == "/api/v1/calendar/feed/<string:token>.ics"
    login = next(line for line in requests_logged if line["request_id"] == "trace-login-1")
    assert (login["method"], login["route"], login["status"]) == ("POST", "/api/v1/auth/login", 200)
    assert login["user_id"] is None and login["duration_ms"] > 0
    me_line = next(line for line in requests_logged if line["route"] == "/api/v1/auth/me")
    assert me_line["user_id"] == person.id
    access = [line for line in lines if line.get("logger") == "gunicorn.access"]
    assert len(access) == 9
    assert any("/calendar/feed/***" in line["message"] for line in access)

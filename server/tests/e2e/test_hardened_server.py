"""Hardening, checked on a real gunicorn: chunked bodies, and what the logs never hold."""

import json
import socket
import threading

import pytest

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

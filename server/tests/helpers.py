"""Assertions and test plumbing shared by the test packages."""

import contextlib
import os
import socket
import subprocess
import sys

import pytest
import sqlalchemy as sa

from server.config import PROJECT_ROOT
from server.extensions import db

# Every field of a full user record, as the `User` model documents them.
USER_KEYS = {
    "id",
    "email",
    "full_name",
    "roles",
    "is_active",
    "timezone",
    "locale",
    "country",
    "subdivision",
    "hire_date",
    "manager_id",
    "work_days",
    "team_ids",
    "created_at",
    "updated_at",
}


def assert_problem(response, status, slug, errors=()):
    """`response` is an RFC 9457 problem of this status and slug, naming these `errors`."""
    body = response.get_json()
    assert response.status_code == status, body
    assert response.mimetype == "application/problem+json"
    assert body["type"] == f"/problems/{slug}"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    for key in errors:
        assert key in body.get("errors", {}), body
    return body


def login(client, email, password, **kwargs):
    """POST the credentials to /auth/login with the Flask test client; the response."""
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}, **kwargs)


def live_login(server, email, password, timeout=30):
    """POST the credentials to a live server's /auth/login over HTTP; the response."""
    import requests

    return requests.post(
        server.api("/auth/login"), json={"email": email, "password": password}, timeout=timeout
    )


def manage_py(*args, env, check=True):
    """`python manage.py ARGS` in a process of its own with the environment `env`: its
    CompletedProcess, output as text (a failure raises when `check`)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
    )


def free_port():
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def unanswering_port():
    """A port whose kernel completes the TCP handshake and then nothing ever answers: what a
    client sees of a frozen (SIGSTOP) server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def missing_tool(message):
    """A system tool a test needs is absent: skipped on a developer's machine, a failure in
    CI (`.ci/run` installs every tool, so there a missing one is a broken set-up)."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def row_count(app, model):
    """How many rows `model`'s table holds now."""
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()

"""No web request waits on the database longer than its settings allow (server/database.py).

A database that hangs is simulated two ways here: a slow statement (pg_sleep) on the suite's
PostgreSQL, and a socket that accepts connections but never answers, as a frozen server's
kernel does. The fault tests (e2e/test_faults.py) freeze a real PostgreSQL.
"""

import time

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from server import create_app, database
from server.extensions import db
from server.tests.helpers import unanswering_port

pytestmark = pytest.mark.postgres


@pytest.fixture
def timed_app(app):
    timed = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        TESTING=False,
        PROPAGATE_EXCEPTIONS=False,
        DATABASE_TIMEOUT_SECONDS=2.0,
        READY_TIMEOUT_SECONDS=0.5,
    )
    backends = []

    def backend_pid():
        return db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()

    @timed.get("/test/pid")
    def pid():
        return {"pid": backend_pid()}

    @timed.get("/test/sleep/<float:seconds>/<float:limit>")
    def sleep(seconds, limit):
        backends.append(backend_pid())
        with database.deadline(limit):
            db.session.execute(sa.text("SELECT pg_sleep(:s)"), {"s": seconds})
        return {"slept": seconds}

    @timed.get("/test/statement-timeout")
    def statement_timeout():
        return {"value": db.session.execute(sa.text("SHOW statement_timeout")).scalar_one()}

    timed.backends = backends
    yield timed
    with timed.app_context():
        db.engine.dispose()


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def test_a_request_stops_waiting_at_its_deadline_with_a_503(timed_app):
    client = timed_app.test_client()
    r, took = timed_get(client, "/test/sleep/5.0/0.3")
    assert r.status_code == 503
    assert r.json["type"] == "/problems/service-unavailable"
    assert 0.25 < took < 1.5
    # The connection that timed out mid-query was discarded, never handed out again.
    timed_out = timed_app.backends[-1]
    later = {client.get("/test/pid").json["pid"] for _ in range(5)}
    assert timed_out not in later
    assert client.get("/test/sleep/0.1/1.0").status_code == 200


def test_web_requests_and_only_they_carry_a_statement_timeout(timed_app):
    client = timed_app.test_client()
    assert client.get("/test/statement-timeout").json == {"value": "2s"}
    with timed_app.app_context():  # the CLI, migrations, the notification sender
        value = db.session.execute(sa.text("SHOW statement_timeout")).scalar_one()
        db.session.execute(sa.text("SELECT pg_sleep(2.2)"))  # no deadline either
    assert value == "0"
    assert client.get("/test/statement-timeout").json == {"value": "2s"}


def test_the_server_cancels_a_web_statement_at_the_statement_timeout(timed_app):
    client = timed_app.test_client()
    r, took = timed_get(client, "/test/sleep/5.0/10.0")  # the client would wait; the server not
    assert r.status_code == 503
    assert 1.5 < took < 3.5


def test_ready_answers_within_its_own_bound(timed_app, monkeypatch):
    from server.infra import health

    def slow():
        db.session.execute(sa.text("SELECT pg_sleep(3)"))
        return True

    monkeypatch.setattr(health, "database_ready", slow)
    r, took = timed_get(timed_app.test_client(), "/ready")
    assert r.status_code == 503
    assert r.json["type"] == "/problems/service-unavailable"
    assert took < 1.0


@pytest.fixture
def unanswering_database():
    """A port whose kernel completes the TCP handshake and then nothing ever answers: what
    a client sees of a frozen (SIGSTOP) PostgreSQL."""
    with unanswering_port() as port:
        yield f"postgresql://postgres@127.0.0.1:{port}/pto"


def test_a_request_to_an_unanswering_database_is_a_503_in_time(unanswering_database):
    frozen = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=unanswering_database,
        DATABASE_TIMEOUT_SECONDS=0.5,
        DATABASE_CONNECT_TIMEOUT_SECONDS=10,
        READY_TIMEOUT_SECONDS=0.3,
    )
    client = frozen.test_client()
    r, took = timed_get(client, "/api/v1/auth/login")
    assert r.status_code == 405  # no database needed, no wait
    body = {"email": "ada@example.com", "password": "whatever-it-is"}
    started = time.monotonic()
    r = client.post("/api/v1/auth/login", json=body)
    took = time.monotonic() - started
    assert r.status_code == 503 and took < 1.5
    r, took = timed_get(client, "/ready")
    assert r.status_code == 503 and took < 1.0


def test_connecting_outside_requests_gives_up_after_the_connect_timeout(unanswering_database):
    frozen = create_app(
        "test", SQLALCHEMY_DATABASE_URI=unanswering_database, DATABASE_CONNECT_TIMEOUT_SECONDS=0.5
    )
    started = time.monotonic()
    with frozen.app_context(), pytest.raises(OperationalError):
        db.session.execute(sa.text("SELECT 1"))
    assert time.monotonic() - started < 1.5

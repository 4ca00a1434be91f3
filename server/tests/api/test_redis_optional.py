"""Redis is optional at run time: when it fails or hangs, logins keep working with rate limits
counted in memory, and /ready says "degraded". (e2e/test_faults.py stops and freezes a real
Redis under gunicorn.)"""

import logging
import time

import pytest

from server import create_app
from server.extensions import limiter
from server.tests.helpers import free_port, unanswering_port


@pytest.fixture
def frozen_redis_port():
    """Accepts connections, never answers: a frozen Redis as its clients see it."""
    with unanswering_port() as port:
        yield port


def app_with_redis(app, port, **settings):
    url = f"redis://127.0.0.1:{port}/0"
    broken = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        TESTING=False,
        PROPAGATE_EXCEPTIONS=False,
        REDIS_URL=url,
        RATELIMIT_STORAGE_URI=url,
        **settings,
    )
    return broken


@pytest.fixture
def reset_limiter(app):
    yield
    # The limiter is one object for every app of this process: hand it back to the suite's
    # app, out of the fallback mode the broken Redis left it in.
    limiter.init_app(app)
    limiter._storage_dead = False
    limiter.reset()


@pytest.mark.parametrize("redis", ["stopped", "frozen"])
def test_logins_work_and_are_still_limited_without_redis(
    app, clean_db, make, frozen_redis_port, caplog, reset_limiter, redis
):
    port = free_port() if redis == "stopped" else frozen_redis_port
    broken = app_with_redis(app, port, LOGIN_RATE_LIMIT="3/minute")
    person = make.employee()
    client = broken.test_client()
    body = {"email": person.email, "password": person.password}
    timings, statuses = [], []
    with caplog.at_level(logging.WARNING):
        for attempt in (body, {**body, "password": "wrong-password"}, body, body):
            started = time.monotonic()
            statuses.append(client.post("/api/v1/auth/login", json=attempt).status_code)
            timings.append(time.monotonic() - started)
    # The limit still holds, counted in this process's memory.
    assert statuses == [200, 401, 200, 429]
    assert max(timings) < 1.5  # one REDIS_TIMEOUT_SECONDS (0.5) at most, then memory
    assert any("falling back to in-memory" in r.getMessage() for r in caplog.records), [
        (r.name, r.getMessage()) for r in caplog.records
    ]


@pytest.mark.parametrize("redis", ["stopped", "frozen"])
def test_ready_says_degraded_without_redis(app, clean_db, frozen_redis_port, reset_limiter, redis):
    port = free_port() if redis == "stopped" else frozen_redis_port
    client = app_with_redis(app, port).test_client()
    started = time.monotonic()
    r = client.get("/ready")
    assert time.monotonic() - started < 1.5
    assert (r.status_code, r.json) == (200, {"status": "degraded", "redis": "unavailable"})


def test_a_redis_timeout_is_a_setting(monkeypatch):
    from server.config import ConfigurationError, load_config

    monkeypatch.setenv("REDIS_TIMEOUT_SECONDS", "0.2")
    options = load_config("dev")["RATELIMIT_STORAGE_OPTIONS"]
    assert options == {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}
    monkeypatch.setenv("REDIS_TIMEOUT_SECONDS", "soon")
    with pytest.raises(ConfigurationError, match="REDIS_TIMEOUT_SECONDS"):
        load_config("dev")

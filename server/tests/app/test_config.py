"""Settings come from the environment, and production refuses unsafe ones."""

from datetime import UTC, date, datetime, timedelta

import pytest

from server import create_app
from server.config import DEV_SECRET_KEY, ConfigurationError, load_config

STRONG_KEY = "k" * 48


def test_profile_defaults_to_dev(monkeypatch):
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config()
    assert config["APP_ENV"] == "dev"
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["SQLALCHEMY_DATABASE_URI"].endswith("instance/pto.db")
    assert config["SIGNUP_OPEN"] is False
    assert config["LOGIN_RATE_LIMIT"] == "10 per minute"


def test_unknown_profile_is_refused():
    with pytest.raises(ConfigurationError, match="APP_ENV"):
        load_config("staging")


@pytest.mark.parametrize("secret", [None, DEV_SECRET_KEY, "short"])
def test_production_refuses_a_missing_or_default_secret(monkeypatch, secret):
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/pto")
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app("prod")


def test_production_needs_a_database_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        load_config("prod")


def test_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/pto")
    monkeypatch.setenv("JWT_ACCESS_LIFESPAN_MINUTES", "5")
    monkeypatch.setenv("JWT_REFRESH_LIFESPAN_DAYS", "2")
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/1")
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "3 per minute")
    monkeypatch.setenv("SIGNUP_OPEN", "true")
    config = load_config("prod")
    # Heroku-style postgres:// is rewritten for SQLAlchemy 2.
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql://u:p@db:5432/pto"
    assert config["JWT_ACCESS_LIFESPAN"].total_seconds() == 300
    assert config["JWT_REFRESH_LIFESPAN"].days == 2
    assert config["CORS_ORIGINS"] == ["https://a.example", "https://b.example"]
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/1"
    assert config["LOGIN_RATE_LIMIT"] == "3 per minute"
    assert config["SIGNUP_OPEN"] is True


def test_a_non_numeric_lifespan_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("JWT_ACCESS_LIFESPAN_MINUTES", "soon")
    with pytest.raises(ConfigurationError, match="JWT_ACCESS_LIFESPAN_MINUTES"):
        load_config("dev")


def test_cors_allows_only_the_configured_origins(database_url):
    app = create_app(
        "test", SQLALCHEMY_DATABASE_URI=database_url, CORS_ORIGINS=["https://pto.example"]
    )
    client = app.test_client()
    allowed = client.get("/api/v1/swagger.json", headers={"Origin": "https://pto.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://pto.example"
    other = client.get("/api/v1/swagger.json", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


@pytest.mark.usefixtures("app")  # it migrates the database this second app uses
def test_behind_a_proxy_the_client_ip_comes_from_x_forwarded_for(database_url):
    app = create_app(
        "test", SQLALCHEMY_DATABASE_URI=database_url, PROXY_COUNT=1, LOGIN_RATE_LIMIT="2/minute"
    )
    client = app.test_client()

    def attempt(ip):
        return client.post(
            "/api/v1/auth/login",
            json={"email": "nobody@example.com", "password": "wrong-password"},
            headers={"X-Forwarded-For": ip},
        ).status_code

    assert [attempt("203.0.113.1") for _ in range(3)] == [401, 401, 429]
    assert attempt("203.0.113.2") == 401  # another client behind the same proxy


# --- CLOCK_START: the clock moved, for tests and development only ------------------------------


@pytest.fixture
def real_time(monkeypatch):
    """The system clock held at 7 December 2026, 13:00 UTC (`real_time.move(minutes)`); the
    service's clock is back on real time after the test."""
    from server import clock

    class RealTime:
        now = datetime(2026, 12, 7, 13, 0, tzinfo=UTC)

        def move(self, minutes):
            self.now += timedelta(minutes=minutes)

    held = RealTime()
    monkeypatch.setattr(clock, "real_utcnow", lambda: held.now)
    yield held
    clock.start_at(None)


@pytest.mark.parametrize("profile", ["dev", "test"])
def test_clock_start_starts_the_clock_at_that_moment_and_it_runs_on(
    monkeypatch, real_time, database_url, profile
):
    from server import clock

    monkeypatch.setenv("CLOCK_START", "2026-12-24T09:00:00+00:00")
    monkeypatch.setenv("DATABASE_URL", database_url)
    create_app(profile)
    assert clock.utcnow() == datetime(2026, 12, 24, 9, 0, tzinfo=UTC)
    real_time.move(90)
    assert clock.utcnow() == datetime(2026, 12, 24, 10, 30, tzinfo=UTC)
    assert clock.today_in("America/Los_Angeles") == date(2026, 12, 24)
    assert clock.real_utcnow() == datetime(2026, 12, 7, 14, 30, tzinfo=UTC)  # tokens' time


def test_without_clock_start_the_clock_is_the_real_time(monkeypatch, real_time, database_url):
    from server import clock

    clock.start_at(datetime(2028, 2, 29, 12, 0, tzinfo=UTC))
    monkeypatch.delenv("CLOCK_START", raising=False)
    create_app("test", SQLALCHEMY_DATABASE_URI=database_url)
    assert clock.utcnow() == real_time.now


def test_production_refuses_to_start_with_clock_start(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/pto")
    monkeypatch.setenv("CLOCK_START", "2026-12-24T09:00:00+00:00")
    with pytest.raises(ConfigurationError, match=r"CLOCK_START .* Unset it when APP_ENV=prod"):
        create_app("prod")


@pytest.mark.parametrize("value", ["2026-12-24", "2026-12-24T09:00:00", "Christmas Eve"])
def test_clock_start_must_be_a_moment_with_its_offset(monkeypatch, value):
    monkeypatch.setenv("CLOCK_START", value)
    with pytest.raises(ConfigurationError, match="CLOCK_START must be a moment"):
        load_config("test")

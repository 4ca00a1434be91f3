"""Settings come from the environment, and production refuses unsafe ones."""

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

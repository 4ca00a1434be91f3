"""Settings, read from the environment (and `.env`, which `create_app` loads first).

Every variable is documented in `.env.example`. `APP_ENV` picks the profile: dev, test, prod.
The settings are built when the app is created, not at import, so `.env` and tests that
change the environment are always seen.
"""

import os
from datetime import datetime, timedelta
from pathlib import Path

from server.domain.vocabulary import DEFAULT_LOCALE, LOCALES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Where the API lives: every /api/v1 path and URL is built from this.
API_PREFIX = "/api/v1"
DEV_SECRET_KEY = "dev-secret-key-change-me"
PROFILES = ("dev", "test", "prod")


def _log_format(value):
    if value not in ("json", "text"):
        raise ConfigurationError(f"LOG_FORMAT must be json or text, not {value!r}")
    return value


def _locale(value):
    if value not in LOCALES:
        raise ConfigurationError(
            f"DEFAULT_LOCALE must be one of {', '.join(LOCALES)}, not {value!r}"
        )
    return value


class ConfigurationError(RuntimeError):
    """The environment does not describe a runnable service."""


def env(name, default=None):
    return os.environ.get(name) or default


def env_bool(name, default=False):
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be an integer, not {value!r}") from None


def env_float(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number > 0:
        raise ConfigurationError(f"{name} must be a positive number of seconds, not {value!r}")
    return number


def clock_start(profile):
    """CLOCK_START as an aware datetime, or None. It moves the service's clock, which only
    tests and development may do: production refuses to start while it is set."""
    value = env("CLOCK_START", "").strip()
    if not value:
        return None
    if profile == "prod":
        raise ConfigurationError(
            "CLOCK_START is set, and it moves the service's clock: it is for tests and "
            "development only. Unset it when APP_ENV=prod."
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise ConfigurationError(
            f"CLOCK_START must be a moment with its UTC offset, e.g. "
            f"2026-12-24T09:00:00+00:00, not {value!r}"
        )
    return moment


def normalize_database_url(url):
    # Heroku-style URLs say "postgres://", which SQLAlchemy 2 no longer accepts.
    if url and url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://") :]
    return url


def load_config(profile=None):
    """The Flask settings for `profile` (default: `APP_ENV`, then `dev`), checked."""
    profile = (profile or env("APP_ENV", "dev")).strip().lower()
    if profile not in PROFILES:
        raise ConfigurationError(f"APP_ENV must be one of {', '.join(PROFILES)}, not {profile!r}")
    redis_url = env("REDIS_URL")
    redis_timeout = env_float("REDIS_TIMEOUT_SECONDS", 0.5)
    config = {
        "APP_ENV": profile,
        "SECRET_KEY": env("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(
            env("DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'instance' / 'pto.db'}")
        ),
        # hide_parameters: statement values (emails, names) stay out of error messages and
        # so out of the logs. No ping before each checkout (a round trip per request):
        # connections are recycled after half an hour, and one that fails as disconnected
        # invalidates the pool, so the next requests reconnect.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": 1800, "hide_parameters": True},
        # How long a web request may wait on the database in all (then 503), and the
        # statement_timeout of its statements; /ready's own bound; connecting, for any
        # process. Keep them well under GUNICORN_TIMEOUT (30 s). See server/database.py.
        "DATABASE_TIMEOUT_SECONDS": env_float("DATABASE_TIMEOUT_SECONDS", 5.0),
        "READY_TIMEOUT_SECONDS": env_float("READY_TIMEOUT_SECONDS", 1.5),
        "DATABASE_CONNECT_TIMEOUT_SECONDS": env_float("DATABASE_CONNECT_TIMEOUT_SECONDS", 3.0),
        "JWT_ACCESS_LIFESPAN": timedelta(minutes=env_int("JWT_ACCESS_LIFESPAN_MINUTES", 15)),
        "JWT_REFRESH_LIFESPAN": timedelta(days=env_int("JWT_REFRESH_LIFESPAN_DAYS", 30)),
        # Tokens come from the Authorization header only: a cookie would need CSRF defences.
        "JWT_PLACES": ["header"],
        "PRAETORIAN_HASH_SCHEME": "pbkdf2_sha512",
        "PRAETORIAN_HASH_ALLOWED_SCHEMES": ["pbkdf2_sha512"],
        "PASSWORD_HASH_ROUNDS": None,  # passlib's default for pbkdf2_sha512
        # server/errors.py turns praetorian's errors into problem+json itself.
        "DISABLE_PRAETORIAN_ERROR_HANDLER": True,
        "CORS_ORIGINS": [o.strip() for o in env("CORS_ORIGINS", "").split(",") if o.strip()],
        # The API the web client calls, when it is not the origin that serves the client.
        "WEB_CLIENT_API_URL": env("WEB_CLIENT_API_URL", "").strip().rstrip("/"),
        "REDIS_URL": redis_url,
        # Redis is optional at run time: a Redis that fails or hangs costs at most this per
        # attempt, and rate limits then count in this process's memory until it is back.
        "REDIS_TIMEOUT_SECONDS": redis_timeout,
        "LOGIN_RATE_LIMIT": env("LOGIN_RATE_LIMIT", "10 per minute"),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_STORAGE_OPTIONS": {
            "socket_connect_timeout": redis_timeout,
            "socket_timeout": redis_timeout,
        },
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        # Namespaces the counters when several deployments share one Redis.
        "RATELIMIT_KEY_PREFIX": env("RATELIMIT_KEY_PREFIX", "pto"),
        "SIGNUP_OPEN": env_bool("SIGNUP_OPEN"),
        # The language of new users' e-mails (and of the web client before sign-in's answer).
        "DEFAULT_LOCALE": _locale(env("DEFAULT_LOCALE", DEFAULT_LOCALE)),
        "PROXY_COUNT": env_int("PROXY_COUNT", 0),
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "ERROR_INCLUDE_MESSAGE": False,
        "RESTX_MASK_SWAGGER": False,
        "SWAGGER_UI_DOC_EXPANSION": "list",
        "SWAGGER_UI_REQUEST_DURATION": True,
        "LOG_LEVEL": env("LOG_LEVEL", "INFO"),
        # `json` lines for log collectors; `text` for a developer's terminal (dev default).
        "LOG_FORMAT": _log_format(env("LOG_FORMAT", "text" if profile == "dev" else "json")),
        # Flask-Caching, per process: it only holds what cannot go stale (rendered iCal
        # feeds under a digest of their content). See docs/dev/benchmarks.md, "Caching".
        "CACHE_TYPE": "SimpleCache",
        "CACHE_THRESHOLD": env_int("FEED_CACHE_ENTRIES", 500),
        "CACHE_DEFAULT_TIMEOUT": 24 * 3600,
        # The web client's address, for links in emails and the iCal feed's URL and UIDs;
        # unset: taken from each request's (proxied) scheme and host.
        "PUBLIC_BASE_URL": (env("PUBLIC_BASE_URL") or "").rstrip("/") or None,
        # Notifications (see docs/operations/notifications.md).
        "MAIL_BACKEND": env("MAIL_BACKEND", "smtp" if profile == "prod" else "log").lower(),
        "SMTP_HOST": env("SMTP_HOST"),
        "SMTP_PORT": env_int("SMTP_PORT", 587),
        "SMTP_USERNAME": env("SMTP_USERNAME"),
        "SMTP_PASSWORD": env("SMTP_PASSWORD"),
        "SMTP_SECURITY": env("SMTP_SECURITY", "starttls").lower(),
        "SMTP_TIMEOUT_SECONDS": env_int("SMTP_TIMEOUT_SECONDS", 30),
        "MAIL_FROM": env("MAIL_FROM", "PTO <pto@localhost>"),
        "NOTIFY_MAX_ATTEMPTS": env_int("NOTIFY_MAX_ATTEMPTS", 8),
        "NOTIFY_RETRY_SECONDS": env_int("NOTIFY_RETRY_SECONDS", 60),
        "NOTIFY_POLL_SECONDS": env_int("NOTIFY_POLL_SECONDS", 30),
        "APPROVAL_REMINDER_DAYS": env_int("APPROVAL_REMINDER_DAYS", 3),
        # How often the notification sender runs the ledger's jobs (0: never).
        "JOBS_INTERVAL_SECONDS": env_int("JOBS_INTERVAL_SECONDS", 3600),
        # Tests and development only: the service's clock starts at this moment (see
        # server/clock.py); production refuses it.
        "CLOCK_START": clock_start(profile),
    }
    # A read replica for the heavy reads (reports), when there is one.
    replica_url = normalize_database_url(env("DATABASE_REPLICA_URL"))
    config["SQLALCHEMY_BINDS"] = {"replica": replica_url} if replica_url else {}
    if profile == "test":
        config.update(
            TESTING=True,
            SECRET_KEY="test-secret-key-that-is-long-enough-for-hs256",
            SQLALCHEMY_DATABASE_URI=normalize_database_url(
                env("TEST_DATABASE_URL", "sqlite:///:memory:")
            ),
            # Real hashing, fewer rounds: the suite creates thousands of users.
            PASSWORD_HASH_ROUNDS=1000,
            RATELIMIT_STORAGE_URI="memory://",
            LOG_LEVEL=env("LOG_LEVEL", "WARNING"),
        )
    if profile == "prod":
        _check_production(config)
    return config


def _check_production(config):
    secret = config["SECRET_KEY"]
    if secret == DEV_SECRET_KEY or len(secret) < 32:
        raise ConfigurationError(
            "SECRET_KEY must be set to a random value of at least 32 characters when APP_ENV=prod "
            '(e.g. python -c "import secrets; print(secrets.token_urlsafe(48))")'
        )
    if not env("DATABASE_URL"):
        raise ConfigurationError("DATABASE_URL must be set when APP_ENV=prod")

"""PTO API: the application factory."""

from dotenv import load_dotenv
from flask import Flask
from flask.sessions import SessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from server.config import PROJECT_ROOT, load_config
from server.domain.vocabulary import MAX_ID
from server.http.hosts import RejectMalformedHost
from server.http.request_body import BodyLimitedRequest


def create_app(config_name=None, **overrides):
    """Build the app for a profile (`dev`, `test`, `prod`; default: `APP_ENV`, then `dev`).
    Keyword arguments override single settings (tests use this)."""
    app = Flask(__name__, static_folder=None, instance_path=str(PROJECT_ROOT / "instance"))
    app.request_class = BodyLimitedRequest
    # No cookie session: the API reads only the Authorization header, so opening a signed
    # cookie session on every request would be work for nothing.
    app.session_interface = NoSession()
    app.config.from_mapping(settings(config_name))
    app.config.update(overrides)
    # `/api/v1/users` and `/api/v1/users/` are the same collection: no redirect, no 404.
    app.url_map.strict_slashes = False
    # Ids are 32-bit integers: a larger number in a path cannot exist, so it is a 404 rather
    # than an error from the database.
    app.url_map.converters["int"] = IdConverter
    configure_logger(app)
    start_clock(app)
    register_response_headers(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    app.wsgi_app = RejectMalformedHost(app.wsgi_app)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    return app


def settings(config_name=None):
    """The checked settings of a profile, from the environment and `.env` (real environment
    variables win); ConfigurationError when they cannot run."""
    load_dotenv(PROJECT_ROOT / ".env")
    return load_config(config_name)


# What a browser client on another origin may send and read.
CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"]
CORS_EXPOSE_HEADERS = [
    "Location",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-Request-ID",
    "Idempotent-Replayed",
]


class NoSession(SessionInterface):
    """Flask's session, never loaded or saved (a null session if anything asks for it)."""

    def open_session(self, app, request):
        return None

    def save_session(self, app, session, response):
        return None


class IdConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def configure_logger(app):
    from server import logs

    logs.configure(app)  # first: its request id and clock start before any other hook


def start_clock(app):
    """CLOCK_START (tests and development): the clock starts at that moment, and says so."""
    from server import clock

    clock.start_at(app.config["CLOCK_START"])
    if app.config["CLOCK_START"]:
        app.logger.warning(
            "CLOCK_START: the clock started at %s, not at the real time",
            app.config["CLOCK_START"].isoformat(),
        )


def register_response_headers(app):
    from server.http import headers

    headers.register(app)


def register_extensions(app):
    from server import database, models
    from server.extensions import cache, cors, db, guard, limiter, migrate
    from server.services.auth_service import revocation_checked_with_holder

    if (
        app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
        and ":memory:" not in (app.config["SQLALCHEMY_DATABASE_URI"])
    ):
        PROJECT_ROOT.joinpath("instance").mkdir(exist_ok=True)
    database.configure(app)
    db.init_app(app)
    database.watch_engines(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), compare_type=True)
    guard.init_app(app, models.User, is_blacklisted=revocation_checked_with_holder)
    if app.config["PASSWORD_HASH_ROUNDS"]:
        guard.pwd_ctx.update(pbkdf2_sha512__default_rounds=app.config["PASSWORD_HASH_ROUNDS"])
    if app.config["CORS_ORIGINS"]:
        cors.init_app(
            app,
            resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
            supports_credentials=False,
            allow_headers=CORS_ALLOW_HEADERS,
            expose_headers=CORS_EXPOSE_HEADERS,
        )
    limiter.init_app(app)
    # Every limit is a decorator on its view (login), which checks it itself: the limiter's
    # app-wide before_request hook only serves default and blueprint limits, of which there
    # are none, and costs every request the work of finding that out.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    cache.init_app(app)


def register_blueprints(app):
    from server.controllers import create_api_blueprint
    from server.controllers.operations import operations
    from server.database import reads_in_autocommit
    from server.http.web_client import web_client

    blueprint, api = create_api_blueprint()
    blueprint.before_request(reads_in_autocommit)
    app.register_blueprint(blueprint)
    app.extensions["restx_api"] = api
    app.register_blueprint(operations)
    app.register_blueprint(web_client)


def register_errorhandlers(app):
    from server.http.problems import register_error_handlers

    register_error_handlers(app)


def register_commands(app):
    from server.cli import register_commands as register

    register(app.cli)

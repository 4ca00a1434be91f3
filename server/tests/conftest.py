"""Fixtures: a database the suite creates and drops, the app, factories, a movable clock,
a query counter, and a check that every API response matches the Swagger spec.

Isolation between tests (`clean_db`, which `client` and `make` use): on PostgreSQL each test
runs inside one transaction that is rolled back at its end. A connection begins it, and
every session of the app (the test's, the factories', each request's) is bound to that
connection with `join_transaction_mode="create_savepoint"`: their commits release
savepoints, their rollbacks go back to one. A test that needs its changes really committed
(a second connection, threads, a subprocess, locks held across connections, counting the
statements a request sends, ids counted from 1) is marked `@pytest.mark.real_commits`: it
runs on the pool as the app would, on tables emptied by TRUNCATE ... RESTART IDENTITY
before and after it. Rolled-back tests do not reset sequences: their ids are whatever the
database hands out. SQLite always empties the tables after the test (its driver cannot be
trusted with savepoints).
"""

import os
import re
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_sqlalchemy.session import Session as FlaskSession
from jsonschema import Draft4Validator

from server.tests.factories import Factory

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/pto_test"


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (row locks, a real server)")
    config.addinivalue_line(
        "markers",
        "real_commits: the test's changes are really committed (not rolled back at its end); "
        "it starts on truncated tables (ids from 1) and they are truncated again after it; "
        "for threads, second connections, subprocesses, counting every statement",
    )


def pytest_collection_modifyitems(config, items):
    # On SQLite the PostgreSQL-only tests are deselected (not skipped): they have nothing to
    # run against, and the PostgreSQL run covers them.
    if config.getoption("--db") != "sqlite":
        return
    keep = [item for item in items if "postgres" not in item.keywords]
    dropped = [item for item in items if "postgres" in item.keywords]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


# --- the database -----------------------------------------------------------------------------


@contextmanager
def postgres_database(base_url):
    """A fresh, uniquely named database on the server of `base_url`, dropped afterwards."""
    base = sa.engine.make_url(base_url)
    name = f"{base.database or 'pto_test'}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def db_kind(pytestconfig):
    return pytestconfig.getoption("--db")


@contextmanager
def throwaway_database(db_kind, directory):
    """An empty database of the kind under test: a file in `directory`, or a PostgreSQL
    database on TEST_DATABASE_URL's server."""
    if db_kind == "sqlite":
        yield f"sqlite:///{directory / 'pto-test.db'}"
        return
    with postgres_database(os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES_URL) as url:
        yield url


@pytest.fixture(scope="session")
def database_url(db_kind, tmp_path_factory):
    with throwaway_database(db_kind, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url):
    import flask_migrate

    from server import create_app
    from server.extensions import db

    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, LOGIN_RATE_LIMIT="1000/minute")
    with app.app_context():
        flask_migrate.upgrade()  # the schema the suite runs on is the migrations' schema
    app.config["SPEC_CHECKER"] = SpecChecker(app)
    app.after_request(app.config["SPEC_CHECKER"].check)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def clean_db(request, app, db_kind):
    """Every test starts from empty tables (and an empty per-process cache): its changes are
    rolled back at its end, or, for `real_commits` tests and on SQLite, truncated."""
    from server.extensions import cache, limiter

    if db_kind == "sqlite":
        yield
        empty_tables(app)
    elif request.node.get_closest_marker("real_commits") is None:
        with one_transaction(app):
            yield
    else:
        # Rolled-back tests leave the tables empty but their sequences advanced: restart
        # them, so ids count from 1 as on a fresh database.
        empty_tables(app)
        yield
        empty_tables(app)
    with app.app_context():
        cache.clear()
    limiter.reset()


def empty_tables(app):
    from server.extensions import db

    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            # The ledger refuses DELETE (a trigger): set its triggers aside while emptying.
            triggers = db.session.execute(
                sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            ).all()
            for name, _ in triggers:
                db.session.execute(sa.text(f"DROP TRIGGER {name}"))
            for table in tables:
                db.session.execute(sa.text(f"DELETE FROM {table}"))
            for _, sql in triggers:
                db.session.execute(sa.text(sql))
        db.session.commit()


class _JoinedSession(FlaskSession):
    """Flask-SQLAlchemy's session picks the app's engine even when it was given a connection;
    this one uses the connection it is bound to."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@contextmanager
def one_transaction(app):
    """Inside this block every session of the app works in one outer transaction on one
    connection (commits release savepoints), and that transaction is rolled back after."""
    from server.extensions import db

    with app.app_context():
        engine = db.engine
    connection = engine.connect()
    outer = connection.begin()
    app_session = db.session
    db.session = db._make_scoped_session(
        {
            "class_": _JoinedSession,
            "bind": connection,
            "join_transaction_mode": "create_savepoint",
        }
    )
    try:
        yield connection
    finally:
        db.session = app_session
        if outer.is_active:
            outer.rollback()
        connection.close()


@pytest.fixture
def client(app, clean_db):
    checker = app.config["SPEC_CHECKER"]
    checker.problems.clear()
    yield app.test_client()
    assert not checker.problems, "responses that do not match the spec:\n" + "\n".join(
        checker.problems
    )


@pytest.fixture
def make(app, clean_db):
    return Factory(app)


# --- time and queries -------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """`clock.set("2026-03-01T23:30:00+00:00")` moves the service's idea of now."""
    from server import clock as clock_module

    class Clock:
        def set(self, when):
            moment = datetime.fromisoformat(when) if isinstance(when, str) else when
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            monkeypatch.setattr(clock_module, "utcnow", lambda: moment)

    return Clock()


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counted: ...` then `counted.n` statements were run."""
    from server.extensions import db

    @contextmanager
    def counting():
        class Counter:
            n = 0

        def before(*args, **kwargs):
            Counter.n += 1

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield Counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return counting


# --- every response against the spec ---------------------------------------------------------


class SpecChecker:
    """After each API response: its status must be documented for the operation and its
    JSON body must match the documented schema (x-nullable honoured)."""

    def __init__(self, app):
        with app.test_request_context():
            spec = app.extensions["restx_api"].__schema__
        self.base = spec["basePath"]
        self.paths = spec["paths"]
        self.definitions = _nullable(spec["definitions"])
        self.problems = []

    def check(self, response):
        from flask import request

        rule = request.url_rule
        if rule is None or not rule.rule.startswith(self.base + "/") or "swagger" in rule.rule:
            return response
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len(self.base) :])
        operation = self.paths.get(path, {}).get(request.method.lower())
        if operation is None:
            return response
        where = f"{request.method} {request.path} -> {response.status_code}"
        documented = operation.get("responses", {}).get(str(response.status_code))
        if documented is None:
            self.problems.append(f"{where}: status not documented")
            return response
        if not response.is_json:
            # A CSV or iCal body: its media type must be one the operation declares.
            if response.mimetype and response.mimetype not in operation.get("produces", ()):
                self.problems.append(f"{where}: {response.mimetype} is not in `produces`")
            return response
        schema = documented.get("schema")
        if schema is not None:
            body = response.get_json(silent=True)
            validator = Draft4Validator({**_nullable(schema), "definitions": self.definitions})
            for error in validator.iter_errors(body):
                self.problems.append(f"{where}: {'/'.join(map(str, error.path))}: {error.message}")
        return response


def _nullable(schema):
    if isinstance(schema, dict):
        out = {k: _nullable(v) for k, v in schema.items()}
        if out.pop("x-nullable", False) and "type" in out:
            out["type"] = [out["type"], "null"]
        return out
    if isinstance(schema, list):
        return [_nullable(v) for v in schema]
    return schema

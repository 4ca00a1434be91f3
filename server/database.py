"""Bounded waits on PostgreSQL: no web request waits on the database longer than it may.

A frozen database (a stopped process, a hung host or disk) sends no error, and its kernel
still accepts connections and acknowledges packets, so neither `statement_timeout` nor TCP
keepalives notice. The client bounds its own wait: psycopg2 runs every wait (connecting,
each answer) through a callback, and ours polls the socket only until the deadline of the
web request being served. Then it gives up: psycopg2 closes that connection, SQLAlchemy
sees it closed and invalidates it (it is never reused), and the request gets a 503 problem.

Each web request may wait DATABASE_TIMEOUT_SECONDS in all, /ready READY_TIMEOUT_SECONDS;
its statements also carry that `statement_timeout`, so the server stops work nobody waits
for any more. Outside web requests (migrations, seeding, the CLI, the notification
sender) there is no deadline and no statement timeout, only the connect timeout.

A timeout while COMMIT is under way leaves its outcome unknown (the database may apply it
when it wakes up): the caller gets a 503 like for any other timeout, and retries safely
with an idempotency key.
"""

import math
import select
import time
import warnings
from contextlib import contextmanager

import orjson
import psycopg2
import psycopg2.extras
import sqlalchemy as sa
from flask import current_app, g, has_app_context, request
from psycopg2 import extensions
from sqlalchemy import event

from server.extensions import db

# After the response: the time returning the connection to the pool (its ROLLBACK) may take.
CLEANUP_SECONDS = 1.0


class DatabaseTimeout(psycopg2.OperationalError):
    """The database did not answer within the time this work may wait."""


def configure(app):
    """Engine options and request hooks, for PostgreSQL (SQLite never hangs on a network)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    connect_timeout = app.config["DATABASE_CONNECT_TIMEOUT_SECONDS"]
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    options.setdefault("pool_timeout", app.config["DATABASE_TIMEOUT_SECONDS"])
    connect_args = options.setdefault("connect_args", {})
    # libpq's own connect_timeout does not apply under a wait callback (the connection is
    # made asynchronously): `_wait` enforces it. Keepalives find dead peers for long-running
    # processes (the notification sender) that have no deadline.
    connect_args.setdefault("connect_timeout", max(2, math.ceil(connect_timeout)))
    connect_args.setdefault("keepalives", 1)
    connect_args.setdefault("keepalives_idle", 30)
    connect_args.setdefault("keepalives_interval", 10)
    connect_args.setdefault("keepalives_count", 3)
    extensions.set_wait_callback(_wait)
    # JSON columns (work days, audit changes) are decoded by orjson: a calendar of a whole
    # company decodes thousands of them.
    psycopg2.extras.register_default_json(globally=True, loads=orjson.loads)
    psycopg2.extras.register_default_jsonb(globally=True, loads=orjson.loads)
    app.before_request(_start_request_deadline)
    app.teardown_request(_end_request)
    app.extensions["database_connect_timeout"] = connect_timeout


def watch_engines(app):
    """After `db.init_app`: web requests' connections carry their `statement_timeout`."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    with app.app_context():
        for engine in db.engines.values():
            event.listen(engine, "checkout", _set_statement_timeout)
            event.listen(engine, "checkin", _end_autocommit)


def reads_in_autocommit():
    """For an API request that only reads (GET, HEAD): run its statements in autocommit,
    without the BEGIN and ROLLBACK round trips around them. Writes keep their transaction
    and row locks. Switched on the driver's connection itself (no statement is sent, where
    an isolation level would cost a SET on the way back), and switched off again when the
    connection returns to the pool (`_end_autocommit`). A connection already inside a
    transaction someone else began (the test suite's transaction per test) stays in it."""
    if request.method in ("GET", "HEAD") and db.session.get_bind().dialect.name == "postgresql":
        dbapi_connection = db.session.connection().connection.dbapi_connection
        if dbapi_connection.info.transaction_status == extensions.TRANSACTION_STATUS_IDLE:
            dbapi_connection.autocommit = True


def _end_autocommit(dbapi_connection, record):
    # An invalidated connection (one that timed out) comes back without a driver connection.
    if dbapi_connection is not None and not dbapi_connection.closed and dbapi_connection.autocommit:
        dbapi_connection.autocommit = False


@contextmanager
def without_wait_callback():
    """Plain blocking psycopg2 inside this block: COPY (bulk loading) cannot run under a
    wait callback. The callback in place before is restored after."""
    previous = extensions.get_wait_callback()
    extensions.set_wait_callback(None)
    try:
        yield
    finally:
        extensions.set_wait_callback(previous)


@contextmanager
def deadline(seconds):
    """Wait at most `seconds` on the database inside this block (never longer than the
    request's own deadline)."""
    previous = g.get("db_deadline")
    g.db_deadline = min(previous or math.inf, time.monotonic() + seconds)
    try:
        yield
    finally:
        g.db_deadline = previous


def _start_request_deadline():
    seconds = current_app.config["DATABASE_TIMEOUT_SECONDS"]
    g.db_deadline = time.monotonic() + seconds
    g.db_statement_timeout_ms = int(seconds * 1000)


def _end_request(exc=None):
    """Return the request's connection now, its ROLLBACK bounded by a short time of its own
    (even when the request used all of its time), then lift the deadline."""
    g.db_deadline = time.monotonic() + CLEANUP_SECONDS
    try:
        db.session.remove()
    except Exception:  # the pool has already discarded the connection; nothing to undo
        current_app.logger.warning("Returning a connection failed", exc_info=True)
    finally:
        g.pop("db_deadline", None)
        g.pop("db_statement_timeout_ms", None)


def _current_deadline():
    return g.get("db_deadline") if has_app_context() else None


def _wait(conn):
    """psycopg2's wait callback: poll `conn` until it is ready or the deadline passes."""
    limit = _current_deadline()
    if conn.status == extensions.STATUS_SETUP:  # connecting
        connect_timeout = _connect_timeout()
        if connect_timeout is not None:
            limit = min(limit or math.inf, time.monotonic() + connect_timeout)
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        remaining = None if limit is None else limit - time.monotonic()
        if remaining is not None and remaining <= 0:
            # psycopg2 closes the connection when a wait callback fails: a connection left
            # in the middle of a conversation can never be used again.
            raise DatabaseTimeout("The database did not answer in time.")
        if state == extensions.POLL_READ:
            events = select.POLLIN
        elif state == extensions.POLL_WRITE:
            events = select.POLLOUT
        else:  # pragma: no cover - psycopg2 documents no other state
            raise psycopg2.OperationalError(f"Unexpected poll state {state!r}")
        poller = select.poll()
        poller.register(conn.fileno(), events)
        poller.poll(None if remaining is None else math.ceil(remaining * 1000))


def _connect_timeout():
    if not has_app_context():
        return None
    return current_app.extensions.get("database_connect_timeout")


def _set_statement_timeout(dbapi_connection, record, proxy):
    """Give a connection the statement_timeout of what it now serves: web requests' bound,
    or none (0) for everything else. Set once per connection and kind of use."""
    wanted = g.get("db_statement_timeout_ms", 0) if has_app_context() else 0
    if record.info.get("statement_timeout_ms", 0) == wanted:
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = %s", (wanted,))
    dbapi_connection.commit()  # psycopg2 opened a transaction; the setting must outlive it
    record.info["statement_timeout_ms"] = wanted


def drop_all_tables():
    """Drop every table of the app's database (as it is, alembic_version included, not as
    the models say); the number dropped."""
    tables = sa.MetaData()
    with warnings.catch_warnings():
        # SQLite's expression indexes cannot be reflected; dropping the table drops them.
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        tables.reflect(bind=db.engine)
    db.session.remove()  # no session may hold a lock on what is dropped
    tables.drop_all(bind=db.engine)
    if db.engine.dialect.name == "postgresql":  # and the trigger functions the tables used
        with db.engine.begin() as conn:
            functions = conn.execute(
                sa.text(
                    "SELECT oid::regprocedure::text FROM pg_proc "
                    "WHERE pronamespace = 'public'::regnamespace"
                )
            ).scalars()
            for function in functions:
                conn.execute(sa.text(f"DROP FUNCTION IF EXISTS {function}"))
    return len(tables.tables)


def as_domain_error(exc):
    """The DomainError a database error stands for (None for any other error), after
    rolling the session back: a value the column refuses that validation should have
    caught (422), a constraint (409), a database that does not answer (503)."""
    from server.errors import Conflict, ServiceUnavailable, ValidationFailed

    if isinstance(exc, sa.exc.IntegrityError):
        rollback_after_error()
        return Conflict("The change conflicts with existing data.")
    if isinstance(exc, sa.exc.DataError):
        rollback_after_error()
        current_app.logger.warning("Value refused by the database: %s", exc.orig)
        return ValidationFailed("A value is out of range or too long.")
    if isinstance(exc, sa.exc.OperationalError):
        rollback_after_error()
        # The driver's error class says which (a timeout, a refused or lost connection);
        # its text may hold the host and SQL, and stays out of the log line.
        reason = type(getattr(exc, "orig", None) or exc).__name__
        current_app.logger.error("Database unavailable: %s", reason)
        return ServiceUnavailable("The database is not available; try again shortly.")
    return None


def rollback_after_error():
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be what failed
        current_app.logger.warning("Rollback after an error failed", exc_info=True)

"""The bench tooling: the seed makes a consistent company only in a database of its own,
and the baseline answers every endpoint it covers exactly as the service does."""

import os
import random
import secrets
import uuid

import psycopg2
import pytest
import sqlalchemy as sa

from bench import endpoints as ep
from bench import seed, servers
from bench.common import MARKER, with_database
from bench.pgcount import StatementCounter, is_query
from server.tests.conftest import DEFAULT_POSTGRES_URL, postgres_database

pytestmark = pytest.mark.postgres


def server_url():
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES_URL


def drop_database(url):
    base = sa.engine.make_url(url)
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": base.database},
        )
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{base.database}"'))
    admin.dispose()


@pytest.fixture(scope="module")
def bench_database():
    base = sa.engine.make_url(server_url())
    name = f"{base.database or 'pto_test'}_bench_{uuid.uuid4().hex[:8]}"
    url = with_database(base.render_as_string(hide_password=False), name)
    assert seed.main(["--url", url, "--people", "60", "--random-seed", "3"]) == 0
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def apps(bench_database):
    secret = secrets.token_urlsafe(48)
    ours = baseline = None
    try:
        ours = servers.start_ours(bench_database, secret, workers=1)
        baseline = servers.start_baseline(bench_database, secret, workers=1)
        yield ours, baseline, secret
    finally:
        servers.stop(ours)
        servers.stop(baseline)


def test_the_baseline_answers_like_the_service(bench_database, apps):
    ours, baseline, secret = apps
    with psycopg2.connect(bench_database) as conn:
        session = ep.open_session(conn, ours, secret)
    conn.close()
    endpoint_list = ep.endpoints(session, ep.last_requests_page(ours, session))
    # Also a page in the middle and a scoped page for the employee, beyond the bench's set.
    employee = session.logins["employee"][0]
    team = session.employee_team_id
    year = session.today.year
    endpoint_list += [
        ep.Endpoint("requests p2 (employee)", "/api/v1/requests?page=2&per_page=5", "employee"),
        ep.Endpoint("requests first cursor page", "/api/v1/requests?after=&per_page=7", "admin"),
        ep.Endpoint("users p1 (manager)", "/api/v1/users?page=1", "manager"),
        ep.Endpoint("balances (manager's view)", f"/api/v1/users/{employee}/balances", "manager"),
        ep.Endpoint("approvals (admin)", "/api/v1/approvals?per_page=50", "admin"),
        ep.Endpoint("calendar this month (manager)", "/api/v1/calendar", "manager"),
        ep.Endpoint("calendar this month (employee)", "/api/v1/calendar", "employee"),
        ep.Endpoint(
            "calendar one person x year",
            f"/api/v1/calendar?user_id={employee}&from={year}-01-01&to={year}-12-31",
            "manager",
        ),
        ep.Endpoint(
            "calendar team x year (admin)",
            f"/api/v1/calendar?team_id={team}&from={year}-01-01&to={year}-12-31",
            "admin",
        ),
        ep.Endpoint("usage (manager)", "/api/v1/reports/usage", "manager"),
        ep.Endpoint(
            "usage last year, a team",
            f"/api/v1/reports/usage?year={year - 1}&team_id={team}",
            "admin",
        ),
    ]
    compared = ep.check_equal(ours, baseline, session, endpoint_list)
    assert len(compared) == len(endpoint_list)


def test_the_statement_counter_sees_each_query(bench_database, apps):
    ours, _, secret = apps
    with psycopg2.connect(bench_database) as conn:
        session = ep.open_session(conn, ours)  # the baseline has no login
    conn.close()
    counter = StatementCounter(bench_database)
    baseline = servers.start_baseline(counter.url, secret, workers=1)
    try:
        path = f"/api/v1/users/{session.logins['employee'][0]}/balances"
        ep.fetch(baseline, path, session.headers("employee"))
        mark = counter.mark()
        ep.fetch(baseline, path, session.headers("employee"))
        sent = counter.since(mark)
    finally:
        servers.stop(baseline)
        counter.close()
    # Caller, target user, usage, adjustments, leave types, the schedule in force: six
    # statements, no BEGIN.
    assert sum(map(is_query, sent)) == 6
    assert len(sent) == 6


def test_the_seed_charges_what_the_service_would(bench_database):
    from server import create_app
    from server.domain.deduction import deduct_work_week
    from server.domain.periods import LeavePeriod
    from server.extensions import db
    from server.models import LeaveRequest, User
    from server.services.holiday_service import holidays_between

    app = create_app("test", SQLALCHEMY_DATABASE_URI=bench_database)
    with app.app_context():
        ids = db.session.execute(sa.select(LeaveRequest.id)).scalars().all()
        assert len(ids) > 60 * 15  # about 20 a year per person, over three years
        for request_id in random.Random(1).sample(ids, 150):
            leave = db.session.get(LeaveRequest, request_id)
            owner = db.session.get(User, leave.user_id)
            period = LeavePeriod(leave.start_date, leave.end_date, leave.start_half, leave.end_half)
            holidays = holidays_between(owner.country, owner.subdivision, period.start, period.end)
            expected = deduct_work_week(period, owner.work_days, holidays)
            assert leave.days == expected.amount
            assert [(d.date, d.amount) for d in leave.day_rows] == list(expected.per_date)
        statuses = set(db.session.execute(sa.select(LeaveRequest.status).distinct()).scalars())
        assert statuses == {"pending", "approved", "rejected", "cancelled"}
        db.engine.dispose()


def test_the_seed_refuses_a_database_it_did_not_create(capsys):
    with postgres_database(server_url()) as url:
        assert seed.main(["--url", url, "--people", "12", "--recreate"]) == 2
        assert "not created by bench/seed.py" in capsys.readouterr().err
        with psycopg2.connect(url) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )
            assert cur.fetchone()[0] == 0
        conn.close()


def test_the_seed_reseeds_its_own_database_only_when_asked(bench_database, capsys):
    assert seed.main(["--url", bench_database, "--people", "12"]) == 2
    assert "--recreate" in capsys.readouterr().err
    name = sa.engine.make_url(bench_database).database
    with psycopg2.connect(with_database(bench_database, "postgres")) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        )
        assert cur.fetchone()[0].startswith(MARKER)
    conn.close()

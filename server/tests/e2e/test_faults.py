"""Faults, on a real gunicorn: its PostgreSQL stopped and frozen, its Redis stopped and frozen.

Each test runs its own PostgreSQL cluster or Redis (never the machine's) and the server with
short timeouts, so a fault costs seconds. What must hold: only 503 problems while the
database is away, answers within the configured time while it is frozen, nothing half
applied, recovery without a restart; and logins that never fail because of Redis.
"""

import threading
import time
import uuid

import pytest
import requests
import sqlalchemy as sa

from server.tests.e2e.conftest import (
    ThrowawayPostgres,
    ThrowawayRedis,
    start_server,
    stop_server,
)
from server.tests.factories import Factory

pytestmark = pytest.mark.postgres

DATABASE_TIMEOUT = 2.0
READY_TIMEOUT = 1.5


@pytest.fixture(scope="module")
def cluster():
    cluster = ThrowawayPostgres()
    try:
        cluster.start()
        admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("CREATE DATABASE pto"))
        admin.dispose()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="module")
def server(cluster):
    server = start_server(
        cluster.url("pto"),
        workers=2,
        DATABASE_TIMEOUT_SECONDS=str(DATABASE_TIMEOUT),
        READY_TIMEOUT_SECONDS=str(READY_TIMEOUT),
        DATABASE_CONNECT_TIMEOUT_SECONDS="1",
        LOG_LEVEL="info",
    )
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def admin_headers(server, cluster):
    from server import create_app

    app = create_app(
        "test", SQLALCHEMY_DATABASE_URI=cluster.url("pto"), SECRET_KEY=server.env["SECRET_KEY"]
    )
    headers = Factory(app).admin().headers
    with app.app_context():
        from server.extensions import db

        db.engine.dispose()  # nothing of ours stays connected to the cluster we freeze
    return headers


def stored_teams(cluster):
    """{name: id} of the teams in the database, and the ids with a `team.created` audit row."""
    engine = sa.create_engine(cluster.url("pto"))
    with engine.connect() as conn:
        teams = dict(conn.execute(sa.text("SELECT name, id FROM teams")).all())
        audited = set(
            conn.execute(
                sa.text("SELECT entity_id FROM audit_events WHERE action = 'team.created'")
            ).scalars()
        )
    engine.dispose()
    return teams, audited


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def ready(server):
    return timed(lambda: requests.get(f"{server.url}/ready", timeout=10))


def wait_until_ready(server, within=30):
    started = time.monotonic()
    while time.monotonic() - started < within:
        try:
            if requests.get(f"{server.url}/ready", timeout=5).status_code == 200:
                return time.monotonic() - started
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"not ready again within {within} s")


def assert_unavailable(response):
    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/service-unavailable"


class TeamCreator:
    """Threads creating teams with unique names, recording what each request got."""

    def __init__(self, server, headers, threads=2):
        self.server, self.headers = server, headers
        self.results = []  # (name, status, body or error)
        self.stopped = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(threads)]

    def run(self, n):
        prefix = f"fault-{uuid.uuid4().hex[:8]}-{n}"
        i = 0
        while not self.stopped.is_set():
            name = f"{prefix}-{i}"
            i += 1
            try:
                r = requests.post(
                    self.server.api("/teams"), json={"name": name}, headers=self.headers, timeout=30
                )
            except requests.RequestException as exc:
                self.results.append((name, "error", repr(exc)))
                continue
            self.results.append((name, r.status_code, r))
            time.sleep(0.02)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def count(self, status):
        return sum(1 for _, got, _ in self.results if got == status)


def test_a_stopped_database_gives_503s_then_recovers_with_nothing_lost_or_half_done(
    server, cluster, admin_headers
):
    with TeamCreator(server, admin_headers) as creator:
        time.sleep(1.5)
        before = creator.count(201)
        cluster.stop()
        time.sleep(1.0)
        down, took = ready(server)
        assert_unavailable(down)
        assert took < 2
        time.sleep(1.0)
        during = len(creator.results)
        cluster.start()
        recovery = wait_until_ready(server)
        time.sleep(1.5)
    statuses = {status for _, status, _ in creator.results}
    assert statuses == {201, 503}, [r for r in creator.results if r[1] not in (201, 503)][:3]
    for _, status, response in creator.results:
        if status == 503:
            assert_unavailable(response)
    assert before > 0 and creator.count(503) > 0
    assert creator.count(201) > before  # created again after the restart
    teams, audited = stored_teams(cluster)
    in_doubt = 0
    for name, status, response in creator.results:
        if status == 201:
            assert teams.get(name) == response.json()["id"]
            assert teams[name] in audited  # the change and its audit row, together
        elif name in teams:
            # Its COMMIT reached PostgreSQL as it shut down, and the acknowledgement never
            # came back: stored, but whole (with its audit row), never half.
            assert teams[name] in audited
            in_doubt += 1
    # Only a request in the middle of committing can be in doubt: one per client at most.
    assert in_doubt <= len(creator.threads)
    print(
        f"\nstopped database: {len(creator.results)} creates ({creator.count(201)} x 201, "
        f"{creator.count(503)} x 503 of which {in_doubt} committed as the database stopped, "
        f"{during} sent until the restart); /ready 503 in "
        f"{took:.2f} s; ready again {recovery:.2f} s after the restart"
    )


def test_a_frozen_database_gives_503s_in_time_then_recovers_by_itself(
    server, cluster, admin_headers
):
    me = server.api("/auth/me")
    assert requests.get(me, headers=admin_headers, timeout=10).status_code == 200
    cluster.freeze()
    try:
        outcomes = []  # (kind, response, seconds)

        def client(kind):
            for i in range(3):
                if kind == "read":
                    call = lambda: requests.get(me, headers=admin_headers, timeout=30)  # noqa: E731
                else:
                    name = f"frozen-{uuid.uuid4().hex[:8]}-{i}"
                    call = lambda name=name: requests.post(  # noqa: E731
                        server.api("/teams"), json={"name": name}, headers=admin_headers, timeout=30
                    )
                outcomes.append((kind, *timed(call)))

        # As many clients as workers: each request has a worker and waits only on the database.
        threads = [threading.Thread(target=client, args=(kind,)) for kind in ("read", "write")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        readiness = [ready(server) for _ in range(3)]
    finally:
        cluster.thaw()
    assert not any(thread.is_alive() for thread in threads)
    assert len(outcomes) == 6  # every request came back (a client error would end its thread)
    for _, response, took in outcomes:
        assert_unavailable(response)
        assert took < DATABASE_TIMEOUT + 2
    for response, took in readiness:
        assert_unavailable(response)
        assert took < 2
    recovery = wait_until_ready(server)
    assert requests.get(me, headers=admin_headers, timeout=10).status_code == 200
    teams, _ = stored_teams(cluster)
    assert not [name for name in teams if name.startswith("frozen-")]
    slowest = max(took for _, _, took in outcomes)
    print(
        f"\nfrozen database: {len(outcomes)} requests, all 503, the slowest in {slowest:.2f} s "
        f"(DATABASE_TIMEOUT_SECONDS={DATABASE_TIMEOUT}); /ready 503 in "
        f"{max(t for _, t in readiness):.2f} s at most; ready {recovery:.2f} s after SIGCONT"
    )


@pytest.fixture
def redis_server(live_database):
    redis = ThrowawayRedis()
    redis.start()
    server = start_server(
        live_database, workers=2, REDIS_URL=redis.url, RATELIMIT_KEY_PREFIX=uuid.uuid4().hex
    )
    try:
        yield redis, server
    finally:
        stop_server(server)
        redis.remove()


def test_logins_never_fail_because_of_redis(redis_server, live_make):
    redis, server = redis_server
    person = live_make.employee()
    good = {"email": person.email, "password": person.password}
    bad = {**good, "password": "not-the-password"}
    timings = []

    def logins():
        statuses = []
        for body in (good, bad, good, bad):
            response, took = timed(
                lambda body=body: requests.post(server.api("/auth/login"), json=body, timeout=30)
            )
            statuses.append(response.status_code)
            timings.append(took)
        return statuses

    def readiness():
        response, took = ready(server)
        assert took < 2
        assert response.status_code == 200
        return response.json()

    assert readiness() == {"status": "ok"}
    assert logins() == [200, 401, 200, 401]
    redis.stop()
    assert logins() == [200, 401, 200, 401]
    assert readiness() == {"status": "degraded", "redis": "unavailable"}
    redis.start()
    assert readiness() == {"status": "ok"}
    assert logins() == [200, 401, 200, 401]
    redis.freeze()
    try:
        assert logins() == [200, 401, 200, 401]
        assert readiness() == {"status": "degraded", "redis": "unavailable"}
    finally:
        redis.thaw()
    assert readiness() == {"status": "ok"}
    assert logins() == [200, 401, 200, 401]
    assert max(timings) < 2
    output = server.output()
    assert "falling back to in-memory storage" in output
    assert "Redis is not answering" in output
    print(f"\nRedis stopped and frozen: 16 logins, the slowest in {max(timings):.2f} s")

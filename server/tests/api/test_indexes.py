"""Every list, in its default order and with each of its filters, can be served from an
index: no sequential scan of a large table and no sort of it. Checked with EXPLAIN on the
statements the endpoints really run, with the planner told to avoid both where it can."""

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.postgres

API = "/api/v1"
LARGE = ("leave_requests", "leave_days", "audit_events", "users", "notifications")


@pytest.fixture
def one_of_each(client, make, clock):
    clock.set("2026-03-02T09:00:00+00:00")
    admin = make.admin()
    boss = make.manager()
    report = make.employee(manager=boss)
    vacation = make.leave_type("vacation")
    team = make.team("Core", members=[report])
    make.request(report, vacation, "2026-03-09", "2026-03-10", status="pending")
    make.adjustment(report, vacation, 2026, 1)
    first = client.get(f"{API}/requests?after=&per_page=1", headers=admin.headers).json
    return {
        "admin": admin,
        "manager": boss,
        "report": report,
        "team": team,
        "type": vacation,
        "cursor": first["next_after"] or "",
    }


def statements_of(app, client, url, who):
    from server.extensions import db

    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        r = client.get(url, headers=who.headers)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert r.status_code == 200, r.get_json()
    return seen[1:]  # the first one authenticates the caller (by primary key)


def plans(app, statements):
    from server.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        conn.exec_driver_sql("SET enable_sort = off")
        for statement, parameters in statements:
            rows = conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars()
            yield statement, "\n".join(rows)
        conn.rollback()


LISTS = [
    ("/requests", "admin"),
    ("/requests", "manager"),
    ("/requests?after={cursor}", "admin"),
    ("/requests?status=pending", "admin"),
    ("/requests?user_id={report}", "admin"),
    ("/requests?team_id={team}", "admin"),
    ("/requests?leave_type_id={type}", "admin"),
    ("/requests?from=2026-03-01&to=2026-03-31", "admin"),
    ("/requests?sort=created_at", "admin"),
    ("/users", "admin"),
    ("/users?after=", "admin"),
    ("/users?manager_id={manager}", "admin"),
    ("/users?team_id={team}", "admin"),
    ("/users?role=manager", "admin"),
    ("/audit", "admin"),
    ("/audit?after=", "admin"),
    ("/audit?entity=leave_request&entity_id=1", "admin"),
    ("/audit?actor_id={admin}", "admin"),
    ("/notifications", "admin"),
    ("/approvals", "manager"),
    ("/users/{report}/adjustments", "admin"),
    ("/teams/{team}/members", "admin"),
]


@pytest.mark.parametrize(("path", "who"), LISTS)
def test_lists_are_served_from_indexes(app, client, one_of_each, path, who):
    ids = {name: getattr(value, "id", value) for name, value in one_of_each.items()}
    statements = statements_of(app, client, API + path.format(**ids), one_of_each[who])
    assert statements
    for statement, plan in plans(app, statements):
        for table in LARGE:
            assert f"Seq Scan on {table}" not in plan, f"{statement}\n{plan}"
        assert "Sort  " not in plan and "Sort\n" not in plan, f"{statement}\n{plan}"

"""Lists run a constant number of SQL statements, whatever the page size or data."""

from datetime import date

import pytest
import sqlalchemy as sa

API = "/api/v1"


def statements(client, count_queries, url, who):
    with count_queries() as counted:
        r = client.get(url, headers=who.headers)
    assert r.status_code == 200, r.get_json()
    return counted.n


def test_audit_list(client, make, count_queries):
    admin = make.admin()
    client.post(f"{API}/teams", json={"name": "First"}, headers=admin.headers)
    few = statements(client, count_queries, f"{API}/audit?per_page=100", admin)
    for n in range(30):
        client.post(f"{API}/teams", json={"name": f"Team {n}"}, headers=admin.headers)
    assert statements(client, count_queries, f"{API}/audit?per_page=100", admin) == few


def test_adjustments_list(client, make, count_queries):
    admin = make.admin()
    ada = make.employee()
    vacation = make.leave_type("vacation")
    make.adjustment(ada, vacation, 2026, 1)
    url = f"{API}/users/{ada.id}/adjustments?per_page=100"
    few = statements(client, count_queries, url, admin)
    for n in range(25):
        make.adjustment(ada, vacation, 2000 + n, 1)
    assert statements(client, count_queries, url, admin) == few


def test_balances_whatever_the_number_of_types_and_years(client, make, clock, count_queries):
    clock.set("2026-06-01T09:00:00+00:00")
    ada = make.employee(hire_date=date(2015, 1, 1))
    url = f"{API}/users/{ada.id}/balances"
    first = make.leave_type("vacation", carryover_max=5)
    make.request(ada, first, "2026-03-02", "2026-03-06")
    few = statements(client, count_queries, url, ada)
    # More types, and a carry-over chain over ten years of history: still the same queries.
    for n in range(8):
        leave_type = make.leave_type(f"type{n}", carryover_max=3, accrual="monthly")
        for year in range(2016, 2026):
            day = date(year, 5, 4)
            day = day.replace(day=4 + (7 - day.weekday()) % 7)  # the first Monday from May 4
            make.request(ada, leave_type, day, day)
    assert statements(client, count_queries, url, ada) == few


@pytest.mark.real_commits  # counts every statement: no savepoints
def test_approving_runs_at_most_thirteen_statements(client, make, clock, count_queries):
    """Authentication included: the token's holder, roles and revocation in one query;
    then lock the owner, read the request, its days, the balance and the policy versions
    it follows, write the decision, its audit row and its usage entry in the ledger, take
    the commit-order lock and write its event (e-mail is made from the event later), and
    read the request back to answer."""
    clock.set("2026-03-02T09:00:00+00:00")
    boss = make.manager()
    report = make.employee(manager=boss)
    vacation = make.leave_type("vacation", carryover_max=5)
    make.adjustment(report, vacation, 2026, 2)
    request_id = make.request(report, vacation, "2026-03-09", "2026-03-13", status="pending")
    with count_queries() as counted:
        r = client.post(f"{API}/requests/{request_id}/approve", json={}, headers=boss.headers)
    assert r.status_code == 200, r.get_json()
    assert counted.n <= 13


@pytest.mark.real_commits  # a fresh connection per request
@pytest.mark.postgres
def test_reads_run_in_autocommit_and_writes_in_a_transaction(client, make, app, clock):
    """A GET pays no BEGIN/ROLLBACK round trips; a write keeps its transaction (and locks)."""
    from server.extensions import db

    clock.set("2026-03-02T09:00:00+00:00")
    ada = make.employee()
    vacation = make.leave_type("vacation")
    modes = []

    def before(conn, cursor, statement, *args):
        modes.append(conn.connection.dbapi_connection.autocommit)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(f"{API}/requests", headers=ada.headers).status_code == 200
        reads, modes[:] = list(modes), []
        body = {"leave_type_id": vacation, "start_date": "2026-03-09", "end_date": "2026-03-09"}
        assert client.post(f"{API}/requests", json=body, headers=ada.headers).status_code == 201
        writes = list(modes)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert reads and all(reads)
    assert writes and not any(writes)


@pytest.mark.parametrize(
    "url",
    [
        "/requests",
        "/requests?after=",
        "/users",
        "/users?after=",
        "/teams",
        "/teams/{team}/members",
        "/leave-types",
        "/notifications",
        "/audit?after=",
        "/approvals",
    ],
)
def test_every_list_runs_the_same_statements_for_any_page_size_and_data(
    client, make, clock, count_queries, url
):
    clock.set("2026-03-02T09:00:00+00:00")
    admin = make.admin()
    vacation = make.leave_type("vacation")
    team = make.team("Core", max_absent=1)

    def grow(n):
        for i in range(n):
            person = make.employee(manager=admin, teams=[team])
            make.leave_type(f"type{person.id}")
            day = f"2026-03-{9 + i % 5:02d}"
            r = client.post(
                f"{API}/requests",
                json={"leave_type_id": vacation, "start_date": day, "end_date": day},
                headers=person.headers,
            )
            assert r.status_code == 201
            make.team(f"Team {person.id}", members=[person])

    def count(per_page):
        full = API + url.format(team=team)
        sep = "&" if "?" in full else "?"
        return statements(client, count_queries, f"{full}{sep}per_page={per_page}", admin)

    grow(2)
    few = count(5)
    grow(12)
    assert count(5) == few
    assert count(100) == few


def test_a_preview_gathers_its_facts_in_the_same_statements_whatever_the_history(
    client, make, clock, count_queries
):
    """Facts first: the owner's other leave, ledger, holidays and capped teams are loaded
    in a fixed number of queries, then the rules run without going back to the database."""
    clock.set("2026-03-02T09:00:00+00:00")
    boss = make.manager()
    ada = make.employee(manager=boss, hire_date=date(2020, 1, 1))
    vacation = make.leave_type("vacation", carryover_max=5)
    body = {"leave_type_id": vacation, "start_date": "2026-03-09", "end_date": "2026-03-20"}

    def preview_statements():
        with count_queries() as counted:
            r = client.post(f"{API}/requests/preview", json=body, headers=ada.headers)
        assert r.status_code == 200, r.get_json()
        return counted.n

    make.team("Alone", members=[ada], max_absent=1)  # every kind of fact present, once
    few = preview_statements()
    for n in range(3):
        mates = [make.employee() for _ in range(3)]
        make.team(f"Team {n}", members=[ada, *mates], max_absent=1)
        for mate in mates:
            make.request(mate, vacation, "2026-03-10", "2026-03-11")
    for year in range(2021, 2026):
        make.request(ada, vacation, date(year, 6, 1), date(year, 6, 3))
        make.adjustment(ada, vacation, year, 1)
    make.holiday("2026-03-12", "Founders' day")
    make.request(ada, vacation, "2026-03-16", "2026-03-16", status="pending")
    r = client.post(f"{API}/requests/preview", json=body, headers=ada.headers)
    assert r.json["overlaps"] and r.json["team_conflicts"]  # the facts were all there
    assert preview_statements() == few

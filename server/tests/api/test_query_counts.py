"""Lists run a constant number of SQL statements, whatever the page size or data."""

from datetime import date

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


def test_approving_runs_at_most_ten_statements(client, make, clock, count_queries):
    """Authentication included: the token's holder, roles and revocation in one query;
    then lock the owner, read the request, its days and the balance, write the decision,
    its audit row and its notification, and read the request back to answer."""
    clock.set("2026-03-02T09:00:00+00:00")
    boss = make.manager()
    report = make.employee(manager=boss)
    vacation = make.leave_type("vacation", carryover_max=5)
    make.adjustment(report, vacation, 2026, 2)
    request_id = make.request(report, vacation, "2026-03-09", "2026-03-13", status="pending")
    with count_queries() as counted:
        r = client.post(f"{API}/requests/{request_id}/approve", json={}, headers=boss.headers)
    assert r.status_code == 200, r.get_json()
    assert counted.n <= 10

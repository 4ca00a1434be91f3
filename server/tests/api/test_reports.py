"""GET /reports/usage and /reports/absences: numbers, CSV, escaping, scope, query counts."""

import csv
import io
from datetime import date

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
NOW = "2026-03-02T09:00:00+00:00"
USAGE_HEADER = (
    "user_id,full_name,email,is_active,leave_type,unit,entitlement,carried_over,adjustments,"
    "taken,scheduled,pending,available"
)
ABSENCE_HEADER = (
    "request_id,user_id,full_name,email,is_active,leave_type,paid,start_date,end_date,"
    "start_half,end_half,unit,amount_in_range,days_in_range"
)


def report(client, who, kind, **params):
    r = client.get(f"{API}/reports/{kind}", query_string=params, headers=who.headers)
    assert r.status_code == 200, r.get_json()
    return r


def csv_rows(response):
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert not response.data.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    return list(csv.reader(io.StringIO(response.data.decode())))


@pytest.fixture
def staff(make, clock):
    clock.set(NOW)

    class Staff:
        admin = make.admin(full_name="Hana Admin", hire_date=date(2020, 1, 1))
        boss = make.manager(full_name="Bea Boss", hire_date=date(2020, 1, 1))
        ann = make.employee(
            full_name="Ann Arbor", manager=boss, hire_date=date(2020, 1, 1), email="ann@x.org"
        )
        leaver = make.employee(
            full_name="Lee Leaver", manager=boss, is_active=False, hire_date=date(2020, 1, 1)
        )
        other = make.employee(full_name="Olaf Other", hire_date=date(2020, 1, 1))
        vacation = make.leave_type("vacation", carryover_max=5)
        sick = make.leave_type("sick", yearly_allowance=None)
        old = make.leave_type("old", is_active=False)

    return Staff


# --- usage --------------------------------------------------------------------------------


def test_usage_rows_match_the_balances_endpoint(client, staff, make):
    make.request(staff.ann, staff.vacation, "2025-06-02", "2025-06-06")  # 2025: 20 left -> 5
    make.request(staff.ann, staff.vacation, "2026-02-02", "2026-02-03")  # taken
    make.request(staff.ann, staff.vacation, "2026-04-06", "2026-04-08")  # scheduled
    make.request(staff.ann, staff.vacation, "2026-05-04", "2026-05-04", status="pending")
    make.request(staff.ann, staff.sick, "2026-02-10", "2026-02-10")
    make.adjustment(staff.ann, staff.vacation, 2026, 1.5)
    body = report(client, staff.admin, "usage").json
    assert body["year"] == 2026
    rows = {(r["full_name"], r["leave_type"]): r for r in body["items"]}
    assert rows[("Ann Arbor", "vacation")] == {
        "user_id": staff.ann.id,
        "full_name": "Ann Arbor",
        "email": "ann@x.org",
        "is_active": True,
        "leave_type": "vacation",
        "unit": "days",
        "entitlement": 25.0,
        "carried_over": 5.0,
        "adjustments": 1.5,
        "taken": 2.0,
        "scheduled": 3.0,
        "pending": 1.0,
        "available": 25.5,
    }
    sick = rows[("Ann Arbor", "sick")]
    assert (sick["entitlement"], sick["carried_over"], sick["available"]) == (None, None, None)
    assert sick["taken"] == 1.0
    # Every active user (inactive ones too) x every active leave type, by name.
    assert [(r["full_name"], r["leave_type"]) for r in body["items"]][:4] == [
        ("Ann Arbor", "sick"),
        ("Ann Arbor", "vacation"),
        ("Bea Boss", "sick"),
        ("Bea Boss", "vacation"),
    ]
    assert ("Lee Leaver", "vacation") in rows
    assert not rows[("Lee Leaver", "vacation")]["is_active"]
    assert all(leave_type != "old" for _, leave_type in rows)

    balances = client.get(
        f"{API}/users/{staff.ann.id}/balances?year=2026", headers=staff.admin.headers
    ).json["items"]
    vacation = next(b for b in balances if b["leave_type"]["code"] == "vacation")
    for name in ("entitlement", "carried_over", "adjustments", "taken", "scheduled", "pending"):
        assert vacation[name] == rows[("Ann Arbor", "vacation")][name]


def test_usage_of_a_past_year_reads_it_as_it_ended(client, staff, make):
    make.request(staff.ann, staff.vacation, "2025-12-29", "2025-12-30")
    rows = report(client, staff.admin, "usage", year=2025, team_id="").json["items"]
    ann = next(r for r in rows if r["full_name"] == "Ann Arbor" and r["leave_type"] == "vacation")
    # 25 + 5 carried over from 2024 - 2 taken; all of 2025 lies before its default as_of.
    assert (ann["carried_over"], ann["taken"], ann["scheduled"]) == (5.0, 2.0, 0.0)
    assert ann["available"] == 28.0


def test_usage_csv_has_the_header_and_plain_values(client, staff, make):
    make.adjustment(staff.ann, staff.vacation, 2026, -2)
    rows = csv_rows(report(client, staff.admin, "usage", format="csv"))
    assert ",".join(rows[0]) == USAGE_HEADER
    ann = next(r for r in rows if r[2] == "ann@x.org" and r[4] == "vacation")
    assert ann == [str(staff.ann.id), "Ann Arbor", "ann@x.org", "true", "vacation",
                   "days", "25", "5", "-2", "0", "0", "0", "28"]  # fmt: skip
    ann_sick = next(r for r in rows if r[2] == "ann@x.org" and r[4] == "sick")
    # Unlimited: no entitlement, carry-over or availability (empty cells).
    assert (ann_sick[6], ann_sick[7], ann_sick[12]) == ("", "", "")
    r = report(client, staff.admin, "usage", format="csv", year=2026)
    assert r.headers["Content-Disposition"] == 'attachment; filename="pto-usage-2026.csv"'


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1 555", "'+1 555"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ('Ann, "the" Arbor', 'Ann, "the" Arbor'),
        ("Zoë", "Zoë"),
        # A German-locale spreadsheet splits on `;`: every piece is neutralised.
        ("x;=1+1;", "x;'=1+1;"),
        ("Smith,@cmd|calc", "Smith,'@cmd|calc"),
    ],
)
def test_csv_cells_never_run_as_formulas(client, make, clock, name, cell):
    clock.set(NOW)
    admin = make.admin(full_name="Aaa Admin")
    make.employee(full_name=name, email="evil@x.org")
    make.leave_type("vacation")
    rows = csv_rows(report(client, admin, "usage", format="csv"))
    (row,) = [r for r in rows if r[2] == "evil@x.org"]
    assert row[1] == cell


def test_every_csv_cell_is_quoted_so_a_semicolon_splits_nothing(client, make, clock):
    clock.set(NOW)
    admin = make.admin(full_name="Aaa Admin")
    make.employee(full_name="x;=1+1;", email="semi@x.org")
    make.leave_type("vacation")
    text = report(client, admin, "usage", format="csv").data.decode()
    line = next(line for line in text.splitlines() if "semi@x.org" in line)
    assert line.startswith('"')
    assert '"x;\'=1+1;","semi@x.org","true","vacation","days","25"' in line


def test_a_manager_gets_reports_and_self_and_an_employee_is_refused(client, staff):
    rows = report(client, staff.boss, "usage").json["items"]
    assert sorted({r["full_name"] for r in rows}) == ["Ann Arbor", "Bea Boss", "Lee Leaver"]
    for kind in ("usage", "absences"):
        r = client.get(
            f"{API}/reports/{kind}?from=2026-01-01&to=2026-01-31", headers=staff.ann.headers
        )
        assert_problem(r, 403, "forbidden")
        assert_problem(client.get(f"{API}/reports/{kind}"), 401, "unauthorized")


def test_team_filter_narrows(client, staff, make):
    team = make.team("Core", members=[staff.ann, staff.other])
    names = {
        r["full_name"] for r in report(client, staff.admin, "usage", team_id=team).json["items"]
    }
    assert names == {"Ann Arbor", "Olaf Other"}
    names = {
        r["full_name"] for r in report(client, staff.boss, "usage", team_id=team).json["items"]
    }
    assert names == {"Ann Arbor"}  # Olaf is not Bea's report


@pytest.mark.parametrize(
    ("params", "field"),
    [({"format": "xml"}, "format"), ({"year": "1800"}, "year"), ({"team_id": "0"}, "team_id")],
)
def test_usage_refuses_bad_arguments(client, staff, params, field):
    r = client.get(f"{API}/reports/usage", query_string=params, headers=staff.admin.headers)
    assert_problem(r, 422, "validation-error", errors=[field])


def test_usage_for_everyone_runs_the_same_queries_for_5_or_50_people(
    client, make, clock, count_queries
):
    clock.set(NOW)
    admin = make.admin()
    vacation = make.leave_type("vacation", carryover_max=3)
    make.leave_type("flex", accrual="monthly")

    def statements():
        with count_queries() as counted:
            report(client, admin, "usage")
        return counted.n

    for _ in range(4):
        make.employee(timezone="Pacific/Auckland")
    few = statements()
    for n in range(45):
        person = make.employee(timezone=("UTC", "America/Los_Angeles", "Asia/Tokyo")[n % 3])
        make.request(person, vacation, "2025-03-03", "2025-03-04")
        make.request(person, vacation, "2026-03-03", "2026-03-04")
        make.adjustment(person, vacation, 2026, 1)
    assert statements() == few


# --- absences -----------------------------------------------------------------------------


def test_absences_run_the_same_queries_for_5_or_50_people(client, make, clock, count_queries):
    clock.set(NOW)
    admin = make.admin()
    vacation = make.leave_type("vacation")
    march = {"from": "2026-03-01", "to": "2026-03-31"}

    def statements():
        with count_queries() as counted:
            body = report(client, admin, "absences", **march).json
        return counted.n, len(body["items"])

    for _ in range(5):
        make.request(make.employee(), vacation, "2026-03-09", "2026-03-10")
    few, rows = statements()
    assert rows == 5
    for n in range(45):
        person = make.employee(timezone=("UTC", "America/Los_Angeles", "Asia/Tokyo")[n % 3])
        make.request(person, vacation, "2026-03-02", "2026-03-03")
        make.request(person, vacation, "2026-03-16", "2026-03-16", end_half=True)
    assert statements() == (few, 95)


def test_absences_in_range_with_days_cut_by_the_range(client, staff, make):
    cut = make.request(staff.ann, staff.vacation, "2026-02-26", "2026-03-04", end_half=True)
    inside = make.request(staff.leaver, staff.sick, "2026-03-10", "2026-03-10")
    make.request(staff.ann, staff.vacation, "2026-03-16", "2026-03-16", status="pending")
    make.request(staff.ann, staff.vacation, "2026-03-17", "2026-03-17", status="cancelled")
    make.request(staff.ann, staff.vacation, "2026-04-01", "2026-04-01")
    body = report(client, staff.admin, "absences", **{"from": "2026-03-01", "to": "2026-03-31"})
    assert (body.json["from"], body.json["to"]) == ("2026-03-01", "2026-03-31")
    assert body.json["items"] == [
        {
            "request_id": cut,
            "user_id": staff.ann.id,
            "full_name": "Ann Arbor",
            "email": "ann@x.org",
            "is_active": True,
            "leave_type": "vacation",
            "paid": True,
            "start_date": "2026-02-26",
            "end_date": "2026-03-04",
            "start_half": False,
            "end_half": True,
            "unit": "days",
            "amount_in_range": 2.5,  # Mon 2, Tue 3, half of Wed 4
            "days_in_range": 2.5,
        },
        {
            "request_id": inside,
            "user_id": staff.leaver.id,
            "full_name": "Lee Leaver",
            "email": body.json["items"][1]["email"],
            "is_active": False,
            "leave_type": "sick",
            "paid": True,
            "start_date": "2026-03-10",
            "end_date": "2026-03-10",
            "start_half": False,
            "end_half": False,
            "unit": "days",
            "amount_in_range": 1.0,
            "days_in_range": 1.0,
        },
    ]
    rows = csv_rows(
        report(
            client,
            staff.admin,
            "absences",
            format="csv",
            **{"from": "2026-03-01", "to": "2026-03-31"},
        )
    )
    assert ",".join(rows[0]) == ABSENCE_HEADER
    assert rows[1][1:] == [str(staff.ann.id), "Ann Arbor", "ann@x.org", "true", "vacation",
                           "true", "2026-02-26", "2026-03-04", "false", "true", "days", "2.5",
                           "2.5"]  # fmt: skip
    assert len(rows) == 3


def test_a_manager_sees_absences_of_reports_only(client, staff, make):
    make.request(staff.ann, staff.vacation, "2026-03-09", "2026-03-09")
    make.request(staff.other, staff.vacation, "2026-03-09", "2026-03-09")
    items = report(
        client, staff.boss, "absences", **{"from": "2026-03-01", "to": "2026-03-31"}
    ).json["items"]
    assert [i["full_name"] for i in items] == ["Ann Arbor"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "from"),
        ({"from": "2026-03-01"}, "to"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "to"),
        ({"from": "2026-01-01", "to": "2027-01-02"}, "to"),
        ({"from": "2026-01-01", "to": "2026-01-02", "format": "pdf"}, "format"),
    ],
)
def test_absences_refuse_bad_ranges(client, staff, params, field):
    r = client.get(f"{API}/reports/absences", query_string=params, headers=staff.admin.headers)
    assert_problem(r, 422, "validation-error", errors=[field])


@pytest.mark.real_commits  # a second app, with engines of its own, reads the data
def test_reports_read_from_the_replica_when_there_is_one(staff, make, database_url):
    """With DATABASE_REPLICA_URL (here: a second connection pool on the same database),
    the report's queries go to the replica; only authentication touches the primary."""
    import sqlalchemy as sa

    from server import create_app
    from server.extensions import db

    app = create_app(
        "test", SQLALCHEMY_DATABASE_URI=database_url, SQLALCHEMY_BINDS={"replica": database_url}
    )
    make.request(staff.ann, staff.vacation, "2026-03-09", "2026-03-10")
    counts = {"primary": 0, "replica": 0}
    with app.app_context():
        engines = {"primary": db.engines[None], "replica": db.engines["replica"]}

    def counter(name):
        def count(*args):
            counts[name] += 1

        return count

    listeners = [(engine, counter(name)) for name, engine in engines.items()]
    for engine, listener in listeners:
        sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        client = app.test_client()
        usage = client.get(f"{API}/reports/usage", headers=staff.admin.headers)
        absences = client.get(
            f"{API}/reports/absences?from=2026-03-01&to=2026-03-31", headers=staff.admin.headers
        )
    finally:
        for engine, listener in listeners:
            sa.event.remove(engine, "before_cursor_execute", listener)
        with app.app_context():
            for engine in engines.values():
                engine.dispose()
    assert (usage.status_code, absences.status_code) == (200, 200)
    assert len(absences.json["items"]) == 1
    # One authentication per request; the usage report also reads the policy versions.
    assert counts == {"primary": 2, "replica": 5}

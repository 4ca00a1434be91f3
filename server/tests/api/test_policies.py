"""Policies over time on an append-only ledger, through HTTP: versions and their dry run,
assignments, waiting periods, the ledger and `run-jobs` (golden cases B5, B15, B18, B20;
docs/policies.md)."""

from datetime import date

import pytest
import sqlalchemy as sa

from server.tests.helpers import assert_problem

API = "/api/v1"
TODAY = "2027-03-01T09:00:00+00:00"


@pytest.fixture
def admin(make, clock):
    clock.set(TODAY)
    return make.admin()


@pytest.fixture
def vacation(make):
    return make.leave_type("vacation", yearly_allowance=25)


def run_jobs(app, *args):
    result = app.test_cli_runner().invoke(args=["run-jobs", *args])
    assert result.exit_code == 0, result.output
    return dict(line.split(": ", 1) for line in result.output.strip().splitlines())


def ledger(client, who, person, **query):
    r = client.get(f"{API}/users/{person.id}/ledger", query_string={"per_page": 100, **query},
                   headers=who.headers)  # fmt: skip
    assert r.status_code == 200, r.json
    return r.json["items"]


def balance(client, who, person, year, leave_type_id):
    r = client.get(f"{API}/users/{person.id}/balances", query_string={"year": year},
                   headers=who.headers)  # fmt: skip
    assert r.status_code == 200, r.json
    return next(b for b in r.json["items"] if b["leave_type_id"] == leave_type_id)


def add_version(client, admin, policy_id, body, **query):
    return client.post(f"{API}/policies/{policy_id}/versions", json=body, query_string=query,
                       headers=admin.headers)  # fmt: skip


def test_b18_a_mid_year_raise_is_tried_saved_and_explained_by_the_ledger(
    app, client, make, admin, vacation, clock
):
    ann = make.employee(hire_date=date(2027, 1, 1))
    policy_id = make.default_policy(vacation)
    raise_ = {"effective_from": "2027-07-01", "entitlement": {"amount": 28}}

    tried = add_version(client, admin, policy_id, raise_, dry_run="true")
    assert tried.status_code == 200, tried.json
    mine = next(item for item in tried.json["items"] if item["user_id"] == ann.id)
    assert mine == {"user_id": ann.id, "leave_year": 2027, "before": 25, "after": 26.5,
                    "delta": 1.5}  # fmt: skip
    assert (
        len(client.get(f"{API}/policies/{policy_id}", headers=admin.headers).json["versions"]) == 1
    )

    run_jobs(app, "--as-of", "2027-06-30")
    before = ledger(client, admin, ann, leave_type_id=vacation)
    assert [(e["kind"], e["amount"], e["effective_date"]) for e in before] == [
        ("accrual", 25, "2027-01-01")
    ]

    saved = add_version(client, admin, policy_id, raise_)
    assert saved.status_code == 201, saved.json
    assert [v["effective_from"] for v in saved.json["versions"]] == ["1900-01-01", "2027-07-01"]
    # Balances count it from its first day at once; the ledger shows it once the jobs ran
    # for that day.
    assert balance(client, ann, ann, 2027, vacation)["entitlement"] == 25  # in March
    r = client.get(f"{API}/users/{ann.id}/balances?as_of=2027-07-01", headers=ann.headers)
    assert r.json["items"][0]["entitlement"] == 26.5
    # Ann's correction, and the admin's (everyone follows the default policy).
    assert run_jobs(app, "--as-of", "2027-12-31")["policy_correction"] == "wrote 2"
    after = ledger(client, ann, ann, leave_type_id=vacation)
    assert after[0] == before[0]  # the entry before effective_from never changed
    correction = after[1]
    assert (correction["kind"], correction["amount"], correction["effective_date"]) == (
        "policy_correction", 1.5, "2027-07-01")  # fmt: skip
    assert correction["cause"]["type"] == "policy_version"
    assert sum(e["amount"] for e in after) == 26.5


def test_b20_run_jobs_twice_for_the_same_day_writes_nothing_the_second_time(
    app, client, make, admin, vacation
):
    make.employee(hire_date=date(2025, 5, 1))
    make.leave_type("flex", yearly_allowance=12, accrual="monthly", carryover_max=5)
    first = run_jobs(app, "--as-of", "2027-03-01")
    assert int(first["accrual"].split()[-1]) > 0
    assert int(first["carryover_in"].split()[-1]) > 0
    second = run_jobs(app, "--as-of", "2027-03-01")
    assert {kind: line for kind, line in second.items() if kind != "people"} == {
        "accrual": "wrote 0", "policy_correction": "wrote 0", "carryover_out": "wrote 0",
        "carryover_in": "wrote 0",
    }  # fmt: skip


def test_a_dry_run_of_run_jobs_writes_nothing(app, client, make, admin, vacation):
    ann = make.employee(hire_date=date(2026, 1, 1))
    # Ann's 2026 and 2027, and the admin's 2027 (the year the account was made).
    assert run_jobs(app, "--dry-run", "--as-of", "2027-01-01")["accrual"] == "would write 3"
    assert ledger(client, admin, ann) == []


def test_the_ledger_after_the_jobs_sums_to_the_balance(app, client, make, admin):
    flex = make.leave_type("flex", yearly_allowance=12, accrual="monthly", carryover_max=5)
    ann = make.employee(hire_date=date(2026, 3, 15))
    make.request(ann, flex, "2026-06-01", "2026-06-02")
    run_jobs(app, "--as-of", "2027-03-01")
    entries = ledger(client, admin, ann, leave_type_id=flex, year=2027)
    assert [(e["kind"], e["amount"]) for e in entries] == [
        ("carryover_in", 5), ("accrual", 1), ("accrual", 1), ("accrual", 1),
    ]  # fmt: skip
    b = balance(client, ann, ann, 2027, flex)
    assert (b["entitlement"], b["carried_over"], b["available"]) == (3, 5, 8)
    # 2026: 9 months from April, 2 days taken; 7 left, 5 carried.
    closed = ledger(client, admin, ann, leave_type_id=flex, year=2026)
    assert sum(e["amount"] for e in closed if e["kind"] != "carryover_out") == 7
    assert [e["amount"] for e in closed if e["kind"] == "carryover_out"] == [-5]


def test_approval_writes_usage_and_cancelling_reverses_it(client, make, admin, vacation):
    boss = make.manager()
    ann = make.employee(manager=boss)
    request_id = make.request(ann, vacation, "2027-03-08", "2027-03-10", status="pending")
    assert ledger(client, admin, ann) == []
    r = client.post(f"{API}/requests/{request_id}/approve", json={}, headers=boss.headers)
    assert r.status_code == 200
    [usage] = ledger(client, ann, ann)
    assert (usage["kind"], usage["amount"], usage["effective_date"], usage["cause"]) == (
        "usage",
        -3,
        "2027-03-08",
        {"type": "leave_request", "id": request_id, "period": None},
    )
    assert (
        client.post(f"{API}/requests/{request_id}/cancel", headers=admin.headers).status_code == 200
    )
    usage_again, reversal = ledger(client, ann, ann)
    assert usage_again == usage
    assert (reversal["kind"], reversal["amount"], reversal["reverses_id"]) == (
        "usage_reversal", 3, usage["id"])  # fmt: skip


def test_a_request_over_new_year_is_one_usage_entry_per_year(client, make, admin, vacation):
    ann = make.employee()
    make.request(ann, vacation, "2027-12-30", "2028-01-04")
    entries = ledger(client, admin, ann)
    assert [(e["leave_year"], e["amount"]) for e in entries] == [(2027, -2), (2028, -2)]


def test_an_adjustment_is_an_entry_with_its_reason(client, make, admin, vacation):
    ann = make.employee()
    r = client.post(f"{API}/users/{ann.id}/adjustments", headers=admin.headers,
                    json={"leave_type_id": vacation, "year": 2027, "days": 1.5,
                          "reason": "Worked on a holiday"})  # fmt: skip
    assert r.status_code == 201
    [entry] = ledger(client, ann, ann, kind="adjustment")
    assert (entry["amount"], entry["reason"], entry["cause"]["id"], entry["created_by"]) == (
        1.5, "Worked on a holiday", r.json["id"], admin.id)  # fmt: skip
    assert balance(client, ann, ann, 2027, vacation)["adjustments"] == 1.5


def test_no_code_path_updates_or_deletes_an_entry(app, client, make, admin, vacation):
    from server.extensions import db

    ann = make.employee()
    make.adjustment(ann, vacation, 2027, 2)
    with app.app_context():
        for statement in ("UPDATE ledger_entries SET amount = 9", "DELETE FROM ledger_entries"):
            refused = pytest.raises(sa.exc.DBAPIError, match="never changed or removed")
            with refused, db.session.begin_nested():
                db.session.execute(sa.text(statement))
    assert [e["amount"] for e in ledger(client, admin, ann)] == [2]


def test_patching_the_allowance_changes_this_leave_year_on_never_a_closed_one(
    client, make, admin, vacation
):
    ann = make.employee(hire_date=date(2020, 1, 1))
    assert balance(client, ann, ann, 2026, vacation)["entitlement"] == 25
    r = client.patch(f"{API}/leave-types/{vacation}", json={"yearly_allowance": 30},
                     headers=admin.headers)  # fmt: skip
    assert r.status_code == 200 and r.json["yearly_allowance"] == 30
    assert balance(client, ann, ann, 2026, vacation)["entitlement"] == 25
    assert balance(client, ann, ann, 2027, vacation)["entitlement"] == 30
    policy = client.get(f"{API}/policies/{make.default_policy(vacation)}", headers=ann.headers)
    assert [v["effective_from"] for v in policy.json["versions"]] == ["1900-01-01", "2027-01-01"]
    assert policy.json["versions"][1]["body"]["entitlement"]["amount"] == 30


def test_a_version_in_a_closed_leave_year_is_refused(client, make, admin, vacation):
    r = add_version(client, admin, make.default_policy(vacation),
                    {"effective_from": "2026-12-01", "entitlement": {"amount": 30}})  # fmt: skip
    assert_problem(r, 422, "validation-error")
    assert r.json["errors"] == {"effective_from": "must be on or after 2027-01-01"}


def test_b15_a_california_policy_refuses_a_carry_over_cap(client, make, admin, vacation):
    r = add_version(client, admin, make.default_policy(vacation), {
        "effective_from": "2027-04-01", "entitlement": {"amount": 15},
        "jurisdiction": "US-CA", "carryover": {"max": 40},
    })  # fmt: skip
    assert_problem(r, 422, "validation-error")
    assert r.json["errors"]["carryover.max"] == "earned leave cannot be capped here: leave it out"


def test_what_is_not_supported_yet_is_refused_by_field_never_ignored(client, make, admin, vacation):
    r = add_version(client, admin, make.default_policy(vacation), {
        "effective_from": "2027-04-01", "entitlement": {"amount": 28},
        "leave_year": {"basis": "fixed_date", "start": "04-01"},
    })  # fmt: skip
    assert_problem(r, 422, "validation-error")
    assert set(r.json["errors"]) == {"leave_year"}


def test_b5_no_leave_inside_the_waiting_period_after_the_hire(client, make, admin, vacation):
    newcomers = make.policy(vacation, "Newcomers", {
        "entitlement": {"amount": 25}, "waiting": {"usage_days": 90}})  # fmt: skip
    ann = make.employee(hire_date=date(2027, 1, 6))
    r = client.put(f"{API}/users/{ann.id}/policy-assignments/{vacation}", headers=admin.headers,
                   json={"policy_id": newcomers, "effective_from": "2027-01-06"})  # fmt: skip
    assert r.status_code == 200, r.json

    def ask(start):
        body = {"leave_type_id": vacation, "start_date": start, "end_date": start}
        return client.post(f"{API}/requests", json=body, headers=ann.headers)

    refused = ask("2027-04-05")
    assert_problem(refused, 422, "usage-waiting-period")
    assert refused.json["errors"] == {
        "start_date": "Vacation can be taken from 2027-04-06 on (the waiting period after the "
        "hire date)."
    }
    assert ask("2027-04-06").status_code == 201


def test_an_assignment_ends_the_one_before_and_changes_only_its_own_days(
    client, make, admin, vacation
):
    seniors = make.policy(vacation, "Seniors", {"entitlement": {"amount": 30}})
    ann = make.employee(hire_date=date(2020, 1, 1))

    def assign(policy_id, start):
        r = client.put(f"{API}/users/{ann.id}/policy-assignments/{vacation}",
                       json={"policy_id": policy_id, "effective_from": start},
                       headers=admin.headers)  # fmt: skip
        assert r.status_code == 200, r.json
        return r.json

    assign(seniors, "2027-01-01")
    assign(make.default_policy(vacation), "2028-01-01")
    r = client.get(f"{API}/users/{ann.id}/policy-assignments", headers=ann.headers)
    assert [(a["effective_from"], a["effective_to"]) for a in r.json["items"]] == [
        ("2027-01-01", "2027-12-31"), ("2028-01-01", None)]  # fmt: skip
    assert [balance(client, ann, ann, y, vacation)["entitlement"] for y in (2026, 2027, 2028)] == [
        25, 30, 25]  # fmt: skip


def test_an_assignment_must_name_a_policy_of_that_leave_type(client, make, admin, vacation):
    other = make.policy(make.leave_type("sick", yearly_allowance=10), "Sick", {
        "entitlement": {"amount": 10}})  # fmt: skip
    ann = make.employee()
    r = client.put(f"{API}/users/{ann.id}/policy-assignments/{vacation}", headers=admin.headers,
                   json={"policy_id": other, "effective_from": "2027-01-01"})  # fmt: skip
    assert_problem(r, 422, "validation-error")
    assert r.json["errors"] == {"policy_id": "no such policy of this leave type"}


def test_a_default_policy_stays_active_and_a_deactivated_one_takes_no_versions(
    client, make, admin, vacation
):
    r = client.delete(f"{API}/policies/{make.default_policy(vacation)}", headers=admin.headers)
    assert_problem(r, 409, "conflict")
    seniors = make.policy(vacation, "Seniors", {"entitlement": {"amount": 30}})
    assert client.delete(f"{API}/policies/{seniors}", headers=admin.headers).status_code == 204
    r = add_version(client, admin, seniors, {"effective_from": "2027-06-01",
                                             "entitlement": {"amount": 31}})  # fmt: skip
    assert_problem(r, 409, "conflict")


def test_a_new_policy_starts_with_its_version_and_lists_with_the_default(
    client, make, admin, vacation
):
    r = client.post(f"{API}/policies", headers=admin.headers, json={
        "leave_type_id": vacation, "name": "Seniors",
        "version": {"effective_from": "2027-01-01", "entitlement": {
            "amount": 28, "levels": [{"after": "P5Y", "amount": 30}]}},
    })  # fmt: skip
    assert r.status_code == 201, r.json
    body = r.json["versions"][0]["body"]
    assert body["entitlement"]["levels"] == [{"after": "P5Y", "amount": 30}]
    assert body["rounding"] == {"step": 0.5, "mode": "half_up"}  # the defaults filled in
    listed = client.get(f"{API}/policies?leave_type_id={vacation}", headers=make.employee().headers)
    assert [(p["name"], p["is_default"]) for p in listed.json["items"]] == [
        ("Seniors", False), ("Vacation", True)]  # fmt: skip


def test_the_ledger_pages_by_cursor_in_date_order(client, make, admin, vacation):
    ann = make.employee()
    for year in (2027, 2025, 2026):
        make.adjustment(ann, vacation, year, 1)
    first = client.get(f"{API}/users/{ann.id}/ledger?per_page=2", headers=ann.headers).json
    assert [e["leave_year"] for e in first["items"]] == [2025, 2026]
    rest = client.get(f"{API}/users/{ann.id}/ledger?per_page=2&after={first['next_after']}",
                      headers=ann.headers).json  # fmt: skip
    assert [e["leave_year"] for e in rest["items"]] == [2027]
    assert rest["next_after"] is None


def test_the_ledger_is_walked_by_cursor_only(client, make, admin):
    r = client.get(f"{API}/users/{admin.id}/ledger?page=2", headers=admin.headers)
    assert_problem(r, 422, "validation-error")
    assert r.json["errors"] == {"after": "cannot be combined with page or sort"}


def test_a_colleague_cannot_read_someone_elses_ledger(client, make, admin, vacation):
    ann, bob = make.employee(), make.employee()
    assert_problem(client.get(f"{API}/users/{ann.id}/ledger", headers=bob.headers), 404,
                   "not-found")  # fmt: skip


def test_a_forecast_counts_what_is_credited_and_taken_by_that_day(client, make, admin):
    flex = make.leave_type("flex", yearly_allowance=12, accrual="monthly")
    ann = make.employee(hire_date=date(2026, 1, 1))
    make.request(ann, flex, "2027-06-07", "2027-06-08")
    make.request(ann, flex, "2027-11-08", "2027-11-08")
    r = client.get(f"{API}/users/{ann.id}/balances/forecast?date=2027-10-01", headers=ann.headers)
    assert r.status_code == 200, r.json
    [b] = [b for b in r.json["items"] if b["leave_type_id"] == flex]
    # On 1 October: ten months credited, June's two days taken, November's scheduled.
    assert (b["entitlement"], b["taken"], b["scheduled"], b["available"]) == (10, 2, 1, 7)
    assert b["period"] == {"start": "2027-01-01", "end": "2027-12-31"}


def test_a_forecast_of_a_past_day_is_refused(client, make, admin):
    ann = make.employee()
    r = client.get(f"{API}/users/{ann.id}/balances/forecast?date=2027-02-28", headers=ann.headers)
    assert_problem(r, 422, "validation-error")
    assert r.json["errors"] == {"date": "must be on or after 2027-03-01"}


def test_f5_a_back_dated_booking_changes_its_closed_year_and_the_carry_over_by_reversal(
    app, client, make, admin
):
    vacation = make.leave_type("holiday", yearly_allowance=25, carryover_max=5)
    ann = make.employee(hire_date=date(2020, 1, 1))
    run_jobs(app, "--as-of", "2027-03-01")
    carried = ledger(client, admin, ann, kind="carryover_in", year=2027)
    assert [e["amount"] for e in carried] == [5]
    # HR books 27 days Ann took at the end of 2026 and nobody recorded (30 were there).
    r = client.post(f"{API}/requests", headers=admin.headers, json={
        "user_id": ann.id, "leave_type_id": vacation,
        "start_date": "2026-11-16", "end_date": "2026-12-22"})  # fmt: skip
    assert r.status_code == 201, r.json
    approve = client.post(f"{API}/requests/{r.json['id']}/approve", json={}, headers=admin.headers)
    assert approve.status_code == 200
    assert balance(client, ann, ann, 2027, vacation)["carried_over"] == 3
    # The approval itself wrote the reversal pairs (B-R11): nothing is left for the jobs.
    again = run_jobs(app, "--as-of", "2027-03-01")
    assert {again["carryover_out"], again["carryover_in"]} == {"wrote 0"}
    entries = ledger(client, admin, ann, year=2027, kind="carryover_in")
    assert [(e["amount"], e["reverses_id"]) for e in entries] == [
        (5, None), (-5, entries[0]["id"]), (3, None)]  # fmt: skip
    closed = ledger(client, admin, ann, year=2026)
    assert [(e["kind"], e["amount"]) for e in closed if e["kind"] != "accrual"] == [
        ("carryover_in", 5), ("usage", -27), ("carryover_out", -5), ("carryover_out", 5),
        ("carryover_out", -3)]  # fmt: skip


def test_a_retried_new_version_is_answered_once_with_the_same_body(client, make, admin, vacation):
    policy_id = make.default_policy(vacation)
    headers = {**admin.headers, "Idempotency-Key": "raise-2027"}
    body = {"effective_from": "2027-07-01", "entitlement": {"amount": 28}}
    first = client.post(f"{API}/policies/{policy_id}/versions", json=body, headers=headers)
    again = client.post(f"{API}/policies/{policy_id}/versions", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json == first.json
    assert len(first.json["versions"]) == 2


def follow(client, admin, person, leave_type_id, policy_id, start="2027-01-01"):
    r = client.put(f"{API}/users/{person.id}/policy-assignments/{leave_type_id}",
                   json={"policy_id": policy_id, "effective_from": start},
                   headers=admin.headers)  # fmt: skip
    assert r.status_code == 200, r.json


def works(client, admin, person, days, effective_from="2026-01-05"):
    week = [8 if i < days else 0 for i in range(7)]
    r = client.post(f"{API}/users/{person.id}/schedules", headers=admin.headers,
                    json={"effective_from": effective_from, "weeks": [week]})  # fmt: skip
    assert r.status_code == 201, r.json


@pytest.mark.parametrize(("days", "expected"), [(3, 16.8), (6, 28)])
def test_a12_a13_a_uk_policy_scales_28_days_to_the_week_worked(
    client, make, admin, vacation, days, expected
):
    uk = make.policy(vacation, "UK", {
        "entitlement": {"amount": 28, "basis_days_per_week": 5, "max_amount": 28},
        "rounding": {"step": 0.01, "mode": "up"}})  # fmt: skip
    ann = make.employee()
    works(client, admin, ann, days)
    follow(client, admin, ann, vacation, uk)
    assert balance(client, ann, ann, 2027, vacation)["entitlement"] == expected


def test_a14_werktage_on_a_six_day_basis_become_working_days(client, make, admin, vacation):
    de = make.policy(vacation, "DE", {"entitlement": {"amount": 24, "basis_days_per_week": 6}})
    people = [make.employee() for _ in range(3)]
    for person, days in zip(people, (5, 4, 3), strict=True):
        works(client, admin, person, days)
        follow(client, admin, person, vacation, de)
    assert [balance(client, p, p, 2027, vacation)["entitlement"] for p in people] == [20, 16, 12]


def test_a15_four_days_from_july_counts_each_week_for_its_days(app, client, make, admin):
    vacation = make.leave_type("holiday", yearly_allowance=30)
    r = add_version(client, admin, make.default_policy(vacation), {
        "effective_from": "2027-01-01",
        "entitlement": {"amount": 30, "basis_days_per_week": 5}}, dry_run="true")  # fmt: skip
    assert r.status_code == 200
    assert {item["delta"] for item in r.json["items"]} == {0}  # everyone works 5 days
    r = add_version(
        client,
        admin,
        make.default_policy(vacation),
        {"effective_from": "2027-01-01", "entitlement": {"amount": 30, "basis_days_per_week": 5}},
    )
    assert r.status_code == 201, r.json
    ann = make.employee(hire_date=date(2020, 1, 1))
    works(client, admin, ann, 4, effective_from="2027-07-05")
    r = client.get(f"{API}/users/{ann.id}/balances?as_of=2027-12-31", headers=ann.headers)
    [b] = [b for b in r.json["items"] if b["leave_type_id"] == vacation]
    # 30 x 186/365 + 24 x 179/365 = 27.06 -> 27 (the four-day week from Monday 5 July)
    assert b["entitlement"] == 27
    run_jobs(app, "--as-of", "2027-12-31")
    entries = ledger(client, ann, ann, leave_type_id=vacation, year=2027)
    assert [(e["kind"], e["amount"], e["effective_date"]) for e in entries] == [
        ("accrual", 30, "2027-01-01"), ("policy_correction", -3, "2027-07-05")]  # fmt: skip


def test_a_new_version_of_the_default_policy_in_force_today_is_what_the_type_reads(
    client, make, admin, vacation
):
    r = add_version(client, admin, make.default_policy(vacation), {
        "effective_from": "2027-01-01", "entitlement": {"amount": 27},
        "carryover": {"max": 3}, "negative": {"allowed": True}})  # fmt: skip
    assert r.status_code == 201, r.json
    shown = client.get(f"{API}/leave-types/{vacation}", headers=admin.headers).json
    assert (shown["yearly_allowance"], shown["carryover_max"], shown["allow_negative"]) == (
        27, 3, True)  # fmt: skip


def test_the_policy_followed_decides_whether_the_balance_may_go_below_zero(
    client, make, admin, vacation
):
    lenient = make.policy(vacation, "Lenient", {
        "entitlement": {"amount": 2}, "negative": {"allowed": True}})  # fmt: skip
    ann, bob = make.employee(), make.employee()
    follow(client, admin, ann, vacation, lenient)
    strict = make.policy(vacation, "Strict", {"entitlement": {"amount": 2}})
    follow(client, admin, bob, vacation, strict)

    def ask(who):
        body = {"leave_type_id": vacation, "start_date": "2027-03-08", "end_date": "2027-03-12"}
        return client.post(f"{API}/requests", json=body, headers=who.headers)

    assert ask(ann).status_code == 201
    assert_problem(ask(bob), 422, "insufficient-balance")


def report(client, admin, person, start, end, hours):
    return client.post(f"{API}/users/{person.id}/hours-worked", headers=admin.headers,
                       json={"period_start": start, "period_end": end, "hours": hours})  # fmt: skip


def test_b17_hours_worked_earn_12_07_percent_each_credit_to_the_hundredth(
    client, make, admin, clock
):
    clock.set("2027-12-31T18:00:00+00:00")
    irregular = make.leave_type("irregular", yearly_allowance=0, unit="hours")
    uk = make.policy(irregular, "UK irregular hours", {
        "entitlement": {"amount": 0},
        "accrual": {"method": "per_hour_worked", "rate": {"percent": 12.07}}})  # fmt: skip
    ann = make.employee()
    follow(client, admin, ann, irregular, uk)
    may = report(client, admin, ann, "2027-05-01", "2027-05-31", 100)
    assert may.status_code == 200, may.json
    assert may.json["credits"] == [{"leave_type_id": irregular, "unit": "hours", "amount": 12.07}]
    # The same report again changes nothing; the rest of the year makes 1,000 h in all.
    assert report(client, admin, ann, "2027-05-01", "2027-05-31", 100).json == may.json
    for start, end, hours in (("2027-01-01", "2027-04-30", 400), ("2027-06-01", "2027-12-31", 500)):
        assert report(client, admin, ann, start, end, hours).status_code == 200
    b = balance(client, ann, ann, 2027, irregular)
    assert (b["unit"], b["entitlement"]) == ("hours", 120.7)  # 12.07 + 48.28 + 60.35
    entries = ledger(client, ann, ann, leave_type_id=irregular)
    assert [(e["amount"], e["cause"]["type"]) for e in entries] == [
        (48.28, "hours_worked"), (12.07, "hours_worked"), (60.35, "hours_worked")]  # fmt: skip


def test_reporting_other_hours_for_a_period_replaces_its_credit_by_reversal(
    client, make, admin, clock
):
    clock.set("2027-06-15T09:00:00+00:00")
    flexi = make.leave_type("flexi", yearly_allowance=0, unit="hours")
    per_30 = make.policy(flexi, "1 per 30", {
        "entitlement": {"amount": 0},
        "accrual": {"method": "per_hour_worked", "rate": {"amount": 1, "per_hours": 30},
                    "cap_per_year": 4}})  # fmt: skip
    ann = make.employee()
    follow(client, admin, ann, flexi, per_30)
    assert report(client, admin, ann, "2027-05-01", "2027-05-31", 60).json["credits"][0][
        "amount"] == 2  # fmt: skip
    fixed = report(client, admin, ann, "2027-05-01", "2027-05-31", 90)
    assert fixed.json["credits"][0]["amount"] == 3
    assert [e["amount"] for e in ledger(client, ann, ann)] == [2, -2, 3]
    # The year's cap: 4 hours at most, whatever is worked.
    june = report(client, admin, ann, "2027-06-01", "2027-06-14", 150)
    assert june.json["credits"][0]["amount"] == 1
    overlap = report(client, admin, ann, "2027-05-20", "2027-06-05", 10)
    assert_problem(overlap, 409, "conflict")
    assert set(overlap.json["errors"]) == {"period_start"}
    assert balance(client, ann, ann, 2027, flexi)["entitlement"] == 4


def test_hours_are_reported_once_worked_and_only_where_a_policy_counts_them(
    client, make, admin, vacation
):
    ann = make.employee()
    future = report(client, admin, ann, "2027-03-01", "2027-03-31", 40)
    assert_problem(future, 422, "validation-error")
    assert future.json["errors"] == {"period_end": "must be on or before 2027-03-01"}
    nobody = report(client, admin, ann, "2027-02-01", "2027-02-28", 40)
    assert_problem(nobody, 422, "validation-error")
    assert nobody.json["errors"] == {"period_end": "no per_hour_worked policy in force then"}

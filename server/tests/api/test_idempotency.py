"""Idempotency-Key: a retried write returns the first outcome and changes nothing."""

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.infra import idempotency as outcomes
from server.models import AuditEvent, BalanceAdjustment, IdempotencyRecord, LeaveRequest
from server.tests.helpers import assert_problem, row_count

API = "/api/v1"
NOW = "2026-03-02T09:00:00+00:00"
BODY = {"start_date": "2026-03-09", "end_date": "2026-03-13", "reason": "Trip"}


def ask(client, who, leave_type, key=None, **body):
    headers = dict(who.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(
        f"{API}/requests", json={"leave_type_id": leave_type, **BODY, **body}, headers=headers
    )


@pytest.fixture
def setup(org, clock, vacation):
    clock.set(NOW)
    return org


def test_a_retry_replays_the_first_outcome_and_changes_nothing(client, app, setup, vacation):
    first = ask(client, setup.report, vacation, key="retry-1")
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    audit_rows = row_count(app, AuditEvent)
    # JSON-equal: the same fields in another order.
    body = {"reason": "Trip", "end_date": "2026-03-13", "start_date": "2026-03-09"}
    again = client.post(
        f"{API}/requests",
        json={**body, "leave_type_id": vacation},
        headers={**setup.report.headers, "Idempotency-Key": "retry-1"},
    )
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    assert again.headers["Location"] == first.headers["Location"]
    assert row_count(app, LeaveRequest) == 1
    assert row_count(app, AuditEvent) == audit_rows


def test_without_a_key_calls_behave_as_before(client, setup, vacation):
    assert ask(client, setup.report, vacation).status_code == 201
    assert_problem(ask(client, setup.report, vacation), 409, "conflict")


def test_the_same_key_with_another_body_is_422(client, app, setup, vacation):
    assert ask(client, setup.report, vacation, key="k").status_code == 201
    r = ask(client, setup.report, vacation, key="k", reason="Another reason")
    assert_problem(r, 422, "validation-error", errors=["Idempotency-Key"])
    assert row_count(app, LeaveRequest) == 1


@pytest.mark.parametrize("key", ["", "é-non-ascii", "tab\there", "x" * 256])
def test_a_malformed_key_is_422(client, app, setup, vacation, key):
    r = ask(client, setup.report, vacation, key=key)
    assert_problem(r, 422, "validation-error", errors=["Idempotency-Key"])
    assert row_count(app, LeaveRequest) == 0


def test_a_key_is_scoped_to_the_caller_and_the_path(client, app, setup, vacation):
    first = ask(client, setup.report, vacation, key="shared")
    assert first.status_code == 201
    r = ask(client, setup.report2, vacation, key="shared")
    assert r.status_code == 201
    assert "Idempotent-Replayed" not in r.headers
    assert row_count(app, LeaveRequest) == 2
    headers = {**setup.manager.headers, "Idempotency-Key": "shared"}
    for request_id in (first.json["id"], r.json["id"]):
        r = client.post(f"{API}/requests/{request_id}/approve", json={}, headers=headers)
        assert (r.status_code, r.json["status"]) == (200, "approved")
        assert "Idempotent-Replayed" not in r.headers


def test_a_retried_approval_is_not_a_conflict(client, setup, vacation):
    request_id = ask(client, setup.report, vacation).json["id"]
    headers = {**setup.manager.headers, "Idempotency-Key": "approve-once"}
    first = client.post(f"{API}/requests/{request_id}/approve", json={}, headers=headers)
    again = client.post(f"{API}/requests/{request_id}/approve", json={}, headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    # Without the key, a second approval is the conflict it always was.
    r = client.post(f"{API}/requests/{request_id}/approve", json={}, headers=setup.manager.headers)
    assert_problem(r, 409, "conflict")


@pytest.mark.parametrize("action", ["reject", "cancel"])
def test_reject_and_cancel_replay_too(client, setup, vacation, action):
    request_id = ask(client, setup.report, vacation).json["id"]
    who = setup.manager if action == "reject" else setup.report
    headers = {**who.headers, "Idempotency-Key": f"{action}-1"}
    body = {"comment": "No"} if action == "reject" else None
    first = client.post(f"{API}/requests/{request_id}/{action}", json=body, headers=headers)
    again = client.post(f"{API}/requests/{request_id}/{action}", json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json == first.json


def test_an_adjustment_retried_is_made_once(client, app, setup, vacation):
    headers = {**setup.admin.headers, "Idempotency-Key": "adj-42"}
    body = {"leave_type_id": vacation, "year": 2026, "days": 2, "reason": "Overtime"}
    url = f"{API}/users/{setup.report.id}/adjustments"
    first = client.post(url, json=body, headers=headers)
    again = client.post(url, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json == first.json
    assert row_count(app, BalanceAdjustment) == 1


def test_a_refusal_is_kept_and_replayed(client, app, setup, vacation):
    long = {"start_date": "2026-04-01", "end_date": "2026-06-30"}
    first = ask(client, setup.report, vacation, key="too-long", **long)
    assert_problem(first, 422, "insufficient-balance")
    # Even once the balance would allow it, the retry gets the first outcome.
    client.post(
        f"{API}/users/{setup.report.id}/adjustments",
        json={"leave_type_id": vacation, "year": 2026, "days": 60, "reason": "Sabbatical"},
        headers=setup.admin.headers,
    )
    again = ask(client, setup.report, vacation, key="too-long", **long)
    assert_problem(again, 422, "insufficient-balance")
    assert again.headers["Idempotent-Replayed"] == "true"
    assert row_count(app, LeaveRequest) == 0


def test_a_server_error_is_not_kept_so_a_retry_runs_again(
    client, app, setup, vacation, monkeypatch
):
    from server.services import leave_request_service

    real = leave_request_service.create_request
    calls = []

    def failing_once(actor, data):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the disk is on fire")
        return real(actor, data)

    monkeypatch.setattr(leave_request_service, "create_request", failing_once)
    first = ask(client, setup.report, vacation, key="flaky")
    assert_problem(first, 500, "internal-error")
    assert row_count(app, IdempotencyRecord) == 0
    again = ask(client, setup.report, vacation, key="flaky")
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers
    assert row_count(app, LeaveRequest) == 1


def test_keys_are_kept_24_hours(client, app, setup, vacation, clock):
    assert ask(client, setup.report, vacation, key="daily").status_code == 201
    clock.set("2026-03-03T08:59:00+00:00")
    replay = ask(client, setup.report, vacation, key="daily", reason="changed")
    assert_problem(replay, 422, "validation-error", errors=["Idempotency-Key"])
    clock.set("2026-03-03T09:00:01+00:00")
    fresh = ask(
        client, setup.report, vacation, key="daily", start_date="2026-03-16", end_date="2026-03-16"
    )
    assert fresh.status_code == 201
    assert "Idempotent-Replayed" not in fresh.headers
    result = app.test_cli_runner().invoke(args=["purge-tokens"])
    assert "Purged 0 idempotency records" in result.output
    clock.set("2026-03-05T09:00:00+00:00")
    result = app.test_cli_runner().invoke(args=["purge-tokens"])
    assert "Purged 1 idempotency records" in result.output


@pytest.mark.real_commits  # a second connection holds the lock
@pytest.mark.postgres
def test_while_the_first_call_runs_a_retry_is_409(client, app, setup, vacation):
    """Hold the call's lock from another connection, as a running first call would."""
    with app.app_context():
        call = outcomes.Call(setup.report.id, "POST", f"{API}/requests", "in-flight", "irrelevant")
        with db.engine.connect() as other:
            other.execute(sa.select(sa.func.pg_advisory_lock(call.lock_id())))
            r = ask(client, setup.report, vacation, key="in-flight")
            other.execute(sa.select(sa.func.pg_advisory_unlock(call.lock_id())))
    assert_problem(r, 409, "conflict")
    assert row_count(app, LeaveRequest) == 0
    assert ask(client, setup.report, vacation, key="in-flight").status_code == 201

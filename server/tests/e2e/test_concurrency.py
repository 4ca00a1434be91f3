"""Parallel requests against a multi-process server never overdraw a balance."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from server.tests.e2e.conftest import moved_clock

pytestmark = pytest.mark.postgres

ALLOWANCE = 10
PARALLEL = 30
NOW = datetime(2026, 6, 1, 17, tzinfo=UTC)  # the server's clock starts here (CLOCK_START)


@pytest.fixture(scope="module")
def live_server_settings():
    return moved_clock(NOW)


def weekdays_next_year(count):
    """`count` distinct weekdays from February of next year (no country: no holidays)."""
    day, found = date(NOW.year + 1, 2, 1), []
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found


def fire(calls):
    """Run all calls at once (one thread each) and return their responses."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def balance_of(live_server, person, leave_type_id, year):
    r = requests.get(
        # as of the year's end: next year's allowance is only credited on its Jan 1
        live_server.api(f"/users/{person.id}/balances?year={year}&as_of={year}-12-31"),
        headers=person.headers,
        timeout=10,
    )
    assert r.status_code == 200
    return next(b for b in r.json()["items"] if b["leave_type_id"] == leave_type_id)


def test_parallel_requests_cannot_overdraw_the_balance(live_server, live_make):
    employee = live_make.employee(hire_date=date(2020, 1, 1))
    leave_type = live_make.leave_type(yearly_allowance=ALLOWANCE)
    days = weekdays_next_year(PARALLEL)

    def ask(day):
        return lambda: requests.post(
            live_server.api("/requests"),
            json={"leave_type_id": leave_type, "start_date": str(day), "end_date": str(day)},
            headers=employee.headers,
            timeout=30,
        )

    responses = fire([ask(day) for day in days])
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == ALLOWANCE, statuses
    refused = [r.json() for r in responses if r.status_code != 201]
    assert {p["type"] for p in refused} == {"/problems/insufficient-balance"}

    balance = balance_of(live_server, employee, leave_type, days[0].year)
    # 10 one-day requests are pending: the allowance is used up exactly, never beyond it.
    assert balance["pending"] == ALLOWANCE
    assert balance["available"] == 0


def test_parallel_identical_requests_create_one(live_server, live_make):
    employee = live_make.employee(hire_date=date(2020, 1, 1))
    leave_type = live_make.leave_type(yearly_allowance=ALLOWANCE)
    day = weekdays_next_year(1)[0]
    body = {"leave_type_id": leave_type, "start_date": str(day), "end_date": str(day)}

    responses = fire(
        [
            lambda: requests.post(
                live_server.api("/requests"), json=body, headers=employee.headers, timeout=30
            )
        ]
        * 12
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 11


def test_parallel_approvals_and_cancellations_settle_once(live_server, live_make):
    manager = live_make.manager()
    employee = live_make.employee(manager=manager, hire_date=date(2020, 1, 1))
    leave_type = live_make.leave_type(yearly_allowance=ALLOWANCE)
    days = weekdays_next_year(5)
    ids = [live_make.request(employee, leave_type, day, day, status="pending") for day in days]

    def decide(request_id, action, who):
        return lambda: requests.post(
            live_server.api(f"/requests/{request_id}/{action}"),
            json={"comment": "ok"},
            headers=who.headers,
            timeout=30,
        )

    calls = []
    for request_id in ids:
        calls += [decide(request_id, "approve", manager)] * 3
        calls += [decide(request_id, "cancel", employee)] * 2
    responses = fire(calls)

    assert all(r.status_code in (200, 409) for r in responses), [r.text for r in responses]
    # Per request exactly one decision wins first; a cancel may still follow an approval
    # (the leave has not started), but nothing is decided twice.
    for request_id in ids:
        r = requests.get(
            live_server.api(f"/requests/{request_id}"), headers=manager.headers, timeout=10
        )
        assert r.json()["status"] in ("approved", "cancelled")
    balance = balance_of(live_server, employee, leave_type, days[0].year)
    approved = sum(
        1
        for request_id in ids
        if requests.get(
            live_server.api(f"/requests/{request_id}"), headers=manager.headers, timeout=10
        ).json()["status"]
        == "approved"
    )
    assert balance["taken"] + balance["pending"] == approved
    assert balance["available"] == ALLOWANCE - approved


def test_parallel_retries_with_one_key_create_one_request(live_server, live_make):
    employee = live_make.employee(hire_date=date(2020, 1, 1))
    leave_type = live_make.leave_type(yearly_allowance=ALLOWANCE)
    (day,) = weekdays_next_year(1)
    body = {"leave_type_id": leave_type, "start_date": str(day), "end_date": str(day)}
    headers = {**employee.headers, "Idempotency-Key": "one-click-many-retries"}

    def retry():
        return requests.post(live_server.api("/requests"), json=body, headers=headers, timeout=30)

    responses = fire([retry for _ in range(12)])
    statuses = [r.status_code for r in responses]
    # Each answer is the stored creation, or "still running" while the first holds the key.
    assert set(statuses) <= {201, 409}, statuses
    created = {r.json()["id"] for r in responses if r.status_code == 201}
    assert len(created) == 1
    fresh = [
        r for r in responses if r.status_code == 201 and "Idempotent-Replayed" not in r.headers
    ]
    assert len(fresh) == 1
    listed = requests.get(live_server.api("/requests"), headers=employee.headers, timeout=10)
    assert listed.json()["total"] == 1
    # Once the first call is done, a retry replays it.
    late = retry()
    assert (late.status_code, late.headers["Idempotent-Replayed"]) == (201, "true")
    assert late.json()["id"] in created

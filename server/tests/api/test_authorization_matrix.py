"""The authorization matrix: every operation in the spec, called by each kind of caller, on
a fresh company each time, answers with the status the matrix in docs/authorization.md
says.

The matrix is data (the "Who may do what" table in docs/authorization.md); this file only
knows how to call each operation. A new operation without a row in the matrix, or a row
without a way to call it here, fails `test_the_matrix_covers_every_operation_in_the_spec`.
"""

import re
from dataclasses import dataclass

import pytest

from server.config import PROJECT_ROOT
from server.tests.factories import PASSWORD

API = "/api/v1"
ACTORS = ("anonymous", "employee", "manager", "other_manager", "admin", "deactivated", "revoked")
TODAY = "2026-03-02T09:00:00+00:00"


def read_matrix():
    """{"METHOD /path": {actor: status}} from the table in docs/authorization.md."""
    text = (PROJECT_ROOT / "docs" / "authorization.md").read_text(encoding="utf-8")
    block = re.search(
        r"<!-- authorization-matrix -->\n(.*?)<!-- /authorization-matrix -->", text, re.S
    )
    assert block, "docs/authorization.md has no authorization matrix"
    rows = {}
    for line in block.group(1).splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) != 1 + len(ACTORS) or not cells[1].isdigit():
            continue  # the header, its separator
        rows[cells[0]] = dict(zip(ACTORS, map(int, cells[1:]), strict=True))
    return rows


MATRIX = read_matrix()


@dataclass
class World:
    """A small company: `employee` is the owner of everything the calls touch."""

    people: dict
    ids: dict
    feed_token: str


def build_world(client, make, clock):
    clock.set(TODAY)
    manager = make.manager(full_name="Max Manager")
    employee = make.employee(full_name="Erin Employee", manager=manager, country="DE")
    people = {
        "employee": employee,
        "manager": manager,
        "other_manager": make.manager(full_name="Otto Other"),
        "admin": make.admin(full_name="Ada Admin"),
        "deactivated": make.employee(full_name="Dee Deactivated"),
        "revoked": make.employee(full_name="Rev Revoked"),
    }
    leave_type = make.leave_type("vacation")
    team = make.team("Core", members=[employee])
    ids = {
        "user_id": employee.id,
        "leave_type_id": leave_type,
        "team_id": team,
        "holiday_id": make.holiday("2026-12-24", "Christmas Eve"),
        "request_id": make.request(employee, leave_type, "2026-03-16", "2026-03-17", "pending"),
        "adjustment_id": make.adjustment(employee, leave_type, 2026, 1),
        "schedule_id": make.schedule(employee, "2026-06-01", [[8, 8, 8, 8, 0, 0, 0]]),
        "member_id": employee.id,
        "policy_id": make.policy(leave_type, "Seniors", {"entitlement": {"amount": 28}}),
        "region": "DE",
    }
    admin = people["admin"].headers
    r = client.put(f"{API}/holiday-calendars/DE", json={"categories": ["public"]}, headers=admin)
    assert r.status_code == 200
    assert (
        client.delete(f"{API}/users/{people['deactivated'].id}", headers=admin).status_code == 204
    )
    assert client.post(f"{API}/auth/logout", headers=people["revoked"].headers).status_code == 204
    link = client.post(f"{API}/auth/calendar-token", headers=employee.headers).json["feed_url"]
    return World(people, ids, link.rsplit("/", 1)[1].removesuffix(".ics"))


def own_credentials(world, actor):
    person = world.people.get(actor, world.people["employee"])
    return {"email": person.email, "password": PASSWORD}


def request_body(world, actor):
    return {
        "leave_type_id": world.ids["leave_type_id"],
        "start_date": "2026-03-23",
        "end_date": "2026-03-24",
        "user_id": world.ids["user_id"],
    }


# How to call each operation: a body (or a function of the world and the caller giving
# one) and query arguments. Paths come from the spec, their ids from the world.
CALLS = {
    "POST /auth/login": {"body": lambda world, actor: own_credentials(world, "employee")},
    "POST /auth/password": {
        "body": lambda world, actor: {
            "current_password": PASSWORD,
            "new_password": "a-brand-new-password",
        }
    },
    "POST /auth/register": {
        "body": {"email": "new@example.com", "password": "long-enough-1", "full_name": "New"}
    },
    "POST /holidays": {"body": {"date": "2026-12-31", "name": "New Year's Eve"}},
    "PUT /holiday-calendars/{region}": {"body": {"categories": ["public"]}},
    "PATCH /holidays/{holiday_id}": {"body": {"name": "Christmas Eve (half)"}},
    "POST /leave-types": {"body": {"name": "Study", "code": "study", "yearly_allowance": 5}},
    "PATCH /leave-types/{leave_type_id}": {"body": {"name": "Holiday"}},
    "GET /reports/absences": {"query": {"from": "2026-03-01", "to": "2026-03-31"}},
    "GET /users/{user_id}/balances/forecast": {"query": {"date": "2026-10-01"}},
    # The world's employee follows no per-hour policy: an admin gets as far as 422.
    "POST /users/{user_id}/hours-worked": {
        "body": {"period_start": "2026-02-01", "period_end": "2026-02-28", "hours": 100}
    },
    "POST /requests": {"body": request_body},
    "POST /requests/preview": {"body": request_body},
    "PATCH /requests/{request_id}": {"body": {"reason": "Moved"}},
    "POST /requests/{request_id}/approve": {"body": {}},
    "POST /requests/{request_id}/reject": {"body": {"comment": "Busy week"}},
    "POST /teams": {"body": {"name": "New team"}},
    "PATCH /teams/{team_id}": {"body": {"description": "The core team"}},
    "POST /users": {
        "body": {"email": "hire@example.com", "full_name": "New Hire", "password": "long-enough-1"}
    },
    "PATCH /users/{user_id}": {"body": {"full_name": "Erin E. Employee"}},
    "POST /users/{user_id}/schedules": {
        "body": {"effective_from": "2026-09-07", "weeks": [[8, 8, 8, 8, 4, 0, 0]]}
    },
    "POST /policies": {
        "body": lambda world, actor: {
            "leave_type_id": world.ids["leave_type_id"],
            "name": "Interns",
            "version": {"effective_from": "2026-04-01", "entitlement": {"amount": 20}},
        }
    },
    "POST /policies/{policy_id}/versions": {
        "body": {"effective_from": "2026-07-01", "entitlement": {"amount": 30}}
    },
    "PUT /users/{user_id}/policy-assignments/{leave_type_id}": {
        "body": lambda world, actor: {
            "policy_id": world.ids["policy_id"],
            "effective_from": "2026-04-01",
        }
    },
    "POST /users/{user_id}/adjustments": {
        "body": lambda world, actor: {
            "leave_type_id": world.ids["leave_type_id"],
            "year": 2026,
            "days": 1.5,
            "reason": "Overtime",
        }
    },
}


def spec_operations(app):
    with app.test_request_context():
        spec = app.extensions["restx_api"].__schema__
    return {
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method in operations
        if method != "parameters"
    }


def test_the_matrix_covers_every_operation_in_the_spec(app):
    assert set(MATRIX) == spec_operations(app)
    assert set(CALLS) <= set(MATRIX)


def call(client, world, operation, actor):
    method, path = operation.split(" ", 1)
    how = CALLS.get(operation, {})
    path = path.replace("{token}", world.feed_token).format(**world.ids)
    body = how.get("body")
    if callable(body):
        body = body(world, actor)
    headers = {} if actor == "anonymous" else dict(world.people[actor].headers)
    return client.open(
        API + path, method=method, json=body, query_string=how.get("query"), headers=headers
    )


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_each_caller_gets_what_the_matrix_says(client, make, clock, operation, actor):
    world = build_world(client, make, clock)
    r = call(client, world, operation, actor)
    expected = MATRIX[operation][actor]
    assert r.status_code == expected, f"{operation} as {actor}: {r.status_code} {r.data[:300]}"

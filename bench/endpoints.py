"""The endpoints the bench loads, for the bench users, and checking that the service and
the baseline answer them alike."""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

import requests

from bench.common import BENCH_PASSWORD, bench_logins
from bench.servers import login


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    user: str  # admin | manager | employee


@dataclass
class Session:
    """Who the bench acts as, with their tokens and the ids the endpoints need."""

    logins: dict  # role -> (id, email)
    tokens: dict  # role -> access token
    employee_request_id: int
    employee_team_id: int
    today: date
    # A cursor deep into the admin's list of requests (the 200,000th or the last), signed as
    # the service signs them; None when the secret is not known.
    deep_cursor: str | None = None

    def headers(self, user):
        return {"Authorization": f"Bearer {self.tokens[user]}"}


def open_session(conn, server, secret=None):
    """Log the bench users in (through the API) and look up the ids the endpoints use."""
    with conn.cursor() as cur:
        logins = bench_logins(cur)
        employee = logins["employee"][0]
        cur.execute(
            "SELECT id FROM leave_requests WHERE user_id = %s ORDER BY start_date DESC, id LIMIT 1",
            (employee,),
        )
        request_id = cur.fetchone()[0]
        cur.execute("SELECT min(team_id) FROM team_members WHERE user_id = %s", (employee,))
        team_id = cur.fetchone()[0]
        cur.execute("SELECT (now() AT TIME ZONE 'UTC')::date")
        today = cur.fetchone()[0]
        cur.execute(
            "SELECT start_date, id FROM leave_requests ORDER BY start_date DESC, id DESC "
            "OFFSET LEAST(200000, (SELECT count(*) - 2 FROM leave_requests)) LIMIT 1"
        )
        deep_key = cur.fetchone()
    tokens = {role: login(server, email, BENCH_PASSWORD) for role, (_, email) in logins.items()}
    deep = None if secret is None else sign_cursor(secret, deep_key, "/api/v1/requests")
    return Session(logins, tokens, request_id, team_id, today, deep)


def sign_cursor(secret, key, path):
    """A cursor for `key` as the service would give it out for the list at `path`."""
    from flask import Flask

    from server.http import cursors

    app = Flask(__name__)
    app.config["SECRET_KEY"] = secret
    with app.app_context():
        return cursors.encode(tuple(key), scope=path)


def month_range(today):
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def endpoints(session, last_page):
    """What bench/run loads: the hot reads, as the users who make them."""
    employee = session.logins["employee"][0]
    first, last = month_range(session.today)
    year = session.today.year
    team = session.employee_team_id
    return [
        Endpoint("requests p1 (admin)", "/api/v1/requests?page=1", "admin"),
        Endpoint("requests p1 (manager)", "/api/v1/requests?page=1", "manager"),
        Endpoint("requests last page (admin)", f"/api/v1/requests?page={last_page}", "admin"),
        Endpoint(
            "request by id (manager)", f"/api/v1/requests/{session.employee_request_id}", "manager"
        ),
        Endpoint("users p1 (admin)", "/api/v1/users?page=1", "admin"),
        *(
            [
                Endpoint(
                    "requests cursor deep (admin)",
                    f"/api/v1/requests?after={quote(session.deep_cursor)}",
                    "admin",
                )
            ]
            if session.deep_cursor
            else []
        ),
        Endpoint("balances (employee)", f"/api/v1/users/{employee}/balances", "employee"),
        Endpoint("approvals (manager)", "/api/v1/approvals", "manager"),
        Endpoint(
            "calendar team x month",
            f"/api/v1/calendar?team_id={team}&from={first}&to={last}",
            "employee",
        ),
        Endpoint(
            "calendar all x year (admin)",
            f"/api/v1/calendar?from={year}-01-01&to={year}-12-31",
            "admin",
        ),
        Endpoint("reports usage (admin)", f"/api/v1/reports/usage?year={year}", "admin"),
    ]


def last_requests_page(server, session):
    body = fetch(server, "/api/v1/requests?page=1", session.headers("admin"))
    return max(1, body["pages"])


def fetch(server, path, headers):
    response = requests.get(server.url + path, headers=headers, timeout=120)
    if response.status_code != 200:
        raise Mismatch(
            f"{server.name} answered {response.status_code} to {path}: {response.text[:500]}"
        )
    return response.json()


class Mismatch(AssertionError):
    pass


def assert_same(endpoint, ours_body, baseline_body):
    """Mismatch, naming the first difference, unless both apps answered the same."""
    difference = first_difference(ours_body, baseline_body)
    if difference:
        raise Mismatch(f"{endpoint.name} ({endpoint.path}) differs: {difference}")


def first_difference(a, b, where="$"):
    """Where two parsed JSON values first differ, as a readable line (None if equal)."""
    if type(a) is not type(b) and not (isinstance(a, int | float) and isinstance(b, int | float)):
        return f"{where}: {type(a).__name__} {_short(a)} != {type(b).__name__} {_short(b)}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'ours' if key in a else 'baseline'}"
            found = first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {_short(a)} != {_short(b)}"


def _short(value):
    text = json.dumps(value)
    return text if len(text) < 120 else text[:117] + "..."


def check_equal(ours, baseline, session, endpoint_list):
    """Fetch every endpoint from both apps; raise Mismatch on the first body that differs.
    Returns the endpoints compared."""
    compared = []
    for endpoint in endpoint_list:
        headers = session.headers(endpoint.user)
        bodies = [fetch(app, endpoint.path, headers) for app in (ours, baseline)]
        assert_same(endpoint, *bodies)
        compared.append(endpoint)
    return compared

"""The baseline: the bench's read endpoints as a bare Flask app with hand-written SQL.

It answers the same questions with the same guarantees as the real service, so the ratio
measures the cost of the service's layers, not missing work:
- the JWT is verified (HS256, the same SECRET_KEY, PyJWT) with praetorian's claim checks;
- the caller is loaded on every request (active flag, token version `ver`, roles) and the
  session's `jti` is checked against `token_blacklist`, in one statement;
- the same role checks and scoping (employee: self; manager: self + direct reports;
  admin: everyone) and the same JSON, compared as parsed JSON by bench/run;
- balances use the service's pure domain functions (`server/domain`) for the arithmetic.

Connections come from a small psycopg2 pool per worker, in autocommit (reads only).

    SECRET_KEY=... DATABASE_URL=postgresql://... gunicorn "bench.baseline.app:app"
"""

import json
import math
import os
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

import jwt
import psycopg2
import psycopg2.pool
import pytz
from flask import Flask, Response, g, request

from server.domain import accrual
from server.domain.balance import Balance

app = Flask(__name__)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ZERO = Decimal(0)
ACTIVE = ("pending", "approved")
_pool = None


class Problem(Exception):
    def __init__(self, status, detail, errors=None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


SLUGS = {
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    422: ("validation-error", "Validation error"),
}


@app.errorhandler(Problem)
def problem_response(exc):
    slug, title = SLUGS[exc.status]
    body = {"type": f"/problems/{slug}", "title": title, "status": exc.status}
    body["detail"] = exc.detail
    if exc.errors:
        body["errors"] = exc.errors
    return Response(json.dumps(body), exc.status, mimetype="application/problem+json")


def pool():
    global _pool
    if _pool is None:  # after gunicorn forked: one pool per worker
        _pool = psycopg2.pool.SimpleConnectionPool(1, 2, DATABASE_URL)
    return _pool


def cursor():
    if "conn" not in g:
        g.conn = pool().getconn()
        g.conn.autocommit = True
    return g.conn.cursor()


@app.teardown_request
def give_back(exc):
    conn = g.pop("conn", None)
    if conn is not None:
        pool().putconn(conn, close=bool(conn.closed))


def ok(body):
    return Response(json.dumps(body), 200, mimetype="application/json")


# --- the caller ---------------------------------------------------------------------------

INVALID = "The access token is missing, expired, revoked or invalid; log in again."
AUTH_SQL = """
SELECT u.id, u.is_active, u.token_version, u.timezone, u.country, u.subdivision,
       ARRAY(SELECT role FROM user_roles WHERE user_id = u.id),
       EXISTS (SELECT 1 FROM token_blacklist WHERE jti = %(jti)s)
FROM users u WHERE u.id = %(id)s
"""


class Caller:
    __slots__ = ("country", "id", "is_admin", "is_manager", "roles", "subdivision", "timezone")

    def __init__(self, row):
        self.id, _, _, self.timezone, self.country, self.subdivision, stored, _ = row
        self.is_admin = "admin" in stored
        self.is_manager = "manager" in stored
        self.roles = role_list(stored)


def role_list(stored):
    return ["employee", *(r for r in ("manager", "admin") if r in stored)]


def authenticate(*roles):
    """The active caller of a valid, unrevoked token of the current version; one of `roles`
    when given (403 otherwise)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme != "Bearer" or not token.strip():
        raise Problem(401, INVALID)
    try:
        claims = jwt.decode(
            token.strip(), SECRET_KEY, algorithms=["HS256"], options={"verify_exp": False}
        )
    except jwt.PyJWTError:
        raise Problem(401, INVALID) from None
    # praetorian's checks: the claims it needs, no registration/reset token, not expired.
    needed = ("jti", "id", "exp", "rf_exp")
    if any(k not in claims for k in needed) or "is_registration_token" in claims:
        raise Problem(401, INVALID)
    if "is_reset_token" in claims or time.time() > claims["exp"]:
        raise Problem(401, INVALID)
    if not isinstance(claims["id"], int):
        raise Problem(401, INVALID)
    with cursor() as cur:
        cur.execute(AUTH_SQL, {"jti": claims["jti"], "id": claims["id"]})
        row = cur.fetchone()
    if row is None or not row[1] or row[2] != claims.get("ver") or row[7]:
        raise Problem(401, INVALID)
    caller = Caller(row)
    if roles and not any(
        (r == "admin" and caller.is_admin) or (r == "manager" and caller.is_manager) for r in roles
    ):
        raise Problem(403, f"This needs the {' or '.join(roles)} role.")
    return caller


def scope(caller, column):
    """SQL limiting `column` (a user id) to what `caller` may see, and its parameters."""
    if caller.is_admin:
        return "TRUE", {}
    if caller.is_manager:
        return (
            f"{column} IN (SELECT id FROM users WHERE id = %(me)s OR manager_id = %(me)s)",
            {"me": caller.id},
        )
    return f"{column} = %(me)s", {"me": caller.id}


def paging():
    errors, values = {}, {}
    for name, default, high in (("page", 1, 10**6), ("per_page", 20, 100)):
        raw = request.args.get(name)
        if raw in (None, ""):
            values[name] = default
        elif not raw.strip().lstrip("-").isdigit() or not 1 <= int(raw) <= high:
            errors[name] = f"must be between 1 and {high}"
        else:
            values[name] = int(raw)
    if errors:
        raise Problem(422, next(f"{k} {v}" for k, v in errors.items()), errors)
    return values["page"], values["per_page"]


def page_body(items, page, per_page, total):
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page) if total else 0,
    }


def days(value):
    return None if value is None else float(value)


def iso(value):
    return None if value is None else value.isoformat()


# --- requests ---------------------------------------------------------------------------------

REQUEST_COLUMNS = """r.id, r.user_id, u.full_name, r.leave_type_id, r.start_date, r.end_date,
r.start_half, r.end_half, r.days, r.reason, r.status, r.reviewer_id, r.reviewed_at,
r.review_comment, r.created_at, r.updated_at"""


def request_json(row):
    (rid, user_id, full_name, type_id, start, end, start_half, end_half, amount, reason,
     status, reviewer_id, reviewed_at, comment, created, updated) = row[:16]  # fmt: skip
    return {
        "id": rid,
        "user_id": user_id,
        "user": {"id": user_id, "full_name": full_name},
        "leave_type_id": type_id,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "start_half": start_half,
        "end_half": end_half,
        "days": days(amount),
        "reason": reason,
        "status": status,
        "reviewer_id": reviewer_id,
        "reviewed_at": iso(reviewed_at),
        "review_comment": comment,
        "created_at": created.isoformat(),
        "updated_at": updated.isoformat(),
    }


@app.get("/api/v1/requests")
def list_requests():
    caller = authenticate()
    page, per_page = paging()
    where, params = scope(caller, "r.user_id")
    with cursor() as cur:
        cur.execute(f"SELECT count(*) FROM leave_requests r WHERE {where}", params)
        total = cur.fetchone()[0]
        cur.execute(
            f"SELECT {REQUEST_COLUMNS} FROM leave_requests r JOIN users u ON u.id = r.user_id "
            f"WHERE {where} ORDER BY r.start_date DESC, r.id LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": per_page, "offset": (page - 1) * per_page},
        )
        items = [request_json(row) for row in cur]
    return ok(page_body(items, page, per_page, total))


@app.get("/api/v1/requests/<int:request_id>")
def get_request(request_id):
    caller = authenticate()
    with cursor() as cur:
        cur.execute(
            f"SELECT {REQUEST_COLUMNS}, u.manager_id FROM leave_requests r "
            "JOIN users u ON u.id = r.user_id WHERE r.id = %s",
            (request_id,),
        )
        row = cur.fetchone()
    if row is None or not (
        caller.is_admin or row[1] == caller.id or (caller.is_manager and row[16] == caller.id)
    ):
        raise Problem(404, f"There is no leave request {request_id}.")
    return ok(request_json(row))


@app.get("/api/v1/approvals")
def approvals():
    caller = authenticate("manager", "admin")
    page, per_page = paging()
    where = "r.status = 'pending' AND r.user_id <> %(me)s"
    if not caller.is_admin:
        where += " AND r.user_id IN (SELECT id FROM users WHERE manager_id = %(me)s)"
    params = {"me": caller.id}
    with cursor() as cur:
        cur.execute(f"SELECT count(*) FROM leave_requests r WHERE {where}", params)
        total = cur.fetchone()[0]
        cur.execute(
            f"SELECT {REQUEST_COLUMNS} FROM leave_requests r JOIN users u ON u.id = r.user_id "
            f"WHERE {where} ORDER BY r.created_at, r.id LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": per_page, "offset": (page - 1) * per_page},
        )
        rows = cur.fetchall()
        dates = defaultdict(list)
        if rows:
            cur.execute(
                "SELECT request_id, date FROM leave_days WHERE request_id = ANY(%s) "
                "ORDER BY request_id, date",
                ([r[0] for r in rows],),
            )
            for request_id, day in cur:
                dates[request_id].append(day)
        conflicts = team_conflicts(cur, [(r[1], dates[r[0]]) for r in rows])
    items = [{**request_json(r), "team_conflicts": c} for r, c in zip(rows, conflicts, strict=True)]
    return ok(page_body(items, page, per_page, total))


def team_conflicts(cur, wanted):
    """For each (user_id, dates): the days one of the user's capped teams would have more
    members away than `max_absent`, counting the user (approved or pending leave)."""
    user_ids = sorted({user_id for user_id, _ in wanted})
    all_dates = [d for _, ds in wanted for d in ds]
    if not user_ids or not all_dates:
        return [[] for _ in wanted]
    cur.execute(
        "SELECT tm.user_id, t.id, t.name, t.max_absent FROM team_members tm "
        "JOIN teams t ON t.id = tm.team_id "
        "WHERE tm.user_id = ANY(%s) AND t.max_absent IS NOT NULL",
        (user_ids,),
    )
    teams_of = defaultdict(list)
    for user_id, *team in cur.fetchall():
        teams_of[user_id].append(tuple(team))
    team_ids = sorted({team[0] for teams in teams_of.values() for team in teams})
    away = defaultdict(set)
    if team_ids:
        cur.execute(
            "SELECT DISTINCT tm.team_id, d.date, r.user_id FROM team_members tm "
            "JOIN leave_requests r ON r.user_id = tm.user_id "
            "JOIN leave_days d ON d.request_id = r.id "
            "WHERE tm.team_id = ANY(%s) AND r.status IN ('pending', 'approved') "
            "AND d.date BETWEEN %s AND %s",
            (team_ids, min(all_dates), max(all_dates)),
        )
        for team_id, day, user_id in cur:
            away[(team_id, day)].add(user_id)
    result = []
    for user_id, ds in wanted:
        found = []
        for team_id, name, max_absent in sorted(teams_of[user_id], key=lambda t: t[1]):
            for day in ds:
                absent = len(away[(team_id, day)] | {user_id})
                if absent > max_absent:
                    found.append(
                        {
                            "team_id": team_id,
                            "team_name": name,
                            "date": day.isoformat(),
                            "absent": absent,
                            "max_absent": max_absent,
                        }
                    )
        result.append(found)
    return result


# --- users ------------------------------------------------------------------------------------


@app.get("/api/v1/users")
def list_users():
    caller = authenticate("manager", "admin")
    page, per_page = paging()
    where, params = scope(caller, "u.id")
    with cursor() as cur:
        cur.execute(f"SELECT count(*) FROM users u WHERE {where}", params)
        total = cur.fetchone()[0]
        cur.execute(
            "SELECT u.id, u.email, u.full_name, u.is_active, u.timezone, u.country, "
            "u.subdivision, u.hire_date, u.manager_id, u.work_days, u.created_at, u.updated_at, "
            "ARRAY(SELECT role FROM user_roles WHERE user_id = u.id), "
            "ARRAY(SELECT team_id FROM team_members WHERE user_id = u.id ORDER BY team_id) "
            f"FROM users u WHERE {where} ORDER BY u.full_name, u.id "
            "LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": per_page, "offset": (page - 1) * per_page},
        )
        items = [
            {
                "id": uid,
                "email": email,
                "full_name": name,
                "roles": role_list(stored),
                "is_active": active,
                "timezone": tz,
                "country": country,
                "subdivision": sub,
                "hire_date": iso(hired),
                "manager_id": manager_id,
                "work_days": work_days,
                "team_ids": team_ids,
                "created_at": created.isoformat(),
                "updated_at": updated.isoformat(),
            }
            for (uid, email, name, active, tz, country, sub, hired, manager_id, work_days,
                 created, updated, stored, team_ids) in cur
        ]  # fmt: skip
    return ok(page_body(items, page, per_page, total))


# --- balances ---------------------------------------------------------------------------------


def visible_user(cur, caller, user_id, columns):
    cur.execute(f"SELECT manager_id, {columns} FROM users WHERE id = %s", (user_id,))
    row = cur.fetchone()
    if row is None or not (
        caller.is_admin or user_id == caller.id or (caller.is_manager and row[0] == caller.id)
    ):
        raise Problem(404, f"There is no user {user_id}.")
    return row[1:]


USAGE_SQL = """
SELECT r.leave_type_id, extract(year FROM d.date)::int,
       coalesce(sum(d.amount) FILTER (WHERE r.status = 'approved' AND d.date <= %(as_of)s), 0),
       coalesce(sum(d.amount) FILTER (WHERE r.status = 'approved' AND d.date > %(as_of)s), 0),
       coalesce(sum(d.amount) FILTER (WHERE r.status = 'pending'), 0)
FROM leave_days d JOIN leave_requests r ON r.id = d.request_id
WHERE r.user_id = %(user)s AND r.status IN ('pending', 'approved')
GROUP BY 1, 2
"""


def local_today(tz_name):
    return datetime.now(UTC).astimezone(pytz.timezone(tz_name)).date()


def parse_date(raw, name):
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Problem(
            422, f"{name} must be a date (YYYY-MM-DD)", {name: "must be a date"}
        ) from None


@app.get("/api/v1/users/<int:user_id>/balances")
def balances(user_id):
    caller = authenticate()
    with cursor() as cur:
        tz, hire_date, created_at = visible_user(
            cur, caller, user_id, "timezone, hire_date, created_at"
        )
        today = local_today(tz)
        raw_year, raw_as_of = request.args.get("year"), request.args.get("as_of")
        if raw_year and not (raw_year.isdigit() and 1900 <= int(raw_year) <= 2999):
            raise Problem(422, "year must be between 1900 and 2999", {"year": "out of range"})
        year = int(raw_year) if raw_year else today.year
        as_of = parse_date(raw_as_of, "as_of") if raw_as_of else None
        if as_of is None:
            as_of = today if year == today.year else date(year, 12, 31)
        elif as_of.year != year:
            raise Problem(422, "as_of must be in year", {"as_of": "must be in year"})
        cur.execute(USAGE_SQL, {"as_of": as_of, "user": user_id})
        usage = {(t, y): (taken, scheduled, pending) for t, y, taken, scheduled, pending in cur}
        cur.execute(
            "SELECT leave_type_id, year, sum(days) FROM balance_adjustments "
            "WHERE user_id = %s GROUP BY 1, 2",
            (user_id,),
        )
        adjustments = {(t, y): total for t, y, total in cur}
        cur.execute(
            "SELECT id, name, code, color, yearly_allowance, accrual, carryover_max "
            "FROM leave_types WHERE is_active ORDER BY name, id"
        )
        leave_types = cur.fetchall()
    items = []
    for type_id, name, code, color, allowance, kind, carryover_max in leave_types:
        taken, scheduled, pending = usage.get((type_id, year), (ZERO, ZERO, ZERO))
        adjusted = adjustments.get((type_id, year), ZERO)
        if allowance is None:
            balance = Balance(None, ZERO, adjusted, taken, scheduled, pending)
        else:

            def full_year(y, type_id=type_id, allowance=allowance, kind=kind):
                used = sum(usage.get((type_id, y), (ZERO, ZERO, ZERO)), ZERO)
                return accrual.YearUsage(
                    accrual.entitlement(kind, allowance, y, hire_date, date(y, 12, 31)),
                    adjustments.get((type_id, y), ZERO),
                    used,
                )

            carried = ZERO
            if carryover_max:
                if hire_date is not None:
                    first_year = hire_date.year
                else:
                    years = [y for (t, y) in (*usage, *adjustments) if t == type_id]
                    first_year = min([created_at.year, year, *years])
                carried = accrual.carried_over(year, first_year, carryover_max, full_year)
            balance = Balance(
                accrual.entitlement(kind, allowance, year, hire_date, as_of),
                carried,
                adjusted,
                taken,
                scheduled,
                pending,
            )
        items.append(
            {
                "leave_type_id": type_id,
                "leave_type": {"id": type_id, "name": name, "code": code, "color": color},
                "year": year,
                "entitlement": days(balance.entitlement),
                "carried_over": days(balance.carried_over),
                "adjustments": days(balance.adjustments),
                "taken": days(balance.taken),
                "scheduled": days(balance.scheduled),
                "pending": days(balance.pending),
                "available": days(balance.available),
                "unlimited": balance.unlimited,
            }
        )
    return ok({"items": items})


@app.get("/health")
def health():
    return ok({"status": "ok"})

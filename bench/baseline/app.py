"""The baseline: the bench's read endpoints as a bare Flask app with hand-written SQL.

It answers the same questions with the same guarantees as the real service, so the ratio
measures the cost of the service's layers, not missing work:
- the JWT is verified (HS256, the same SECRET_KEY, PyJWT) with praetorian's claim checks;
- the caller is loaded on every request (active flag, token version `ver`, roles) and the
  session's `jti` is checked against `token_blacklist`, in one statement;
- the same role checks and scoping (employee: self; manager: self + direct reports;
  admin: everyone) and the same JSON, compared as parsed JSON by bench/run;
- balances (and the inbox's and the usage report's numbers) use the service's pure ledger
  (`server/domain/ledger.py`) for the arithmetic; public holidays come from `holidays`.

Connections come from a small psycopg2 pool per worker, in autocommit (reads only).

    SECRET_KEY=... DATABASE_URL=postgresql://... gunicorn "bench.baseline.app:app"
"""

import json
import math
import os
import threading
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

import holidays as holidays_lib
import jwt
import psycopg2
import psycopg2.pool
import pytz
from flask import Flask, Response, g, request

from server.domain.conversion import other_unit
from server.domain.ledger import Ledger, Usage, balance_effect, default_as_of
from server.http import cursors

app = Flask(__name__)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The service's cursors are signed with the secret: the baseline reads and writes the same.
cursor_app = Flask("cursors")
cursor_app.config["SECRET_KEY"] = SECRET_KEY
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ZERO = Decimal(0)
ACTIVE = ("pending", "approved")
_pool = None
_pool_lock = threading.Lock()


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
    """One pool per worker, made after gunicorn forked, with a connection for each of the
    worker's threads (gthread) and one to spare."""
    global _pool
    with _pool_lock:
        if _pool is None:
            threads = int(os.environ.get("GUNICORN_THREADS") or 1)
            _pool = psycopg2.pool.ThreadedConnectionPool(1, threads + 1, DATABASE_URL)
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
r.review_comment, r.created_at, r.updated_at, u.manager_id, u.timezone, r.unit, r.parts,
r.breakdown"""
REQUEST_WIDTH = 21  # the columns above


def request_json(row, caller):
    (rid, user_id, full_name, type_id, start, end, start_half, end_half, amount, reason,
     status, reviewer_id, reviewed_at, comment, created, updated, manager_id,
     tz, unit, parts, breakdown) = row[:REQUEST_WIDTH]  # fmt: skip
    is_owner = user_id == caller.id
    decides = not is_owner and (caller.is_admin or (caller.is_manager and manager_id == caller.id))
    started = start <= local_today(tz)
    return {
        "id": rid,
        "user_id": user_id,
        "user": {"id": user_id, "full_name": full_name},
        "leave_type_id": type_id,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "start_half": start_half,
        "end_half": end_half,
        "days": days(amount) if unit == "days" else None,
        "unit": unit,
        "amount": days(amount),
        "parts": [part_json(p) for p in parts or ()],
        "breakdown": [
            {
                "date": d["date"],
                "scheduled_hours": float(d["scheduled_hours"]),
                "amount": float(d["amount"]),
            }
            for d in breakdown
        ],
        "reason": reason,
        "status": status,
        "reviewer_id": reviewer_id,
        "reviewed_at": iso(reviewed_at),
        "review_comment": comment,
        "created_at": created.isoformat(),
        "updated_at": updated.isoformat(),
        "can_cancel": (is_owner or caller.is_admin)
        and status in ("pending", "approved")
        and not (status == "approved" and started and not caller.is_admin),
        "can_edit": is_owner and status == "pending",
        "can_decide": decides and status == "pending",
    }


def part_json(part):
    shown = {"date": part["date"], "hours": float(part["hours"])}
    if part.get("start_time"):
        shown["start_time"] = part["start_time"]
    return shown


@app.get("/api/v1/requests")
def list_requests():
    caller = authenticate()
    if "after" in request.args:
        return requests_after(caller)
    page, per_page = paging()
    where, params = scope(caller, "r.user_id")
    with cursor() as cur:
        cur.execute(f"SELECT count(*) FROM leave_requests r WHERE {where}", params)
        total = cur.fetchone()[0]
        cur.execute(
            f"SELECT {REQUEST_COLUMNS} FROM leave_requests r JOIN users u ON u.id = r.user_id "
            f"WHERE {where} ORDER BY r.start_date DESC, r.id DESC "
            "LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": per_page, "offset": (page - 1) * per_page},
        )
        items = [request_json(row, caller) for row in cur]
    return ok(page_body(items, page, per_page, total))


def requests_after(caller):
    """Keyset paging: the service's signed cursor carries (start_date, id) of the last item."""
    _, per_page = paging()
    where, params = scope(caller, "r.user_id")
    if request.args["after"]:
        with cursor_app.app_context():
            start, last_id = cursors.decode(request.args["after"], scope=request.path)
        where += " AND (r.start_date, r.id) < (%(start)s, %(last_id)s)"
        params = {**params, "start": start, "last_id": last_id}
    with cursor() as cur:
        cur.execute(
            f"SELECT {REQUEST_COLUMNS}, r.start_date, r.id FROM leave_requests r "
            f"JOIN users u ON u.id = r.user_id WHERE {where} "
            "ORDER BY r.start_date DESC, r.id DESC LIMIT %(limit)s",
            {**params, "limit": per_page + 1},
        )
        rows = cur.fetchall()
    next_after = None
    if len(rows) > per_page:
        rows = rows[:per_page]
        with cursor_app.app_context():
            next_after = cursors.encode(rows[-1][-2:], scope=request.path)
    items = [request_json(row, caller) for row in rows]
    return ok({"items": items, "per_page": per_page, "next_after": next_after})


@app.get("/api/v1/requests/<int:request_id>")
def get_request(request_id):
    caller = authenticate()
    with cursor() as cur:
        cur.execute(
            f"SELECT {REQUEST_COLUMNS} FROM leave_requests r "
            "JOIN users u ON u.id = r.user_id WHERE r.id = %s",
            (request_id,),
        )
        row = cur.fetchone()
    if row is None or not (
        caller.is_admin or row[1] == caller.id or (caller.is_manager and row[16] == caller.id)
    ):
        raise Problem(404, f"There is no leave request {request_id}.")
    return ok(request_json(row, caller))


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
            f"SELECT {REQUEST_COLUMNS}, t.id, t.name, t.code, t.color, t.yearly_allowance, "
            "t.accrual, t.carryover_max, t.unit, t.allow_negative, t.availability "
            "FROM leave_requests r "
            "JOIN users u ON u.id = r.user_id JOIN leave_types t ON t.id = r.leave_type_id "
            f"WHERE {where} ORDER BY r.created_at, r.id LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": per_page, "offset": (page - 1) * per_page},
        )
        rows = cur.fetchall()
        day_rows = {
            r[0]: [(date.fromisoformat(d["date"]), Decimal(d["amount"])) for d in r[20]]
            for r in rows
        }
        ledgers = {}
        if rows:
            owners = sorted({r[1] for r in rows})
            ledgers = load_ledgers(cur, "SELECT unnest(%(owners)s)", {"owners": owners})
        conflicts = team_conflicts(
            cur,
            [(r[1], r[2], [d for d, _ in day_rows[r[0]]] if r[-1] == "away" else []) for r in rows],
        )
    items = []
    for row, found in zip(rows, conflicts, strict=True):
        leave_type = LeaveTypeRow(*row[REQUEST_WIDTH:-1])
        per_year = defaultdict(lambda: ZERO)
        for day, amount in day_rows[row[0]]:
            per_year[day.year] += amount
        per_year = dict(per_year)
        without = ledgers[row[1]].without_pending(leave_type.id, per_year)
        charges, _ = balance_effect(without, leave_type, row[4], row[5], per_year)
        by_year = [
            {
                "year": c.year,
                "days": days(c.days) if leave_type.unit == "days" else None,
                "amount": days(c.days),
                "balance_before": days(c.balance_before),
                "balance_after": days(c.balance_after),
            }
            for c in charges
        ]
        items.append({**request_json(row, caller), "team_conflicts": found, "by_year": by_year})
    return ok(page_body(items, page, per_page, total))


def team_conflicts(cur, wanted):
    """For each (user_id, full_name, dates): the days one of the user's capped teams would
    have more members away than `max_absent`, counting the user (approved or pending
    leave), and who they are."""
    user_ids = sorted({user_id for user_id, _, _ in wanted})
    all_dates = [d for _, _, ds in wanted for d in ds]
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
    away = defaultdict(dict)
    if team_ids:
        cur.execute(
            "SELECT DISTINCT tm.team_id, d.date, r.user_id, u.full_name FROM team_members tm "
            "JOIN leave_requests r ON r.user_id = tm.user_id "
            "JOIN users u ON u.id = r.user_id "
            "JOIN leave_days d ON d.request_id = r.id "
            "JOIN leave_types lt ON lt.id = r.leave_type_id AND lt.availability = 'away' "
            "WHERE tm.team_id = ANY(%s) AND r.status IN ('pending', 'approved') "
            "AND d.date BETWEEN %s AND %s",
            (team_ids, min(all_dates), max(all_dates)),
        )
        for team_id, day, user_id, full_name in cur:
            away[(team_id, day)][user_id] = full_name
    result = []
    for user_id, user_name, ds in wanted:
        found = []
        for team_id, name, max_absent in sorted(teams_of[user_id], key=lambda t: t[1]):
            for day in ds:
                who = {**away[(team_id, day)], user_id: user_name}
                if len(who) > max_absent:
                    found.append(
                        {
                            "team_id": team_id,
                            "team_name": name,
                            "date": day.isoformat(),
                            "absent": len(who),
                            "max_absent": max_absent,
                            "away": people_by_name(who),
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
            "SELECT u.id, u.email, u.full_name, u.is_active, u.timezone, u.locale, u.country, "
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
                "locale": locale,
                "country": country,
                "subdivision": sub,
                "hire_date": iso(hired),
                "manager_id": manager_id,
                "work_days": work_days,
                "team_ids": team_ids,
                "created_at": created.isoformat(),
                "updated_at": updated.isoformat(),
            }
            for (uid, email, name, active, tz, locale, country, sub, hired, manager_id,
                 work_days, created, updated, stored, team_ids) in cur
        ]  # fmt: skip
    return ok(page_body(items, page, per_page, total))


# --- balances ---------------------------------------------------------------------------------


class LeaveTypeRow(NamedTuple):
    """What the ledger needs of a leave type, and what the JSON shows."""

    id: int
    name: str
    code: str
    color: str
    yearly_allowance: Decimal | None
    accrual: str
    carryover_max: Decimal
    unit: str
    allow_negative: bool

    @property
    def unlimited(self):
        return self.yearly_allowance is None


LEAVE_TYPES_SQL = (
    "SELECT id, name, code, color, yearly_allowance, accrual, carryover_max, unit, "
    "allow_negative FROM leave_types WHERE is_active ORDER BY name, id"
)
USAGE_SQL = """
SELECT r.leave_type_id, extract(year FROM d.date)::int,
       coalesce(sum(d.amount) FILTER (WHERE r.status = 'approved' AND d.date <= %(as_of)s), 0),
       coalesce(sum(d.amount) FILTER (WHERE r.status = 'approved' AND d.date > %(as_of)s), 0),
       coalesce(sum(d.amount) FILTER (WHERE r.status = 'pending'), 0)
FROM leave_days d JOIN leave_requests r ON r.id = d.request_id
WHERE r.user_id = %(user)s AND r.status IN ('pending', 'approved')
GROUP BY 1, 2
"""


def visible_user(cur, caller, user_id, columns):
    cur.execute(f"SELECT manager_id, {columns} FROM users WHERE id = %s", (user_id,))
    row = cur.fetchone()
    if row is None or not (
        caller.is_admin or user_id == caller.id or (caller.is_manager and row[0] == caller.id)
    ):
        raise Problem(404, f"There is no user {user_id}.")
    return row[1:]


def local_today(tz_name):
    return datetime.now(UTC).astimezone(pytz.timezone(tz_name)).date()


def year_arg(default):
    raw = request.args.get("year")
    if not raw:
        return default
    if not (raw.isdigit() and 1900 <= int(raw) <= 2999):
        raise Problem(422, "year must be between 1900 and 2999", {"year": "out of range"})
    return int(raw)


def date_arg(name):
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Problem(
            422, f"{name} must be a date (YYYY-MM-DD)", {name: "must be a date"}
        ) from None


def balance_json(leave_type, year, balance, reference_day_hours):
    return {
        "leave_type_id": leave_type.id,
        "leave_type": {
            "id": leave_type.id,
            "name": leave_type.name,
            "code": leave_type.code,
            "color": leave_type.color,
        },
        "year": year,
        "period": {"start": f"{year:04d}-01-01", "end": f"{year:04d}-12-31"},
        "entitlement": days(balance.entitlement),
        "carried_over": days(balance.carried_over),
        "adjustments": days(balance.adjustments),
        "taken": days(balance.taken),
        "scheduled": days(balance.scheduled),
        "pending": days(balance.pending),
        "available": days(balance.available),
        "unit": leave_type.unit,
        "display_equivalent": equivalent(leave_type.unit, balance.available, reference_day_hours),
        "unlimited": balance.unlimited,
    }


def equivalent(unit, available, reference_day_hours):
    """`available` in the other unit (the domain's arithmetic, as for the ledger)."""
    if available is None or not reference_day_hours:
        return None
    return float(other_unit(unit, available, reference_day_hours))


def reference_day_hours(weeks):
    """The cycle's hours over its working days, exact."""
    hours = [Fraction(h) for week in weeks for h in week]
    working = sum(1 for h in hours if h > 0)
    return sum(hours) / working if working else None


@app.get("/api/v1/users/<int:user_id>/balances")
def balances(user_id):
    caller = authenticate()
    with cursor() as cur:
        tz, hire_date, created_at = visible_user(
            cur, caller, user_id, "timezone, hire_date, created_at"
        )
        today = local_today(tz)
        year = year_arg(today.year)
        as_of = date_arg("as_of") or default_as_of(year, today)
        if as_of.year != year:
            raise Problem(422, "as_of must be in year", {"as_of": "must be in year"})
        cur.execute(USAGE_SQL, {"as_of": as_of, "user": user_id})
        usage = {
            (t, y): Usage(taken, scheduled, pending) for t, y, taken, scheduled, pending in cur
        }
        cur.execute(
            "SELECT leave_type_id, year, sum(days) FROM balance_adjustments "
            "WHERE user_id = %s GROUP BY 1, 2",
            (user_id,),
        )
        adjustments = {(t, y): total for t, y, total in cur}
        cur.execute(LEAVE_TYPES_SQL)
        leave_types = [LeaveTypeRow(*row) for row in cur]
        cur.execute(
            "SELECT weeks FROM work_schedules WHERE user_id = %s AND effective_from <= %s "
            "ORDER BY effective_from DESC LIMIT 1",
            (user_id, as_of),
        )
        schedule = cur.fetchone()
    ledger = Ledger(hire_date, created_at.year, usage, adjustments)
    reference = reference_day_hours(schedule[0]) if schedule else None
    items = [balance_json(t, year, ledger.balance(t, year, as_of), reference) for t in leave_types]
    return ok({"items": items})


def load_ledgers(cur, people_sql, params, year=None, as_of=None):
    """{user id: Ledger} for the users `people_sql` selects, in three statements. In `year`,
    approved days up to each user's day `as_of[user id]` are taken and the rest scheduled
    (one summed column per distinct day); elsewhere every approved day counts as taken,
    which is all carry-over needs."""
    cur.execute(f"SELECT id, hire_date, created_at FROM users WHERE id IN ({people_sql})", params)
    users = cur.fetchall()
    as_of = as_of or {}
    cut_days = sorted(set(as_of.values()))
    cuts = "".join(
        f", coalesce(sum(d.amount) FILTER (WHERE r.status = 'approved' "
        f"AND d.date <= %(cut{i})s), 0)"
        for i in range(len(cut_days))
    )
    cur.execute(
        "SELECT r.user_id, r.leave_type_id, extract(year FROM d.date)::int, "
        "coalesce(sum(d.amount) FILTER (WHERE r.status = 'pending'), 0), "
        f"coalesce(sum(d.amount) FILTER (WHERE r.status = 'approved'), 0){cuts} "
        "FROM leave_days d JOIN leave_requests r ON r.id = d.request_id "
        f"WHERE r.user_id IN ({people_sql}) AND r.status IN ('pending', 'approved') "
        "GROUP BY 1, 2, 3",
        {**params, **{f"cut{i}": day for i, day in enumerate(cut_days)}},
    )
    usage = defaultdict(dict)
    for user_id, type_id, row_year, pending, approved, *taken_by_cut in cur:
        taken = approved
        if row_year == year:
            taken = taken_by_cut[cut_days.index(as_of[user_id])]
        usage[user_id][(type_id, row_year)] = Usage(taken, approved - taken, pending)
    cur.execute(
        "SELECT user_id, leave_type_id, year, sum(days) FROM balance_adjustments "
        f"WHERE user_id IN ({people_sql}) GROUP BY 1, 2, 3",
        params,
    )
    adjustments = defaultdict(dict)
    for user_id, type_id, adjusted_year, total in cur:
        adjustments[user_id][(type_id, adjusted_year)] = total
    return {
        uid: Ledger(hired, created.year, usage[uid], adjustments[uid])
        for uid, hired, created in users
    }


# --- calendar ---------------------------------------------------------------------------------

AWAY = {"id": None, "name": "Away", "color": None}


@lru_cache(maxsize=2048)
def public_holidays(country, subdivision, year):
    calendar = holidays_lib.country_holidays(country, subdiv=subdivision, years=year)
    return tuple(sorted((day, name) for day, name in calendar.items() if day.year == year))


def absence_scope(caller):
    """Whose absences the caller sees: everyone (admins), else themselves, everyone sharing
    a team with them and (managers) their direct reports."""
    if caller.is_admin:
        return "TRUE", {}
    reports = " UNION SELECT id FROM users WHERE manager_id = %(me)s" if caller.is_manager else ""
    return (
        "u.id IN (SELECT %(me)s UNION SELECT user_id FROM team_members WHERE team_id IN "
        f"(SELECT team_id FROM team_members WHERE user_id = %(me)s){reports})",
        {"me": caller.id},
    )


@app.get("/api/v1/calendar")
def calendar():
    caller = authenticate()
    first, last = date_arg("from"), date_arg("to")
    if (first is None) != (last is None):
        raise Problem(422, "Give both from and to, or neither (the current month).")
    if first is None:
        first = local_today(caller.timezone).replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if last < first or (last - first).days > 365:
        raise Problem(422, "The range must be from <= to, at most 365 days.")
    where, params = absence_scope(caller)
    where = f"u.is_active AND {where}"
    for name, column in (("team_id", "u.id IN (SELECT user_id FROM team_members "
                                     "WHERE team_id = %(team_id)s)"),
                         ("user_id", "u.id = %(user_id)s")):  # fmt: skip
        raw = request.args.get(name)
        if raw:
            if not raw.isdigit():
                raise Problem(422, f"{name} must be an integer", {name: "must be an integer"})
            where += f" AND {column}"
            params[name] = int(raw)
    params.update(first=first, last=last)
    with cursor() as cur:
        cur.execute(
            "SELECT u.id, u.full_name, u.country, u.subdivision, u.work_days FROM users u "
            f"WHERE {where} ORDER BY u.full_name, u.id",
            params,
        )
        people = cur.fetchall()
        cur.execute(
            "SELECT r.id, r.user_id, u.full_name, u.manager_id, r.start_date, r.end_date, "
            "r.start_half, r.end_half, r.days, r.unit, r.parts, r.status, t.id, t.name, "
            "t.color, t.visibility "
            "FROM leave_requests r JOIN users u ON u.id = r.user_id "
            "JOIN leave_types t ON t.id = r.leave_type_id "
            f"WHERE {where} AND r.status IN ('pending', 'approved') "
            "AND r.start_date <= %(last)s AND r.end_date >= %(first)s "
            "ORDER BY r.start_date, u.full_name, r.id",
            params,
        )
        absences = [
            {
                "request_id": rid,
                "user": {"id": uid, "full_name": name},
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "start_half": start_half,
                "end_half": end_half,
                "days": days(amount) if unit == "days" else None,
                "unit": unit,
                "amount": days(amount),
                "parts": [part_json(p) for p in parts or ()],
                "status": status,
                "leave_type": {"id": type_id, "name": type_name, "color": color}
                if caller.is_admin or uid == caller.id or visibility == "public"
                or (caller.is_manager and manager_id == caller.id)
                else AWAY,
            }
            for (rid, uid, name, manager_id, start, end, start_half, end_half, amount, unit,
                 parts, status, type_id, type_name, color, visibility) in cur
        ]  # fmt: skip
        # Hours worked are a person's record: only for those whose records the caller sees.
        records, records_params = scope(caller, "s.user_id")
        cur.execute(
            "SELECT s.user_id, s.effective_from, s.cycle_anchor, s.weeks, s.day_start "
            "FROM work_schedules s JOIN users u ON u.id = s.user_id "
            f"WHERE {where} AND {records} AND s.effective_from <= %(last)s AND s.effective_from >= "
            "coalesce((SELECT max(b.effective_from) FROM work_schedules b "
            "WHERE b.user_id = s.user_id AND b.effective_from <= %(first)s), %(first)s) "
            "ORDER BY s.user_id, s.effective_from",
            {**params, **records_params},
        )
        schedules = defaultdict(list)
        for uid, effective_from, anchor, weeks, day_start in cur:
            schedules[uid].append(
                {"effective_from": effective_from.isoformat(), "cycle_anchor": anchor.isoformat(),
                 "weeks": [[float(h) for h in week] for week in weeks],
                 "day_start": day_start.strftime("%H:%M")}
            )  # fmt: skip
        regions = sorted({(country, sub) for _, _, country, sub, _ in people if country})
        found = {}
        for country, sub in regions:
            for year in range(first.year, last.year + 1):
                for day, name in public_holidays(country, sub, year):
                    if first <= day <= last:
                        found[(day, country, sub)] = (day, name, "public", country, sub)
        cur.execute(
            "SELECT date, name, country FROM holidays WHERE date BETWEEN %s AND %s "
            "AND (country IS NULL OR country = ANY(%s))",
            (first, last, sorted({c for c, _ in regions})),
        )
        company = [(day, name, "company", country, None) for day, name, country in cur]
        conflicts = calendar_conflicts(cur, params.get("team_id"), first, last)
    holidays = sorted(
        [*found.values(), *company], key=lambda h: (h[0], h[3] or "", h[4] or "", h[2], h[1])
    )
    return ok(
        {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "absences": absences,
            "holidays": [
                {"date": d.isoformat(), "name": n, "source": s, "country": c, "subdivision": sd}
                for d, n, s, c, sd in holidays
            ],
            "people": [
                {
                    "id": i,
                    "full_name": n,
                    "country": c,
                    "subdivision": sd,
                    "work_days": w,
                    "schedules": schedules[i],
                }
                for i, n, c, sd, w in people
            ],
            "team_conflicts": conflicts,
        }
    )


def calendar_conflicts(cur, team_id, first, last):
    """For a team with `max_absent`: the days more of its members are away than it allows."""
    if team_id is None:
        return []
    cur.execute(
        "SELECT t.name, t.max_absent, array_agg(m.user_id) FROM teams t "
        "JOIN team_members m ON m.team_id = t.id "
        "WHERE t.id = %s AND t.max_absent IS NOT NULL GROUP BY t.id",
        (team_id,),
    )
    team = cur.fetchone()
    if team is None:
        return []
    name, max_absent, members = team
    cur.execute(
        "SELECT DISTINCT d.date, r.user_id, u.full_name FROM leave_requests r "
        "JOIN users u ON u.id = r.user_id JOIN leave_days d ON d.request_id = r.id "
        "JOIN leave_types lt ON lt.id = r.leave_type_id AND lt.availability = 'away' "
        "WHERE r.user_id = ANY(%s) AND r.status IN ('pending', 'approved') "
        "AND d.date BETWEEN %s AND %s",
        (members, first, last),
    )
    by_day = defaultdict(dict)
    for day, user_id, full_name in cur:
        by_day[day][user_id] = full_name
    return [
        {"team_id": team_id, "team_name": name, "date": day.isoformat(), "absent": len(who),
         "max_absent": max_absent, "away": people_by_name(who)}
        for day, who in sorted(by_day.items())
        if len(who) > max_absent
    ]  # fmt: skip


def people_by_name(names):
    """[{id, full_name}] by name, then id, from {id: full_name}."""
    return [{"id": i, "full_name": n} for i, n in sorted(names.items(), key=lambda p: (p[1], p[0]))]


# --- reports ----------------------------------------------------------------------------------


@app.get("/api/v1/reports/usage")
def usage_report():
    caller = authenticate("manager", "admin")
    year = year_arg(local_today(caller.timezone).year)
    if request.args.get("format", "json") != "json":
        raise Problem(422, "The baseline only serves format=json", {"format": "json only"})
    where, params = scope(caller, "id")
    people = f"SELECT id FROM users WHERE {where}"
    raw_team = request.args.get("team_id")
    if raw_team:
        people += " AND id IN (SELECT user_id FROM team_members WHERE team_id = %(team_id)s)"
        params["team_id"] = int(raw_team)
    now = datetime.now(UTC)
    with cursor() as cur:
        cur.execute(
            "SELECT id, full_name, email, is_active, timezone FROM users "
            f"WHERE id IN ({people}) ORDER BY full_name, id",
            params,
        )
        users = cur.fetchall()
        as_of = {
            uid: default_as_of(year, now.astimezone(pytz.timezone(tz)).date())
            for uid, _, _, _, tz in users
        }
        ledgers = load_ledgers(cur, people, params, year, as_of)
        cur.execute(LEAVE_TYPES_SQL)
        leave_types = [LeaveTypeRow(*row) for row in cur]
    items = []
    for uid, name, email, active, _ in users:
        for leave_type in leave_types:
            b = ledgers[uid].balance(leave_type, year, as_of[uid])
            items.append(
                {
                    "user_id": uid,
                    "full_name": name,
                    "email": email,
                    "is_active": active,
                    "leave_type": leave_type.code,
                    "unit": leave_type.unit,
                    "entitlement": days(b.entitlement),
                    "carried_over": None if b.unlimited else days(b.carried_over),
                    "adjustments": days(b.adjustments),
                    "taken": days(b.taken),
                    "scheduled": days(b.scheduled),
                    "pending": days(b.pending),
                    "available": days(b.available),
                }
            )
    return ok({"year": year, "items": items})


@app.get("/health")
def health():
    return ok({"status": "ok"})

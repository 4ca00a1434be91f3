"""What the seed, the runner and the baseline share: the bench database's defaults, the
marker that says the seed made a database, and how the bench users are chosen."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pto_bench"
# The comment the seed puts on every database it creates; it touches no other database.
MARKER = "pto-bench-seed"
BENCH_PASSWORD = "pto-bench-password"


def bench_url(url=None):
    return url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def database_name(url):
    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise SystemExit(f"The URL {url!r} names no database")
    return name


def with_database(url, name):
    """`url` pointing at database `name` on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_comment(cursor, name):
    """The comment on database `name` ("" when it has none), or None if it does not exist:
    the seed's marker starts the comment of every database the seed made."""
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        (name,),
    )
    row = cursor.fetchone()
    return None if row is None else row[0] or ""


def bench_logins(cursor):
    """The bench users, chosen the same way every time from the seeded data:
    {"admin": (id, email), "manager": (id, email), "employee": (id, email)}.

    The manager is a first-line manager (no reports of their own hold a role) with the most
    active direct reports; the employee is the first active, full-time report of theirs
    who is in a team (so team calendars have someone to show)."""
    cursor.execute(
        """SELECT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id
           WHERE r.role = 'admin' AND u.is_active ORDER BY u.id LIMIT 1"""
    )
    admin = cursor.fetchone()
    cursor.execute(
        """SELECT m.id, m.email FROM users m JOIN user_roles r ON r.user_id = m.id
           WHERE r.role = 'manager' AND m.is_active
             AND NOT EXISTS (SELECT 1 FROM users x JOIN user_roles xr ON xr.user_id = x.id
                             WHERE x.manager_id = m.id)
           ORDER BY (SELECT count(*) FROM users e WHERE e.manager_id = m.id AND e.is_active)
                    DESC, m.id
           LIMIT 1"""
    )
    manager = cursor.fetchone()
    cursor.execute(
        """SELECT e.id, e.email FROM users e
           WHERE e.manager_id = %s AND e.is_active
             AND e.work_days = '[0, 1, 2, 3, 4]'::jsonb
             AND EXISTS (SELECT 1 FROM team_members t WHERE t.user_id = e.id)
           ORDER BY e.id LIMIT 1""",
        (manager[0],),
    )
    employee = cursor.fetchone()
    if not (admin and manager and employee):
        raise SystemExit("The bench database has no admin, manager or employee to log in as")
    return {"admin": admin, "manager": manager, "employee": employee}

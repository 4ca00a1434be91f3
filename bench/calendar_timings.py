"""Timings of the calendar, the iCal feed and the usage report at one connection.

    python -m bench.calendar_timings [--url ...] [--duration 5]
    bench/run --calendar             (the same, after the comparison, on the same server)

Starts the service (production settings, 2 sync workers) on the bench database unless
given one, logs the bench users in, creates the employee's feed token with
`POST /auth/calendar-token`, and loads each endpoint alone with wrk at one connection:
p50 and p90 per endpoint (targets are stated at one connection). A run lasts at least
five times one request, so even the year-long company calendar gets a few samples.
"""

import argparse
import json
import math
import secrets
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg2
import requests

from bench import endpoints as ep
from bench import servers, wrk
from bench.common import bench_url


@dataclass(frozen=True)
class Timing:
    name: str
    path: str
    user: str | None  # None: no Authorization header (the feed's token is in its URL)


def feed_path(server, session):
    """A fresh feed URL's path for the employee (the token is the credential)."""
    response = requests.post(
        server.api("/auth/calendar-token"), headers=session.headers("employee"), timeout=30
    )
    if response.status_code != 201:
        raise RuntimeError(f"POST /auth/calendar-token: {response.status_code} {response.text}")
    return urlsplit(response.json()["feed_url"]).path


def timings(server, session):
    first, last = ep.month_range(session.today)
    year = session.today.year
    team = session.employee_team_id
    items = [
        Timing(
            "calendar team x month", f"/api/v1/calendar?team_id={team}&from={first}&to={last}",
            "employee",
        ),
        Timing(
            "calendar team x year",
            f"/api/v1/calendar?team_id={team}&from={year}-01-01&to={year}-12-31",
            "employee",
        ),
        Timing("calendar everyone x month (admin)", f"/api/v1/calendar?from={first}&to={last}",
               "admin"),
        Timing("calendar everyone x year (admin)",
               f"/api/v1/calendar?from={year}-01-01&to={year}-12-31", "admin"),
        Timing("reports usage, everyone (admin)", f"/api/v1/reports/usage?year={year}", "admin"),
        Timing("reports usage csv (admin)", f"/api/v1/reports/usage?year={year}&format=csv",
               "admin"),
    ]  # fmt: skip
    items.insert(4, Timing("calendar feed .ics (employee)", feed_path(server, session), None))
    return items


def run(server, session, duration=5.0):
    """Time each endpoint at one connection; print and return the rows."""
    items = timings(server, session)
    rows = []
    print(f"\nCalendar, feed and reports at 1 connection, {duration:g} s each")
    print(f"{'endpoint':<36} {'requests':>8} {'p50 ms':>8} {'p90 ms':>8} {'bytes':>9}")
    for item in items:
        headers = session.headers(item.user) if item.user else {}
        started = time.monotonic()
        response = requests.get(server.url + item.path, headers=headers, timeout=300)
        single_s = time.monotonic() - started
        if response.status_code != 200:
            raise ep.Mismatch(f"{item.name}: {response.status_code} {response.text[:300]}")
        # At least ~5 requests, however slow the endpoint.
        seconds = max(duration, math.ceil(5 * single_s))
        result = wrk.run(server.url, wrk.Target(item.path, headers), 1, seconds)
        row = {
            "endpoint": item.name,
            "requests": result.requests,
            "p50_ms": result.p50_ms,
            "p90_ms": result.p90_ms,
            "bytes": len(response.content),
            "errors": result.errors,
        }
        rows.append(row)
        print(
            f"{item.name:<36} {result.requests:>8} {result.p50_ms:8.1f} {result.p90_ms:8.1f} "
            f"{len(response.content):>9,}"
            + (f"  ({result.errors} errors)" if result.errors else "")
        )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="Bench database (default: $BENCH_DATABASE_URL or pto_bench)")
    parser.add_argument("--duration", type=float, default=5, help="seconds per endpoint (5)")
    parser.add_argument("--out", help="also write the rows as JSON to this file")
    args = parser.parse_args(argv)
    if not wrk.available():
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    url = bench_url(args.url)
    from bench.runner import ensure_seeded

    ensure_seeded(url)
    server = None
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        server = servers.start_ours(url, secrets.token_urlsafe(48))
        rows = run(server, ep.open_session(conn, server), args.duration)
    finally:
        conn.close()
        servers.stop(server)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())

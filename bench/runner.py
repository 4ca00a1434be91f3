"""bench/run: the service against the baseline, side by side, on the seeded company.

1. Starts both apps under gunicorn (the same gunicorn.conf.py; production settings, 2 sync
   workers, no access log) on loopback, on the bench database (seeding it first if it
   does not exist).
2. Logs the bench users in and checks once that every endpoint's body is the same from
   both apps (parsed JSON); stops at the first difference.
3. Counts what the service sends to PostgreSQL per request (queries and round trips) in a
   separate pass through a counting proxy, so the timing runs are not slowed.
4. Loads each endpoint with wrk, alternating the two apps round by round (same
   connections and duration), and reports req/s, the median of the paired per-round
   ratios, p50 and p99 under load, and p50 at one connection.
5. Prints the workers' RSS before and after; with --soak, loads a mix for that long and
   prints RSS over time.
"""

import argparse
import json
import math
import secrets
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import requests

from bench import endpoints as ep
from bench import servers, wrk
from bench.common import (
    MARKER,
    REPO_ROOT,
    bench_url,
    database_comment,
    database_name,
    with_database,
)
from bench.pgcount import StatementCounter, is_query

RESULTS = REPO_ROOT / "bench" / "results.json"
# Seconds one request takes beyond which an endpoint is heavy (reports, year calendars).
HEAVY_SECONDS = 1.0


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="Bench database (default: $BENCH_DATABASE_URL or pto_bench)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--duration", type=float, default=10, help="seconds per run (10)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds (4)")
    parser.add_argument(
        "--single-duration", type=float, default=None, help="seconds per 1-connection run"
    )
    parser.add_argument("--quick", action="store_true", help="everything in under 3 minutes")
    parser.add_argument("--soak", type=float, default=0, help="seconds of mixed load after")
    parser.add_argument("--only", help="comma-separated substrings of endpoint names to run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, each app (2)")
    parser.add_argument(
        "--worker-class", default="sync", choices=("sync", "gthread"), help="both apps (sync)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help="recycle workers after this many requests (gunicorn.conf.py's 2000; 0: never)",
    )
    parser.add_argument("--calendar", action="store_true", help="also run calendar_timings")
    parser.add_argument("--out", default=str(RESULTS), help="results file (bench/results.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.duration = 2, 2
        args.single_duration = args.single_duration or 1
    args.single_duration = args.single_duration or max(2.0, args.duration / 2)
    if args.connections < 1 or args.rounds < 1 or args.duration < 1:
        parser.error("--connections, --rounds and --duration must be at least 1")
    return args


def ensure_seeded(url):
    """Seed the bench database if it does not exist; migrate it to the current schema if
    it does (only a database the seed created: it carries the marker)."""
    from bench import seed

    name = database_name(url)
    admin = psycopg2.connect(with_database(url, "postgres"))
    try:
        with admin.cursor() as cur:
            comment = database_comment(cur, name)
    finally:
        admin.close()
    if comment is None:
        print(f"{name} does not exist: seeding it first (python -m bench.seed)")
        if seed.main(["--url", url]) != 0:
            raise SystemExit(2)
    elif not comment.startswith(MARKER):
        raise SystemExit(f"{name} was not made by bench/seed.py: refusing to use it")
    else:
        seed.migrate(url)  # a no-op unless main brought new migrations


@dataclass
class Checked:
    """What the verification pass learnt: the endpoints compared equal,
    statements per request {(app, endpoint): (queries, round trips)}, and how long one
    request of each endpoint takes at best (seconds, the slower app)."""

    compared: list
    counts: dict
    single_s: dict


def verify_and_count(counter, secret, url_session, endpoint_list, samples):
    """One pass over the endpoints on a one-worker server per app, both connected to
    PostgreSQL through the counting proxy: each endpoint is fetched `samples` times with
    the statements counted (after one request to warm each worker up); the last bodies
    must be equal. Counts are the fewest seen (a first request may also connect)."""
    counts, single_s, bodies = {}, {}, {}
    compared, warmed = [], set()
    apps = []
    try:
        apps.append(servers.start_ours(counter.url, secret, workers=1))
        apps.append(servers.start_baseline(counter.url, secret, workers=1))
        session = url_session(apps[0])
        for endpoint in endpoint_list:
            headers = session.headers(endpoint.user)
            slowest = 0.0
            for app in apps:
                if app.name not in warmed:  # the worker's first request connects
                    ep.fetch(app, endpoint.path, headers)
                    warmed.add(app.name)
                per_request, best = [], float("inf")
                for _ in range(samples):
                    mark = counter.mark()
                    started = time.monotonic()
                    bodies[app.name] = ep.fetch(app, endpoint.path, headers)
                    best = min(best, time.monotonic() - started)
                    time.sleep(0.05)  # let the proxy see the teardown's ROLLBACK
                    sent = counter.since(mark)
                    per_request.append((sum(map(is_query, sent)), len(sent)))
                counts[(app.name, endpoint.name)] = min(per_request)
                slowest = max(slowest, best)
            ep.assert_same(endpoint, bodies["ours"], bodies["baseline"])
            compared.append(endpoint)
            single_s[endpoint.name] = slowest
    finally:
        for app in apps:
            servers.stop(app)
    return session, Checked(compared, counts, single_s)


def print_rss(label, *apps, before=None):
    """Each worker's RSS; with `before` ({name: pids}), say when workers were recycled
    (gunicorn.conf.py's max_requests) since then. Returns {name: pids}."""
    seen = {}
    for server in apps:
        workers = server.workers()
        seen[server.name] = set(workers)
        text = ", ".join(f"pid {pid} {rss:.1f} MiB" for pid, rss in workers.items())
        if before is not None and seen[server.name] != before.get(server.name):
            text += "  (workers recycled meanwhile: max_requests)"
        print(f"  RSS {label:<6} {server.name:<8} {text}")
    return seen


def drain(server, timeout=300):
    """Wait until the server is idle again: when wrk stops, the sync workers still serve the
    requests already sent on the connections it closed, and the next run would queue behind
    them. Idle = two /health answers in a row, each in under 50 ms."""
    deadline = time.monotonic() + timeout
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        started = time.monotonic()
        requests.get(f"{server.url}/health", timeout=timeout)
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def measure(server, target, connections, seconds):
    result = wrk.run(server.url, target, connections, seconds)
    drain(server)
    return result


def timing_runs(ours, baseline, session, checked, args):
    """Per endpoint: rounds of (ours, baseline) in alternating order at `--connections`,
    then a round at one connection. A run lasts at least 3 x (--quick: 2 x) one request of
    the slower app, so deep pages get numbers too. With --quick, heavy endpoints (over 1 s a
    request: the deep page, the year calendar, reports) are only run at one connection."""
    rows = []
    for endpoint in checked.compared:
        target = wrk.Target(endpoint.path, session.headers(endpoint.user))
        single_s = checked.single_s[endpoint.name]
        heavy = args.quick and single_s > HEAVY_SECONDS
        stretch = 2 if args.quick else 3
        duration = max(args.duration, math.ceil(stretch * single_s))
        single_duration = max(args.single_duration, math.ceil(stretch * single_s))
        rounds = []
        for i in range(0 if heavy else args.rounds):
            order = (ours, baseline) if i % 2 == 0 else (baseline, ours)
            measured = {s.name: measure(s, target, args.connections, duration) for s in order}
            rounds.append(measured)
            for name, result in measured.items():
                if result.errors:
                    print(
                        f"  ! {endpoint.name}: {name} had {result.errors} errors in round {i + 1}"
                    )
        single = {s.name: measure(s, target, 1, single_duration) for s in (ours, baseline)}
        loaded = rounds or [single]  # heavy in --quick: the 1-connection round stands in

        def med(values):
            return round(statistics.median(values), 3) if values else None

        ratios = [r["ours"].rps / r["baseline"].rps for r in loaded if r["baseline"].rps]
        row = {
            "endpoint": endpoint.name,
            "path": endpoint.path,
            "connections": args.connections if rounds else 1,
            "ours_rps": med([r["ours"].rps for r in loaded]),
            "baseline_rps": med([r["baseline"].rps for r in loaded]),
            "ratio": med(ratios),
            "p50_ms": med([r["ours"].p50_ms for r in loaded]),
            "p99_ms": med([r["ours"].p99_ms for r in loaded]),
            "baseline_p50_ms": med([r["baseline"].p50_ms for r in loaded]),
            "baseline_p99_ms": med([r["baseline"].p99_ms for r in loaded]),
            "p50_1conn_ms": round(single["ours"].p50_ms, 3),
            "baseline_p50_1conn_ms": round(single["baseline"].p50_ms, 3),
            "seconds_per_run": duration,
            "errors": sum(r[n].errors for r in rounds for n in r)
            + sum(s.errors for s in single.values()),
            "rounds": [{n: _brief(r[n]) for n in r} for r in loaded],
        }
        rows.append(row)
        print(
            f"  {endpoint.name:<30} ours {row['ours_rps']:8.1f}/s  baseline "
            f"{row['baseline_rps']:8.1f}/s  ratio {row['ratio']}"
            + ("  (1 connection only: --quick)" if not rounds else "")
        )
    return rows


def _brief(result):
    return {"rps": round(result.rps, 1), "p50_ms": result.p50_ms, "p99_ms": result.p99_ms}


def print_table(rows, args):
    print()
    print(
        f"{args.connections} connections, {args.rounds} rounds x {args.duration:g} s, "
        f"apps alternating; 1-connection runs of {args.single_duration:g} s"
    )
    header = (
        f"{'endpoint':<30} {'ours/s':>8} {'base/s':>8} {'ratio':>6} {'p50':>7} {'p99':>7} "
        f"{'p50@1':>7} {'b p50@1':>7} {'queries':>7} {'trips':>5} {'b q':>4}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        mark = "*" if r["connections"] == 1 else " "
        print(
            f"{r['endpoint'][:29] + mark:<30} {r['ours_rps']:8.1f} {r['baseline_rps']:8.1f} "
            f"{r['ratio'] or 0:6.2f} {r['p50_ms']:7.1f} {r['p99_ms']:7.1f} "
            f"{r['p50_1conn_ms']:7.1f} {r['baseline_p50_1conn_ms']:7.1f} "
            f"{_n(r['queries']):>7} {_n(r['round_trips']):>5} {_n(r['baseline_queries']):>4}"
        )
    print(
        "ours/s, base/s: median req/s over the rounds; ratio: median of ours/baseline per "
        "round\n(* a heavy endpoint measured at 1 connection only, with --quick); p50, p99: "
        "ours under load (ms);\np50@1, b p50@1: ours and the baseline at one connection (ms); "
        "queries: statements ours sends per\nrequest (trips: all its round trips, BEGIN, "
        "ROLLBACK and pre-ping included); b q: the baseline's statements"
    )


def _n(value):
    return "-" if value is None else str(value)


def soak(ours, session, endpoint_list, seconds, connections):
    """Mixed load on the service for `seconds`, RSS every ~10% of the time."""
    # (The caller leaves heavy endpoints out: they would dominate the mix.)
    targets = [wrk.Target(e.path, session.headers(e.user)) for e in endpoint_list]
    step = max(5.0, seconds / 10)
    print(f"\nSoak: {seconds:g} s of mixed load ({len(targets)} endpoints), RSS every {step:g} s")
    print_rss("start", ours)
    elapsed, total = 0.0, 0
    while elapsed < seconds:
        chunk = min(step, seconds - elapsed)
        result = wrk.run(ours.url, targets, connections, max(1, round(chunk)))
        elapsed += chunk
        total += result.requests
        workers = ours.workers()
        text = ", ".join(f"{pid}: {rss:.1f}" for pid, rss in workers.items())
        print(f"  t={elapsed:5.0f} s  {total:7d} requests  {result.rps:6.1f}/s  RSS MiB {text}")


def main(argv=None):
    args = parse_args(argv)
    if not wrk.available():
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    url = bench_url(args.url)
    ensure_seeded(url)
    secret = secrets.token_urlsafe(48)
    started = time.monotonic()
    ours = baseline = None
    conn = psycopg2.connect(url)
    conn.autocommit = True
    counter = StatementCounter(url)
    endpoint_list = []

    def open_session(server):
        session = ep.open_session(conn, server, secret)
        endpoint_list.extend(ep.endpoints(session, ep.last_requests_page(server, session)))
        if args.only:
            wanted = [w.strip() for w in args.only.split(",") if w.strip()]
            endpoint_list[:] = [e for e in endpoint_list if any(w in e.name for w in wanted)]
        return session

    try:
        # The tokens of this session work on every server started with the same secret.
        session, checked = verify_and_count(
            counter, secret, open_session, endpoint_list, 1 if args.quick else 2
        )
        counter.close()
        print(f"Bodies equal for {len(checked.compared)} endpoints (service vs baseline).")
        serving = {
            "GUNICORN_WORKER_CLASS": args.worker_class,
            "GUNICORN_THREADS": str(args.threads),
        }
        if args.max_requests is not None:
            serving["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
        ours = servers.start_ours(url, secret, args.workers, **serving)
        baseline = servers.start_baseline(url, secret, args.workers, **serving)
        pids = print_rss("before", ours, baseline)
        rows = timing_runs(ours, baseline, session, checked, args)
        print_rss("after", ours, baseline, before=pids)
        for row in rows:
            name = row["endpoint"]
            row["queries"], row["round_trips"] = checked.counts[("ours", name)]
            row["baseline_queries"], row["baseline_round_trips"] = checked.counts[
                ("baseline", name)
            ]
        print_table(rows, args)
        Path(args.out).write_text(json.dumps(rows, indent=2) + "\n")
        print(f"\nWrote {args.out} ({time.monotonic() - started:.0f} s)")
        if args.soak:
            light = [e for e in checked.compared if checked.single_s[e.name] <= HEAVY_SECONDS]
            soak(ours, session, light, args.soak, args.connections)
        if args.calendar:
            from bench import calendar_timings

            calendar_timings.run(ours, session, duration=args.single_duration)
    except ep.Mismatch as exc:
        print(f"\nFAILED: the service and the baseline disagree.\n{exc}", file=sys.stderr)
        return 1
    finally:
        counter.close()
        conn.close()
        servers.stop(ours)
        servers.stop(baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""cProfile of the service answering one endpoint many times, in-process (no gunicorn, no
wrk): where a request's Python time goes. Runs against the bench database (bench.seed).

    .venv/bin/python -m bench.profile_requests --only "request by id" -n 1000 --top 25
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import time

import sqlalchemy as sa

from bench.common import BENCH_PASSWORD, DEFAULT_URL

ENDPOINTS = {
    "request by id": ("manager", "/api/v1/requests/{request_id}"),
    "balances": ("employee", "/api/v1/users/{employee_id}/balances"),
    "users page": ("admin", "/api/v1/users?per_page=20"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--only", help="one endpoint: " + ", ".join(ENDPOINTS))
    parser.add_argument("-n", type=int, default=1000, help="requests per endpoint")
    parser.add_argument("--top", type=int, default=25, help="functions shown (cumulative)")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    parser.add_argument(
        "--time",
        type=int,
        metavar="ROUNDS",
        help="no profile: CPU time of ROUNDS rounds of -n requests, the median per request",
    )
    args = parser.parse_args()

    from server import create_app

    # Production settings, as gunicorn would run it (the log line, headers, limits).
    os.environ.update(
        DATABASE_URL=args.url, SECRET_KEY=secrets.token_urlsafe(48), LOG_LEVEL="WARNING"
    )
    app = create_app("prod")
    client = app.test_client()
    ids = _ids(args.url)
    for name, (role, path) in ENDPOINTS.items():
        if args.only and args.only != name:
            continue
        email = ids[role]
        token = client.post(
            "/api/v1/auth/login", json={"email": email, "password": BENCH_PASSWORD}
        ).json["access_token"]
        url = path.format(**ids)
        headers = {"Authorization": f"Bearer {token}"}
        for _ in range(50):  # warm: caches, compiled statements, the pool
            assert client.get(url, headers=headers).status_code == 200
        if args.time:
            # CPU time of this process: the Python work per request, not the waits on
            # PostgreSQL (another process), so other load on the machine matters less.
            rounds = []
            for _ in range(args.time):
                started = time.process_time()
                for _ in range(args.n):
                    client.get(url, headers=headers)
                rounds.append((time.process_time() - started) / args.n * 1000)
            median = statistics.median(rounds)
            print(f"{name}: {median:.3f} ms of CPU per request (median of {args.time} rounds)")
            continue
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.n):
            client.get(url, headers=headers)
        profile.disable()
        took = time.perf_counter() - started
        print(f"\n=== {name}: {args.n} requests, {took / args.n * 1000:.2f} ms each (profiled)")
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


def _ids(url):
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        from bench.common import bench_logins

        logins = bench_logins(conn.connection.cursor())
        employee_id = logins["employee"][0]
        request_id = conn.execute(
            sa.text(
                "SELECT id FROM leave_requests WHERE user_id = :u ORDER BY start_date DESC LIMIT 1"
            ),
            {"u": employee_id},
        ).scalar()
    engine.dispose()
    return {
        **{role: email for role, (_, email) in logins.items()},
        "employee_id": employee_id,
        "request_id": request_id,
    }


if __name__ == "__main__":
    main()

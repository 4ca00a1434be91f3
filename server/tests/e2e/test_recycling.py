"""Worker recycling (gunicorn.conf.py) never takes every worker away at once.

`python -m server.tests.e2e.test_recycling` measures the old settings against the new ones
under load (the numbers in the README's "Worker recycling" come from it).
"""

import contextlib
import itertools
import json
import os
import statistics
import sys
import threading
import time
from datetime import datetime

import pytest
import requests

from server.tests.e2e.conftest import start_server, stop_server

pytestmark = pytest.mark.postgres


def old_settings(max_requests):
    """gunicorn.conf.py before: no preload, a jitter of 10 %, no coordination."""
    return {
        "GUNICORN_PRELOAD": "false",
        "GUNICORN_MAX_REQUESTS_JITTER": str(max_requests // 10),
        "GUNICORN_RECYCLE_GAP_SECONDS": "0",
    }


def load(server, seconds, clients=4, path="/ready"):
    """`clients` threads calling `path` back to back for `seconds`: latencies in seconds."""
    latencies, stop = [], time.monotonic() + seconds

    def client():
        with requests.Session() as session:
            while time.monotonic() < stop:
                started = time.monotonic()
                with contextlib.suppress(requests.RequestException):
                    session.get(server.url + path, timeout=60)
                latencies.append(time.monotonic() - started)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def recycle_times(output):
    """When each worker announced its recycle (seconds since the epoch)."""
    times = []
    for line in output.splitlines():
        if "Autorestarting worker" in line:
            # JSON, or gunicorn's own format: "[2026-12-01 16:20:01 +0000] [pid] [INFO] ..."
            stamp = json.loads(line)["ts"] if line.startswith("{") else line[1:26]
            times.append(datetime.fromisoformat(stamp).timestamp())
    return sorted(times)


def run(database_url, settings, max_requests, seconds, workers=2):
    server = start_server(
        database_url,
        workers=workers,
        GUNICORN_MAX_REQUESTS=str(max_requests),
        LOG_LEVEL="info",
        **settings,
    )
    try:
        latencies = load(server, seconds)
    finally:
        stop_server(server)
    return latencies, recycle_times(server.output())


def test_two_workers_never_recycle_together(live_database):
    gap = 2.0
    latencies, recycles = run(
        live_database, {"GUNICORN_RECYCLE_GAP_SECONDS": str(gap)}, max_requests=40, seconds=8
    )
    assert len(recycles) >= 2, "the load was too light to recycle"
    # At most one recycle begins per gap (a little slack for log timestamps).
    assert min(b - a for a, b in itertools.pairwise(recycles)) > gap - 0.2
    assert max(latencies) < 2


def summary(name, latencies, recycles, seconds):
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99)]
    gaps = [round(b - a, 2) for a, b in itertools.pairwise(recycles)]
    return (
        f"{name}: {len(latencies) / seconds:.0f} req/s, {len(recycles)} recycles, "
        f"median {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {max(latencies):.2f} s, {sum(t > 1 for t in latencies)} requests over 1 s, "
        f"closest recycles {min(gaps, default=None)} s apart"
    )


if __name__ == "__main__":  # pragma: no cover - a measurement, not a test
    from server.tests.conftest import DEFAULT_POSTGRES_URL, postgres_database

    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    max_requests = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    base = os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES_URL
    with postgres_database(base) as url:
        for name in ("old", "new", "old", "new"):
            settings = old_settings(max_requests) if name == "old" else {}
            latencies, recycles = run(url, settings, max_requests, seconds)
            print(summary(name, latencies, recycles, seconds), flush=True)

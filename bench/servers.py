"""Starting the service and the baseline under gunicorn, and looking at their workers."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from bench.common import REPO_ROOT

OURS_APP = "server:create_app()"
BASELINE_APP = "bench.baseline.app:app"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    log: object

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def api(self, path):
        return f"{self.url}/api/v1{path}"

    def workers(self):
        """{pid: RSS in MiB} of the gunicorn workers (the master's children)."""
        return {pid: rss_mib(pid) for pid in children(self.process.pid)}


def server_env(database_url, secret_key, port, workers=2, **extra):
    """Production settings for both apps: the same gunicorn.conf.py, 2 sync workers, no
    access log; tokens that outlive a long bench run; login not rate limited (the bench
    logs in a few times a run, from one address)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "TEST_DATABASE_URL")
        and not key.startswith("GUNICORN_")
    }
    env.update(
        APP_ENV="prod",
        SECRET_KEY=secret_key,
        DATABASE_URL=database_url,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_WORKER_CLASS="sync",
        GUNICORN_THREADS="1",
        GUNICORN_ACCESS_LOG="",
        LOG_LEVEL="warning",
        JWT_ACCESS_LIFESPAN_MINUTES="600",
        LOGIN_RATE_LIMIT="100000 per minute",
        PYTHONPATH=str(REPO_ROOT),
    )
    env.update(extra)
    return env


def start(name, app, database_url, secret_key, workers=2, **extra):
    port = free_port()
    env = server_env(database_url, secret_key, port, workers, **extra)
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(name, f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_serving(server, workers)
    except BaseException:  # a failed start (or Ctrl-C meanwhile) leaves nothing running
        stop(server)
        raise
    return server


def _wait_until_serving(server, workers):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name}: gunicorn exited:\n{server.output()[-3000:]}")
        try:
            answered = requests.get(f"{server.url}/health", timeout=1).status_code == 200
            if answered and len(server.workers()) >= workers:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.name}: gunicorn did not answer /health within 60 s")


def start_ours(database_url, secret_key, workers=2, **extra):
    return start("ours", OURS_APP, database_url, secret_key, workers, **extra)


def start_baseline(database_url, secret_key, workers=2, **extra):
    return start("baseline", BASELINE_APP, database_url, secret_key, workers, **extra)


def stop(server):
    if server is None:
        return
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
    server.log.close()


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command may contain spaces and parentheses: the fields follow the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def login(server, email, password):
    response = requests.post(
        server.api("/auth/login"), json={"email": email, "password": password}, timeout=30
    )
    if response.status_code != 200:
        raise RuntimeError(f"login of {email} failed: {response.status_code} {response.text}")
    return response.json()["access_token"]

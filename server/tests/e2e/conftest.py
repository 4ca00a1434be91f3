"""A real server: gunicorn with several worker processes on a fresh PostgreSQL database,
optionally with its clock moved (CLOCK_START) and the demo company seeded under it."""

import contextlib
import glob
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest
import requests
from playwright.sync_api import sync_playwright

from server.config import PROJECT_ROOT
from server.tests.conftest import DEFAULT_POSTGRES_URL, postgres_database
from server.tests.e2e.browser import launch_chromium
from server.tests.factories import Factory
from server.tests.helpers import free_port, manage_py, missing_tool


class LiveServer:
    def __init__(self, url, env, process, log):
        self.url, self.env, self.process, self.log = url, env, process, log

    def output(self):
        """Everything the server wrote (stdout and stderr), also after stop_server."""
        if self.log.closed:
            return self.final_output
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def api(self, path):
        return f"{self.url}/api/v1{path}"


def start_server(database_url, workers=4, **settings):
    """Migrate the database with the CLI, then start gunicorn as production would."""
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "prod",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": "",
        "LOGIN_RATE_LIMIT": "10000/minute",
        "LOG_LEVEL": "warning",
        **settings,
    }
    manage_py("db", "upgrade", env=env)
    # A file, not a pipe: a pipe nobody reads would block the server once it filled up.
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop_server
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "server:create_app()"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited: {log.read().decode()[-2000:]}")
        try:
            if requests.get(f"{url}/ready", timeout=1).status_code == 200:
                return LiveServer(url, env, process, log)
        except requests.RequestException:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not become ready in 30 s")


def moved_clock(moment):
    """Settings for `start_server`: the service's clock (the server's and the CLI's) starts
    at `moment`, an aware datetime, and runs on. Production refuses CLOCK_START, so such a
    server runs in the dev profile (production's error handling, the demo allowed)."""
    return {"APP_ENV": "dev", "CLOCK_START": moment.isoformat()}


def seed_demo(server):
    """`manage.py seed` with the server's settings (and so under its clock)."""
    seeded = manage_py("seed", env=server.env, check=False)
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr


def stop_server(server):
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
    server.final_output = server.output()
    server.log.close()


@pytest.fixture(scope="module")
def live_database():
    with postgres_database(os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES_URL) as url:
        yield url


@pytest.fixture(scope="module")
def live_server_settings():
    """Settings for the module's `live_server`; a module overrides this fixture to change
    them (e.g. `moved_clock(...)`)."""
    return {}


@pytest.fixture(scope="module")
def live_server(live_database, live_server_settings):
    server = start_server(live_database, **live_server_settings)
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def live_make(live_server, live_database):
    """Factories writing to the live server's database, signing tokens with its key."""
    from server import create_app

    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=live_database,
        SECRET_KEY=live_server.env["SECRET_KEY"],
    )
    yield Factory(app)
    with app.app_context():
        from server.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


# --- servers of our own, to stop and freeze --------------------------------------------------
# The fault tests never touch the machine's PostgreSQL or Redis: they start their own on free
# ports, and stop, freeze and remove only those.


def _children(pid):
    """The pids whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                # "pid (comm) state ppid ...": comm may hold spaces, so split after ")"
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append(int(entry))
    return found


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary directory, run as the postgres user (the server
    refuses root), on its own port."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key)
        if not bins or shutil.which("runuser") is None:
            missing_tool("needs PostgreSQL's server binaries and runuser")
        self.bin = bins[-1]
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="pto-fault-pg-")
        os.chown(self.dir, pwd.getpwnam("postgres").pw_uid, pwd.getpwnam("postgres").pw_gid)
        self.data = os.path.join(self.dir, "data")
        self._as_postgres("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")
        self.frozen = []

    def _as_postgres(self, tool, *args):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{self.bin}/{tool}", *args],
            check=True,
            capture_output=True,
            cwd=self.dir,
        )

    def url(self, database="postgres"):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            "pg_ctl", "-D", self.data, "-l", f"{self.dir}/log", "-o", options, "-w", "start"
        )

    def stop(self, mode="fast"):
        self._as_postgres("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid"), encoding="ascii") as pidfile:
            return int(pidfile.readline())

    def freeze(self):
        """SIGSTOP the postmaster and every process it started (backends included): the
        kernel still accepts connections and acknowledges packets, nothing answers."""
        postmaster = self.postmaster_pid()
        os.kill(postmaster, signal.SIGSTOP)
        self.frozen = [postmaster, *_children(postmaster)]
        for pid in self.frozen[1:]:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in self.frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self.frozen = []

    def remove(self):
        self.thaw()
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self.stop(mode="immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def _version_key(path):
    return int(re.search(r"/(\d+)/bin$", path).group(1))


class ThrowawayRedis:
    """A redis-server of our own on a free port, without persistence."""

    def __init__(self):
        if shutil.which("redis-server") is None:
            missing_tool("needs redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock,
            ):
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def remove(self):
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)

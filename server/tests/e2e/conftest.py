"""A real server: gunicorn with several worker processes on a fresh PostgreSQL database."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time

import pytest
import requests

from server.config import PROJECT_ROOT
from server.tests.conftest import DEFAULT_POSTGRES_URL, postgres_database
from server.tests.factories import Factory


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    subprocess.run(
        [sys.executable, "manage.py", "db", "upgrade"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
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
def live_server(live_database):
    server = start_server(live_database)
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

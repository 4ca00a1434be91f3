"""The deployment files: `make check-deploy`'s checks, and the rendered nginx config run for
real with Debian's nginx in front of a stand-in API (redirects, TLS, static files, proxy
headers, and calendar feed tokens kept out of its logs).

Not covered (no Docker engine here): building the image and running docker-compose.yml."""

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from deploy import check
from server.tests.helpers import free_port

pytestmark = pytest.mark.skipif(
    check.tool("nginx") is None and not os.environ.get("CI"),
    reason="nginx is not installed (apt-get install nginx; CI installs it)",
)


def test_check_deploy_passes():
    for title, run in check.CHECKS:
        ok, output = run()
        assert ok, f"{title}:\n{output}"


def test_compose_checks_catch_a_published_database():
    compose = {"services": {name: {} for name in check.EXPECTED_SERVICES}}
    compose["services"]["db"]["ports"] = ["5432:5432"]
    assert "db must not be published (only nginx is)" in check.compose_problems(compose)


class StandInAPI(BaseHTTPRequestHandler):
    """Answers every GET with what it received, as JSON."""

    seen = []

    def do_GET(self):
        StandInAPI.seen.append((self.path, dict(self.headers)))
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("nginx")
    api = ThreadingHTTPServer(("127.0.0.1", free_port()), StandInAPI)
    threading.Thread(target=api.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    conf = check.nginx_test_config(workdir, f"127.0.0.1:{api.server_port}", http_port, https_port)
    (workdir / "acme" / ".well-known" / "acme-challenge").mkdir(parents=True)
    (workdir / "acme" / ".well-known" / "acme-challenge" / "probe").write_text("acme-ok")
    process = subprocess.Popen(
        [check.tool("nginx"), "-c", str(conf), "-p", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx exited: {process.stderr.read().decode()}")
            time.sleep(0.1)
    site = {
        "http": f"http://127.0.0.1:{http_port}",
        "https": f"https://127.0.0.1:{https_port}",
        "workdir": workdir,
        "api": api,
        "process": process,
        "ca": str(workdir / "letsencrypt" / "live" / check.SERVER_NAME / "fullchain.pem"),
    }
    yield site
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)
    api.shutdown()


def get(site, url, **kwargs):
    """GET without following redirects; TLS verified against the test certificate."""
    return requests.get(url, verify=site["ca"], allow_redirects=False, timeout=10, **kwargs)


def test_http_redirects_to_https_but_serves_acme_challenges(nginx):
    r = get(nginx, nginx["http"] + "/api/v1/users?page=2")
    assert r.status_code == 301
    assert r.headers["Location"] == "https://127.0.0.1/api/v1/users?page=2"
    r = get(nginx, nginx["http"] + "/.well-known/acme-challenge/probe")
    assert r.status_code == 200
    assert r.text == "acme-ok"


def test_api_paths_reach_the_api_with_forwarded_headers(nginx):
    for path in ("/api/v1/users?page=1", "/swaggerui/swagger-ui.css", "/health", "/ready"):
        r = get(nginx, nginx["https"] + path, headers={"X-Forwarded-For": "6.6.6.6"})
        assert r.status_code == 200, path
        seen = r.json()
        assert seen["path"] == path
        headers = {k.lower(): v for k, v in seen["headers"].items()}
        assert headers["x-forwarded-proto"] == "https"
        assert headers["x-forwarded-for"] == "127.0.0.1"  # overwritten, not appended
        assert headers["x-request-id"]


def test_the_web_client_page_and_its_versioned_files_come_from_the_app(nginx):
    # The app writes the page (versioned URLs, preloads, the CSP for its import map) and
    # serves the versioned files immutable; nginx passes both through.
    for path in ("/", "/client/js/app.0123456789.js", "/client/app.abcdef0123.css"):
        r = get(nginx, nginx["https"] + path)
        assert r.status_code == 200, path
        assert r.json()["path"] == path


def test_plain_client_files_are_served_with_their_headers(nginx):
    r = get(nginx, nginx["https"] + "/client/index.html")
    assert r.status_code == 200
    assert "<html" in r.text.lower()
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["Cache-Control"] == "no-cache"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert r.headers["ETag"]
    assert get(nginx, nginx["https"] + "/client/js/app.js").status_code == 200
    # A name that only looks versioned (no 10-hex hash) stays a plain file: missing here.
    assert get(nginx, nginx["https"] + "/client/js/app.v2.js").status_code == 404


def test_other_paths_are_problem_json_404s(nginx):
    r = get(nginx, nginx["https"] + "/wp-login.php")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/not-found"


def test_feed_tokens_never_reach_the_logs(nginx):
    tokens = [f"feedtoken{i}{os.urandom(6).hex()}" for i in range(4)]
    urls = [
        nginx["https"] + f"/api/v1/calendar/feed/{tokens[0]}.ics",
        nginx["https"] + f"/api/v1/calendar/%66eed/{tokens[1]}.ics?x=1",  # f, percent-encoded
        nginx["https"] + f"//api/v1/calendar//feed/{tokens[2]}.ics",
        nginx["http"] + f"/api/v1/calendar/feed/{tokens[3]}.ics",  # before the redirect
    ]
    # the three https URLs reach the API; plain http is redirected to https first
    assert [get(nginx, url).status_code for url in urls] == [200, 200, 200, 301]
    assert any(tokens[0] in path for path, _ in StandInAPI.seen)  # it did reach the API
    # The API down: nginx answers a problem and logs an upstream error, for the feed too.
    nginx["api"].shutdown()
    nginx["api"].server_close()
    down = get(nginx, nginx["https"] + f"/api/v1/calendar/feed/{tokens[0]}.ics")
    assert down.status_code == 503
    assert down.headers["Content-Type"] == "application/problem+json"
    assert get(nginx, nginx["https"] + "/health").status_code == 503
    nginx["process"].terminate()  # flushes and closes the logs
    nginx["process"].wait(timeout=10)
    logs = {p.name: p.read_text() for p in (nginx["workdir"] / "logs").iterdir()}
    access = logs["access.log"]
    assert access.count("/api/v1/calendar/feed/[token].ics") == 5
    assert "/health" in access
    assert "connect() failed" in logs["error.log"]  # /health's upstream error is logged
    for name, text in logs.items():
        for token in tokens:
            assert token not in text, f"{token} in {name}"


def test_render_refuses_a_missing_value():
    from deploy.render_nginx import render

    with pytest.raises(KeyError, match="SERVER_NAME"):
        render({"API_UPSTREAM": "x"})


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_the_certificate_script_parses():
    subprocess.run(["bash", "-n", str(check.ROOT / "deploy" / "init-letsencrypt.sh")], check=True)

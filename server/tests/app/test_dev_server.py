"""`manage.py run` (what `make run` starts) says it is no production server, and its log
lines are readable in a terminal; production logs stay JSON lines without colour codes."""

import io
import json
import logging
import os
import re
import subprocess
import sys
import time

import requests

from server.config import PROJECT_ROOT
from server.logs import JsonFormatter, TextFormatter
from server.tests.helpers import free_port


def test_the_development_server_says_it_is_not_a_buffering_proxy(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CLOCK_START"}
    env.update(APP_ENV="dev", DATABASE_URL=f"sqlite:///{tmp_path / 'dev.db'}")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "run", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = server.stderr.readline()
        assert first.startswith("This is Flask's development server")
        assert "buffering proxy" in first
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/health", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            raise AssertionError("the development server did not start")
    finally:
        server.terminate()
        rest = server.communicate(timeout=10)[1]
    line = next(line for line in rest.splitlines() if "server.request" in line)
    assert re.fullmatch(r"\d\d:\d\d:\d\d INFO    server\.request  GET /health 200 [\d.]+ ms", line)
    assert "\x1b[" not in rest


def test_json_lines_carry_no_colour_codes():
    record = logging.LogRecord(
        "werkzeug", logging.INFO, "", 0, "\x1b[31mWARNING\x1b[0m: dev", None, None
    )
    assert json.loads(JsonFormatter().format(record))["message"] == "WARNING: dev"


def test_a_text_line_masks_credentials_too():
    stream = io.StringIO()
    record = logging.LogRecord(
        "server", logging.ERROR, "", 0, "Bearer abc.def.ghi failed", None, None
    )
    stream.write(TextFormatter().format(record))
    assert "abc.def.ghi" not in stream.getvalue()
    assert "ERROR   server  Bearer *** failed" in stream.getvalue()

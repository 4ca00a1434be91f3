"""gunicorn settings: `gunicorn -c gunicorn.conf.py "server:create_app()"`.

Every value can be set from the environment; see `.env.example`.
"""

import json
import multiprocessing
import os

from gunicorn import util

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never take the service down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn's control socket is one per user (~/.gunicorn): two servers on a host would fight
# over it, and the service has no use for it.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The longest request line (method, URL with its query, version) gunicorn reads; a longer
# one is a 414 problem (documented on every operation).
limit_request_line = 4094


def write_problem(sock, status, reason, message):
    """gunicorn's own error answers (a request line over `limit_request_line`: 414, headers
    too large: 431, a request that is not HTTP: 400, a crash outside the app: 500) as
    problem+json like every other error, instead of gunicorn's HTML page. Its message may
    quote the request, so the detail is the problem kind's own."""
    from server.errors import HTTP_DETAILS, problem_body

    body = json.dumps(problem_body(status, HTTP_DETAILS.get(status))).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = write_problem

"""gunicorn settings: `gunicorn -c gunicorn.conf.py "server:create_app()"`.

Every value can be set from the environment; see `.env.example`. The numbers behind the
recycling settings are in docs/operations/deployment.md ("Worker recycling").
"""

import json
import multiprocessing
import os
import time

from gunicorn import util
from gunicorn.glogging import Logger

from server.config import env_bool, env_int
from server.http.problems import HTTP_DETAILS, PROBLEM_MEDIA_TYPE, problem_body
from server.logs import JsonFormatter, redact

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One sync worker per core, from measurements (docs/operations/deployment.md, "Scaling
# out"): on 2 cores, 2 sync workers served more and with a lower p99 than 5 sync workers or
# 2 gthread workers with 4 threads; the work is CPU in Python, and PostgreSQL answers in a
# fraction of it. With the database on another host, raise GUNICORN_WORKERS until the cores
# are busy.
workers = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count())
threads = env_int("GUNICORN_THREADS", 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5

# --- worker recycling ------------------------------------------------------------------------
# Workers are recycled now and then so a slow leak can never take the service down. Three
# settings keep a recycle from ever stalling the service:
# - preload_app: the app is built once in the master and workers are forked from it, so a new
#   worker serves within milliseconds instead of spending seconds importing and building the
#   app (a recycle used to take each worker away for 2.5-4 s);
# - a jitter of half the period, so workers that start together do not reach their limits
#   together;
# - and never two recycles within RECYCLE_GAP seconds: a worker reaching its limit while
#   another one recycled moments ago serves on and tries again a little later (pre_request).
preload_app = env_bool("GUNICORN_PRELOAD", True)
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)  # 0: never recycle (gunicorn's meaning)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2)
RECYCLE_GAP = float(os.environ.get("GUNICORN_RECYCLE_GAP_SECONDS") or 10)
# When the last recycle began (time.monotonic(), one clock for the whole host), in memory
# shared by the master and the workers it forks.
_last_recycle = multiprocessing.Value("d", -RECYCLE_GAP)


def pre_request(worker, req):
    if not max_requests or worker.nr + 1 < worker.max_requests:
        return  # this request will not end the worker
    with _last_recycle.get_lock():
        now = time.monotonic()
        if now - _last_recycle.value < RECYCLE_GAP:
            # Another worker is being replaced: serve on, and ask again a while later.
            worker.max_requests = worker.nr + 1 + max(1, max_requests // 20)
        else:
            _last_recycle.value = now


def post_fork(server, worker):
    # With preload_app, nothing may be shared with the master but memory: the app never
    # connects at start-up, and pools are reset anyway in case a hook ever does.
    if preload_app:
        from server.extensions import db

        app = server.app.wsgi()
        if "sqlalchemy" not in getattr(app, "extensions", {}):
            return  # another app served with this config (the bench's baseline)
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)


# --- logs --------------------------------------------------------------------------------------
class JsonLogger(Logger):
    """gunicorn's own lines as JSON, like the app's. Its access log is off by default (the app
    logs one line per request, naming the route, not the path); when turned on, credentials
    in paths (calendar feed tokens) and headers are masked."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())

    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = JsonLogger
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-": on, to stdout
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn's control socket is one per user (~/.gunicorn): two servers on a host would fight
# over it, and the service has no use for it.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The longest request line (method, URL with its query, version) gunicorn reads, its
# maximum: every request the documents allow fits (text arguments are at most 200
# characters, 2400 bytes once percent-encoded); a longer one is a 414 problem (documented
# on every operation).
limit_request_line = 8190


def write_problem(sock, status, reason, message):
    """gunicorn's own error answers (a request line over `limit_request_line`: 414, headers
    too large: 431, a request that is not HTTP: 400, a crash outside the app: 500) as
    problem+json like every other error, instead of gunicorn's HTML page. Its message may
    quote the request, so the detail is the problem kind's own."""
    body = json.dumps(problem_body(status, HTTP_DETAILS.get(status))).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: {PROBLEM_MEDIA_TYPE}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = write_problem

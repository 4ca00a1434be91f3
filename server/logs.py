"""Logs as JSON lines: one per request, errors with their traceback (server-side only).

Every line is one JSON object (`ts`, `level`, `logger`, `message`, and the request's
`request_id` when there is one). The request line adds `user_id` (when authenticated),
`method`, `route` (the URL rule, never the raw path: a calendar feed's path is its
credential), `status` and `duration_ms`. Bearer tokens, JWTs and feed tokens are masked in
whatever text a line carries, including tracebacks; request bodies and headers are never
logged.
"""

import json
import logging
import re
import secrets
import time
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
REQUEST_LOGGER = "server.request"

_SECRETS = [
    # /api/v1/calendar/feed/<token>.ics: the token is the credential.
    (re.compile(r"(/calendar/feed/)[^/?#\s\"']+", re.IGNORECASE), r"\1***"),
    (re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE), r"\1***"),
    # A JWT anywhere (header.payload.signature, base64url).
    (re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), "***"),
]
# Attributes every LogRecord has; anything else was passed with `extra=` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


# Terminal colour codes (werkzeug colours its own lines): noise in a log file.
_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def redact(text):
    """`text` with credentials masked and colour codes dropped."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return _COLOURS.sub("", text)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        # Lines logged while a request runs name it (the request line passes it itself).
        if has_request_context() and "request_id" in g:
            line["request_id"] = g.request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exc"] = redact(record.exc_text)
        return json.dumps(line, default=str)


class TextFormatter(logging.Formatter):
    """One readable line per record, for a developer's terminal (`LOG_FORMAT=text`, the
    dev default): `15:42:32 INFO  server.request  GET /api/v1/teams 200 1.6 ms`."""

    def format(self, record):
        when = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        message = redact(record.getMessage())
        if record.name == REQUEST_LOGGER:
            extra = vars(record)
            message = f"{extra.get('method')} {extra.get('route')} {extra.get('status')} " + (
                f"{extra.get('duration_ms')} ms"
            )
        line = f"{when} {record.levelname:<7} {record.name}  {message}"
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line


FORMATTERS = {"json": JsonFormatter, "text": TextFormatter}


def log_handler(stream=None, log_format="json"):
    handler = logging.StreamHandler(stream)
    handler.setFormatter(FORMATTERS[log_format]())
    return handler


def configure(app: Flask):
    """JSON lines (or, with `LOG_FORMAT=text`, readable ones) on stderr for the app and
    every library, unless a handler is already set (pytest's, or a host application's).
    Then the request id and the per-request line."""
    level = logging.getLevelName(app.config["LOG_LEVEL"].upper())
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(log_handler(log_format=app.config["LOG_FORMAT"]))
        # Libraries speak at WARNING and above (their INFO is start-up chatter); the app's
        # own loggers ("server.*") at LOG_LEVEL.
        root.setLevel(max(level, logging.WARNING))
    # Flask adds a plain-text handler of its own to `app.logger` when nothing handles it:
    # lines would come out twice, once not as JSON.
    app.logger.removeHandler(default_handler)
    app.logger.setLevel(level)
    app.before_request(start_request)
    app.after_request(log_request)


def start_request():
    """Take the caller's X-Request-ID if it is a sane one, else make one."""
    g.request_started = time.perf_counter()
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if REQUEST_ID_RE.fullmatch(given) else secrets.token_hex(16)


def log_request(response):
    if "request_id" not in g:  # a hook before ours failed; still identify the response
        g.request_id = secrets.token_hex(16)
    response.headers[REQUEST_ID_HEADER] = g.request_id
    started = g.get("request_started")
    logging.getLogger(REQUEST_LOGGER).info(
        "request",
        extra={
            "request_id": g.request_id,
            "user_id": g.get("user_id"),
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else None,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        },
    )
    return response

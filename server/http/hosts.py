"""A request whose `Host` header cannot be a host name (an empty label as in `a..b`, a
label over 63 characters) is answered 400 before Flask sees it. Flask would fail to build
its URL adapter for it, and restx's error routing tries again while handling that error:
a 500 with a traceback on every path, without a token."""

import json
import logging
import secrets

from server.http.headers import ALWAYS, OTHER_POLICY
from server.http.problems import PROBLEM_MEDIA_TYPE, problem_body

log = logging.getLogger(__name__)
DETAIL = "The Host header is not a valid host name."


class RejectMalformedHost:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is not None and not _usable(host):
            request_id = secrets.token_hex(16)
            log.warning("Refused a request with a malformed Host header (%s)", request_id)
            body = json.dumps(problem_body(400, DETAIL)).encode()
            start_response(
                "400 BAD REQUEST",
                [
                    ("Content-Type", PROBLEM_MEDIA_TYPE),
                    ("Content-Length", str(len(body))),
                    ("X-Request-ID", request_id),
                    ("Content-Security-Policy", OTHER_POLICY),
                    *ALWAYS.items(),
                ],
            )
            return [body]
        return self.wsgi_app(environ, start_response)


def _usable(host):
    """Whether werkzeug's routing can bind to `host` (it IDNA-encodes it, port and all)."""
    try:
        host.lower().encode("idna")
    except UnicodeError:
        return False
    return True

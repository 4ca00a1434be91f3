"""The one place where any error becomes an HTTP answer: RFC 9457 problem+json.

`describe(exc)` says what an error is for a client (status, slug, title, detail, field
errors, headers) whatever raised it — a service's DomainError, werkzeug, praetorian, the
database, a bug; `problem_response` writes that as problem+json. Another API with its own
error shape (SCIM) reuses `describe` and writes its own body.
"""

import json
from dataclasses import dataclass, field
from http import HTTPStatus

from flask import Response, current_app, got_request_exception
from flask_praetorian.exceptions import PraetorianError
from werkzeug.exceptions import HTTPException

from server import database
from server.errors import DomainError
from server.http.request_body import MalformedJson

PROBLEM_MEDIA_TYPE = "application/problem+json"

# status -> (slug, title); the slug is the stable, documented part of `type`.
PROBLEM_KINDS = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Payload too large"),
    414: ("uri-too-long", "URI too long"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("validation-error", "Validation error"),
    429: ("rate-limited", "Too many requests"),
    431: ("request-header-fields-too-large", "Request header fields too large"),
    500: ("internal-error", "Internal server error"),
    503: ("service-unavailable", "Service unavailable"),
}

# Details for werkzeug errors whose own text is addressed to browsers, not API clients.
HTTP_DETAILS = {
    400: "The request is malformed: it is not valid HTTP, or a part of it cannot be read.",
    404: "There is nothing at this URL.",
    405: "This URL does not accept that method.",
    413: "The request body is larger than the server accepts.",
    414: "The URL is longer than the server accepts (8190 bytes for the request line).",
    415: "The request body must be JSON (Content-Type: application/json).",
    431: "The request headers are larger than the server accepts.",
}


@dataclass(frozen=True)
class ErrorDescription:
    status: int
    detail: str | None = None
    slug: str | None = None
    title: str | None = None
    errors: dict | None = None
    headers: dict = field(default_factory=dict)


def describe(exc):
    """What `exc` means for a client (the app's only classification of errors)."""
    exc = database.as_domain_error(exc) or exc
    if isinstance(exc, DomainError):
        return ErrorDescription(exc.status, exc.detail, exc.slug, exc.title, exc.errors)
    if isinstance(exc, PraetorianError):
        # Expired, malformed, revoked or missing tokens are all "log in again": 401.
        return ErrorDescription(401, "A valid access token is required.")
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    current_app.logger.error("Unhandled error", exc_info=exc)
    # Flask sends this only for exceptions without a handler, and every exception has one
    # here: error trackers (Sentry) listen for it.
    got_request_exception.send(current_app._get_current_object(), exception=exc)
    database.rollback_after_error()
    return ErrorDescription(500, "An unexpected error occurred; it has been logged.")


def _http_error(exc):
    status = exc.code or 500
    headers = {}
    if status == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)
    if status == 429:
        detail = f"Too many requests: the limit is {exc.description}."
    elif isinstance(exc, MalformedJson):
        detail = exc.description
    else:
        detail = HTTP_DETAILS.get(status) or exc.description
    if status >= 500:
        current_app.logger.error("HTTP %s", status, exc_info=exc)
    return ErrorDescription(status, detail, headers=headers)


def problem_body(status, detail=None, slug=None, title=None, errors=None):
    default_slug, default_title = PROBLEM_KINDS.get(status, ("error", HTTPStatus(status).phrase))
    body = {
        "type": f"/problems/{slug or default_slug}",
        "title": title or default_title,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
    }
    if errors:
        body["errors"] = errors
    return body


def problem(status, detail=None, slug=None, title=None, errors=None, headers=None):
    body = problem_body(status, detail, slug, title, errors)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def problem_response(exc):
    """Turn any exception into a problem+json response."""
    d = describe(exc)
    return problem(d.status, d.detail, d.slug, d.title, d.errors, d.headers)


def register_error_handlers(app):
    app.register_error_handler(Exception, problem_response)

"""Domain exceptions, and the one place where any error becomes RFC 9457 problem+json.

Services raise the exceptions below; `problem_response` turns them, and every other error
(werkzeug HTTP errors, praetorian, the database, bugs), into the same problem shape.
"""

import json
from http import HTTPStatus

from flask import Response, current_app, got_request_exception
from flask_praetorian.exceptions import PraetorianError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from server.extensions import db

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


class DomainError(Exception):
    """A request the rules refuse; `status` and `slug` say how it reaches the client."""

    status = 400
    slug = None
    title = None

    def __init__(self, detail, errors=None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class Unauthorized(DomainError):
    status = 401


class Forbidden(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class ValidationFailed(DomainError):
    status = 422


class InsufficientBalance(DomainError):
    status = 422
    slug = "insufficient-balance"
    title = "Insufficient balance"


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


# Details for werkzeug errors whose own text is addressed to browsers, not API clients.
HTTP_DETAILS = {
    400: "The request body is not valid JSON.",
    404: "There is nothing at this URL.",
    405: "This URL does not accept that method.",
    413: "The request body is larger than the server accepts.",
    414: "The URL is longer than the server accepts (8190 bytes for the request line).",
    415: "The request body must be JSON (Content-Type: application/json).",
    431: "The request headers are larger than the server accepts.",
}


def problem_response(exc):
    """Turn any exception into a problem+json response (the app's only error path)."""
    if isinstance(exc, DomainError):
        return problem(exc.status, exc.detail, exc.slug, exc.title, exc.errors)
    if isinstance(exc, PraetorianError):
        # Expired, malformed, revoked or missing tokens are all "log in again": 401.
        return problem(401, "A valid access token is required.")
    if isinstance(exc, HTTPException):
        return _http_problem(exc)
    if isinstance(exc, IntegrityError):
        _rollback()
        return problem(409, "The change conflicts with existing data.")
    if isinstance(exc, DataError):
        # Validation should have caught it; never let a value the column refuses be a 500.
        _rollback()
        current_app.logger.warning("Value refused by the database: %s", exc.orig)
        return problem(422, "A value is out of range or too long.")
    if isinstance(exc, OperationalError):
        _rollback()
        # The driver's error class says which (a timeout, a refused or lost connection);
        # its text may hold the host and SQL, and stays out of the log line.
        reason = type(getattr(exc, "orig", None) or exc).__name__
        current_app.logger.error("Database unavailable: %s", reason)
        return problem(503, "The database is not available; try again shortly.")
    current_app.logger.error("Unhandled error", exc_info=exc)
    # Flask sends this only for exceptions without a handler, and every exception has one
    # here: error trackers (Sentry) listen for it.
    got_request_exception.send(current_app._get_current_object(), exception=exc)
    _rollback()
    return problem(500, "An unexpected error occurred; it has been logged.")


def _http_problem(exc):
    status = exc.code or 500
    headers = {}
    if status == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)
    if status == 429:
        detail = f"Too many requests: the limit is {exc.description}."
    else:
        detail = HTTP_DETAILS.get(status) or exc.description
    if status >= 500:
        current_app.logger.error("HTTP %s", status, exc_info=exc)
    return problem(status, detail, headers=headers)


def _rollback():
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be what failed
        current_app.logger.warning("Rollback after an error failed", exc_info=True)


def register_error_handlers(app):
    app.register_error_handler(Exception, problem_response)

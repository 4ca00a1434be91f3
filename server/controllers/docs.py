"""Documenting error responses once, the same way on every operation."""

from server.dto.common import problem

DESCRIPTIONS = {
    400: "Malformed JSON",
    401: "Missing, expired, revoked or invalid token, or the user is inactive",
    403: "The caller's role or relation to the object does not allow this",
    404: "Not found, or outside what the caller may see",
    409: "Conflicts with the current state",
    413: "Request body too large",
    415: "Request body is not JSON",
    422: "Invalid input or a business rule refused it",
    429: "Rate limited; see Retry-After",
    500: "Unexpected error (logged on the server; no details in the response)",
    503: "The database is unavailable; try again shortly",
}
# Any operation can meet these.
ALWAYS = (500, 503)
BODY_ERRORS = (400, 413, 415, 422)


def problems(ns, *codes):
    """Declare problem+json responses for `codes` (and 500, 503) on an operation."""

    def decorator(func):
        for code in (*codes, *ALWAYS):
            func = ns.response(code, DESCRIPTIONS[code], problem)(func)
        return func

    return decorator

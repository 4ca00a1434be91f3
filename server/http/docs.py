"""Documenting operations the same way everywhere.

Each operation says, with these decorators, what a consumer needs beyond its success
model: its error responses (each with an example problem of that status), `Location` on a
201, whether its body may be left out, and which media types other than JSON it answers
with. `server/controllers/apispec.py` turns them into the Swagger 2.0 spec, and
`server/controllers/openapi3.py` carries them into the OpenAPI 3 document.
"""

from dataclasses import dataclass, field

from server.dto.common import problem
from server.http.problems import HTTP_DETAILS, PROBLEM_MEDIA_TYPE, problem_body
from server.services.auth_service import BAD_CREDENTIALS, INVALID_TOKEN


@dataclass(frozen=True)
class ProblemDoc:
    """One documented error response: what it means, and the problem body it shows."""

    description: str
    detail: str
    errors: dict = field(default_factory=dict)
    slug: str | None = None
    title: str | None = None

    def example(self, status):
        return problem_body(status, self.detail, self.slug, self.title, self.errors or None)


ERRORS = {
    400: ProblemDoc("Malformed JSON", HTTP_DETAILS[400]),
    401: ProblemDoc(
        "Missing, expired, revoked or invalid token, or the user is inactive", INVALID_TOKEN
    ),
    403: ProblemDoc(
        "The caller's role or relation to the object does not allow this",
        "This needs the manager or admin role.",
    ),
    404: ProblemDoc("Not found, or outside what the caller may see", "There is no user 42."),
    409: ProblemDoc(
        "Conflicts with the current state",
        "Only pending requests can be decided; this one is cancelled.",
    ),
    413: ProblemDoc("Request body too large (over 1 MiB)", HTTP_DETAILS[413]),
    414: ProblemDoc(
        "The URL with its query is too long (over 8190 bytes for the request line)",
        HTTP_DETAILS[414],
    ),
    415: ProblemDoc("Request body is not JSON", HTTP_DETAILS[415]),
    422: ProblemDoc(
        "Invalid input or a business rule refused it; `errors` names each invalid field",
        "end_date must be on or after start_date",
        errors={"end_date": "must be on or after start_date"},
    ),
    429: ProblemDoc(
        "Too many attempts from this address; retry after `Retry-After` seconds",
        "Too many requests: the limit is 10 per 1 minute.",
    ),
    431: ProblemDoc("The request headers are too large", HTTP_DETAILS[431]),
    500: ProblemDoc(
        "Unexpected error (logged on the server; no details in the response)",
        "An unexpected error occurred; it has been logged.",
    ),
    503: ProblemDoc(
        "The database is unavailable; try again shortly",
        "The database is not available; try again shortly.",
    ),
}
# Any operation can meet these: the server's limits on the request line and headers, and
# failures.
ALWAYS = (414, 431, 500, 503)
BODY_ERRORS = (400, 413, 415, 422)

# Wrong credentials on POST /auth/login: not a token problem.
LOGIN_FAILED = ProblemDoc("Wrong email or password, or the account is inactive", BAD_CREDENTIALS)

RATE_LIMIT_HEADERS = {
    "Retry-After": {"type": "integer", "description": "Seconds to wait before trying again"},
    "X-RateLimit-Limit": {"type": "integer", "description": "Attempts allowed in the window"},
    "X-RateLimit-Remaining": {"type": "integer", "description": "Attempts left in the window"},
    "X-RateLimit-Reset": {
        "type": "integer",
        "description": "When the window resets, in seconds since the Unix epoch",
    },
}


def problems(ns, *codes, docs=None):
    """Declare problem+json responses for `codes` (and the ALWAYS ones) on an operation,
    each with an example problem of its own status. `docs` overrides a code's text: a `ProblemDoc`,
    or a string that becomes the example's `detail` (e.g. `{409: "A user with this email
    already exists."}`)."""
    docs = docs or {}

    def decorator(func):
        for code in (*codes, *ALWAYS):
            doc = docs.get(code, ERRORS[code])
            if isinstance(doc, str):
                doc = ProblemDoc(ERRORS[code].description, doc, ERRORS[code].errors)
            kwargs = {"example": doc.example(code)}
            if code == 429:
                kwargs["headers"] = RATE_LIMIT_HEADERS
            func = ns.response(code, doc.description, problem, **kwargs)(func)
        return func

    return decorator


def creates(ns, model, what):
    """Document a 201 that answers `model` and sends `Location` (see responses.created)."""
    return ns.response(
        201,
        f"Created; `Location` is the new {what}'s URL",
        model,
        headers={"Location": {"type": "string", "description": f"URL of the new {what}"}},
    )


def optional_body(ns):
    """The operation's JSON body (declared with `ns.expect`) may be left out altogether."""
    return ns.doc(body_required=False)


MEDIA_TYPES_EXTENSION = "x-success-media-types"


def produces(ns, *media_types):
    """Declare the media types of an operation's success responses when they are not (only)
    JSON, e.g. an iCalendar feed or a CSV export:

        @ns.route("/feed/<string:token>.ics")
        class Feed(Resource):
            @ns.doc("get_calendar_feed", security=[])
            @produces(ns, "text/calendar")
            @ns.response(200, "The feed (RFC 5545)")
            @problems(ns, 404)
            def get(self, token): ...

        @produces(ns, "application/json", "text/csv")  # ?format=json|csv
        @ns.response(200, "The report", dto.usage_report)

    Errors stay `application/problem+json` whatever is declared here. In the Swagger 2.0
    spec this is the operation's `produces` (plus problem+json); the OpenAPI 3 converter
    reads the `x-success-media-types` extension and gives each 2xx response with a body
    one `content` entry per type: the response's model for `application/json`, a string
    for every other type (also when the response has no model)."""
    types = list(media_types)
    if not types or PROBLEM_MEDIA_TYPE in types:
        raise ValueError("produces() takes the success media types; errors are problem+json")

    def decorator(func):
        func = ns.produces([*types, PROBLEM_MEDIA_TYPE])(func)
        return ns.vendor({MEDIA_TYPES_EXTENSION: types})(func)

    return decorator

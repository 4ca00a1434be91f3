"""The exceptions services raise when the rules refuse something.

Each carries the status and (optionally) the problem slug it reaches a client with; how it
is written out — RFC 9457 problem+json under /api/v1 — is `server/http/problems.py`'s job.
"""


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


class UsageWaitingPeriod(DomainError):
    status = 422
    slug = "usage-waiting-period"
    title = "Inside the waiting period"


class ServiceUnavailable(DomainError):
    """A dependency (the database) did not answer in time."""

    status = 503

"""Authentication for views: a valid bearer token, then (optionally) one of some roles.

praetorian reads and verifies the token; `auth_service` then loads the user, so a user who
was deactivated, demoted or changed their password loses access at once.
"""

from functools import wraps

from flask import g, request

from server.errors import Forbidden, Unauthorized
from server.services import auth_service


def bearer_token():
    """The token of `Authorization: Bearer <token>`; the scheme's case does not matter
    (RFC 9110: `bearer` and `BEARER` are Bearer too). Only the header is read, never a
    cookie."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise Unauthorized(auth_service.INVALID_TOKEN)
    return token


def authenticated(*roles):
    """Require a logged-in, active user; with `roles`, one of them (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = auth_service.user_for_token(bearer_token())
            g.user_id = user.id  # for the request's log line, whatever happens next
            if roles and not any(user.has_role(role) for role in roles):
                raise Forbidden(f"This needs the {' or '.join(roles)} role.")
            g.current_user = user
            return view(*args, **kwargs)

        return wrapper

    return decorator


def current_user():
    return g.current_user

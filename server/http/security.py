"""Authentication for views: a valid bearer token, then (optionally) one of some roles.

praetorian reads and verifies the token; `auth_service` then loads the user, so a user who
was deactivated, demoted or changed their password loses access at once.
"""

from functools import wraps

from flask import g
from flask_praetorian.exceptions import PraetorianError

from server.errors import Forbidden, Unauthorized
from server.extensions import guard
from server.services import auth_service


def bearer_token():
    try:
        return guard.read_token()
    except PraetorianError:
        raise Unauthorized(auth_service.INVALID_TOKEN) from None


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

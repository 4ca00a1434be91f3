"""Logging in and out, tokens, and passwords.

flask-praetorian hashes passwords and issues and checks tokens. Around it we add what the
contract needs and praetorian lacks: roles and the active flag read from the database on
every request, a token version that password changes and deactivation bump (so older tokens
die at once), a revocation list kept in the database, and refresh before expiry.
"""

import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType

import cachetools
import jwt
import sqlalchemy as sa
from flask_praetorian.constants import REFRESH_EXPIRATION_CLAIM
from flask_praetorian.exceptions import PraetorianError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from server import clock
from server.domain.vocabulary import MIN_PASSWORD_LENGTH
from server.errors import Unauthorized, ValidationFailed
from server.extensions import db, guard
from server.infra.unit_of_work import UnitOfWork
from server.models import RevokedToken, User

BAD_CREDENTIALS = "The email or password is incorrect, or the account is inactive."
INVALID_TOKEN = "The access token is missing, expired, revoked or invalid; log in again."
VERSION_CLAIM = "ver"


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    expires_in: int
    token_type: str = "Bearer"


def hash_password(raw):
    return guard.hash_password(raw)


def password_matches(user, raw):
    return guard.pwd_ctx.verify(raw, user.password_hash)


def check_password_rules(raw, field="password"):
    if len(raw) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"{field} must be at least {MIN_PASSWORD_LENGTH} characters",
            errors={field: f"must be at least {MIN_PASSWORD_LENGTH} characters"},
        )


def login(email, password):
    user = User.lookup(email)
    if user is None:
        # Spend the time a real check would, so response times don't reveal who has an account.
        guard.pwd_ctx.dummy_verify()
        raise Unauthorized(BAD_CREDENTIALS)
    if not password_matches(user, password) or not user.is_active:
        raise Unauthorized(BAD_CREDENTIALS)
    return _grant(user)


def _grant(user):
    token = guard.encode_jwt_token(user, **{VERSION_CLAIM: user.token_version})
    return TokenGrant(token, int(guard.access_lifespan.total_seconds()))


def user_for_token(token):
    """The active user a valid, unrevoked access token belongs to; Unauthorized otherwise.
    praetorian checks the signature and the claims; whether the session was revoked is
    asked in the same query that loads the holder and their roles."""
    claims = _access_claims(guard.encode_key, token)
    if time.time() > claims["exp"]:  # a remembered token expires like any other
        raise Unauthorized(INVALID_TOKEN)
    return _current_holder(claims)


@cachetools.cached(cachetools.LRUCache(maxsize=2048), lock=threading.Lock())
def _access_claims(key, token):
    """The claims of an access token praetorian accepted, remembered per worker by the key
    that signed it and the token: a client sends the same token on every request until it
    expires, and checking the signature and claims again costs more than the query that
    follows. Only what can never change is remembered (a token's claims); expiry is checked
    on every use, and revocation, deactivation and the token version are read each time by
    `_current_holder`. Refused tokens are never remembered (the exception escapes)."""
    try:
        return MappingProxyType(guard.extract_jwt_token(token))
    except PraetorianError:
        raise Unauthorized(INVALID_TOKEN) from None


# The holder of a token, their roles, and whether the session was revoked: one statement,
# built once (every request runs it).
_HOLDER = (
    sa.select(User, sa.exists().where(RevokedToken.jti == sa.bindparam("jti")))
    .outerjoin(User.role_rows)
    .options(contains_eager(User.role_rows))
    .where(User.id == sa.bindparam("user_id"))
)


def _current_holder(claims):
    """The token's holder, with their roles, if still active, on the token's version and
    the session (its jti) is not revoked: one query."""
    jti = claims.get("jti")
    if jti is None:  # a session without an id could never be revoked
        raise Unauthorized(INVALID_TOKEN)
    row = db.session.execute(_HOLDER, {"jti": jti, "user_id": claims.get("id")}).unique().first()
    if row is None:
        raise Unauthorized(INVALID_TOKEN)
    user, is_revoked_now = row
    if is_revoked_now or not user.is_active or claims.get(VERSION_CLAIM) != user.token_version:
        raise Unauthorized(INVALID_TOKEN)
    return user


def token_claims(token):
    """Claims of a token whose signature is good, expired or not (for refresh and logout)."""
    try:
        return jwt.decode(
            token,
            guard.encode_key,
            algorithms=guard.allowed_algorithms,
            options={"verify_exp": False},
        )
    except jwt.PyJWTError:
        raise Unauthorized(INVALID_TOKEN) from None


def _refreshable_claims(token):
    """Claims of a correctly signed token whose session is alive: not revoked, refresh
    lifespan not over, holder still active and on the same token version."""
    claims = token_claims(token)
    refresh_until = claims.get(REFRESH_EXPIRATION_CLAIM)
    alive = isinstance(refresh_until, int) and time.time() <= refresh_until
    if not alive:
        raise Unauthorized(INVALID_TOKEN)
    _current_holder(claims)
    return claims


def refresh(token):
    """A new access token for the same session (same jti), expired or not, until the
    session's refresh lifespan ends."""
    claims = _refreshable_claims(token)
    now = int(time.time())  # tokens live in real time, like praetorian's own checks
    expires = min(
        now + int(guard.access_lifespan.total_seconds()), claims[REFRESH_EXPIRATION_CLAIM]
    )
    # A fresh token id, so a refresh within the same second still yields a new token.
    new_claims = {**claims, "iat": now, "exp": expires, "tid": secrets.token_urlsafe(9)}
    new_token = jwt.encode(new_claims, guard.encode_key, guard.encode_algorithm)
    return TokenGrant(new_token, expires - now)


def logout(token):
    """Revoke the session: this token and every token refreshed from it (one jti). Works
    with an expired access token too, as long as the session could still be refreshed."""
    with UnitOfWork() as uow:
        claims = _refreshable_claims(token)
        revoke = RevokedToken(
            jti=claims["jti"],
            expires_at=datetime.fromtimestamp(claims[REFRESH_EXPIRATION_CLAIM], UTC),
        )
        db.session.add(revoke)
        try:
            uow.commit()
        except IntegrityError:  # a parallel logout of the same session got there first
            uow.rollback()


def revocation_checked_with_holder(jti):
    """praetorian's blacklist hook: access tokens are checked for revocation together with
    their holder (`user_for_token`), so praetorian itself needs no query."""
    return False


def purge_expired_revocations():
    """Drop revocations of tokens that have expired anyway; returns how many. Tokens expire
    in real time (PyJWT checks them with the system clock), whatever CLOCK_START says."""
    with UnitOfWork() as uow:
        result = db.session.execute(
            sa.delete(RevokedToken).where(RevokedToken.expires_at < clock.real_utcnow())
        )
        uow.commit()
    return result.rowcount


def change_password(user, current_password, new_password):
    with UnitOfWork(user) as uow:
        if not password_matches(user, current_password):
            raise ValidationFailed(
                "current_password is not correct",
                errors={"current_password": "is not correct"},
            )
        set_password(user, new_password, field="new_password")
        uow.record("password_changed", "user", user)
        uow.commit()


def set_password(user, raw, field="password"):
    """A new password for `user` (checked against the rules), which ends their sessions."""
    check_password_rules(raw, field)
    user.password_hash = hash_password(raw)
    end_sessions(user)


def end_sessions(user):
    """Every token issued to `user` until now is refused from here on (their version
    moves on), and their calendar feed link stops working: whoever held a session or the
    link must not keep reading after a password change or a deactivation."""
    user.token_version += 1
    user.calendar_token_hash = None
    user.calendar_token_created_at = None

"""/auth: log in, refresh, log out, who am I, change password, register."""

from flask import current_app
from flask_restx import Namespace, Resource

from server.config import API_PREFIX
from server.controllers.users import UserItem
from server.dto import auth as dto
from server.dto import calendar as calendar_dto
from server.dto.users import register as register_dto
from server.dto.users import user, user_json
from server.extensions import limiter
from server.http.docs import (
    BODY_ERRORS,
    ERRORS,
    LOGIN_FAILED,
    RATE_LIMIT_HEADERS,
    ProblemDoc,
    creates,
    problems,
)
from server.http.inputs import json_body
from server.http.responses import created, no_content, public_base_url
from server.http.security import authenticated, bearer_token, current_user
from server.services import auth_service, feed_service, user_service

ns = Namespace("auth", description="Log in, tokens and passwords", path="/auth")


def token_json(grant):
    return {
        "access_token": grant.access_token,
        "token_type": grant.token_type,
        "expires_in": grant.expires_in,
    }


def login_rate_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


@ns.route("/login")
class Login(Resource):
    @ns.doc(
        "login",
        security=[],
        description="Trade an email and password for an access token; send it as "
        "`Authorization: Bearer <access_token>` (in Swagger UI: **Authorize**). The email is "
        "matched case-insensitively. Wrong credentials and inactive accounts get the same 401. "
        "Rate limited per client IP (`LOGIN_RATE_LIMIT`, default 10 per minute): over the "
        "limit, 429 with `Retry-After`.",
    )
    @ns.expect(dto.login)
    @ns.response(200, "Logged in", dto.token, headers=RATE_LIMIT_HEADERS)
    @problems(ns, 401, 429, *BODY_ERRORS, docs={401: LOGIN_FAILED})
    @limiter.limit(login_rate_limit)
    def post(self):
        """Log in with email and password"""
        data = json_body(dto.login)
        return token_json(auth_service.login(data["email"], data["password"]))


@ns.route("/refresh")
class Refresh(Resource):
    @ns.doc(
        "refresh_token",
        description="A new access token for the session in the Authorization header, whether "
        "or not that token has expired yet, until the session's refresh lifespan ends.",
    )
    @ns.response(200, "A fresh token", dto.token)
    @problems(ns, 401)
    def post(self):
        """Get a fresh access token for the session"""
        return token_json(auth_service.refresh(bearer_token()))


@ns.route("/logout")
class Logout(Resource):
    @ns.doc(
        "logout",
        description="Ends the session: this token and every token refreshed from it are "
        "rejected from now on. An expired access token still works here while the session "
        "could be refreshed.",
    )
    @ns.response(204, "Logged out")
    @problems(ns, 401)
    def post(self):
        """Log out: end the session"""
        auth_service.logout(bearer_token())
        return no_content()


@ns.route("/me")
class Me(Resource):
    @ns.doc(
        "get_me",
        description="The user record of whoever holds the token: roles, time zone, country, "
        "manager, work week and teams. A good first call after logging in.",
    )
    @ns.response(200, "The caller's user record", user)
    @problems(ns, 401)
    @authenticated()
    def get(self):
        """Who am I: the caller's own user record"""
        return user_json(current_user())


@ns.route("/password")
class Password(Resource):
    @ns.doc(
        "change_password",
        description="Needs the current password (a wrong one is 422 with "
        "`errors.current_password`); the new one has at least 10 characters. Every token "
        "issued before the change stops working: log in again.",
    )
    @ns.expect(dto.password_change)
    @ns.response(204, "Password changed")
    @problems(
        ns,
        401,
        *BODY_ERRORS,
        docs={
            422: ProblemDoc(
                ERRORS[422].description,
                "current_password is wrong",
                errors={"current_password": "is wrong"},
            )
        },
    )
    @authenticated()
    def post(self):
        """Change your password"""
        data = json_body(dto.password_change)
        auth_service.change_password(current_user(), data["current_password"], data["new_password"])
        return no_content()


@ns.route("/register")
class Register(Resource):
    @ns.doc(
        "register",
        security=[],
        description="Self-service sign-up as an `employee`, only when the server runs with "
        "`SIGNUP_OPEN=true` (otherwise 403). No token needed; log in afterwards. A duplicate "
        "email (case-insensitive) is 409.",
    )
    @ns.expect(register_dto)
    @creates(ns, user, "user")
    @problems(
        ns,
        403,
        409,
        *BODY_ERRORS,
        docs={
            403: "Self-registration is closed; ask an administrator for an account.",
            409: "A user with this email already exists.",
        },
    )
    def post(self):
        """Sign up as an employee (when sign-up is open)"""
        new_user = user_service.register(
            lambda: json_body(register_dto), current_app.config["SIGNUP_OPEN"]
        )
        return created(user_json(new_user), UserItem, user_id=new_user.id)


@ns.route("/calendar-token")
class CalendarToken(Resource):
    @ns.doc(
        "create_calendar_token",
        description="Creates your personal iCal feed link, replacing the previous one (whose "
        "URL stops working at once). The URL is shown only now: only a hash of its token is "
        "stored. Subscribe to it in Google Calendar (Other calendars → From URL) or Outlook "
        "(Add calendar → Subscribe from web); they refresh it every few hours.",
    )
    @ns.response(
        201,
        "The new link; `Location` is this resource's URL (GET it for the link's status)",
        calendar_dto.feed_token,
        headers={"Location": {"type": "string", "description": "URL of the feed link"}},
    )
    @problems(ns, 401)
    @authenticated()
    def post(self):
        """Create or replace your iCal feed link"""
        link = feed_service.create_feed_token(current_user())
        feed_url = f"{public_base_url()}{API_PREFIX}/calendar/feed/{link.token}.ics"
        body = {"feed_url": feed_url, "created_at": link.created_at.isoformat()}
        return created(body, CalendarToken)

    @ns.doc(
        "get_calendar_token",
        description="Whether you have a feed link, and since when (the URL itself cannot be "
        "shown again: reset it to get a new one).",
    )
    @ns.response(200, "The link's status", calendar_dto.feed_token_status)
    @problems(ns, 401)
    @authenticated()
    def get(self):
        """Whether you have an iCal feed link"""
        created_at = feed_service.feed_token_created_at(current_user())
        return {
            "exists": created_at is not None,
            "created_at": created_at.isoformat() if created_at else None,
        }

    @ns.doc(
        "delete_calendar_token",
        description="Stops your feed: its URL answers 404 from now on. Idempotent.",
    )
    @ns.response(204, "No feed link any more")
    @problems(ns, 401)
    @authenticated()
    def delete(self):
        """Delete your iCal feed link"""
        feed_service.delete_feed_token(current_user())
        return no_content()

"""Users: listing, creating, updating, deactivating, with scoping and validation."""

import re
from collections import defaultdict
from typing import NamedTuple

import pytz
import sqlalchemy as sa
from flask import current_app

from server.domain.vocabulary import (
    ADMIN,
    EMAIL_PATTERN,
    EMPLOYEE,
    MAX_EMAIL_LENGTH,
    ROLES,
    SELF_EDITABLE,
    roles_held,
)
from server.errors import Conflict, Forbidden, ValidationFailed
from server.extensions import db
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork, apply_changes
from server.models import Team, User, UserRole, team_members
from server.models.base import json_list
from server.services import access, auth_service, schedule_service
from server.services.holiday_service import check_region

# Fields an employee may change on their own record.
AUDITED = (
    "email",
    "full_name",
    "roles",
    "is_active",
    "timezone",
    "locale",
    "country",
    "subdivision",
    "hire_date",
    "manager_id",
    "work_days",
)
SORT = {
    "full_name": User.full_name,
    "email": User.email,
    "hire_date": User.hire_date,
    "created_at": User.created_at,
}


class Memberships(NamedTuple):
    """What a user's JSON shows besides their own columns."""

    roles: list
    team_ids: list


def memberships(users):
    """{user id: Memberships} for a page of users: two plain queries, whatever its size
    (the ORM's collection loaders cost several times more per page)."""
    ids = [user.id for user in users]
    teams, roles = defaultdict(list), defaultdict(set)
    if ids:
        for user_id, team_id in db.session.execute(
            sa.select(team_members.c.user_id, team_members.c.team_id)
            .where(team_members.c.user_id.in_(ids))
            .order_by(team_members.c.team_id)
        ):
            teams[user_id].append(team_id)
        for user_id, role in db.session.execute(
            sa.select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(ids))
        ):
            roles[user_id].add(role)
    return {i: Memberships(roles_held(roles[i]), teams[i]) for i in ids}


def visible_users(actor, f):
    """The users `actor` may see, narrowed by the list filters `f`."""
    stmt = sa.select(User).where(access.visible_users_clause(actor, User.id))
    if "q" in f:
        q = f["q"].lower()
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(User.full_name).contains(q, autoescape=True),
                sa.func.lower(User.email).contains(q, autoescape=True),
            )
        )
    if "team_id" in f:
        stmt = stmt.where(User.id.in_(Team.member_ids(f["team_id"])))
    if "manager_id" in f:
        stmt = stmt.where(User.manager_id == f["manager_id"])
    if "role" in f and f["role"] != EMPLOYEE:
        holders = sa.select(UserRole.user_id).where(UserRole.role == f["role"])
        stmt = stmt.where(User.id.in_(holders))
    if "is_active" in f:
        stmt = stmt.where(User.is_active.is_(f["is_active"]))
    return Listing(stmt, SORT, User.id, beside=(_ROLES, _TEAM_IDS), note_of=_memberships_of)


# What a users page shows besides each user's own columns, in the page's own statement.
_ROLES = sa.select(json_list(UserRole.role)).where(UserRole.user_id == User.id).scalar_subquery()
_TEAM_IDS = (
    sa.select(json_list(team_members.c.team_id))
    .where(team_members.c.user_id == User.id)
    .scalar_subquery()
)


def _memberships_of(roles, team_ids):
    return Memberships(roles_held(set(roles)), sorted(team_ids))


def get_user(actor, user_id):
    return access.visible_user(actor, user_id)


def create_user(actor, data, self_registered=False):
    """A new user, made by an admin (`actor`), the CLI (`actor=None`) or themselves."""
    with UnitOfWork(actor) as uow:
        auth_service.check_password_rules(data["password"])
        user = User(
            password_hash=auth_service.hash_password(data["password"]),
            timezone="UTC",
            locale=current_app.config["DEFAULT_LOCALE"],
        )
        user.role_rows = []
        values = normalised(user, {k: v for k, v in data.items() if k in AUDITED})
        _ensure_email_free(values["email"])
        for name, value in values.items():
            setattr(user, name, value)
        who = user if self_registered else actor
        uow.add(user, "user", AUDITED, actor=who)
        schedule_service.first_schedule(user, user.work_days)
        uow.commit()
    return user


def register(read_body, signup_open):
    """Self-service sign-up as an employee, when sign-up is open (403 before the body)."""
    if not signup_open:
        raise Forbidden("Self-registration is closed; ask an administrator for an account.")
    data = read_body()
    return create_user(None, {k: v for k, v in data.items() if k != "roles"}, self_registered=True)


def _editable(actor, user_id, fields):
    """The user if `actor` may change these `fields` of their record (404, then 403)."""
    user = access.visible_user(actor, user_id)
    if not actor.is_admin:
        if user.id != actor.id:
            raise Forbidden("Only an admin can change another user's record.")
        refused = sorted(set(fields) & ({*AUDITED, "password"} - SELF_EDITABLE))
        if refused:
            raise Forbidden(f"Only an admin can change: {', '.join(refused)}.")
    return user


def update_user(actor, user_id, sent_fields, read_body):
    """`sent_fields`: the names in the body, so a field reserved to admins is a 403 before
    the body is validated (`read_body`, 422)."""
    with UnitOfWork(actor) as uow:
        user = _editable(actor, user_id, sent_fields)
        body = read_body()
        password = body.pop("password", None)
        data = normalised(user, body)
        if data.get("email") is not None and data["email"].lower() != user.email.lower():
            _ensure_email_free(data["email"])
        _keep_an_admin(user, data)
        changes = apply_changes(user, data)
        if "work_days" in changes:  # older clients: the days become this week's schedule
            schedule_service.write_work_week(uow, user, user.work_days)
        if password is not None:
            auth_service.set_password(user, password)
            changes["password"] = ("***", "***")  # that it changed, never the value
        if "is_active" in changes:
            auth_service.end_sessions(user)  # deactivated: dead; reactivated: start afresh
        if changes:
            action = "updated"
            if changes.get("is_active") == (True, False) and len(changes) == 1:
                action = "deactivated"
            elif changes.get("is_active") == (False, True) and len(changes) == 1:
                action = "reactivated"
            uow.record(action, "user", user, changes)
        uow.commit()
    return user


def deactivate_user(actor, user_id):
    update_user(actor, user_id, {"is_active"}, lambda: {"is_active": False})


def _ensure_email_free(email):
    taken = db.session.execute(
        sa.select(User.id).where(sa.func.lower(User.email) == email.lower())
    ).first()
    if taken:
        raise Conflict("A user with this email already exists.")


def _keep_an_admin(user, data):
    """Refuse to deactivate or demote the last active admin: nobody could manage the system."""
    losing_admin = data.get("is_active") is False or (
        data.get("roles") is not None and ADMIN not in data["roles"]
    )
    if not (losing_admin and user.is_admin and user.is_active):
        return
    # Lock the admins' rows: two admins demoting each other at once must not both succeed.
    others = db.session.execute(
        sa.select(User.id)
        .join(UserRole)
        .where(UserRole.role == ADMIN, User.is_active.is_(True), User.id != user.id)
        .with_for_update(of=User)
    ).all()
    if not others:
        raise Conflict("This is the last active admin; make someone else an admin first.")


def normalised(user, data):
    """`data` (user fields, for a new `user` or a change to one) checked and in the one form
    they are stored in: the only way user fields reach the database, whoever writes them
    (POST /users, /auth/register, PATCH, the CLI, the demo data). ValidationFailed if
    wrong. `data` itself is left as it was."""
    data = dict(data)
    errors = {}
    for name in ("email", "full_name"):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip()
    if "full_name" in data and not data["full_name"]:
        errors["full_name"] = "must not be blank"
    elif any(ord(c) < 32 or ord(c) == 127 for c in data.get("full_name") or ""):
        errors["full_name"] = "must be one line of text, without control characters"
    for name, longest in (("email", MAX_EMAIL_LENGTH), ("full_name", 200)):
        if isinstance(data.get(name), str) and len(data[name]) > longest:
            errors[name] = f"must be at most {longest} characters"
    if data.get("timezone") is not None and data["timezone"] not in pytz.all_timezones_set:
        errors["timezone"] = "must be an IANA time zone name, e.g. Europe/Berlin"
    if data.get("email") is not None and not _looks_like_email(data["email"]):
        errors["email"] = "must be an email address"
    if data.get("roles") is not None:
        unknown = sorted(set(data["roles"]) - set(ROLES))
        if unknown:
            errors["roles"] = "unknown role(s): " + ", ".join(unknown) + "; use " + ", ".join(ROLES)
        else:  # the form `User.roles` reads back, so comparing old and new is meaningful
            data["roles"] = [role for role in ROLES if role in data["roles"] or role == EMPLOYEE]
    if data.get("work_days") is not None:
        days = data["work_days"]
        if not days or any(d not in range(7) for d in days) or len(set(days)) != len(days):
            errors["work_days"] = "must list distinct weekdays 0..6 (0 = Monday), at least one"
        else:
            data["work_days"] = sorted(days)
    if "manager_id" in data and data["manager_id"] is not None:
        problem = _manager_problem(user, data["manager_id"])
        if problem:
            errors["manager_id"] = problem
    if "country" in data or "subdivision" in data:
        country = data.get("country", user.country)
        # A new country drops the old subdivision; the same country keeps it.
        kept = user.subdivision if (country or "").upper() == (user.country or "") else None
        subdivision = data.get("subdivision", kept)
        try:
            data["country"], data["subdivision"] = check_region(country, subdivision)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationFailed(next(f"{k} {v}" for k, v in errors.items()), errors=errors)
    return data


def _looks_like_email(value):
    return re.fullmatch(EMAIL_PATTERN, value) is not None


def _manager_problem(user, manager_id):
    if user.id is not None and manager_id == user.id:
        return "a user cannot be their own manager"
    manager = db.session.get(User, manager_id)
    if manager is None:
        return f"there is no user {manager_id}"
    if not manager.is_active:
        return "the manager is inactive"
    # Walk up from the new manager: reaching this user again would close a loop.
    seen, current = set(), manager
    while current is not None and current.id not in seen:
        if user.id is not None and current.id == user.id:
            return "would create a management cycle"
        seen.add(current.id)
        current = db.session.get(User, current.manager_id) if current.manager_id else None
    return None

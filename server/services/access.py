"""Who may see or decide what about whom: each decision is one policy object that yields
both a Python check (for one user) and an SQL clause (for lists), so the two never drift.

A policy is a union of relations between the caller (the actor) and another user:
yourself, your direct reports (only while you hold the `manager` role), the people you
share a team with, or anyone (admins). What a caller may not see is reported as not found.
"""

from typing import NamedTuple

import sqlalchemy as sa

from server.domain.vocabulary import MANAGER
from server.errors import NotFound
from server.extensions import db
from server.models import User, team_members


class Relation:
    """One way of being related to the actor: `check(actor)` gives a predicate on users
    (anything with `id` and `manager_id`), `ids(actor)` a SELECT of every related user's
    id; both None when the relation cannot apply to this actor."""

    def check(self, actor):
        raise NotImplementedError

    def ids(self, actor):
        raise NotImplementedError


class DirectReports(Relation):
    def check(self, actor):
        if not actor.has_role(MANAGER):
            return None
        manager_id = actor.id
        return lambda user: user.manager_id == manager_id

    def ids(self, actor):
        if not actor.has_role(MANAGER):
            return None
        return sa.select(User.id).where(User.manager_id == actor.id)


class TeamMates(Relation):
    def check(self, actor):
        mates = self.ids(actor)
        return lambda user: db.session.execute(
            sa.select(sa.exists(mates.where(team_members.c.user_id == user.id)))
        ).scalar()

    def ids(self, actor):
        mine = sa.select(team_members.c.team_id).where(team_members.c.user_id == actor.id)
        return sa.select(team_members.c.user_id).where(team_members.c.team_id.in_(mine))


class Policy:
    """The users an actor is related to by any of `relations`, and — for admins, if
    `admins_see_all` — everyone; yourself always if `include_self`, else never (not even
    as an admin)."""

    def __init__(self, *relations, include_self=True, admins_see_all=True):
        self.relations = relations
        self.include_self = include_self
        self.admins_see_all = admins_see_all

    def allows(self, actor, user):
        return self.check(actor)(user)

    def check(self, actor):
        """A predicate on users for this actor, decided once: for checking many users
        (each absence of a calendar) without asking about the actor's roles again."""
        actor_id = actor.id
        if self.admins_see_all and actor.is_admin:
            return (lambda user: True) if self.include_self else (lambda user: user.id != actor_id)
        checks = [c for relation in self.relations if (c := relation.check(actor)) is not None]
        if self.include_self:
            return lambda user: user.id == actor_id or any(c(user) for c in checks)
        return lambda user: user.id != actor_id and any(c(user) for c in checks)

    def clause(self, actor, user_id_column):
        """An SQL condition limiting `user_id_column` to the users the actor may reach,
        written as one `IN (SELECT … UNION …)` so PostgreSQL can use the user_id indexes."""
        if self.admins_see_all and actor.is_admin:
            return sa.true() if self.include_self else user_id_column != actor.id
        parts = [ids for relation in self.relations if (ids := relation.ids(actor)) is not None]
        if self.include_self:
            if not parts:
                return user_id_column == actor.id
            parts.insert(0, sa.select(sa.literal(actor.id, sa.Integer)))
        if not parts:
            return sa.false()
        related = user_id_column.in_(parts[0] if len(parts) == 1 else sa.union(*parts))
        return related if self.include_self else sa.and_(related, user_id_column != actor.id)


# Whose records, requests and balances you may see (and whose real leave types).
SEE_RECORDS = Policy(DirectReports())
# Whose absences appear in your team calendar.
SEE_ABSENCES = Policy(TeamMates(), DirectReports())
# Whose absences your personal iCal feed carries: the same people, admins included —
# a feed leaves the company's systems, so it is never a company-wide export.
FEED_SCOPE = Policy(TeamMates(), DirectReports(), admins_see_all=False)
# Whose pending requests you may approve or reject: your direct reports', everyone's for
# admins — never your own.
DECIDE = Policy(DirectReports(), include_self=False)


class UserRef(NamedTuple):
    """The little a relation check needs to know about a user."""

    id: int
    manager_id: int | None


class LeaveTypeShown(NamedTuple):
    id: int | None
    name: str
    color: str | None


# What a colleague's leave looks like to someone who may not see its type.
AWAY = LeaveTypeShown(None, "Away", None)


def leave_type_mask(actor):
    """The privacy mask, in one place: `shown(owner, leave_type, public)` is the real leave
    type for the absences of the people whose records the actor may see (themself, their
    direct reports, everyone for admins) and for a type HR made `public` ("Business trip"),
    and "Away" for anybody else's."""
    sees = SEE_RECORDS.check(actor)
    return lambda owner, leave_type, public: leave_type if public or sees(owner) else AWAY


def manages(actor, user):
    check = DirectReports().check(actor)
    return check is not None and check(user)


def can_see(actor, user):
    return SEE_RECORDS.allows(actor, user)


def visible_users_clause(actor, user_id_column):
    """A SQL condition limiting `user_id_column` to the users `actor` may see."""
    return SEE_RECORDS.clause(actor, user_id_column)


def visible_user(actor, user_id, what="user"):
    """The user `user_id` if `actor` may see them; NotFound (without telling why) otherwise."""
    user = db.session.get(User, user_id)
    if user is None or not can_see(actor, user):
        raise NotFound(f"There is no {what} {user_id}.")
    return user

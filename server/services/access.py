"""Who may see whom: the object-level scoping every service applies.

Employees see themselves, managers also their direct reports (only while they hold the
`manager` role), admins everyone. What is out of scope is reported as not found.
"""

import sqlalchemy as sa

from server.errors import NotFound
from server.extensions import db
from server.models import User
from server.models.user import MANAGER


def manages(actor, user):
    return actor.has_role(MANAGER) and user.manager_id == actor.id


def can_see(actor, user):
    return actor.id == user.id or actor.is_admin or manages(actor, user)


def visible_users_clause(actor, user_id_column):
    """A SQL condition limiting `user_id_column` to the users `actor` may see."""
    if actor.is_admin:
        return sa.true()
    if actor.has_role(MANAGER):
        return sa.or_(user_id_column == actor.id, user_id_column.in_(direct_reports(actor)))
    return user_id_column == actor.id


def direct_reports(actor):
    """A subquery of the ids of the users `actor` manages."""
    return sa.select(User.id).where(User.manager_id == actor.id)


def visible_user(actor, user_id, what="user"):
    """The user `user_id` if `actor` may see them; NotFound (without telling why) otherwise."""
    user = db.session.get(User, user_id)
    if user is None or not can_see(actor, user):
        raise NotFound(f"There is no {what} {user_id}.")
    return user

"""Teams and their members."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from server.errors import Conflict, NotFound
from server.extensions import db
from server.models import Team, User, team_members
from server.services import access, audit_service
from server.services.pagination import paginate
from server.services.unit_of_work import UnitOfWork

FIELDS = ("name", "description", "max_absent")

member_count = (
    sa.select(sa.func.count())
    .where(team_members.c.team_id == Team.id)
    .correlate(Team)
    .scalar_subquery()
    .label("member_count")
)

SORT = {"name": sa.func.lower(Team.name), "created_at": Team.created_at}
MEMBER_SORT = {"full_name": User.full_name, "email": User.email}


def list_teams(query):
    stmt = sa.select(Team, member_count)
    if "q" in query.filters:
        stmt = stmt.where(
            sa.func.lower(Team.name).contains(query.filters["q"].lower(), autoescape=True)
        )
    return paginate(stmt, query, SORT, Team.id, scalars=False)


def get_team(team_id):
    row = db.session.execute(sa.select(Team, member_count).where(Team.id == team_id)).first()
    if row is None:
        raise NotFound(f"There is no team {team_id}.")
    return row


def create_team(actor, data):
    with UnitOfWork(actor) as uow:
        _ensure_name_free(data["name"])
        team = Team(**{k: data.get(k) for k in FIELDS})
        db.session.add(team)
        uow.flush()
        uow.record("created", "team", team.id, audit_service.created(team, FIELDS))
        uow.commit()
    return get_team(team.id)


def update_team(actor, team_id, data):
    with UnitOfWork(actor) as uow:
        team, _ = get_team(team_id)
        if data.get("name") is not None and data["name"].lower() != team.name.lower():
            _ensure_name_free(data["name"], team.id)
        changes = audit_service.apply_changes(team, data)
        if changes:
            uow.record("updated", "team", team.id, changes)
        uow.commit()
    return get_team(team.id)


def delete_team(actor, team_id):
    with UnitOfWork(actor) as uow:
        team, _ = get_team(team_id)
        member_ids = db.session.execute(
            sa.select(team_members.c.user_id).where(team_members.c.team_id == team.id)
        ).scalars()
        record = {k: (getattr(team, k), None) for k in FIELDS}
        record["member_ids"] = (sorted(member_ids), None)
        uow.record("deleted", "team", team.id, record)
        db.session.execute(sa.delete(team_members).where(team_members.c.team_id == team.id))
        db.session.delete(team)
        uow.commit()


def list_members(actor, team_id, query):
    get_team(team_id)
    stmt = (
        sa.select(User)
        .join(team_members, team_members.c.user_id == User.id)
        .where(team_members.c.team_id == team_id)
        .options(selectinload(User.teams).load_only(Team.id))
    )
    page = paginate(stmt, query, MEMBER_SORT, User.id)
    # Each member comes with whether the caller may see their whole record.
    return page, {user.id for user in page.items if access.can_see(actor, user)}


def add_member(actor, team_id, user_id):
    """Idempotent: adding a member twice changes nothing the second time."""
    with UnitOfWork(actor) as uow:
        get_team(team_id)
        _existing_user(user_id)
        if _is_member(team_id, user_id):
            return
        db.session.execute(sa.insert(team_members).values(team_id=team_id, user_id=user_id))
        uow.record("member_added", "team", team_id, {"user_id": (None, user_id)})
        try:
            uow.commit()
        except IntegrityError:  # a parallel PUT added them first: the outcome is the same
            uow.rollback()


def remove_member(actor, team_id, user_id):
    """Idempotent: removing someone who is not a member changes nothing."""
    with UnitOfWork(actor) as uow:
        get_team(team_id)
        _existing_user(user_id)
        if _is_member(team_id, user_id):
            db.session.execute(
                sa.delete(team_members).where(
                    team_members.c.team_id == team_id, team_members.c.user_id == user_id
                )
            )
            uow.record("member_removed", "team", team_id, {"user_id": (user_id, None)})
        uow.commit()


def _is_member(team_id, user_id):
    return (
        db.session.execute(
            sa.select(team_members.c.user_id).where(
                team_members.c.team_id == team_id, team_members.c.user_id == user_id
            )
        ).first()
        is not None
    )


def _existing_user(user_id):
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return user


def _ensure_name_free(name, team_id=None):
    stmt = sa.select(Team.id).where(sa.func.lower(Team.name) == name.lower())
    if team_id is not None:
        stmt = stmt.where(Team.id != team_id)
    if db.session.execute(stmt).first():
        raise Conflict(f"A team named {name!r} already exists.")

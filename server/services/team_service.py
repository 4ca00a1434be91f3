"""Teams and their members."""

from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from server.errors import Conflict
from server.extensions import db
from server.infra.lookups import get_or_404
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import Team, User, team_members
from server.services import access, user_service

FIELDS = ("name", "description", "max_absent")

SORT = {"name": sa.func.lower(Team.name), "created_at": Team.created_at}
MEMBER_SORT = {"full_name": User.full_name, "email": User.email}


def teams(filters):
    """Every team (with its member count), narrowed by a name substring `q`."""
    stmt = sa.select(Team)
    if "q" in filters:
        stmt = stmt.where(sa.func.lower(Team.name).contains(filters["q"].lower(), autoescape=True))
    return Listing(stmt, SORT, Team.id)


def get_team(team_id):
    return get_or_404(Team, team_id, "team")


def create_team(actor, data):
    with UnitOfWork(actor) as uow:
        _ensure_name_free(data["name"])
        team = Team(**{k: data.get(k) for k in FIELDS})
        uow.add(team, "team", FIELDS)
        uow.commit()
    return team


def update_team(actor, team_id, read_body):
    with UnitOfWork(actor) as uow:
        team = get_team(team_id)
        data = read_body()
        if data.get("name") is not None:
            _ensure_name_free(data["name"], team.id)
        uow.update(team, "team", data)
        uow.commit()
    return team


def delete_team(actor, team_id):
    with UnitOfWork(actor) as uow:
        team = get_team(team_id)
        member_ids = db.session.execute(Team.member_ids(team.id)).scalars()
        record = {k: (getattr(team, k), None) for k in FIELDS}
        record["member_ids"] = (sorted(member_ids), None)
        uow.record("deleted", "team", team, record)
        db.session.execute(sa.delete(team_members).where(team_members.c.team_id == team.id))
        db.session.delete(team)
        uow.commit()


def members(actor, team_id, read_filters):
    """A team's members (404 first if there is no such team); each noted with whether the
    caller may see their whole record."""
    get_team(team_id)
    read_filters()
    stmt = (
        sa.select(User)
        .join(team_members, team_members.c.user_id == User.id)
        .where(team_members.c.team_id == team_id)
    )
    return Listing(stmt, MEMBER_SORT, User.id, annotate=lambda page: _member_notes(actor, page))


class MemberNote(NamedTuple):
    full: bool  # the caller may see the member's whole record
    memberships: object


def _member_notes(actor, members):
    sees = access.SEE_RECORDS.check(actor)
    shown = user_service.memberships([m for m in members if sees(m)])
    return {m.id: MemberNote(m.id in shown, shown.get(m.id)) for m in members}


def add_member(actor, team_id, user_id):
    """Idempotent: adding a member twice changes nothing the second time."""
    with UnitOfWork(actor) as uow:
        team = get_team(team_id)
        _existing_user(user_id)
        if _is_member(team_id, user_id):
            return
        db.session.execute(sa.insert(team_members).values(team_id=team_id, user_id=user_id))
        uow.record(
            "members_changed", "team", team, {"user_id": (None, user_id)}, data={"added": [user_id]}
        )
        try:
            uow.commit()
        except IntegrityError:  # a parallel PUT added them first: the outcome is the same
            uow.rollback()


def remove_member(actor, team_id, user_id):
    """Idempotent: removing someone who is not a member changes nothing."""
    with UnitOfWork(actor) as uow:
        team = get_team(team_id)
        _existing_user(user_id)
        if _is_member(team_id, user_id):
            db.session.execute(
                sa.delete(team_members).where(
                    team_members.c.team_id == team_id, team_members.c.user_id == user_id
                )
            )
            uow.record(
                "members_changed",
                "team",
                team,
                {"user_id": (user_id, None)},
                data={"removed": [user_id]},
            )
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
    return get_or_404(User, user_id, "user")


def _ensure_name_free(name, team_id=None):
    stmt = sa.select(Team.id).where(sa.func.lower(Team.name) == name.lower())
    if team_id is not None:
        stmt = stmt.where(Team.id != team_id)
    if db.session.execute(stmt).first():
        raise Conflict(f"A team named {name!r} already exists.")

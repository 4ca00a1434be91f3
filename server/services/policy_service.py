"""Leave policies: their versions over time, who follows which, and the timelines the
balances are computed from.

A leave type's *default* policy applies to everyone without an assignment of that type; it
is made with the type (one version from 1900-01-01 reproducing the type's fields) and gets
a new version whenever those fields change (Decision 9: from the start of the current
leave year, so closed years never change). Versions are never edited, and never start
before the current leave year: a closed year's numbers stay as they were paid.
"""

import dataclasses
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from server import clock
from server.domain import policy as policy_rules
from server.domain.entitlement import Version, build_timeline
from server.domain.leave_year import LeaveYearRule
from server.domain.schedule import BEGINNING
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.infra.lookups import get_or_404
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import LeaveType, Policy, PolicyAssignment, PolicyVersion, User
from server.services import access, schedule_service

SORT = {"name": sa.func.lower(Policy.name), "created_at": Policy.created_at}
END_OF_TIME = date(2999, 12, 31)
# The leave type fields that are a read of its default policy's version in force today.
POLICY_FIELDS = ("yearly_allowance", "accrual", "carryover_max", "allow_negative")

# --- timelines: what the balances are computed from -------------------------------------------


def _versions_and_assignments(user_ids):
    """One statement: every version of every default policy and of every policy assigned
    to one of `user_ids` (a list or a SELECT of ids), each row with the assignment that
    brings it (None for default policies' rows)."""
    assignments = (
        sa.select(PolicyAssignment).where(PolicyAssignment.user_id.in_(user_ids)).subquery()
    )
    return (
        sa.select(
            PolicyVersion.id,
            PolicyVersion.policy_id,
            PolicyVersion.effective_from,
            PolicyVersion.body,
            Policy.leave_type_id,
            Policy.is_default,
            assignments.c.user_id,
            assignments.c.effective_from,
            assignments.c.effective_to,
        )
        .join(Policy, Policy.id == PolicyVersion.policy_id)
        .outerjoin(assignments, assignments.c.policy_id == Policy.id)
        .where(sa.or_(Policy.is_default, assignments.c.user_id.is_not(None)))
    )


# The statement for a list of ids, built once (the ids are a parameter).
_FOR_IDS = _versions_and_assignments(sa.bindparam("policy_user_ids", expanding=True))
# Versions already read, by id: never edited, so one read stays good (and keeps what it has
# worked out); checked against what is read each time, as ids are only unique per database.
_KNOWN_VERSIONS: dict = {}


def _version(vid, pid, effective_from, body):
    known = _KNOWN_VERSIONS.get(vid)
    if known is not None and (known.policy_id, known.effective_from, known.body) == (
        pid,
        effective_from,
        body,
    ):
        return known
    if len(_KNOWN_VERSIONS) > 10_000:
        _KNOWN_VERSIONS.clear()
    found = _KNOWN_VERSIONS[vid] = Version(vid, pid, effective_from, body)
    return found


def timelines(users, user_ids=None, read=None):
    """{user id: {leave type id: Timeline}} for `users` (with `id` and `hire_date`), in one
    statement whatever their number; `user_ids` may be a SELECT of their ids."""
    read = read or db.session.execute
    users = list(users)
    if user_ids is None:
        rows = read(_FOR_IDS, {"policy_user_ids": [user.id for user in users]})
        ids = [user.id for user in users]
    else:
        rows, ids = read(_versions_and_assignments(user_ids)), user_ids
    versions = defaultdict(dict)  # policy id -> {version id: Version}
    defaults = {}  # leave type id -> policy id
    assigned = defaultdict(set)  # (user id, type id) -> {(from, to, policy id)}
    for row in rows:
        (vid, pid, effective_from, body, type_id, is_default, user_id, start, end) = row
        versions[pid][vid] = _version(vid, pid, effective_from, body)
        if is_default:
            defaults[type_id] = pid
        if user_id is not None:
            assigned[(user_id, type_id)].add((start, end, pid))
    # Schedules are read only when a version scales its amount by them (A-R6).
    scaling = any(
        v.basis_days_per_week is not None for vs in versions.values() for v in vs.values()
    )
    schedules = schedule_service.schedules_of_users(ids, BEGINNING, END_OF_TIME) if scaling else {}
    found = {}
    for user in users:
        per_type = {}
        weeks = schedules.get(user.id, ())
        for type_id, default_id in defaults.items():
            periods = [
                (start, end, list(versions[pid].values()))
                for start, end, pid in assigned.get((user.id, type_id), ())
            ]
            per_type[type_id] = build_timeline(
                list(versions[default_id].values()), periods, user.hire_date, schedules=weeks
            )
        for (user_id, type_id), periods in assigned.items():
            if user_id == user.id and type_id not in per_type:
                per_type[type_id] = build_timeline(
                    [],
                    [(s, e, list(versions[pid].values())) for s, e, pid in periods],
                    user.hire_date,
                    schedules=weeks,
                )
        found[user.id] = per_type
    return found


# --- policies ---------------------------------------------------------------------------------


def policies(filters):
    stmt = sa.select(Policy).options(selectinload(Policy.versions))
    if "leave_type_id" in filters:
        stmt = stmt.where(Policy.leave_type_id == filters["leave_type_id"])
    if "is_active" in filters:
        stmt = stmt.where(Policy.is_active.is_(filters["is_active"]))
    return Listing(stmt, SORT, Policy.id)


def replay_visible(actor, stored_body, **path):
    """Before a stored outcome is replayed: policies are visible to everyone signed in,
    so there is nothing to check."""


def get_policy(policy_id):
    return get_or_404(Policy, policy_id, "policy")


def create_policy(actor, data):
    """A policy of a leave type with its first version."""
    with UnitOfWork(actor) as uow:
        leave_type = db.session.get(LeaveType, data["leave_type_id"])
        if leave_type is None:
            raise ValidationFailed(
                f"There is no leave type {data['leave_type_id']}.",
                errors={"leave_type_id": "no such leave type"},
            )
        if leave_type.unlimited:
            raise ValidationFailed(
                f"{leave_type.name} is unlimited: it has no balance a policy could shape.",
                errors={"leave_type_id": "is an unlimited leave type"},
            )
        version = data["version"]
        body = _checked_body(version, "version.")
        effective_from = version["effective_from"]
        _refuse_closed_year(effective_from, "version.effective_from")
        policy = Policy(leave_type_id=leave_type.id, name=data["name"])
        uow.add(policy, "policy", ("leave_type_id", "name"))
        row = PolicyVersion(
            policy_id=policy.id, effective_from=effective_from, body=body, created_by=actor.id
        )
        uow.add(row, "policy_version", ("policy_id", "effective_from", "body"))
        uow.commit()
    return get_policy(policy.id)


def add_version(actor, policy_id, read_body, dry_run=False):
    """A new version of the policy (422 if it cannot be, or starts in a closed leave
    year). With `dry_run`, nothing is written: ({user id: (leave year, before, after)}
    for everyone following the policy on its first day, None)."""
    with UnitOfWork(actor) as uow:
        policy = get_policy(policy_id)
        if not policy.is_active:
            raise Conflict(f"Policy {policy.name} is deactivated: it takes no new versions.")
        data = read_body()
        body = _checked_body(data)
        effective_from = data["effective_from"]
        _refuse_closed_year(effective_from, "effective_from")
        if dry_run:
            return policy, None, _dry_run(policy, effective_from, body)
        uow.lock_user(actor.id)  # versions of one policy are added one at a time
        row = PolicyVersion(
            policy_id=policy.id, effective_from=effective_from, body=body, created_by=actor.id
        )
        uow.add(row, "policy_version", ("policy_id", "effective_from", "body"))
        if policy.is_default:
            _read_into_leave_type(uow, policy, [*policy.versions, row])
        uow.commit()
    return get_policy(policy.id), row, None


def deactivate_policy(actor, policy_id):
    """A policy is never deleted: its versions explain entries. A deactivated one takes no
    new assignments or versions; a leave type's default policy stays active."""
    with UnitOfWork(actor) as uow:
        policy = get_policy(policy_id)
        if policy.is_default:
            raise Conflict(
                f"{policy.name} is its leave type's default policy: it cannot be deactivated."
            )
        if policy.is_active:
            policy.is_active = False
            uow.record("deactivated", "policy", policy, {"is_active": (True, False)})
        uow.commit()


def _checked_body(data, prefix=""):
    """The version body of `data` (its fields but `effective_from`) as stored: every part
    present, numbers as JSON numbers. 422 naming each field that cannot be."""
    body = _jsonable({k: v for k, v in data.items() if k != "effective_from"})
    found = policy_rules.problems(body) | policy_rules.not_yet_supported(body)
    if found:
        errors = {prefix + path: message for path, message in found.items()}
        first = next(iter(errors.items()))
        raise ValidationFailed(f"{first[0]} {first[1]}", errors=errors)
    return policy_rules.complete(body)


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def current_year_start(today=None):
    """The first day of the leave year containing today (calendar leave years)."""
    today = today or clock.today_in("UTC")
    return LeaveYearRule().period(today.year)[0]


def _refuse_closed_year(effective_from, field):
    start = current_year_start()
    if effective_from < start:
        raise ValidationFailed(
            f"{field} must be on or after {start.isoformat()}: a closed leave year keeps the "
            "numbers it ended with (correct one with an adjustment instead).",
            errors={field: f"must be on or after {start.isoformat()}"},
        )


def _followers(policy, day):
    """The users following `policy` on `day`: its assignees then, and — for a default
    policy — everyone without an assignment of its type then."""
    holds = sa.and_(
        PolicyAssignment.effective_from <= day,
        sa.or_(PolicyAssignment.effective_to.is_(None), PolicyAssignment.effective_to >= day),
    )
    assigned = sa.select(PolicyAssignment.user_id).where(
        PolicyAssignment.policy_id == policy.id, holds
    )
    stmt = sa.select(User).where(User.id.in_(assigned))
    if policy.is_default:
        elsewhere = sa.select(PolicyAssignment.user_id).where(
            PolicyAssignment.leave_type_id == policy.leave_type_id, holds
        )
        stmt = sa.select(User).where(sa.or_(User.id.in_(assigned), User.id.not_in(elsewhere)))
    return db.session.execute(stmt.order_by(User.id)).scalars().all()


def _dry_run(policy, effective_from, body):
    """Each follower's balance of the policy's type for the leave year of `effective_from`,
    as it will stand at that year's end, without and with the version."""
    from server.services.balance_service import load_ledgers

    leave_type = db.session.get(LeaveType, policy.leave_type_id)
    users = _followers(policy, effective_from)
    label = effective_from.year
    as_of = LeaveYearRule().period(label)[1]
    ledgers = load_ledgers(users, {user.id: as_of for user in users})
    draft = Version(0, policy.id, effective_from, body)
    schedules = {}
    if draft.basis_days_per_week is not None:  # the first version that scales by them
        schedules = schedule_service.schedules_of_users(
            [user.id for user in users], BEGINNING, END_OF_TIME
        )
    outcome = {}
    for user in users:
        ledger = ledgers[user.id]
        before = ledger.balance(leave_type, label, as_of)
        timeline = ledger.timeline(leave_type)
        if user.id in schedules:
            timeline = dataclasses.replace(timeline, schedules=tuple(schedules[user.id]))
        timeline = timeline.with_version(draft)
        after = ledger.with_timeline(leave_type.id, timeline).balance(leave_type, label, as_of)
        outcome[user.id] = (label, before.available, after.available)
    return outcome


def _read_into_leave_type(uow, policy, versions):
    """Decision 9: the type's own fields show its default policy's version in force
    today (of `versions`, the policy's with the one just added)."""
    today = clock.today_in("UTC")
    in_force = [v for v in versions if v.effective_from <= today]
    if not in_force:
        return
    version = max(in_force, key=lambda v: (v.effective_from, v.id))
    leave_type = db.session.get(LeaveType, policy.leave_type_id)
    values = policy_rules.leave_type_fields(version.body)
    changed = {k: v for k, v in values.items() if getattr(leave_type, k) != v}
    if changed:
        uow.update(leave_type, "leave_type", changed)


def default_policy_of(leave_type):
    return db.session.execute(
        sa.select(Policy).where(Policy.leave_type_id == leave_type.id, Policy.is_default)
    ).scalar_one_or_none()


def follow_leave_type(uow, leave_type, changed=()):
    """Keep a leave type's default policy in step with its fields: made with a first
    version from 1900-01-01 when the type gets a balance; a new version from the start of
    the current leave year when `changed` names a field that is now policy."""
    if leave_type.unlimited:
        return
    policy = default_policy_of(leave_type)
    body = policy_rules.default_body(leave_type)
    if policy is None:
        policy = Policy(leave_type_id=leave_type.id, name=leave_type.name, is_default=True)
        uow.add(policy, "policy", ("leave_type_id", "name"))
        effective_from = BEGINNING
    elif set(changed) & set(POLICY_FIELDS):
        effective_from = current_year_start()
    else:
        return
    row = PolicyVersion(
        policy_id=policy.id,
        effective_from=effective_from,
        body=body,
        created_by=uow.actor.id if uow.actor else None,
    )
    uow.add(row, "policy_version", ("policy_id", "effective_from", "body"))


# --- assignments ----------------------------------------------------------------------------


def assignments(actor, user_id):
    """The user's assignments, by leave type then date (404 first if not visible)."""
    access.visible_user(actor, user_id)
    return (
        db.session.execute(
            sa.select(PolicyAssignment)
            .where(PolicyAssignment.user_id == user_id)
            .order_by(PolicyAssignment.leave_type_id, PolicyAssignment.effective_from)
        )
        .scalars()
        .all()
    )


def assign(actor, user_id, leave_type_id, read_body):
    """From `effective_from` the user follows `policy_id` for the leave type: the
    assignment in force then ends the day before, later ones are dropped."""
    with UnitOfWork(actor) as uow:
        user = uow.lock_user(user_id)
        if user is None:
            raise NotFound(f"There is no user {user_id}.")
        leave_type = db.session.get(LeaveType, leave_type_id)
        if leave_type is None:
            raise NotFound(f"There is no leave type {leave_type_id}.")
        data = read_body()
        policy = db.session.get(Policy, data["policy_id"])
        if policy is None or policy.leave_type_id != leave_type.id:
            raise ValidationFailed(
                f"There is no policy {data['policy_id']} of {leave_type.name}.",
                errors={"policy_id": "no such policy of this leave type"},
            )
        if not policy.is_active:
            raise ValidationFailed(
                f"Policy {policy.name} is deactivated.",
                errors={"policy_id": "is deactivated"},
            )
        start = data["effective_from"]
        _refuse_closed_year(start, "effective_from")
        mine = db.session.execute(
            sa.select(PolicyAssignment).where(
                PolicyAssignment.user_id == user.id,
                PolicyAssignment.leave_type_id == leave_type.id,
            )
        ).scalars()
        for row in mine:
            if row.effective_from >= start:  # replaced before it began
                uow.record(
                    "deleted", "policy_assignment", row, {"policy_id": (row.policy_id, None)}
                )
                db.session.delete(row)
            elif row.effective_to is None or row.effective_to >= start:
                uow.update(row, "policy_assignment", {"effective_to": start - timedelta(days=1)})
        db.session.flush()
        row = PolicyAssignment(
            user_id=user.id,
            leave_type_id=leave_type.id,
            policy_id=policy.id,
            effective_from=start,
        )
        uow.add(
            row, "policy_assignment", ("user_id", "leave_type_id", "policy_id", "effective_from")
        )
        uow.commit()
    return row

"""What a change tells the world: the event's type and its thin payload. Pure.

Every change that writes an audit row also stores one event in the same transaction (the
unit of work does both). Its `type` is the audit row's action, `<entity>.<verb>`
(`leave_request.approved`), except where the event contract names the change otherwise
(`TYPE_OF_ACTION`). The payload is thin: ids, codes, dates, amounts and statuses, enough
for a consumer to act or to fetch the rest — never a reason, comment or other free text
a person wrote, and never a secret.

A subject here is anything with the attributes its payload reads (a model, a record).
"""

from datetime import date, datetime, time
from decimal import Decimal

# Where the event contract names a change differently from the audit trail.
TYPE_OF_ACTION = {"adjustment.created": "balance.adjusted"}


def event_type(action):
    return TYPE_OF_ACTION.get(action, action)


def _plain(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _fields(subject, names):
    return {name: _plain(getattr(subject, name)) for name in names}


def leave_request(subject):
    leave_type = subject.leave_type
    return {
        **_fields(subject, ("id", "user_id", "start_date", "end_date", "start_half", "end_half")),
        "leave_type": {"id": leave_type.id, "code": leave_type.code},
        "unit": subject.unit,
        "amount": _plain(subject.days),
        "status": subject.status,
    }


def user(subject):
    return {
        **_fields(subject, ("id", "email", "full_name", "is_active", "manager_id")),
        **_fields(subject, ("timezone", "country", "subdivision", "hire_date")),
        "roles": list(subject.rolenames),
    }


def team(subject):
    return _fields(subject, ("id", "name", "max_absent"))


def leave_type(subject):
    return _fields(
        subject, ("id", "code", "name", "paid", "requires_approval", "is_active", "unit")
    )


def holiday(subject):
    return _fields(subject, ("id", "date", "name", "country", "subdivision"))


def holiday_calendar(subject):
    return _fields(subject, ("id", "region", "categories", "excluded"))


def adjustment(subject):
    return {
        **_fields(subject, ("id", "user_id", "leave_type_id", "year")),
        "unit": subject.leave_type.unit,
        "amount": _plain(subject.days),
    }


def schedule(subject):
    return {
        **_fields(subject, ("id", "user_id", "effective_from", "cycle_anchor", "day_start")),
        "weeks": subject.weeks,
    }


def policy(subject):
    return _fields(subject, ("id", "leave_type_id", "name", "is_active", "is_default"))


def policy_version(subject):
    return _fields(subject, ("id", "policy_id", "effective_from"))


def policy_assignment(subject):
    return _fields(
        subject, ("id", "user_id", "leave_type_id", "policy_id", "effective_from", "effective_to")
    )


def hours_worked(subject):
    """A report of hours worked: its subject is the person (the period is in the data)."""
    return {"user_id": subject.id}


PAYLOADS = {
    "leave_request": leave_request,
    "user": user,
    "team": team,
    "leave_type": leave_type,
    "holiday": holiday,
    "holiday_calendar": holiday_calendar,
    "adjustment": adjustment,
    "schedule": schedule,
    "policy": policy,
    "policy_version": policy_version,
    "policy_assignment": policy_assignment,
    "hours_worked": hours_worked,
}


# Every kind of object a change is recorded for (the audit trail's `entity`).
ENTITIES = tuple(PAYLOADS)


def payload(entity, subject, extra=None):
    """The event data for a change of `subject` (an `entity`), plus `extra` facts of the
    change itself (e.g. which member joined a team)."""
    return {**PAYLOADS[entity](subject), **(extra or {})}

"""Leave types: what kinds of leave exist and how each accrues and is checked."""

from decimal import Decimal

import sqlalchemy as sa

from server.domain.balance import is_half_step
from server.errors import Conflict, ValidationFailed
from server.extensions import db
from server.infra.lookups import get_or_404
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import LeaveType

FIELDS = (
    "name",
    "code",
    "color",
    "paid",
    "requires_approval",
    "yearly_allowance",
    "accrual",
    "carryover_max",
    "allow_negative",
    "allow_past",
    "min_notice_days",
    "is_active",
)
SORT = {"name": sa.func.lower(LeaveType.name), "code": LeaveType.code}


def leave_types(filters):
    stmt = sa.select(LeaveType)
    if "is_active" in filters:
        stmt = stmt.where(LeaveType.is_active.is_(filters["is_active"]))
    return Listing(stmt, SORT, LeaveType.id)


def get_leave_type(leave_type_id):
    return get_or_404(LeaveType, leave_type_id, "leave type")


def create_leave_type(actor, data):
    with UnitOfWork(actor) as uow:
        values = {"carryover_max": Decimal(0), **_checked(data)}
        _ensure_code_free(values["code"])
        leave_type = LeaveType(**values)
        uow.add(leave_type, "leave_type", FIELDS)
        uow.commit()
    return leave_type


def update_leave_type(actor, leave_type_id, read_body):
    with UnitOfWork(actor) as uow:
        leave_type = get_leave_type(leave_type_id)
        values = _checked(read_body())
        if "code" in values and values["code"] != leave_type.code:
            _ensure_code_free(values["code"])
        uow.update(leave_type, "leave_type", values)
        uow.commit()
    return leave_type


def deactivate_leave_type(actor, leave_type_id):
    """Leave types are never deleted: requests and balances keep pointing at them."""
    with UnitOfWork(actor) as uow:
        leave_type = get_leave_type(leave_type_id)
        if leave_type.is_active:
            leave_type.is_active = False
            uow.record("deactivated", "leave_type", leave_type, {"is_active": (True, False)})
        uow.commit()


def _checked(data):
    """Normalised values; amounts are checked here too, for callers other than the API."""
    errors = {
        name: "must be a multiple of 0.5"
        for name in ("yearly_allowance", "carryover_max")
        if data.get(name) is not None and not is_half_step(data[name])
    }
    if errors:
        raise ValidationFailed(next(f"{k} {v}" for k, v in errors.items()), errors=errors)
    values = dict(data)
    if "code" in values:
        values["code"] = values["code"].lower()
    if "color" in values:
        values["color"] = values["color"].upper()
    return values


def _ensure_code_free(code):
    if db.session.execute(sa.select(LeaveType.id).where(LeaveType.code == code)).first():
        raise Conflict(f"A leave type with code {code!r} already exists.")


def leave_type_named(leave_type_id):
    """The leave type a body names by `leave_type_id`; 422 (not 404) if there is none."""
    leave_type = db.session.get(LeaveType, leave_type_id)
    if leave_type is None:
        raise ValidationFailed(
            f"There is no leave type {leave_type_id}.",
            errors={"leave_type_id": "no such leave type"},
        )
    return leave_type

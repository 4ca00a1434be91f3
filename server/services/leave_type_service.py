"""Leave types: what kinds of leave exist and how each accrues and is checked."""

from decimal import Decimal

import sqlalchemy as sa

from server.domain.schedule import HOUR_STEP
from server.domain.vocabulary import DAYS
from server.errors import Conflict, ValidationFailed
from server.extensions import db
from server.infra.lookups import get_or_404
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import BalanceAdjustment, LeaveRequest, LeaveType
from server.services import policy_service

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
    "unit",
    "day_weighting",
    "allow_half_days",
    "min_request_hours",
    "visibility",
    "availability",
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
        values = {"carryover_max": Decimal(0), **_checked(data, data.get("unit", DAYS))}
        _ensure_code_free(values["code"])
        leave_type = LeaveType(**values)
        uow.add(leave_type, "leave_type", FIELDS)
        policy_service.follow_leave_type(uow, leave_type)
        uow.commit()
    return leave_type


def update_leave_type(actor, leave_type_id, read_body):
    with UnitOfWork(actor) as uow:
        leave_type = get_leave_type(leave_type_id)
        data = read_body()
        # The amounts must suit the unit the type will have, whichever of them changes.
        current = {
            name: getattr(leave_type, name) for name in ("yearly_allowance", "carryover_max")
        }
        values = _checked(data, data.get("unit", leave_type.unit), current)
        if "code" in values and values["code"] != leave_type.code:
            _ensure_code_free(values["code"])
        if values.get("unit", leave_type.unit) != leave_type.unit and _used(leave_type):
            raise Conflict(
                f"{leave_type.name} is already used by requests or adjustments: its unit "
                f"cannot change from {leave_type.unit}. Create a new leave type instead.",
                errors={"unit": "cannot change once the type is used"},
            )
        changes = uow.update(leave_type, "leave_type", values)
        policy_service.follow_leave_type(uow, leave_type, changes)
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


def _checked(data, unit, current=None):
    """Normalised values; amounts are checked here too, for callers other than the API:
    days in steps of 0.5, hours in steps of 0.25 (`current`: the stored amounts a body
    leaves as they are, which must suit a new unit too)."""
    step = Decimal("0.5") if unit == DAYS else HOUR_STEP
    amounts = {**(current or {}), **data}
    errors = {
        name: f"must be a multiple of {step} ({unit})"
        for name in ("yearly_allowance", "carryover_max")
        if amounts.get(name) is not None and amounts[name] % step
    }
    if errors:
        raise ValidationFailed(next(f"{k} {v}" for k, v in errors.items()), errors=errors)
    values = dict(data)
    if "code" in values:
        values["code"] = values["code"].lower()
    if "color" in values:
        values["color"] = values["color"].upper()
    return values


def _used(leave_type):
    """Whether any request or adjustment of the type exists."""
    requests = sa.exists().where(LeaveRequest.leave_type_id == leave_type.id)
    adjustments = sa.exists().where(BalanceAdjustment.leave_type_id == leave_type.id)
    return db.session.execute(sa.select(sa.or_(requests, adjustments))).scalar()


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

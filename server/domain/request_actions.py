"""What a caller may do to a leave request now: cancel it, edit it, decide it. Pure.

One definition per decision: the use cases refuse with these (their kind says how — the
caller may not do this at all, or not in the request's present state), and the request
object tells each caller the same answers as `can_cancel`, `can_edit` and `can_decide`,
so no client re-derives a rule (or reads its own clock for "has it started").
"""

from dataclasses import dataclass

from server.domain.vocabulary import ACTIVE_STATUSES, APPROVED, PENDING

NOT_YOURS, WRONG_STATE = "not_yours", "wrong_state"


@dataclass(frozen=True)
class Standing:
    """The caller's relation to one request. `may_decide`: the decision policy lets the
    caller decide the owner's requests (never their own); `started`: its first day is on
    or before today in the owner's time zone."""

    is_owner: bool
    is_admin: bool
    may_decide: bool
    status: str
    started: bool


@dataclass(frozen=True)
class Refusal:
    kind: str
    detail: str


@dataclass(frozen=True)
class Actions:
    can_cancel: bool
    can_edit: bool
    can_decide: bool


def cancel_refusal(s: Standing) -> Refusal | None:
    """The owner cancels while pending, or approved leave that has not started; an admin
    cancels any pending or approved request."""
    if not (s.is_owner or s.is_admin):
        return Refusal(NOT_YOURS, "Only the requester or an admin can cancel a request.")
    if s.status not in ACTIVE_STATUSES:
        return Refusal(WRONG_STATE, f"The request is already {s.status}.")
    if s.status == APPROVED and s.started and not s.is_admin:
        return Refusal(WRONG_STATE, "The leave has already started; ask an admin to cancel it.")
    return None


def edit_refusal(s: Standing) -> Refusal | None:
    if not s.is_owner:
        return Refusal(NOT_YOURS, "Only the person who asked for the leave can edit the request.")
    return _pending(s, "edited")


def decide_refusal(s: Standing) -> Refusal | None:
    if not s.may_decide:
        if s.is_owner:
            return Refusal(NOT_YOURS, "Nobody can approve or reject their own request.")
        return Refusal(
            NOT_YOURS, "Only the requester's manager or an admin can decide this request."
        )
    return _pending(s, "decided")


def actions(s: Standing) -> Actions:
    return Actions(
        can_cancel=cancel_refusal(s) is None,
        can_edit=edit_refusal(s) is None,
        can_decide=decide_refusal(s) is None,
    )


def _pending(s, what):
    if s.status != PENDING:
        return Refusal(WRONG_STATE, f"Only pending requests can be {what}; this one is {s.status}.")
    return None

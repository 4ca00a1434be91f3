"""What a caller may do to a request: one rule per action, used by the use cases to refuse
and by the request object to tell the client."""

import itertools

import pytest

from server.domain.request_actions import (
    NOT_YOURS,
    WRONG_STATE,
    Standing,
    actions,
    cancel_refusal,
    decide_refusal,
    edit_refusal,
)

STATUSES = ("pending", "approved", "rejected", "cancelled")


def standing(**facts):
    base = {"is_owner": True, "is_admin": False, "may_decide": False}
    return Standing(**{**base, "status": "pending", "started": False, **facts})


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({}, None),
        ({"status": "approved"}, None),
        ({"status": "approved", "started": True}, WRONG_STATE),
        ({"status": "rejected"}, WRONG_STATE),
        ({"is_owner": False}, NOT_YOURS),
        ({"is_owner": False, "is_admin": True, "status": "approved", "started": True}, None),
        ({"is_owner": False, "is_admin": True, "status": "cancelled"}, WRONG_STATE),
    ],
)
def test_who_may_cancel_and_when(facts, expected):
    refusal = cancel_refusal(standing(**facts))
    assert (refusal.kind if refusal else None) == expected


def test_only_the_owner_edits_and_only_while_pending():
    assert edit_refusal(standing()) is None
    assert edit_refusal(standing(status="approved")).kind == WRONG_STATE
    assert edit_refusal(standing(is_owner=False, is_admin=True)).kind == NOT_YOURS


def test_deciding_needs_the_policy_and_a_pending_request_and_says_why_not():
    assert decide_refusal(standing(is_owner=False, may_decide=True)) is None
    own = decide_refusal(standing(is_admin=True))
    assert (own.kind, own.detail) == (NOT_YOURS, "Nobody can approve or reject their own request.")
    assert decide_refusal(standing(is_owner=False)).kind == NOT_YOURS
    late = decide_refusal(standing(is_owner=False, may_decide=True, status="approved"))
    assert late.kind == WRONG_STATE


@pytest.mark.parametrize(
    "facts",
    [
        dict(zip(("is_owner", "is_admin", "may_decide", "started"), flags, strict=True))
        | {"status": status}
        for flags in itertools.product((False, True), repeat=4)
        for status in STATUSES
    ],
)
def test_the_affordances_are_exactly_the_refusals_absent(facts):
    s = standing(**facts)
    can = actions(s)
    assert can.can_cancel == (cancel_refusal(s) is None)
    assert can.can_edit == (edit_refusal(s) is None)
    assert can.can_decide == (decide_refusal(s) is None)

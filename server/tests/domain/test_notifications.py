"""Who hears about what (pure); what the message says is test_email_text.py."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import notifications as n

OWNER = n.Person(1, True)
BOSS = n.Person(2, True, is_manager=True)
ADMIN = n.Person(3, True)


def ids(chosen):
    return [(person.id, audience) for person, audience in chosen]


def test_approvers_are_the_able_manager_else_the_active_admins():
    admins = [ADMIN, n.Person(4, False)]
    assert n.approvers(BOSS, admins) == [BOSS]
    assert n.approvers(n.Person(2, False, is_manager=True), admins) == [ADMIN]
    assert n.approvers(n.Person(2, True, is_manager=False), admins) == [ADMIN]
    assert n.approvers(None, admins) == [ADMIN]


@pytest.mark.parametrize(
    ("event", "actor", "expected"),
    [
        (n.SUBMITTED, OWNER.id, [(2, "approver")]),
        (n.AUTO_APPROVED, OWNER.id, [(2, "approver")]),
        (n.REMINDER, None, [(2, "approver")]),
        (n.APPROVED, BOSS.id, [(1, "owner")]),
        (n.REJECTED, BOSS.id, [(1, "owner")]),
        (n.FILED_FOR_YOU, BOSS.id, [(1, "owner")]),
        (n.CANCELLED, OWNER.id, [(2, "approver")]),
        (n.CANCELLED, ADMIN.id, [(2, "approver"), (1, "owner")]),
        (n.CANCELLED, BOSS.id, [(1, "owner")]),
    ],
)
def test_recipients_per_event(event, actor, expected):
    assert ids(n.recipients(event, OWNER, actor, [BOSS])) == expected


def test_inactive_people_and_duplicates_are_dropped():
    gone = n.Person(1, False)
    assert n.recipients(n.APPROVED, gone, 2, [BOSS]) == []
    assert ids(n.recipients(n.SUBMITTED, OWNER, 1, [BOSS, BOSS])) == [(2, "approver")]


def test_an_unknown_event_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown event"):
        n.recipients("request.exploded", OWNER, None, [])


@given(
    event=st.sampled_from(n.EVENTS),
    actor=st.sampled_from([None, 1, 2, 3]),
    people=st.lists(st.builds(n.Person, st.integers(1, 4), st.booleans()), max_size=4),
)
def test_never_the_actor_never_inactive(event, actor, people):
    owner = people[0] if people else OWNER
    for person, _ in n.recipients(event, owner, actor, people):
        assert person.id != actor
        assert person.is_active


def test_retry_delays_grow_and_are_capped():
    delays = [n.retry_delay_seconds(attempt, 60) for attempt in range(1, 12)]
    assert delays[:4] == [60, 120, 240, 480]
    assert delays == sorted(delays)
    assert max(delays) == 6 * 3600


@pytest.mark.parametrize(
    ("event", "status", "actor", "expected"),
    [
        ("leave_request.submitted", "pending", 1, [n.SUBMITTED]),
        ("leave_request.submitted", "pending", 9, [n.SUBMITTED, n.FILED_FOR_YOU]),
        ("leave_request.submitted", "approved", 1, [n.AUTO_APPROVED]),
        ("leave_request.updated", "pending", 1, []),
        ("leave_request.updated", "approved", 1, [n.AUTO_APPROVED]),
        ("leave_request.approved", "approved", 2, [n.APPROVED]),
        ("leave_request.rejected", "rejected", 2, [n.REJECTED]),
        ("leave_request.cancelled", "cancelled", 1, [n.CANCELLED]),
        ("team.created", None, 1, []),
    ],
)
def test_which_messages_an_event_gives(event, status, actor, expected):
    assert n.messages_for(event, {"user_id": 1, "status": status}, actor) == expected

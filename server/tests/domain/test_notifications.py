"""Who hears about what, and what the message says (pure)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain import notifications as n

OWNER = n.Person(1, True)
BOSS = n.Person(2, True, is_manager=True)
ADMIN = n.Person(3, True)
FACTS = n.Facts(
    owner_name="Rita <Report>",
    leave_type="Vacation",
    start_date=date(2026, 12, 21),
    end_date=date(2026, 12, 24),
    start_half=True,
    end_half=False,
    days="3.5",
    status="pending",
    actor_name="Max Manager",
)


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


def test_dates_spell_out_half_days():
    assert n.describe_dates(FACTS) == (
        "Mon 21 Dec 2026 to Thu 24 Dec 2026 (from midday on the first day)"
    )
    one_morning = n.Facts(
        **{**FACTS.__dict__, "end_date": FACTS.start_date, "start_half": False, "end_half": True}
    )
    assert n.describe_dates(one_morning) == "Mon 21 Dec 2026 (morning)"


def test_render_has_text_and_escaped_html():
    message = n.render(n.SUBMITTED, "approver", FACTS, "Max", "https://pto.example.com")
    assert message.subject.startswith("Time off request from Rita <Report>: Vacation")
    assert "Hello Max," in message.text
    assert "Days:     3.5" in message.text
    assert "Open PTO: https://pto.example.com" in message.text
    assert "Rita &lt;Report&gt;" in message.html
    assert "<Report>" not in message.html
    without_link = n.render(n.APPROVED, "owner", FACTS, "Rita", None)
    assert "Open PTO" not in without_link.text


def test_facts_round_trip_through_json():
    assert n.Facts.from_json(FACTS.as_json()) == FACTS


def test_retry_delays_grow_and_are_capped():
    delays = [n.retry_delay_seconds(attempt, 60) for attempt in range(1, 12)]
    assert delays[:4] == [60, 120, 240, 480]
    assert delays == sorted(delays)
    assert max(delays) == 6 * 3600

"""Keeping the stored ledger equal to the facts by appending only."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from server.domain.ledger_entries import Due, Stored, live, reconcile

DAY = date(2027, 2, 1)


def due(key="credit:1:1:2027:2027-02-01", amount="2", kind="accrual"):
    return Due(key, kind, Decimal(amount), DAY, 2027, "policy_version", 3, "2027-02-01")


def stored(id, job_key, amount="2", kind="accrual", reverses_id=None):
    return Stored(id, job_key, kind, Decimal(amount), DAY, 2027, reverses_id, "policy_version", 3,
                  "2027-02-01")  # fmt: skip


def test_what_is_stored_already_is_not_written_again():
    assert reconcile([due()], [stored(1, "credit:1:1:2027:2027-02-01#0")]) == []


def test_a_new_entry_is_numbered_after_those_of_its_key():
    [new] = reconcile([due()], [])
    assert (new.job_key, new.amount, new.reverses_id) == ("credit:1:1:2027:2027-02-01#0", 2, None)


def test_a_changed_amount_is_a_reversal_and_a_new_entry_never_an_edit():
    old = stored(1, "credit:1:1:2027:2027-02-01#0")
    reversal, new = reconcile([due(amount="2.5")], [old])
    assert (reversal.amount, reversal.reverses_id, reversal.job_key) == (
        Decimal(-2), 1, "credit:1:1:2027:2027-02-01#0~r")  # fmt: skip
    assert (new.amount, new.job_key) == (Decimal("2.5"), "credit:1:1:2027:2027-02-01#1")


def test_an_entry_no_longer_called_for_is_reversed_and_usage_as_usage_reversal():
    [reversal] = reconcile([], [stored(5, "usage:41:2027#0", amount="-3", kind="usage")])
    assert (reversal.kind, reversal.amount, reversal.reverses_id) == (
        "usage_reversal", Decimal(3), 5)  # fmt: skip


def test_reversed_entries_no_longer_count_and_number_the_next():
    history = [
        stored(1, "k#0", amount="2"),
        stored(2, "k#0~r", amount="-2", reverses_id=1),
    ]
    assert live(history) == []
    [new] = reconcile([due(key="k", amount="2")], history)
    assert new.job_key == "k#1"


def test_nothing_is_written_for_an_amount_of_zero():
    assert reconcile([due(amount="0")], []) == []


@given(st.lists(st.integers(-20, 20), min_size=1, max_size=6))
def test_after_any_history_of_changes_the_live_entries_are_what_is_due(amounts):
    history, next_id = [], 1
    for amount in amounts:
        for a in reconcile([due(key="k", amount=str(amount))], history):
            history.append(Stored(next_id, a.job_key, a.kind, a.amount, a.effective_date,
                                  a.leave_year, reverses_id=a.reverses_id))  # fmt: skip
            next_id += 1
        assert sum(e.amount for e in history) == amount
        assert [e.amount for e in live(history)] == ([Decimal(amount)] if amount else [])
    assert len({e.job_key for e in history}) == len(history)  # each key written once

"""Events are numbered in commit order: a consumer reading "everything after the last seq
it saw" never misses a change, however transactions interleave (PostgreSQL)."""

import threading

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.infra import events
from server.infra.unit_of_work import UnitOfWork
from server.models import Event, Team

# Transactions interleave on connections of their own: changes are really committed.
pytestmark = [pytest.mark.postgres, pytest.mark.real_commits]


def new_team(name):
    """A change that records an event, left open for the caller to commit."""
    uow = UnitOfWork().__enter__()
    team = Team(name=name)
    uow.add(team, "team", ("name",))
    return uow


def poll(app, after):
    with app.app_context():
        return [(e.seq, e.data["name"]) for e in events.after(after, 100)]


def test_a_poller_misses_no_event_when_transactions_commit_out_of_order(app, clean_db, monkeypatch):
    """First starts committing (its events are written, its COMMIT not yet sent); second
    commits meanwhile. A poller reads between the two commits and after both: it sees
    both, each exactly once, in the order they became visible."""
    in_commit, may_finish, second_done = threading.Event(), threading.Event(), threading.Event()
    store = events.store

    def store_then_wait(session, pending):
        store(session, pending)
        if pending and pending[0].data["name"] == "First":
            in_commit.set()
            assert may_finish.wait(10)

    monkeypatch.setattr(events, "store", store_then_wait)
    failures = []

    def run(name, done=None):
        try:
            with app.app_context():
                new_team(name).commit()
        except Exception as exc:  # reported below: a thread's exception is lost otherwise
            failures.append(exc)
        finally:
            if done is not None:
                done.set()

    first = threading.Thread(target=run, args=("First",))
    first.start()
    assert in_commit.wait(10)
    second = threading.Thread(target=run, args=("Second", second_done))
    second.start()
    # While First holds the commit-order lock, Second cannot number its event...
    assert not second_done.wait(0.5)
    seen = poll(app, 0)
    assert seen == []  # ...and nothing uncommitted or out of order is visible
    may_finish.set()
    first.join(10)
    second.join(10)
    assert failures == []
    seen += poll(app, seen[-1][0] if seen else 0)
    assert [name for _, name in seen] == ["First", "Second"]
    assert seen[0][0] < seen[1][0]


def test_a_rolled_back_change_leaves_a_gap_never_a_late_event(app, clean_db):
    with app.app_context():
        uow = new_team("Kept")
        uow.commit()
        lost = new_team("Lost")
        events.store(db.session, lost._events)  # numbered, then rolled back
        lost.rollback()
        new_team("Later").commit()
        names = db.session.execute(sa.select(Event.data["name"].as_string()).order_by(Event.seq))
        assert list(names.scalars()) == ["Kept", "Later"]

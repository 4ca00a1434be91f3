"""`run-jobs` in several processes at once writes each ledger entry once (PostgreSQL, real
transactions on connections of their own)."""

import threading
from datetime import date

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.models import LedgerEntry
from server.services import ledger_service

pytestmark = [pytest.mark.postgres, pytest.mark.real_commits]


def entries(app):
    with app.app_context():
        return db.session.execute(
            sa.select(LedgerEntry.job_key, LedgerEntry.amount).order_by(LedgerEntry.job_key)
        ).all()


def test_two_runs_at_once_write_each_entry_once(app, clean_db, make, monkeypatch):
    make.leave_type("vacation", yearly_allowance=25, carryover_max=5)
    make.leave_type("flex", yearly_allowance=12, accrual="monthly", carryover_max=2)
    for n in range(12):
        make.employee(hire_date=date(2024 + n % 3, 1 + n % 12, 1 + n))
    # Both runs have computed their batch before either writes it.
    both_computed = threading.Barrier(2, timeout=20)
    reconcile = ledger_service.entries.reconcile

    def reconcile_then_meet(*args, **kwargs):
        appends = reconcile(*args, **kwargs)
        if appends and not getattr(meeting, "done", False):
            meeting.done = True
            both_computed.wait()
        return appends

    meeting = threading.local()
    monkeypatch.setattr(ledger_service.entries, "reconcile", reconcile_then_meet)
    reports, failures = [], []

    def run():
        try:
            with app.app_context():
                reports.append(ledger_service.run_jobs(date(2027, 3, 1)))
        except Exception as exc:  # reported below: a thread's exception is lost otherwise
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    together = entries(app)
    assert len(together) == len({key for key, _ in together})  # no entry twice
    assert sum(sum(r.written.values()) for r in reports) == len(together)

    # What one run alone writes on a fresh ledger is exactly the same.
    monkeypatch.setattr(ledger_service.entries, "reconcile", reconcile)
    with app.app_context():
        db.session.execute(sa.text("ALTER TABLE ledger_entries DISABLE TRIGGER USER"))
        db.session.execute(sa.text("DELETE FROM ledger_entries"))
        db.session.execute(sa.text("ALTER TABLE ledger_entries ENABLE TRIGGER USER"))
        db.session.commit()
        alone = ledger_service.run_jobs(date(2027, 3, 1))
    assert entries(app) == together
    assert sum(alone.written.values()) == len(together)
    with app.app_context():
        again = ledger_service.run_jobs(date(2027, 3, 1))
    assert sum(again.written.values()) == 0

"""The ledger's migration changes no number a client saw: every balance of the demo company,
for every user, leave type and year 2024-2028 (as of each year's end and as of "today"), is
what the code before the ledger computed (`fixtures/demo_balances_before_ledger.json`,
recorded with `bench/balance_snapshot.py` at the commit before it). The 5,000-person
company is compared the same way by `bench/ledger_migration.sh`."""

import json
from datetime import UTC, date, datetime
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa

from bench.balance_snapshot import snapshot
from server import clock, create_app
from server.extensions import db
from server.services import demo_data
from server.tests.conftest import throwaway_database

BEFORE_LEDGER = "e405cbed02b6"  # the revision before policies and the ledger
TODAY = date(2026, 12, 8)  # the day the fixture was recorded on
FIXTURE = Path(__file__).parent / "fixtures" / "demo_balances_before_ledger.json"


@pytest.fixture
def demo_app(db_kind, tmp_path, monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 12, 8, 9, tzinfo=UTC))
    with throwaway_database(db_kind, tmp_path) as url:
        app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            flask_migrate.upgrade()
            demo_data.seed()
            yield app
            db.session.remove()
            db.engine.dispose()


def test_every_demo_balance_is_what_it_was_before_the_ledger_also_after_upgrading(demo_app):
    before = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert snapshot(TODAY, range(2024, 2029)) == before

    # The same data taken back to the schema before the ledger, and upgraded again: the
    # migration makes policies and entries from the rows alone.
    db.session.remove()
    flask_migrate.downgrade(revision=BEFORE_LEDGER)
    tables = set(sa.inspect(db.engine).get_table_names())
    assert not tables & {"ledger_entries", "policies", "policy_versions", "policy_assignments"}
    flask_migrate.upgrade()
    db.session.remove()
    assert snapshot(TODAY, range(2024, 2029)) == before
    kinds = db.session.execute(
        sa.text("SELECT kind, count(*) FROM ledger_entries GROUP BY kind ORDER BY kind")
    ).all()
    assert [kind for kind, _ in kinds] == ["adjustment", "usage"]
    policies = db.session.execute(sa.text("SELECT count(*) FROM policies")).scalar()
    assert (
        policies
        == db.session.execute(
            sa.text("SELECT count(*) FROM leave_types WHERE yearly_allowance IS NOT NULL")
        ).scalar()
    )

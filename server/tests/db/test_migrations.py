"""The migrations build exactly the schema the models describe, and undo it."""

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server import create_app
from server.extensions import db
from server.tests.conftest import throwaway_database


@pytest.fixture
def empty_database_url(db_kind, tmp_path):
    with throwaway_database(db_kind, tmp_path) as url:
        yield url


def index_names_in_database():
    if db.engine.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
    with db.engine.connect() as conn:
        return set(conn.execute(sa.text(sql)).scalars())


# SQLite cannot reflect expression indexes (lower(email), ...), so autogenerate skips them
# there; the index-name check below covers them on every database.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_upgrade_matches_models_and_downgrade_removes_everything(empty_database_url):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        declared = {index.name for table in db.metadata.tables.values() for index in table.indexes}
        assert declared <= index_names_in_database()

        flask_migrate.downgrade(revision="base")
        remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()

        flask_migrate.upgrade()  # and the way back up works again
        assert "leave_requests" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()

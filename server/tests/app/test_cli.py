"""manage.py commands: create-user, seed, openapi, purge-tokens, test."""

import json
from datetime import date

import pytest
import sqlalchemy as sa

from server.domain import demo_company
from server.extensions import db
from server.models import AuditEvent, LeaveRequest, LeaveType, Team, User
from server.services import demo_data
from server.tests.conftest import throwaway_database
from server.tests.helpers import manage_py, row_count


@pytest.fixture
def runner(app, clean_db):
    return app.test_cli_runner()


def test_create_user_with_roles(app, runner, client):
    result = runner.invoke(
        args=[
            "create-user",
            "Root@Example.com",
            "--password",
            "a-long-password",
            "--name",
            "Root",
            "--role",
            "admin",
            "--role",
            "manager",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "employee, manager, admin" in result.output
    r = client.post(
        "/api/v1/auth/login", json={"email": "root@example.com", "password": "a-long-password"}
    )
    assert r.status_code == 200


def test_create_user_refuses_bad_input_cleanly(runner, make):
    make.employee(email="taken@example.com")
    duplicate = runner.invoke(
        args=["create-user", "TAKEN@example.com", "--password", "a-long-password", "--name", "X"]
    )
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    short = runner.invoke(
        args=["create-user", "a@example.com", "--password", "short", "--name", "A"]
    )
    assert short.exit_code != 0 and "at least 10" in short.output


def test_create_user_normalises_like_the_api(app, runner):
    args = ["create-user", " Ann@Example.com ", "--password", "a-long-password", "--name", " Ann "]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.execute(sa.select(User)).scalar_one()
        assert (user.email, user.full_name, user.roles) == ("Ann@Example.com", "Ann", ["employee"])
    blank = runner.invoke(
        args=["create-user", "b@example.com", "--password", "a-long-password", "--name", "  "]
    )
    assert blank.exit_code != 0 and "full_name must not be blank" in blank.output


def test_seed_creates_the_demo_company_once(app, runner):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "admin@example.com" in first.output and demo_data.DEMO_PASSWORD in first.output
    users, teams, requests = (row_count(app, model) for model in (User, Team, LeaveRequest))
    assert (users, teams) == (11, 3)  # one admin, two managers, eight employees
    with app.app_context():
        countries = set(db.session.execute(sa.select(User.country).distinct()).scalars())
        codes = set(db.session.execute(sa.select(LeaveType.code)).scalars())
        statuses = set(db.session.execute(sa.select(LeaveRequest.status).distinct()).scalars())
        roles = {u.email: u.roles for u in db.session.execute(sa.select(User)).scalars()}
    assert countries == {"US", "DE"}
    assert {"vacation", "sick", "flex"} <= codes
    assert {"pending", "approved", "rejected"} <= statuses
    assert roles["admin@example.com"] == ["employee", "admin"]
    assert sum("manager" in r for r in roles.values()) == 2

    again = runner.invoke(args=["seed"])
    assert again.exit_code == 0 and "already present" in again.output
    assert (row_count(app, User), row_count(app, Team), row_count(app, LeaveRequest)) == (
        users,
        teams,
        requests,
    )
    assert row_count(app, AuditEvent) > 0


@pytest.mark.parametrize(
    "today",
    [
        "2026-01-01",
        "2026-03-30",
        "2026-07-03",
        "2026-11-23",
        "2026-12-07",
        "2026-12-24",
        "2026-12-31",
        "2028-02-29",
    ],
)
def test_seed_makes_every_planned_request_whatever_the_date(app, runner, clock, today):
    clock.set(f"{today}T12:00:00+00:00")
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        statuses = db.session.execute(sa.select(LeaveRequest.status)).scalars()
        assert sorted(statuses) == sorted(wish.outcome for wish in demo_company.WISHES)


def test_demo_logins_work(app, runner, client):
    runner.invoke(args=["seed"])
    for email in ("admin@example.com", "maya@example.com", "ada@example.com"):
        r = client.post(
            "/api/v1/auth/login", json={"email": email, "password": demo_data.DEMO_PASSWORD}
        )
        assert r.status_code == 200, email


def test_openapi_writes_the_openapi_3_document_by_default(app, runner, tmp_path):
    out = tmp_path / "openapi.json"
    result = runner.invoke(args=["openapi", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["openapi"].startswith("3.0.")
    to_stdout = runner.invoke(args=["openapi"])
    assert json.loads(to_stdout.output)["servers"] == [{"url": "/api/v1"}]


def test_openapi_version_2_writes_the_swagger_spec(app, runner, tmp_path):
    out = tmp_path / "swagger.json"
    result = runner.invoke(args=["openapi", "--version", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    spec = json.loads(out.read_text())
    assert spec["swagger"] == "2.0" and "/requests" in spec["paths"]
    assert spec["basePath"] == "/api/v1"


def test_openapi_version_3_writes_the_openapi_document(app, runner, tmp_path):
    out = tmp_path / "openapi.json"
    result = runner.invoke(args=["openapi", "--version", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["openapi"].startswith("3.0.") and "/requests" in document["paths"]
    assert document["servers"] == [{"url": "/api/v1"}]
    explicit = runner.invoke(args=["openapi", "--version", "2"])
    assert json.loads(explicit.output)["swagger"] == "2.0"
    assert runner.invoke(args=["openapi", "--version", "4"]).exit_code != 0


# --- the database life cycle: db upgrade, seed, drop ---------------------------------------


@pytest.fixture
def own_database(db_kind, tmp_path, monkeypatch):
    """A database of its own (dropping tables must not touch the suite's), migrated; and a
    factory of apps on it for a profile."""
    import flask_migrate

    from server import create_app

    with throwaway_database(db_kind, tmp_path) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("SECRET_KEY", "s" * 40)
        apps = []

        def app_for(profile):
            apps.append(create_app(profile, SQLALCHEMY_DATABASE_URI=url))
            return apps[-1]

        with app_for("test").app_context():
            flask_migrate.upgrade()
        yield app_for
        for each in apps:
            with each.app_context():
                db.engine.dispose()


def table_names(app):
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def test_drop_asks_then_drops_every_table_and_upgrade_brings_them_back(own_database):
    import flask_migrate

    app = own_database("test")
    runner = app.test_cli_runner()
    before = table_names(app)
    assert {"users", "leave_requests", "alembic_version"} <= before
    declined = runner.invoke(args=["drop"], input="n\n")
    assert declined.exit_code != 0 and "Aborted" in declined.output
    assert table_names(app) == before
    done = runner.invoke(args=["drop"], input="y\n")
    assert done.exit_code == 0, done.output
    assert f"Dropped {len(before)} tables" in done.output
    assert table_names(app) == set()
    with app.app_context():
        flask_migrate.upgrade()
    assert table_names(app) == before


def test_drop_and_seed_refuse_production_without_force(own_database):
    app = own_database("prod")
    runner = app.test_cli_runner()
    before = table_names(app)
    for command in (["drop", "--yes"], ["seed"]):
        result = runner.invoke(args=command)
        assert result.exit_code != 0
        assert "APP_ENV=prod" in result.output and "--force" in result.output
    assert table_names(app) == before
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(User)).scalar() == 0
    forced = runner.invoke(args=["drop", "--force"], input="y\n")
    assert forced.exit_code == 0, forced.output
    assert table_names(app) == set()


def test_seed_with_force_works_in_production(own_database):
    app = own_database("prod")
    result = app.test_cli_runner().invoke(args=["seed", "--force"])
    assert result.exit_code == 0, result.output
    assert "admin@example.com" in result.output


def test_purge_tokens_drops_only_expired_revocations(app, runner, clock):
    from datetime import UTC, datetime

    from server.models import RevokedToken

    # Tokens expire in real time: a moved clock does not make a live token's revocation
    # look expired (that would make the revoked token work again).
    clock.set("2999-01-01T00:00:00+00:00")
    with app.app_context():
        db.session.add_all(
            [
                RevokedToken(jti="old", expires_at=datetime(2000, 1, 1, tzinfo=UTC)),
                RevokedToken(jti="live", expires_at=datetime(2998, 1, 1, tzinfo=UTC)),
            ]
        )
        db.session.commit()
    result = runner.invoke(args=["purge-tokens"])
    assert "Purged 1" in result.output
    with app.app_context():
        assert [t.jti for t in db.session.execute(sa.select(RevokedToken)).scalars()] == ["live"]


def test_manage_py_lists_its_commands():
    result = manage_py("--help", env={"PATH": "/usr/bin:/bin", "APP_ENV": "test"})
    for command in ("run", "test", "db", "seed", "drop", "create-user", "openapi"):
        assert command in result.stdout


def test_manage_py_help_works_without_usable_settings_and_never_shows_a_traceback():
    """Production without a SECRET_KEY: help still lists the commands, says why the app
    cannot start in one line, and a command's own help works too."""
    unusable = {"PATH": "/usr/bin:/bin", "APP_ENV": "prod"}
    result = manage_py("--help", env=unusable)
    for command in ("seed", "create-user", "openapi", "send-notifications"):
        assert command in result.stdout
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY must be set" in result.stderr
    own = manage_py("openapi", "--help", env=unusable)
    assert "[default: 3]" in own.stdout
    assert "Traceback" not in own.stderr


def test_manage_py_refuses_to_run_in_production_with_a_moved_clock():
    production = {
        "PATH": "/usr/bin:/bin",
        "APP_ENV": "prod",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
        "CLOCK_START": "2026-12-24T09:00:00+00:00",
    }
    result = manage_py("seed", "--force", env=production, check=False)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: CLOCK_START is set, and it moves the service's clock: it is for tests and "
        "development only. Unset it when APP_ENV=prod.\n"
    )


def test_seeded_hire_dates_are_in_the_past():
    hired = [date.fromisoformat(p[-1]) for p in demo_data.PEOPLE if p[-1]]
    assert max(hired) < date(2026, 1, 1)

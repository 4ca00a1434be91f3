"""A Python client generated with openapi-python-client from the served OpenAPI 3 document
works as is: the main flow through it against a real gunicorn, with no raw HTTP and no
edits to the generated code."""

import importlib
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from server.tests.e2e.conftest import moved_clock, start_server, stop_server
from server.tests.helpers import manage_py

pytestmark = pytest.mark.postgres

PACKAGE = "pto_api_client"
PASSWORD = "a-long-password"
NOW = datetime(2026, 6, 1, 17, tzinfo=UTC)  # the server's clock starts here (CLOCK_START)


@pytest.fixture(scope="module")
def server(live_database):
    server = start_server(live_database, workers=2, **moved_clock(NOW))
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def generated(server, tmp_path_factory):
    """The generated package, imported from a temporary directory."""
    where = tmp_path_factory.mktemp("client")
    bin_dir = str(Path(sys.executable).parent)  # the generator runs ruff on its output
    done = subprocess.run(
        [
            os.path.join(bin_dir, "openapi-python-client"),
            "generate",
            "--url",
            server.api("/openapi.json"),
            "--meta",
            "none",
            "--output-path",
            str(where / PACKAGE),
        ],
        cwd=where,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "warning" not in output.lower(), output
    assert "error" not in output.lower(), output
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def module(name):
    return importlib.import_module(f"{PACKAGE}.{name}")


def log_in(server, email, password):
    client = module("client")
    login, models = module("api.auth.login"), module("models")
    token = login.sync(
        client=client.Client(base_url=server.api("")),
        body=models.LoginRequest(email=email, password=password),
    )
    assert isinstance(token, models.Token), token
    assert token.token_type == models.TokenType.BEARER
    return client.AuthenticatedClient(base_url=server.api(""), token=token.access_token)


def next_monday(weeks):
    today = NOW.date()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def create_admin(server, email):
    """The first admin, made the way an operator would: with the CLI."""
    manage_py(
        *("create-user", email, "--password", PASSWORD, "--name", "Root", "--role", "admin"),
        env=server.env,
    )


def test_the_main_flow_through_the_generated_client(server, generated):
    models = module("models")
    create_user = module("api.users.create_user")
    create_leave_type = module("api.leave_types.create_leave_type")
    preview_request = module("api.requests.preview_request")
    create_request = module("api.requests.create_request")
    list_approvals = module("api.approvals.list_approvals")
    approve_request = module("api.requests.approve_request")
    list_balances = module("api.balances.list_balances")
    get_me = module("api.auth.get_me")
    get_usage_report = module("api.reports.get_usage_report")
    create_calendar_token = module("api.auth.create_calendar_token")
    get_calendar_feed = module("api.calendar.get_calendar_feed")
    client_module = module("client")

    create_admin(server, "root@example.com")
    admin = log_in(server, "root@example.com", PASSWORD)

    # an admin creates a manager, an employee reporting to them, and a leave type
    made = create_user.sync_detailed(
        client=admin,
        body=models.UserCreate(
            email="max@example.com",
            full_name="Max Manager",
            password=PASSWORD,
            roles=[models.Role.MANAGER],
            timezone="Europe/Berlin",
        ),
    )
    assert made.status_code == 201
    manager = made.parsed
    assert isinstance(manager, models.User)
    assert made.headers["Location"].endswith(f"/users/{manager.id}")
    assert models.Role.MANAGER in manager.roles
    employee = create_user.sync(
        client=admin,
        body=models.UserCreate(
            email="eve@example.com",
            full_name="Eve Employee",
            password=PASSWORD,
            manager_id=manager.id,
            hire_date=date(2020, 1, 1),
            work_days=[0, 1, 2, 3, 4],
        ),
    )
    assert isinstance(employee, models.User) and employee.manager_id == manager.id
    leave_type = create_leave_type.sync(
        client=admin,
        body=models.LeaveTypeCreate(
            name="Vacation",
            code="vacation",
            yearly_allowance=20,
            accrual=models.Accrual.YEARLY,
        ),
    )
    assert isinstance(leave_type, models.LeaveType) and leave_type.yearly_allowance == 20

    # the employee previews an invalid request and reads the problem
    eve = log_in(server, "eve@example.com", PASSWORD)
    assert get_me.sync(client=eve).email == "eve@example.com"
    start = next_monday(6)
    wrong = preview_request.sync_detailed(
        client=eve,
        body=models.LeaveRequestCreate(
            leave_type_id=leave_type.id, start_date=start, end_date=start - timedelta(days=1)
        ),
    )
    assert wrong.status_code == 422
    problem = wrong.parsed
    assert isinstance(problem, models.Problem)
    assert problem.type_ == "/problems/validation-error" and problem.status == 422
    assert "end_date" in problem.errors

    # then asks for three days
    body = models.LeaveRequestCreate(
        leave_type_id=leave_type.id, start_date=start, end_date=start + timedelta(days=2)
    )
    preview = preview_request.sync(client=eve, body=body)
    assert preview.violations == [] and preview.days == 3
    asked = create_request.sync_detailed(client=eve, body=body)
    assert asked.status_code == 201
    leave = asked.parsed
    assert leave.status == models.RequestStatus.PENDING and leave.days == 3

    # the manager approves it
    max_ = log_in(server, "max@example.com", PASSWORD)
    inbox = list_approvals.sync(client=max_)
    assert [item.id for item in inbox.items] == [leave.id]
    approved = approve_request.sync(
        client=max_, request_id=leave.id, body=models.Approval(comment="Enjoy")
    )
    assert approved.status == models.RequestStatus.APPROVED
    assert approved.reviewer_id == manager.id and approved.review_comment == "Enjoy"

    # and the balance shows it
    balances = list_balances.sync(client=eve, user_id=employee.id, year=start.year)
    (vacation,) = [b for b in balances.items if b.leave_type_id == leave_type.id]
    assert vacation.entitlement == 20 and vacation.scheduled + vacation.taken == 3
    assert vacation.available == 17 + vacation.carried_over
    assert vacation.leave_type.code == "vacation" and vacation.unlimited is False

    # so do the usage report (JSON) and the employee's iCal feed (text/calendar)
    usage = get_usage_report.sync(client=max_, year=start.year)
    assert isinstance(usage, models.UsageReport) and usage.year == start.year
    (row,) = [r for r in usage.items if r.user_id == employee.id]
    assert row.available == vacation.available
    link = create_calendar_token.sync(client=eve)
    token = link.feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = get_calendar_feed.sync(token=token, client=client_module.Client(base_url=server.api("")))
    assert isinstance(feed, str) and feed.startswith("BEGIN:VCALENDAR")
    assert "Vacation" in feed

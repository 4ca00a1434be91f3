"""What must be declared at the root: command-line options (so `pytest --db ...` works
from here) and the end-of-run report, which pytest-xdist's controller (it collects nothing,
so it loads no conftest below this one) must see."""

import os


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        choices=("postgres", "sqlite"),
        default=os.environ.get("TEST_DB", "postgres"),
        help="Database for the API tests (default: postgres at TEST_DATABASE_URL)",
    )


MEASURED = "measured"


def pytest_terminal_summary(terminalreporter):
    """What tests measured (`record_property("measured", line)`: the fuzzing summary per
    role, the first-load timings), printed at the end of the run; it works the same in one
    process and in xdist workers, whose own output is not shown."""
    lines = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == MEASURED
    ]
    if lines:
        terminalreporter.section("measured")
        for line in lines:
            terminalreporter.write_line(line)

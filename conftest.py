"""Command-line options must be declared at the root so `pytest --db ...` works from here."""

import os


def pytest_addoption(parser):
    parser.addoption(
        "--db",
        choices=("postgres", "sqlite"),
        default=os.environ.get("TEST_DB", "postgres"),
        help="Database for the API tests (default: postgres at TEST_DATABASE_URL)",
    )

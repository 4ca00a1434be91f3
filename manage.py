#!/usr/bin/env python
"""PTO API command line: run, test, db, seed, drop, create-user, openapi, ...

python manage.py run [--host 127.0.0.1 --port 5000]
python manage.py test [pytest args]
python manage.py db upgrade | downgrade | migrate | current | ...
python manage.py seed [--force]                       (refused with APP_ENV=prod unless --force)
python manage.py drop [--yes] [--force]               every table, after asking (prod: --force)
python manage.py create-user EMAIL --password P --name NAME [--role admin]
python manage.py openapi [--version 2|3] [--out FILE]
"""

import subprocess
import sys

import click
from flask.cli import FlaskGroup

from server import create_app, settings
from server.config import ConfigurationError


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """PTO API management commands."""


@cli.command("test", context_settings={"ignore_unknown_options": True})
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test(pytest_args):
    """Run the test suite (arguments go to pytest)."""
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", *pytest_args]))


def main():
    # Settings that cannot run (production without a SECRET_KEY, or with CLOCK_START) stop
    # every command with their message, not with a traceback from inside the app factory.
    try:
        settings()
    except ConfigurationError as exc:
        sys.exit(f"Error: {exc}")
    cli()


if __name__ == "__main__":
    main()

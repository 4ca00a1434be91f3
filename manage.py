#!/usr/bin/env python
"""PTO API command line: run, test, db, seed, drop, create-user, openapi, ...

python manage.py run [--host 127.0.0.1 --port 5000]
python manage.py test [pytest args]
python manage.py db upgrade | downgrade | migrate | current | ...
python manage.py seed [--force]                       (refused with APP_ENV=prod unless --force)
python manage.py drop [--yes] [--force]               every table, after asking (prod: --force)
python manage.py create-user EMAIL --password P --name NAME [--role admin]
python manage.py openapi [--version 3|2] [--out FILE]
"""

import subprocess
import sys

import click
from flask.cli import FlaskGroup, NoAppException, run_command

from server import create_app, settings
from server.cli import register_commands
from server.config import ConfigurationError


def app_or_reason():
    """The app; settings that cannot run are Flask's "no app" with their message, which
    `--help` prints in one line (any other error there would be a traceback)."""
    try:
        return create_app()
    except ConfigurationError as exc:
        raise NoAppException(str(exc)) from None


@click.group(cls=FlaskGroup, create_app=app_or_reason)
def cli():
    """PTO API management commands."""


register_commands(cli)


DEVELOPMENT_ONLY = (
    "This is Flask's development server: one process, no buffering. In production run "
    "gunicorn behind a buffering proxy (the shipped nginx): with sync workers, a few clients "
    "sending their requests slowly would otherwise hold every worker (README, Deployment)."
)


class DevelopmentRun(click.Command):
    """Flask's `run`, saying first what it is not."""

    def invoke(self, ctx):
        click.secho(DEVELOPMENT_ONLY, fg="yellow", err=True)
        return run_command.invoke(ctx)


cli.add_command(
    DevelopmentRun(
        "run",
        params=run_command.params,
        help=run_command.help,
        short_help=run_command.short_help,
        context_settings=run_command.context_settings,
    )
)


@cli.command("test", context_settings={"ignore_unknown_options": True})
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test(pytest_args):
    """Run the test suite (arguments go to pytest)."""
    sys.exit(subprocess.call([sys.executable, "-m", "pytest", *pytest_args]))


def main():
    # Settings that cannot run (production without a SECRET_KEY, or with CLOCK_START) stop
    # every command with their message, not with a traceback from inside the app factory;
    # help is still shown (with the message).
    asking_for_help = len(sys.argv) < 2 or {"--help", "-h"} & set(sys.argv[1:])
    try:
        settings()
    except ConfigurationError as exc:
        if not asking_for_help:
            sys.exit(f"Error: {exc}")
    cli()


if __name__ == "__main__":
    main()

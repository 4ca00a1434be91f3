"""Commands added to the app's CLI (`python manage.py <command>`)."""

import dataclasses
import json
import logging
import signal
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from server.domain.vocabulary import ROLES
from server.errors import DomainError


def register_commands(group):
    """Add the commands to `group`: the app's `cli` (for `flask` and the tests) or
    manage.py's own group (so `--help` lists them without building an app)."""
    for command in (
        create_user,
        seed,
        drop,
        openapi,
        purge_tokens,
        send_notifications,
        run_jobs,
    ):
        group.add_command(command)


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "full_name", required=True, help="Full name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLES),
    help="Repeat for several roles; employee is implied",
)
def create_user(email, password, full_name, roles):
    """Create a user (e.g. the first admin)."""
    from server.services import user_service

    try:
        user = user_service.create_user(
            None, {"email": email, "password": password, "full_name": full_name, "roles": roles}
        )
    except DomainError as exc:
        raise click.ClickException(exc.detail) from None
    click.echo(f"Created user {user.id} <{user.email}> with roles {', '.join(user.roles)}")


def refuse_in_production(what):
    if current_app.config["APP_ENV"] == "prod":
        raise click.ClickException(
            f"APP_ENV=prod: refusing to {what} a production database; add --force if you "
            "really mean it."
        )


@click.command("seed")
@with_appcontext
@click.option("--force", is_flag=True, help="Allow it when APP_ENV=prod")
def seed(force):
    """Create the demo company (idempotent) and print its logins. Not in production
    (APP_ENV=prod) unless --force: the demo users share a published password."""
    from server.services import demo_data

    if not force:
        refuse_in_production("seed demo users into")
    result = demo_data.seed()
    click.echo("Demo company ready." if result.created else "Demo company already present.")
    click.echo(f"All demo users share the password: {demo_data.DEMO_PASSWORD}")
    for email, roles in result.logins:
        click.echo(f"  {email:<32} {', '.join(roles)}")


@click.command("drop")
@with_appcontext
@click.option("--force", is_flag=True, help="Allow it when APP_ENV=prod")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
def drop(force, yes):
    """Drop every table of the database, alembic_version included: all data is lost.
    `db upgrade` creates the schema again. Asks first; not in production (APP_ENV=prod)
    unless --force."""
    from server import database
    from server.extensions import db

    if not force:
        refuse_in_production("drop")
    where = db.engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(f"Drop every table in {where}? All its data will be lost", abort=True)
    dropped = database.drop_all_tables()
    click.echo(f"Dropped {dropped} tables from {where}.")


@click.command("openapi")
@with_appcontext
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Default: stdout")
@click.option(
    "--version",
    "spec_version",
    type=click.Choice(["2", "3"]),
    default="3",
    show_default=True,
    help="3: the OpenAPI 3.0 document (/api/v1/openapi.json; use it for client generators); "
    "2: the Swagger 2.0 spec restx builds (/api/v1/swagger.json)",
)
def openapi(out, spec_version):
    """Write the API's documents as JSON: OpenAPI 3 (default) or Swagger 2.0."""
    api = current_app.extensions["restx_api"]
    with current_app.test_request_context():
        document = api.openapi3 if spec_version == "3" else api.__schema__
        spec = json.dumps(document, indent=2, sort_keys=True)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(spec + "\n")
        click.echo(f"Wrote {out}", err=True)
    else:
        sys.stdout.write(spec + "\n")


@click.command("purge-tokens")
@with_appcontext
def purge_tokens():
    """Delete revocations of tokens that have expired anyway, and idempotency records
    older than 24 hours (run daily)."""
    from server.infra import idempotency as outcomes
    from server.services import auth_service

    click.echo(f"Purged {auth_service.purge_expired_revocations()} expired revocations")
    click.echo(f"Purged {outcomes.purge_expired()} idempotency records")


@click.command("send-notifications")
@with_appcontext
@click.option("--once", is_flag=True, help="One pass, then exit (for cron)")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    help="Seconds between passes (default: NOTIFY_POLL_SECONDS)",
)
def send_notifications(once, interval):
    """Send e-mail about what happened (and queue approval reminders).

    Loops until stopped (SIGTERM/Ctrl-C ends it after the current pass), running the
    ledger's jobs (`run-jobs`) at start and every JOBS_INTERVAL_SECONDS (3600; 0: never);
    with --once makes one e-mail pass and exits 0, even when some deliveries failed (they
    are retried later).
    Several senders may run at once on PostgreSQL; on SQLite run one.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from server.infra.mail import MailConfigurationError, transport_for
    from server.services import notification_service

    config = current_app.config
    logging.getLogger("server").setLevel(config["LOG_LEVEL"].upper())
    try:
        transport = transport_for(config)
    except MailConfigurationError as exc:
        raise click.ClickException(str(exc)) from None
    if not config["PUBLIC_BASE_URL"]:
        click.echo("PUBLIC_BASE_URL is not set: emails will carry no link to PTO.", err=True)
    interval = interval or config["NOTIFY_POLL_SECONDS"]
    jobs_every = config["JOBS_INTERVAL_SECONDS"]
    jobs_due = time.monotonic()  # the ledger's jobs run at start, then every jobs_every
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while True:
        try:
            result = notification_service.send_pass(transport)
        except SQLAlchemyError as exc:
            from server.extensions import db

            db.session.rollback()
            click.echo(f"Database unavailable ({type(exc).__name__}); will retry.", err=True)
            if once:
                sys.exit(1)
        else:
            if any(dataclasses.astuple(result)):
                click.echo(
                    f"queued: {result.queued}, reminders queued: {result.reminders}, "
                    f"sent: {result.sent}, skipped: {result.skipped}, "
                    f"to retry: {result.retried}, failed: {result.failed}"
                )
        finally:
            transport.close()
        if jobs_every and not once and time.monotonic() >= jobs_due:
            jobs_due = time.monotonic() + jobs_every
            _run_jobs_logged(None, dry_run=False)
        if once:
            return
        try:
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, interval))
        except KeyboardInterrupt:
            return
        if stopping:
            return


def _as_of(value):
    """`--as-of`: a date or a timestamp with offset (None: now)."""
    from datetime import date, datetime

    if value is None:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise click.BadParameter(
            "give a date (2028-04-01) or a timestamp with offset (2028-04-01T06:00:00+00:00)",
            param_hint="--as-of",
        )
    return moment


def _run_jobs_logged(as_of, dry_run):
    from sqlalchemy.exc import SQLAlchemyError

    from server.extensions import db
    from server.services import ledger_service

    try:
        report = ledger_service.run_jobs(as_of, dry_run=dry_run)
    except SQLAlchemyError as exc:
        db.session.rollback()
        click.echo(f"Jobs: database unavailable ({type(exc).__name__}); will retry.", err=True)
        return None
    verb = "would write" if dry_run else "wrote"
    for kind in ledger_service.JOB_KINDS:
        click.echo(f"{kind}: {verb} {report.written.get(kind, 0)}")
    click.echo(f"people: {report.people}")
    return report


@click.command("run-jobs")
@with_appcontext
@click.option(
    "--as-of",
    "as_of",
    metavar="WHEN",
    help="Do what is due up to WHEN: a date (its start in each person's time zone) or a "
    "timestamp with offset. Default: now",
)
@click.option("--dry-run", is_flag=True, help="Count what would be written; write nothing")
def run_jobs(as_of, dry_run):
    """Write the ledger entries that are due: accruals, policy corrections and year-end
    carry-over (and reverse any the facts no longer call for).

    Deterministic and idempotent: a second run for the same WHEN writes nothing, and runs
    in several processes at once write each entry once. `send-notifications` runs it
    hourly; balances never wait for it. Prints one line per kind with its count.
    """
    if _run_jobs_logged(_as_of(as_of), dry_run) is None:
        sys.exit(1)

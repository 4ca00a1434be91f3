"""Commands added to the app's CLI (`python manage.py <command>`)."""

import json
import logging
import signal
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from server.errors import DomainError


def register_commands(app):
    app.cli.add_command(create_user)
    app.cli.add_command(seed)
    app.cli.add_command(openapi)
    app.cli.add_command(purge_tokens)
    app.cli.add_command(send_notifications)


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "full_name", required=True, help="Full name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(["employee", "manager", "admin"]),
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


@click.command("seed")
@with_appcontext
def seed():
    """Create the demo company (idempotent) and print its logins."""
    from server.services import demo_data

    result = demo_data.seed()
    click.echo("Demo company ready." if result.created else "Demo company already present.")
    click.echo(f"All demo users share the password: {demo_data.DEMO_PASSWORD}")
    for email, roles in result.logins:
        click.echo(f"  {email:<32} {', '.join(roles)}")


@click.command("openapi")
@with_appcontext
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Default: stdout")
def openapi(out):
    """Write the OpenAPI (Swagger 2.0) spec as JSON."""
    api = current_app.extensions["restx_api"]
    with current_app.test_request_context():
        spec = json.dumps(api.__schema__, indent=2, sort_keys=True)
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
    from server.services import auth_service, idempotency_service

    click.echo(f"Purged {auth_service.purge_expired_revocations()} expired revocations")
    click.echo(f"Purged {idempotency_service.purge_expired()} idempotency records")


@click.command("send-notifications")
@with_appcontext
@click.option("--once", is_flag=True, help="One pass, then exit (for cron)")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    help="Seconds between passes (default: NOTIFY_POLL_SECONDS)",
)
def send_notifications(once, interval):
    """Deliver queued email notifications (and queue approval reminders).

    Loops until stopped (SIGTERM/Ctrl-C ends it after the current pass); with --once makes
    one pass and exits 0, even when some deliveries failed (they are retried later).
    Several senders may run at once on PostgreSQL; on SQLite run one.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from server.mail import MailConfigurationError, transport_for
    from server.services import notification_sender

    config = current_app.config
    logging.getLogger("server").setLevel(config["LOG_LEVEL"].upper())
    try:
        transport = transport_for(config)
    except MailConfigurationError as exc:
        raise click.ClickException(str(exc)) from None
    if not config["PUBLIC_BASE_URL"]:
        click.echo("PUBLIC_BASE_URL is not set: emails will carry no link to PTO.", err=True)
    interval = interval or config["NOTIFY_POLL_SECONDS"]
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while True:
        try:
            result = notification_sender.deliver_due(transport)
        except SQLAlchemyError as exc:
            from server.extensions import db

            db.session.rollback()
            click.echo(f"Database unavailable ({type(exc).__name__}); will retry.", err=True)
            if once:
                sys.exit(1)
        else:
            if result.reminders or result.sent or result.retried or result.failed:
                click.echo(
                    f"reminders queued: {result.reminders}, sent: {result.sent}, "
                    f"to retry: {result.retried}, failed: {result.failed}"
                )
        finally:
            transport.close()
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

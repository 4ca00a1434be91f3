"""Commands added to the app's CLI (`python manage.py <command>`)."""

import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from server.errors import DomainError


def register_commands(app):
    app.cli.add_command(create_user)
    app.cli.add_command(seed)
    app.cli.add_command(openapi)
    app.cli.add_command(purge_tokens)


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
    """Delete revocations of tokens that have expired anyway."""
    from server.services import auth_service

    click.echo(f"Purged {auth_service.purge_expired_revocations()} expired revocations")

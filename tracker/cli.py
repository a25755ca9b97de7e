"""Operator commands: `flask --app tracker db upgrade` and `flask --app tracker credentials ...`."""
from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .extension import tracker
from .services.clock import now_iso
from .services.credentials import SCOPES, create_credential
from .storage.database import current_revision, head_revision, migrate

db = AppGroup("db", help="The tracker's database.")
credentials = AppGroup("credentials", help="API credentials (HTTP Basic key and secret).")


@db.command("upgrade")
def db_upgrade():
    """Create the tables or migrate them to the newest revision."""
    engine = current_app.extensions["tracker"].engine  # not tracker(): it reads the key from the tables
    migrate(engine)
    click.echo(f"database at revision {current_revision(engine)}")


@db.command("current")
def db_current():
    """Print the database's revision and the newest one."""
    engine = current_app.extensions["tracker"].engine
    click.echo(f"current: {current_revision(engine)}  head: {head_revision()}")


@credentials.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, type=click.Choice(SCOPES),
              help="Repeat for several scopes; default statements/write and statements/read/mine.")
@click.option("--expires", "expires_at", default=None,
              help="UTC time after which the credential stops working (ISO 8601).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def credentials_create(name, scopes, expires_at, as_json):
    """Create a credential and print its key and secret (the secret is shown only now)."""
    scopes = list(scopes) or ["statements/write", "statements/read/mine"]
    if expires_at:
        from .services.clock import to_iso
        from .xapi.errors import XAPIError
        from .xapi.formats import parse_timestamp

        try:
            expires_at = to_iso(parse_timestamp(expires_at, "--expires"))
        except XAPIError as error:
            raise click.BadParameter(error.message, param_hint="--expires") from None
    credential, secret = create_credential(tracker().credentials, name, scopes,
                                           current_app.config["TRACKER_HOME_PAGE"], expires_at)
    if as_json:
        click.echo(json.dumps({"name": name, "key": credential.key, "secret": secret,
                               "scopes": list(credential.scopes), "authority": credential.authority,
                               "expires_at": credential.expires_at}))
    else:
        click.echo(f"name:   {name}\nkey:    {credential.key}\nsecret: {secret}\n"
                   f"scopes: {' '.join(credential.scopes)}\n"
                   "Use key and secret as HTTP Basic user and password; the secret is not shown again.")


@credentials.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def credentials_list(as_json):
    """List credentials (never their secrets)."""
    rows = [{"name": c.name, "key": c.key, "kind": c.kind, "scopes": list(c.scopes),
             "created_at": c.created_at, "expires_at": c.expires_at, "revoked_at": c.revoked_at,
             "learner_id": c.learner_id, "portal": c.portal}
            for c in tracker().credentials.all()]
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        status = "revoked" if row["revoked_at"] else "active"
        click.echo(f"{row['key']}  {status:8} {row['name']}  [{' '.join(row['scopes'])}]")


@credentials.command("revoke")
@click.argument("key")
def credentials_revoke(key):
    """Revoke a credential by its key; it stops working at once."""
    if not tracker().credentials.revoke(key, now_iso()):
        raise click.ClickException(f"no active credential with key {key!r}")
    click.echo(f"revoked {key}")


def init_app(app: Flask) -> None:
    app.cli.add_command(db)
    app.cli.add_command(credentials)

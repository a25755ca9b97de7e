"""Operator commands: `flask --app tracker learners ...` and `flask --app tracker portals ...`."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..services.clock import now_iso
from .portals import ManifestError, manifest_files, read_manifest
from .qr import print_terminal, remove_link_images, write_link_images
from .sign_in import create_learner, issue_link
from .state import learner_state
from .store import Learner

learners = AppGroup("learners", help="Learners of the role portals and their personal sign-in links.")
portals = AppGroup("portals", help="The portals' xAPI manifests (which verbs and activities learners may use).")

ROLE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
as_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
qr_dir_option = click.option("--qr-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                             help="Folder for the link's QR images (default: <instance>/links/).")
terminal_option = click.option("--terminal-qr/--no-terminal-qr", default=None,
                               help="Print the QR code in the terminal (default: when it is a terminal).")


def _find(reference: str) -> Learner:
    """A learner by id, or by name when exactly one current learner has it."""
    store = learner_state().learners
    learner = store.get(reference)
    if learner is not None and not learner.removed_at:
        return learner
    named = store.by_name(reference)
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(n.id for n in named)
        raise click.ClickException(f"{len(named)} learners are called {reference!r} ({ids}); give the id")
    raise click.ClickException(f"no learner {reference!r} (give an id or name from `learners list`)")


def _new_link(learner: Learner, qr_dir: Path | None, terminal: bool | None, as_json: bool) -> None:
    config = current_app.config
    link = issue_link(learner_state().learners, learner, config["TRACKER_PORTAL_URL"],
                      config["TRACKER_LINK_TTL"])
    folder = qr_dir or Path(current_app.instance_path) / "links"
    images = write_link_images(link.url, folder, learner.id)
    if as_json:
        click.echo(json.dumps({
            "id": learner.id, "name": learner.name, "role": learner.role, "team": learner.team,
            "actor": learner.actor, "registration": learner.registration, "link": link.url,
            "link_expires_at": link.expires_at, "revoked_links": link.revoked_older,
            "qr": {kind: str(path) for kind, path in images.items()}}))
    else:
        team = f", team {learner.team}" if learner.team else ""
        click.echo(f"learner: {learner.id}  {learner.name}  (role {learner.role}{team})\n"
                   f"link:    {link.url}\nexpires: {link.expires_at}\n"
                   f"qr:      {images['svg']}\n         {images['png']}")
        if link.revoked_older:
            click.echo(f"older unused links revoked: {link.revoked_older}")
    if terminal is None:
        terminal = sys.stdout.isatty() and not as_json
    if terminal:
        print_terminal(link.url, sys.stderr if as_json else sys.stdout)


@learners.command("add")
@click.option("--name", required=True, help="Display name (shown to the learner, never in statements).")
@click.option("--role", required=True, help="The learner's path id, which is also their portal.")
@click.option("--team", default=None, help="The learner's team (id or name, from `teams list`).")
@click.option("--email", default=None, help="Kept in the tracker only; never in statements or links.")
@click.option("--hours", type=click.FloatRange(0, 60), default=None, help="Contract hours per week.")
@click.option("--hours-from", default=None, help="Date the hours take effect (YYYY-MM-DD; default today).")
@click.option("--started", default=None, help="Date the learner started (YYYY-MM-DD): step due dates count "
                                              "from it (default: today).")
@qr_dir_option
@terminal_option
@as_json_option
def learners_add(name, role, team, email, hours, hours_from, started, qr_dir, terminal_qr, as_json):
    """Create a learner and print their first personal link (with QR images)."""
    from ..team.audit import Actor
    from ..team.state import team_state
    from ..team.structure import StructureError, check_date

    if not name.strip():
        raise click.BadParameter("must not be empty", param_hint="--name")
    if not ROLE.match(role):
        raise click.BadParameter(f"expected a path id like 'zorg' (a-z, 0-9, - or _), got {role!r}",
                                 param_hint="--role")
    try:
        team = team_state().structure.team(team).id if team else None
        hours_from = check_date(hours_from, "--hours-from") if hours_from else None
        started = check_date(started, "--started") if started else None
    except StructureError as error:
        raise click.ClickException(str(error)) from None
    if hours_from and hours is None:
        raise click.UsageError("--hours-from goes with --hours")
    if learner_state().portals.rules(role) is None:
        click.echo(f"warning: no manifest loaded for portal {role!r}; the learner's statements are "
                   "refused until `flask --app tracker portals load site/`", err=True)
    learner = create_learner(learner_state().learners, name=name.strip(), role=role,
                             home_page=current_app.config["TRACKER_HOME_PAGE"], team=team,
                             email=email)
    if started:
        team_state().structure.set_started(learner.id, started, actor=Actor.cli())
    if hours is not None:
        import datetime as dt

        team_state().structure.add_hours(learner.id, hours, hours_from or dt.date.today().isoformat(),
                                         actor=Actor.cli())
    _new_link(learner, qr_dir, terminal_qr, as_json)


@learners.command("link")
@click.argument("learner")
@qr_dir_option
@terminal_option
@as_json_option
def learners_link(learner, qr_dir, terminal_qr, as_json):
    """Make a new personal link for LEARNER (id or name); their older unused links stop working."""
    _new_link(_find(learner), qr_dir, terminal_qr, as_json)


@learners.command("list")
@click.option("--role", default=None, help="Only learners of this path.")
@as_json_option
def learners_list(role, as_json):
    """List current learners with their open links and active tokens."""
    state, now = learner_state(), now_iso()
    rows = [{"id": l.id, "name": l.name, "role": l.role, "team": l.team, "email": l.email,
             "actor": l.actor, "registration": l.registration, "created_at": l.created_at,
             **state.learners.status(l.id, now)} for l in state.learners.all(role)]
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['role']:12} {row['name']}"
                   f"{'  [' + row['team'] + ']' if row['team'] else ''}  "
                   f"links: {row['open_links']}  tokens: {row['active_tokens']}")


@learners.command("revoke")
@click.argument("learner")
@as_json_option
def learners_revoke(learner, as_json):
    """Revoke every token of LEARNER: each signed-in device stops at its next request."""
    found = _find(learner)
    count = learner_state().learners.revoke_tokens(found.id, now_iso())
    click.echo(json.dumps({"id": found.id, "revoked_tokens": count}) if as_json
               else f"revoked {count} token(s) of {found.id}")


@learners.command("remove")
@click.argument("learner")
@click.option("--purge", is_flag=True,
              help="Also delete the learner's statements and State documents (AVG erasure).")
@qr_dir_option
@as_json_option
def learners_remove(learner, purge, qr_dir, as_json):
    """Remove LEARNER: revoke their links and tokens; keep their statements unless --purge."""
    from ..operations.cli import operator
    from ..operations.erasure import purge_learner

    found = _find(learner)
    store = learner_state().learners
    links, tokens = store.remove(found.id, now_iso())
    purged = purge_learner(store.engine, found, operator()) if purge else None  # every area's rows, audited
    remove_link_images(qr_dir or Path(current_app.instance_path) / "links", found.id)
    if as_json:
        click.echo(json.dumps({"id": found.id, "removed": True, "revoked_links": links,
                               "revoked_tokens": tokens, "purged_statements": purged}))
    else:
        click.echo(f"removed {found.id}: {links} link(s) and {tokens} token(s) revoked"
                   + (f"; {purged} statement(s) and their State deleted" if purge else
                      "; statements kept (use --purge to erase them)"))


@portals.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@as_json_option
def portals_load(paths, as_json):
    """Load manifests: files, or site folders holding */xapi-manifest.json; each replaces its portal's set."""
    try:
        manifests = [read_manifest(path) for path in manifest_files(list(paths))]
    except ManifestError as error:
        raise click.ClickException(str(error)) from None
    store, now = learner_state().portals, now_iso()
    for manifest in manifests:
        store.replace(manifest, now)
    rows = [{"portal": m.portal, "verbs": len(m.verbs), "activities": len(m.activities),
             "source": m.source} for m in manifests]
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo(f"loaded {row['portal']}: {row['activities']} activities, {row['verbs']} verbs "
                   f"from {row['source']}")


@portals.command("list")
@as_json_option
def portals_list(as_json):
    """List loaded portals with their verb and activity counts."""
    rows = learner_state().portals.summary()
    if as_json:
        click.echo(json.dumps(rows))
        return
    if not rows:
        click.echo("no portals loaded (run `flask --app tracker portals load site/`)")
    for row in rows:
        click.echo(f"{row['portal']:14} {row['activities']:4} activities  {len(row['verbs'])} verbs  "
                   f"{row['title']}  ({row['source']}, {row['loaded_at']})")

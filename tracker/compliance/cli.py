"""`flask --app tracker compliance ...`: load requirements, tags, manual evidence, the IKK ledger, reminders, exports."""
from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..extension import tracker
from ..storage.database import writer
from ..team import audit
from .demo import demo_command
from .evidence import sync_confirmations
from .ikk import IkkError, enter, ledger
from .overview import build_grid
from .people import load_people
from .periods import LABELS
from .requirements import RequirementsInvalid, load_requirements
from .store import TAGS, add_evidence, load_declared, requirement, save_requirements, set_tag, settle, today

compliance = AppGroup("compliance", help="Requirements, certificates, the Wet IKK ledger, reminders, exports.")
as_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
compliance.add_command(demo_command)


def _engine():
    return tracker().engine


def _person(conn, reference: str):
    people = [p for p in load_people(conn) if reference in (p.id, p.name)]
    if len(people) != 1:
        found = "several learners" if people else "no learner"
        raise click.ClickException(f"{found} {reference!r}: give the id from `learners list`")
    return people[0]


@compliance.command("load")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@as_json_option
def load_command(file: Path, strict: bool, as_json: bool) -> None:
    """Validate FILE (every problem as file:line: field: message) and load its requirements."""
    from portal.model.problems import Problems

    problems = Problems(root=Path.cwd())
    try:
        declared = load_requirements(file, problems=problems)
    except RequirementsInvalid as invalid:
        raise click.ClickException("the requirements have problems:\n" + str(invalid)) from None
    for warning in problems.items:
        click.echo(str(warning), err=True)
    if strict and problems.items:
        raise click.ClickException("warnings count as errors with --strict")
    with writer(_engine()).begin() as conn:
        summary = save_requirements(conn, declared, audit.Actor.cli())
        for person in load_people(conn):
            for req in declared.requirements:
                if person.needs(req):
                    settle(conn, person, req)
    sync_confirmations(_engine())
    if as_json:
        click.echo(json.dumps(summary))
    else:
        click.echo(f"loaded {len(summary['loaded'])} requirements: {', '.join(summary['loaded'])}"
                   + (f"; retired: {', '.join(summary['retired'])}" if summary["retired"] else ""))


@compliance.command("status")
@click.option("--date", "on", default=None, help="Compute for this day (YYYY-MM-DD; default today).")
@as_json_option
def status_command(on: str | None, as_json: bool) -> None:
    """Every person's standing on every requirement that applies to them."""
    sync_confirmations(_engine())
    day_ = dt.date.fromisoformat(on) if on else today()
    with _engine().connect() as conn:
        grid = build_grid(conn, day_)
    rows = [{"learner": c.person.id, "name": c.person.name, "requirement": c.requirement.id,
             "status": c.standing.status, "due": c.standing.due, "valid_until": c.standing.valid_until,
             "level": c.level} for c in grid.cells.values()]
    if as_json:
        click.echo(json.dumps({"date": day_.isoformat(), "cells": rows, "counts": grid.counts()}))
        return
    for row in rows:
        click.echo(f"{row['name']:<24} {row['requirement']:<22} {LABELS['nl'][row['status']]:<26} "
                   f"{row['due'] or '':<10} {row['valid_until'] or ''}")


@compliance.command("tag")
@click.argument("tag", type=click.Choice(TAGS))
@click.option("--team", "team_id", default=None, help="A team id: everyone in it.")
@click.option("--learner", "learner", default=None, help="One person (id or name).")
@click.option("--remove", is_flag=True, help="Take the tag off.")
def tag_command(tag: str, team_id: str | None, learner: str | None, remove: bool) -> None:
    """Mark a team or person as working with babies (babies), in VE (ve) or as BHV'er (bhv)."""
    if bool(team_id) == bool(learner):
        raise click.UsageError("give exactly one of --team or --learner")
    with writer(_engine()).begin() as conn:
        person = _person(conn, learner) if learner else None
        set_tag(conn, "learner" if person else "team", person.id if person else team_id, tag,
                not remove, audit.Actor.cli(), subject=person.id if person else None)
        reqs = load_declared(conn)[0]
        for someone in ([person] if person else load_people(conn, team_ids=[team_id])):
            for req in reqs:
                if someone.needs(req):
                    settle(conn, someone, req)
    click.echo(f"{'removed' if remove else 'set'} {tag} on {learner or team_id}")


@compliance.command("record")
@click.argument("learner")
@click.argument("requirement_id")
@click.option("--date", "done_on", required=True, help="When it was done (YYYY-MM-DD).")
@click.option("--until", "valid_until", default=None, help="An expiry the proof states itself (YYYY-MM-DD).")
@click.option("--note", default=None, help="What was checked, e.g. 'VOG gezien, gekoppeld in register'.")
@as_json_option
def record_command(learner: str, requirement_id: str, done_on: str, valid_until: str | None,
                   note: str | None, as_json: bool) -> None:
    """Record a manual check for LEARNER (what a manager does in the dossier), audited."""
    for value, name in ((done_on, "--date"), (valid_until, "--until")):
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise click.BadParameter(f"expected YYYY-MM-DD but received {value!r}", param_hint=name) from None
    actor = audit.Actor.cli()
    with writer(_engine()).begin() as conn:
        person = _person(conn, learner)
        req = requirement(conn, requirement_id)
        if req is None:
            raise click.ClickException(f"no requirement {requirement_id!r} (see `compliance load`)")
        evidence_id = add_evidence(conn, person, req, kind="manual", done_on=done_on,
                                   source=f"manual:{secrets.token_hex(12)}",
                                   valid_until=valid_until, entered_by=actor.key,
                                   entered_by_name=actor.name, note=note)
        audit.write(conn, actor, "compliance.evidence_recorded", subject=person.id,
                    detail={"requirement": req.id, "date": done_on, "until": valid_until, "note": note})
    click.echo(json.dumps({"evidence": evidence_id}) if as_json else f"recorded {req.id} for {person.name}")


@compliance.command("ikk")
@click.option("--year", type=int, required=True)
@click.option("--location", "location_id", default=None, help="One location id.")
@click.option("--split", "split_hours", type=float, default=None,
              help="Record the manager's share of hours for --location (appended, audited).")
@as_json_option
def ikk_command(year: int, location_id: str | None, split_hours: float | None, as_json: bool) -> None:
    """Print the Wet IKK calculation for a year: required hours, split, coaching done, not yet coached."""
    try:
        if split_hours is not None:
            if not location_id:
                raise click.UsageError("--split needs --location")
            with writer(_engine()).begin() as conn:
                enter(conn, year, location_id, "split", split_hours, None, audit.Actor.cli())
        with _engine().connect() as conn:
            pm_roles = load_declared(conn)[1].pm_roles
            result = ledger(conn, year, pm_roles, location_id)
    except IkkError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    org = result["organisation"]
    click.echo(f"Wet IKK {year} (FTE op {result['fte_counted_on']}): {org['formula']}")
    for line in result["locations"]:
        click.echo(f"  {line['name']}: {line['formula']}; verdeeld {line['split_hours'] or 0:g} uur; "
                   f"gedaan {line['done_hours']:g} uur; nog niet gecoacht: {len(line['not_coached'])}")


@compliance.command("remind")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and record nothing.")
@as_json_option
def remind_command(dry_run: bool, as_json: bool) -> None:
    """Send the due reminders and weekly digests (each once); for cron or a systemd timer."""
    from .reminders import run_reminders

    sync_confirmations(_engine())
    result = run_reminders(current_app, today(), dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for item in result["messages"]:
        click.echo(f"{'would send' if dry_run else 'sent'}: {item['kind']} to {item['to']}: {item['subject']}")
    if result["skipped_no_email"]:
        click.echo(f"{result['skipped_no_email']} reminder(s) not sent: no e-mail address")
    if not result["smtp"]:
        click.echo("TRACKER_SMTP_URL is not set: nothing was sent", err=True)


@compliance.command("export")
@click.option("--year", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(("csv", "xlsx")), default="csv")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(year: int, fmt: str, output: Path) -> None:
    """Write the opleidingsplan for YEAR (every person: requirements and steps, planned and done, hours)."""
    from .exports import training_plan, write_csv, write_xlsx

    sync_confirmations(_engine())
    with _engine().connect() as conn:
        plan = training_plan(conn, year, today())
    (write_csv if fmt == "csv" else write_xlsx)(plan, output)
    with writer(_engine()).begin() as conn:
        audit.write(conn, audit.Actor.cli(), "compliance.export", detail={"year": year, "format": fmt})
    click.echo(f"wrote {len(plan.rows)} rows to {output}")

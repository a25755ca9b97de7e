"""Operator commands: `flask --app tracker locations|teams|staff|team ...` and `learners hours|team`."""
from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup

from ..learners.cli import _find as find_learner, learners as learners_group
from .audit import Actor
from .mail import sign_in_link
from .staff import ROLES
from .state import team_state
from .structure import LOCATION_KINDS, StructureError

locations = AppGroup("locations", help="Locations (kindercentra) of the organisation.")
teams = AppGroup("teams", help="Teams (groups) within the locations.")
staff = AppGroup("staff", help="Staff accounts (coach, manager, admin) and their sign-in links.")
team_cli = AppGroup("team", help="The team view's projections.")
as_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _fail(error: StructureError):
    raise click.ClickException(str(error))


def _echo(as_json: bool, data, text: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else text)


@locations.command("add")
@click.option("--name", required=True)
@click.option("--lrk", default=None, help="Number in the Landelijk Register Kinderopvang.")
@click.option("--kind", type=click.Choice(LOCATION_KINDS), default="dagopvang", show_default=True)
@click.option("--ve-children", type=click.IntRange(0), default=None,
              help="Children with a VE indication (Wet IKK: 10 h coaching per child per year).")
@as_json_option
def locations_add(name, lrk, kind, ve_children, as_json):
    """Add a location."""
    try:
        found = team_state().structure.add_location(name, kind=kind, lrk=lrk, ve_children=ve_children,
                                                    actor=Actor.cli())
    except StructureError as error:
        _fail(error)
    _echo(as_json, found.__dict__, f"location {found.id}: {found.name} ({found.kind})")


@locations.command("list")
@as_json_option
def locations_list(as_json):
    """List the locations."""
    rows = [l.__dict__ for l in team_state().structure.locations()]
    _echo(as_json, rows, "\n".join(f"{r['id']:24} {r['kind']:12} {r['name']}  LRK {r['lrk'] or '-'}"
                                   for r in rows) or "no locations yet")


@teams.command("add")
@click.option("--name", required=True)
@click.option("--location", required=True, help="Location id or name.")
@as_json_option
def teams_add(name, location, as_json):
    """Add a team to a location."""
    try:
        found = team_state().structure.add_team(name, location=location, actor=Actor.cli())
    except StructureError as error:
        _fail(error)
    _echo(as_json, found.__dict__, f"team {found.id}: {found.name} (location {found.location_id})")


@teams.command("list")
@click.option("--location", default=None)
@as_json_option
def teams_list(location, as_json):
    """List the teams."""
    structure = team_state().structure
    try:
        where = structure.location(location).id if location else None
    except StructureError as error:
        _fail(error)
    rows = [t.__dict__ for t in structure.teams(where)]
    _echo(as_json, rows, "\n".join(f"{r['id']:24} {r['location_id']:24} {r['name']}" for r in rows)
          or "no teams yet")


@learners_group.command("hours")
@click.argument("learner")
@click.argument("hours", type=click.FloatRange(0, 60))
@click.option("--from", "effective_from", required=True, help="Date the hours take effect (YYYY-MM-DD).")
@click.option("--flexible", is_flag=True, help="A flexible contract (Wet IKK: average of the last three months).")
@as_json_option
def learners_hours(learner, hours, effective_from, flexible, as_json):
    """Record LEARNER's contract HOURS per week from a date on (earlier entries are kept)."""
    found = find_learner(learner)
    try:
        entry = team_state().structure.add_hours(found.id, hours, effective_from, flexible=flexible,
                                                 actor=Actor.cli())
    except StructureError as error:
        _fail(error)
    _echo(as_json, {"id": found.id, "hours": entry.hours, "from": entry.effective_from, "flexible": flexible},
          f"{found.id}: {entry.hours:g} h/week from {entry.effective_from}")


@learners_group.command("team")
@click.argument("learner")
@click.argument("team")
@as_json_option
def learners_team(learner, team, as_json):
    """Move LEARNER to TEAM (id or name)."""
    found = find_learner(learner)
    try:
        where = team_state().structure.team(team)
    except StructureError as error:
        _fail(error)
    team_state().structure.move_learner(found.id, where.id, actor=Actor.cli())
    _echo(as_json, {"id": found.id, "team": where.id}, f"{found.id} is now in team {where.id}")


def _member_json(member, link: str | None = None, expires: str | None = None) -> dict:
    data = {"id": member.id, "name": member.name, "email": member.email, "role": member.role,
            "scope": list(member.scope), "learner_id": member.learner_id}
    if link:
        data.update(link=link, link_expires_at=expires)
    return data


@staff.command("add")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--team", "team_refs", multiple=True, help="A team a coach looks after (repeat).")
@click.option("--location", "location_refs", multiple=True, help="A location a manager looks after (repeat).")
@click.option("--email", default=None, help="For e-mailed sign-in links and OpenID Connect sign-in.")
@click.option("--learner", default=None, help="The same person as a learner (id or name).")
@as_json_option
def staff_add(name, role, team_refs, location_refs, email, learner, as_json):
    """Add a staff member and print their first sign-in link."""
    state = team_state()
    try:
        if role == "coach" and location_refs or role == "manager" and team_refs or role == "admin" and (
                team_refs or location_refs):
            raise StructureError("a coach looks after teams (--team), a manager locations (--location), "
                                 "an admin neither")
        scope = [state.structure.team(t).id for t in team_refs] + \
                [state.structure.location(l).id for l in location_refs]
        learner_id = find_learner(learner).id if learner else None
        member = state.staff.add(name=name, role=role, email=email, scope=scope, learner_id=learner_id,
                                 actor=Actor.cli())
    except StructureError as error:
        _fail(error)
    link, expires = sign_in_link(member)
    _echo(as_json, _member_json(member, link, expires),
          f"staff:   {member.id}  {member.name} ({member.role})\nlink:    {link}\nexpires: {expires}")


@staff.command("list")
@as_json_option
def staff_list(as_json):
    """List current staff members with their scope and open sessions."""
    state = team_state()
    rows = [dict(_member_json(m), sessions=state.staff.active_sessions(m.id)) for m in state.staff.all()]
    _echo(as_json, rows, "\n".join(f"{r['id']}  {r['role']:8} {r['name']}  [{', '.join(r['scope'])}]  "
                                   f"sessions: {r['sessions']}" for r in rows) or "no staff yet")


def _find_staff(reference: str):
    try:
        return team_state().staff.find(reference)
    except StructureError as error:
        _fail(error)


@staff.command("link")
@click.argument("member")
@as_json_option
def staff_link(member, as_json):
    """Make a new one-time sign-in link for MEMBER (id, e-mail or name); older unused links stop working."""
    found = _find_staff(member)
    link, expires = sign_in_link(found)
    _echo(as_json, _member_json(found, link, expires), f"link:    {link}\nexpires: {expires}")


@staff.command("revoke")
@click.argument("member", required=False)
@click.option("--all", "everyone", is_flag=True, help="End every staff session and link.")
@as_json_option
def staff_revoke(member, everyone, as_json):
    """End every session and unused link of MEMBER (or of everybody with --all)."""
    if bool(member) == everyone:
        raise click.UsageError("give a MEMBER or --all")
    found = None if everyone else _find_staff(member)
    links, sessions = team_state().staff.revoke(found.id if found else None, actor=Actor.cli())
    _echo(as_json, {"id": found.id if found else "*", "revoked_links": links, "ended_sessions": sessions},
          f"ended {sessions} session(s) and revoked {links} link(s)")


@staff.command("remove")
@click.argument("member")
@as_json_option
def staff_remove(member, as_json):
    """Remove MEMBER's account: their sessions and links end at once."""
    found = _find_staff(member)
    links, sessions = team_state().staff.remove(found.id, actor=Actor.cli())
    _echo(as_json, {"id": found.id, "removed": True, "revoked_links": links, "ended_sessions": sessions},
          f"removed {found.id}: {sessions} session(s) ended, {links} link(s) revoked")


@team_cli.command("rebuild")
@as_json_option
def team_rebuild(as_json):
    """Recompute the team view's projections from the stored statements (after loading new portals)."""
    from sqlalchemy import select

    from ..extension import tracker
    from ..storage.database import writer
    from ..storage.schema import learners
    from .projection import rebuild_learner

    engine = tracker().engine
    with engine.connect() as conn:
        ids = list(conn.execute(select(learners.c.id)).scalars())
    for learner_id in ids:
        with writer(engine).begin() as conn:
            rebuild_learner(conn, team_state().projector, learner_id)
    _echo(as_json, {"learners": len(ids)}, f"rebuilt the projections of {len(ids)} learner(s)")


def init_cli(app: Flask) -> None:
    for group in (locations, teams, staff, team_cli):
        app.cli.add_command(group)

"""The organisation's structure: locations (kindercentra), teams, learners' teams and contract hours."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from ..services.clock import now_iso
from ..storage.database import writer
from ..storage.schema import learners
from . import audit
from .tables import contract_hours, locations, teams

LOCATION_KINDS = ("dagopvang", "peuteropvang", "bso", "combinatie")


class StructureError(ValueError):
    """A change the structure cannot take; the message names the field and what was expected."""


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    lrk: str | None
    kind: str
    ve_children: int | None


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    location_id: str


@dataclass(frozen=True)
class Hours:
    hours: float
    effective_from: str
    flexible: bool
    recorded_at: str
    recorded_by: str


def slug(name: str) -> str:
    """A URL-safe id from a name: 'Het Bolwerk (BSO)' -> 'het-bolwerk-bso'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:64] or "x"


def check_date(value: str, field: str) -> str:
    """A YYYY-MM-DD date, or StructureError naming the field."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except (ValueError, AttributeError):
        raise StructureError(f"{field}: expected a date like 2026-01-01 but received {value!r}") from None


class Structure:
    """Locations, teams, learners' teams and contract hours, on one engine."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # --- locations ---------------------------------------------------------------------------

    def add_location(self, name: str, *, kind: str, lrk: str | None = None,
                     ve_children: int | None = None, actor: audit.Actor) -> Location:
        name = name.strip()
        if not name:
            raise StructureError("name: must not be empty")
        if kind not in LOCATION_KINDS:
            raise StructureError(f"kind: expected one of {', '.join(LOCATION_KINDS)} but received {kind!r}")
        if lrk is not None and not re.fullmatch(r"\d{9,12}", lrk.strip()):
            raise StructureError(f"lrk: expected the LRK number (9 to 12 digits) but received {lrk!r}")
        if ve_children is not None and ve_children < 0:
            raise StructureError("ve-children: expected 0 or more")
        location = Location(slug(name), name, lrk.strip() if lrk else None, kind, ve_children)
        with writer(self.engine).begin() as conn:
            if conn.execute(select(locations.c.id).where(locations.c.id == location.id)).first():
                raise StructureError(f"name: a location {name!r} (id {location.id}) already exists")
            conn.execute(locations.insert().values(
                id=location.id, name=name, lrk=location.lrk, kind=kind, ve_children=ve_children,
                created_at=now_iso()))
            audit.write(conn, actor, "location.add", detail={"id": location.id, "name": name})
        return location

    def locations(self) -> list[Location]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(locations).where(locations.c.removed_at.is_(None))
                                .order_by(locations.c.name)).all()
        return [Location(r.id, r.name, r.lrk, r.kind, r.ve_children) for r in rows]

    def location(self, reference: str) -> Location:
        """A location by id or name, or StructureError listing the known ones."""
        for location in self.locations():
            if reference in (location.id, location.name) or slug(reference) == location.id:
                return location
        known = ", ".join(l.name for l in self.locations()) or "none yet"
        raise StructureError(f"location: no location {reference!r} (known: {known})")

    # --- teams -------------------------------------------------------------------------------

    def add_team(self, name: str, *, location: str, actor: audit.Actor) -> Team:
        name = name.strip()
        if not name:
            raise StructureError("name: must not be empty")
        where = self.location(location)
        team = Team(slug(name), name, where.id)
        with writer(self.engine).begin() as conn:
            if conn.execute(select(teams.c.id).where(teams.c.id == team.id)).first():
                raise StructureError(f"name: a team {name!r} (id {team.id}) already exists")
            conn.execute(teams.insert().values(id=team.id, name=name, location_id=where.id,
                                               created_at=now_iso()))
            audit.write(conn, actor, "team.add", detail={"id": team.id, "name": name,
                                                         "location": where.id})
        return team

    def teams(self, location_id: str | None = None) -> list[Team]:
        query = select(teams).where(teams.c.removed_at.is_(None)).order_by(teams.c.name)
        if location_id is not None:
            query = query.where(teams.c.location_id == location_id)
        with self.engine.connect() as conn:
            return [Team(r.id, r.name, r.location_id) for r in conn.execute(query)]

    def team(self, reference: str) -> Team:
        """A team by id or name, or StructureError listing the known ones."""
        for team in self.teams():
            if reference in (team.id, team.name) or slug(reference) == team.id:
                return team
        known = ", ".join(t.name for t in self.teams()) or "none yet"
        raise StructureError(f"team: no team {reference!r} (known: {known}); add it with "
                             "`flask --app tracker teams add --name NAME --location LOCATION`")

    def set_started(self, learner_id: str, started_on: str, *, actor: audit.Actor) -> None:
        """The date the learner started: due dates of their steps count from it."""
        started_on = check_date(started_on, "started")
        with writer(self.engine).begin() as conn:
            conn.execute(update(learners).where(learners.c.id == learner_id).values(started_on=started_on))
            audit.write(conn, actor, "learner.started", subject=learner_id, detail={"started_on": started_on})

    def move_learner(self, learner_id: str, team_id: str | None, *, actor: audit.Actor) -> None:
        with writer(self.engine).begin() as conn:
            conn.execute(update(learners).where(learners.c.id == learner_id).values(team=team_id))
            audit.write(conn, actor, "learner.team", subject=learner_id, detail={"team": team_id})

    # --- contract hours ------------------------------------------------------------------------

    def add_hours(self, learner_id: str, hours: float, effective_from: str, *, flexible: bool = False,
                  actor: audit.Actor) -> Hours:
        """Record contract hours from a date on; earlier entries stay (a history)."""
        if not 0 <= hours <= 60:
            raise StructureError(f"hours: expected hours per week between 0 and 60 but received {hours}")
        effective_from = check_date(effective_from, "from")
        entry = Hours(float(hours), effective_from, flexible, now_iso(), actor.name)
        with writer(self.engine).begin() as conn:
            conn.execute(contract_hours.insert().values(
                learner_id=learner_id, hours=entry.hours, effective_from=effective_from,
                flexible=flexible, recorded_at=entry.recorded_at, recorded_by=actor.name))
            audit.write(conn, actor, "learner.hours", subject=learner_id,
                        detail={"hours": entry.hours, "from": effective_from, "flexible": flexible})
        return entry

    def hours_history(self, learner_id: str) -> list[Hours]:
        """Every entry, in effect order (later recordings for the same date last)."""
        c = contract_hours.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(contract_hours).where(c.learner_id == learner_id)
                                .order_by(c.effective_from, c.id)).all()
        return [Hours(r.hours, r.effective_from, r.flexible, r.recorded_at, r.recorded_by) for r in rows]

    def hours_on(self, learner_id: str, day: str) -> Hours | None:
        """The contract hours in effect on `day` (YYYY-MM-DD), or None before the first entry."""
        current = None
        for entry in self.hours_history(learner_id):
            if entry.effective_from <= day:
                current = entry
        return current

"""Who the compliance pages are about: learners with their team, location, tags and start date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..storage.schema import learners
from ..team.tables import contract_hours, locations, teams
from .requirements import Requirement
from .tables import compliance_tags


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    email: str | None
    team_id: str | None
    team_name: str | None
    location_id: str | None
    location_name: str | None
    location_kind: str | None
    tags: frozenset[str]
    start: dt.date  # the day they started (team view), else their first contract hours, else when added

    def needs(self, req: Requirement) -> bool:
        who = req.who
        if who.roles and self.role not in who.roles:
            return False
        if who.tags and not self.tags.intersection(who.tags):
            return False
        if who.location_kinds and self.location_kind not in who.location_kinds:
            return False
        return True

    def level(self, req: Requirement) -> str | None:
        """The level asked of this person (taaleis: 3F or 2F by location kind), if the requirement has one."""
        return req.who.location_kinds.get(self.location_kind) if self.location_kind else None


def load_people(conn: Connection, *, learner_ids: list[str] | None = None,
                team_ids: list[str] | None = None, location_ids: list[str] | None = None) -> list[Person]:
    """Current learners, optionally only those given or in the teams/locations given; sorted by name."""
    started = [learners.c.started_on] if "started_on" in learners.c else []  # the team view's start date
    query = (select(learners.c.id, learners.c.name, learners.c.role, learners.c.email, *started,
                    learners.c.team, learners.c.created_at, teams.c.name.label("team_name"),
                    teams.c.location_id, locations.c.name.label("location_name"),
                    locations.c.kind.label("location_kind"))
             .select_from(learners.outerjoin(teams, teams.c.id == learners.c.team)
                          .outerjoin(locations, locations.c.id == teams.c.location_id))
             .where(learners.c.removed_at.is_(None)))
    if learner_ids is not None:
        query = query.where(learners.c.id.in_(learner_ids))
    if team_ids is not None or location_ids is not None:
        query = query.where(learners.c.team.in_(team_ids or []) |
                            teams.c.location_id.in_(location_ids or []))
    rows = conn.execute(query).all()
    ids = [r.id for r in rows]
    starts = _starts(conn, ids if learner_ids is not None or len(ids) < 900 else None)
    tags = _tags(conn)
    people = []
    for r in rows:
        own = tags.get(("learner", r.id), set()) | tags.get(("team", r.team), set())
        start = getattr(r, "started_on", None) or starts.get(r.id) or r.created_at[:10]
        people.append(Person(r.id, r.name, r.role, r.email, r.team, r.team_name, r.location_id,
                             r.location_name, r.location_kind, frozenset(own), dt.date.fromisoformat(start)))
    people.sort(key=lambda p: (p.name.lower(), p.id))
    return people


def _starts(conn: Connection, ids: list[str] | None) -> dict[str, str]:
    query = select(contract_hours.c.learner_id, func.min(contract_hours.c.effective_from)) \
        .group_by(contract_hours.c.learner_id)
    if ids is not None:
        query = query.where(contract_hours.c.learner_id.in_(ids))
    return dict(conn.execute(query).all())


def _tags(conn: Connection) -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for kind, ref, tag in conn.execute(select(compliance_tags.c.kind, compliance_tags.c.ref_id,
                                              compliance_tags.c.tag)):
        found.setdefault((kind, ref), set()).add(tag)
    return found

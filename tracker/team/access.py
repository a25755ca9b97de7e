"""Who may see whom, and what: the table of issue 9 as code (docs/team.md "What each role sees").

|                                 | coach (own teams)       | manager (own locations) | admin |
| progress per step, confirmations| yes                     | yes                     | no    |
| check results per question      | yes                     | totals only             | no    |
| intake answers                  | if the learner agreed   | totals only             | no    |
| shared reflections + feedback   | reads, writes feedback  | no                      | no    |
| coach notes                     | yes                     | no                      | no    |
Totals are shown only for groups of at least MIN_GROUP people.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..storage.schema import learners
from .staff import StaffMember
from .tables import locations, teams

MIN_GROUP = 5


@dataclass(frozen=True)
class Person:
    """A learner as the team view lists them."""

    id: str
    name: str
    role: str
    team_id: str | None
    team_name: str | None
    location_id: str | None
    location_name: str | None
    created_at: str
    actor: str  # JSON of the actor
    started_on: str | None = None  # YYYY-MM-DD; due dates count from here (else from created_at)


@dataclass(frozen=True)
class Viewer:
    member: StaffMember
    team_ids: frozenset[str]

    @property
    def role(self) -> str:
        return self.member.role

    @property
    def sees_progress(self) -> bool:
        return self.role in ("coach", "manager")

    @property
    def sees_answers(self) -> bool:
        """Per-question check answers and (with consent) intake answers of one person."""
        return self.role == "coach"

    @property
    def sees_reflections(self) -> bool:
        return self.role == "coach"


def viewer_for(engine: Engine, member: StaffMember) -> Viewer:
    """The teams a staff member looks after: a coach's own teams, a manager's locations' teams."""
    if member.role == "coach":
        return Viewer(member, frozenset(member.scope))
    if member.role == "manager" and member.scope:
        with engine.connect() as conn:
            ids = conn.execute(select(teams.c.id).where(teams.c.location_id.in_(member.scope),
                                                        teams.c.removed_at.is_(None))).scalars()
            return Viewer(member, frozenset(ids))
    return Viewer(member, frozenset())


def people(engine: Engine, team_ids) -> list[Person]:
    """The current learners of these teams, by name."""
    team_ids = list(team_ids)
    if not team_ids:
        return []
    query = (select(learners.c.id, learners.c.name, learners.c.role, learners.c.team,
                    learners.c.created_at, learners.c.actor, learners.c.started_on,
                    teams.c.name.label("team_name"),
                    locations.c.id.label("location_id"), locations.c.name.label("location_name"))
             .join(teams, teams.c.id == learners.c.team)
             .join(locations, locations.c.id == teams.c.location_id)
             .where(learners.c.team.in_(team_ids), learners.c.removed_at.is_(None))
             .order_by(learners.c.name, learners.c.id))
    with engine.connect() as conn:
        return [Person(r.id, r.name, r.role, r.team, r.team_name, r.location_id, r.location_name,
                       r.created_at, r.actor, r.started_on) for r in conn.execute(query)]


def person_for(engine: Engine, viewer: Viewer, learner_id: str) -> Person:
    """One person the viewer may see, or 404 (unknown) / 403 (someone else's team)."""
    with engine.connect() as conn:
        row = conn.execute(select(learners.c.team, learners.c.removed_at)
                           .where(learners.c.id == learner_id)).first()
    if row is None or row.removed_at:
        abort(404, "Deze persoon bestaat niet (meer).")
    if not viewer.sees_progress or row.team not in viewer.team_ids:
        abort(403, "Deze persoon hoort niet bij jouw teams of locaties.")
    return next(p for p in people(engine, [row.team]) if p.id == learner_id)

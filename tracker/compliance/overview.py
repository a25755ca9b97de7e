"""The grid of people × requirements with each standing, and the lists built from it (due, overdue, expired)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .people import Person, load_people
from .periods import Standing, day, standing
from .requirements import Requirement
from .store import current_standings, load_declared, rows_or_plan


@dataclass(slots=True)
class Cell:
    person: Person
    requirement: Requirement
    standing: Standing
    level: str | None  # e.g. 3F / 2F for the taaleis


@dataclass
class Grid:
    today: dt.date
    requirements: list[Requirement]
    people: list[Person]
    cells: dict[tuple[str, str], Cell]  # (person id, requirement id); absent: not applicable

    def cell(self, person_id: str, requirement_id: str) -> Cell | None:
        return self.cells.get((person_id, requirement_id))

    def due_within(self, days: int) -> list[Cell]:
        """Not yet done, due from today up to `days` ahead, soonest first."""
        until = self.today + dt.timedelta(days=days)
        found = [c for c in self.cells.values()
                 if c.standing.status in ("open", "bijna_verlopen", "geldig", "toekomstig", "ingetrokken")
                 and c.standing.due and self.today <= day(c.standing.due) <= until]
        return sorted(found, key=lambda c: (c.standing.due, c.person.name))

    def with_status(self, *statuses: str) -> list[Cell]:
        found = [c for c in self.cells.values() if c.standing.status in statuses]
        return sorted(found, key=lambda c: (c.standing.due or "", c.person.name))

    def counts(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for c in self.cells.values():
            totals[c.standing.status] = totals.get(c.standing.status, 0) + 1
        return totals


def build_grid(conn: Connection, today: dt.date, *, people: list[Person] | None = None,
               requirements: list[Requirement] | None = None) -> Grid:
    """Compute every applicable cell from the stored rows (or the planned first period)."""
    if requirements is None:
        requirements = load_declared(conn)[0]
    if people is None:
        people = load_people(conn)
    known = current_standings(conn, today, [p.id for p in people] if len(people) < 900 else None)
    cells: dict[tuple[str, str], Cell] = {}
    specs = [(req, frozenset(req.who.roles), frozenset(req.who.tags), req.who.location_kinds)
             for req in requirements]
    for person in people:
        for req, roles, tags, kinds in specs:  # Person.needs, unrolled: 10,000 cells per page
            if (roles and person.role not in roles) or (tags and not person.tags & tags) or \
                    (kinds and person.location_kind not in kinds):
                continue
            found = known.get((person.id, req.id)) or standing(rows_or_plan(person, req, None), today)
            cells[(person.id, req.id)] = Cell(person, req, found, kinds.get(person.location_kind) if kinds else None)
    return Grid(today, requirements, people, cells)

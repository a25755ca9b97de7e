"""Exports: the opleidingsplan per year (CSV, XLSX) and the inspectiemap's figures per location."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..team.tables import confirmations, learner_steps, portal_outlines
from .overview import build_grid
from .people import Person, load_people
from .periods import LABELS, day

COLUMNS = ("Naam", "Team", "Locatie", "Rol", "Soort", "Onderdeel", "Verplicht", "Gepland", "Status",
           "Afgerond op", "Geldig tot / uiterlijk", "Uren")


@dataclass
class Plan:
    year: int
    rows: list[tuple] = field(default_factory=list)


def training_plan(conn: Connection, year: int, today: dt.date, people: list[Person] | None = None) -> Plan:
    """Per person: each requirement and each step of their path, planned and done in `year`, with hours."""
    people = load_people(conn) if people is None else people
    grid = build_grid(conn, today, people=people)
    ids = [p.id for p in people]
    outlines = {r.portal: json.loads(r.outline).get("steps", [])
                for r in conn.execute(select(portal_outlines))}
    done: dict[tuple[str, str], str] = {}
    for r in conn.execute(select(learner_steps.c.learner_id, learner_steps.c.step_id, learner_steps.c.completed_at)
                          .where(learner_steps.c.learner_id.in_(ids), learner_steps.c.completed_at.isnot(None))):
        done[(r.learner_id, r.step_id)] = r.completed_at[:10]
    coaching: dict[str, int] = {}
    for r in conn.execute(select(confirmations.c.learner_id, confirmations.c.minutes).where(
            confirmations.c.kind == "coaching", confirmations.c.voided.is_(False),
            confirmations.c.held_on.between(f"{year}-01-01", f"{year}-12-31"),
            confirmations.c.learner_id.in_(ids))):
        coaching[r.learner_id] = coaching.get(r.learner_id, 0) + (r.minutes or 0)
    plan = Plan(year)
    for person in people:
        base = (person.name, person.team_name or "", person.location_name or "", person.role)
        for req in grid.requirements:
            cell = grid.cell(person.id, req.id)
            if cell is None:
                continue
            s = cell.standing
            in_year = s.completed_at and s.completed_at[:4] == str(year)
            due_in_year = s.due and s.due[:4] == str(year)
            plan.rows.append(base + ("verplichting", req.title + (f" ({cell.level})" if cell.level else ""), "ja",
                                     "ja" if due_in_year or in_year else "nee", LABELS["nl"][s.status],
                                     s.completed_at or "", s.valid_until or s.due or "", ""))
        for step in outlines.get(person.role, []):
            finished = done.get((person.id, step["id"]))
            chosen = step.get("required", True) or finished is not None
            minutes = step.get("duration")
            plan.rows.append(base + ("stap", step.get("title") or step["id"],
                                     "ja" if step.get("required", True) else "keuze", "ja" if chosen else "nee",
                                     "klaar" if finished else "open", finished or "", "",
                                     round(minutes / 60, 2) if minutes and chosen else ""))
        if coaching.get(person.id):
            plan.rows.append(base + ("coaching", f"Coaching {year}", "ja", "ja", "gedaan", "", "",
                                     round(coaching[person.id] / 60, 2)))
    return plan


def csv_bytes(plan: Plan) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    for row in plan.rows:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8


def xlsx_bytes(plan: Plan) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = f"Opleidingsplan {plan.year}"
    sheet.append(list(COLUMNS))
    for row in plan.rows:
        sheet.append([_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value):
    """Text that a spreadsheet could run as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_csv(plan: Plan, path: Path) -> None:
    path.write_bytes(csv_bytes(plan))


def write_xlsx(plan: Plan, path: Path) -> None:
    path.write_bytes(xlsx_bytes(plan))


def ehbo_cover(grid, requirement_id: str | None, location_id: str, window_days: int, minimum: int) -> dict:
    """How many at a location hold a valid kinder-EHBO certificate, now and after expiries in the window."""
    if not requirement_id:
        return {"valid": 0, "after_window": 0, "expiring": [], "minimum": minimum, "warning": False}
    cells = [c for c in grid.cells.values() if c.requirement.id == requirement_id
             and c.person.location_id == location_id]
    valid = [c for c in cells if c.standing.status in ("geldig", "bijna_verlopen")]
    horizon = grid.today + dt.timedelta(days=window_days)
    expiring = [c for c in valid if c.standing.valid_until and day(c.standing.valid_until) <= horizon]
    after = len(valid) - len(expiring)
    return {"valid": len(valid), "after_window": after, "minimum": minimum, "horizon": horizon.isoformat(),
            "expiring": sorted((c.person.name, c.standing.valid_until) for c in expiring),
            "warning": after < minimum}

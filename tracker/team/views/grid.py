"""The team grid: people x the steps of their path, with filters, sorting, search and exports."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g, redirect, render_template, request, url_for

from ...extension import tracker
from .. import exports
from ..access import Person, people, viewer_for
from ..board import STATUSES, Section, build_rows, load_outlines
from ..state import team_state
from . import team
from ..auth import staff_required

PAGE_SIZE = 100
SORTS = ("naam", "team", "voortgang")


@dataclass
class GridQuery:
    """The grid's filters, read from the query string (so every view is a link)."""

    location: str = ""
    team: str = ""
    role: str = ""
    q: str = ""
    sort: str = "naam"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "GridQuery":
        try:
            page = max(1, min(10_000, int(args.get("pagina", "1"))))
        except ValueError:
            page = 1
        sort = args.get("sorteer", "naam")
        return cls(args.get("locatie", "")[:64], args.get("team", "")[:64], args.get("rol", "")[:64],
                   args.get("zoek", "").strip()[:100], sort if sort in SORTS else "naam", page)

    def args(self, **changes) -> dict:
        values = {"locatie": self.location, "team": self.team, "rol": self.role, "zoek": self.q,
                  "sorteer": self.sort, "pagina": self.page}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None) and not (k == "pagina" and v == 1)
                and not (k == "sorteer" and v == "naam")}


def visible_people(query: GridQuery):
    """The people the signed-in staff member may see, filtered as asked; plus the filter choices."""
    engine = tracker().engine
    viewer = viewer_for(engine, g.staff)
    everyone = people(engine, viewer.team_ids)
    locations = sorted({(p.location_id, p.location_name) for p in everyone}, key=lambda x: x[1])
    teams = sorted({(p.team_id, p.team_name, p.location_id) for p in everyone}, key=lambda x: x[1])
    roles = sorted({p.role for p in everyone})
    chosen = [p for p in everyone
              if (not query.location or p.location_id == query.location)
              and (not query.team or p.team_id == query.team)
              and (not query.role or p.role == query.role)
              and (not query.q or query.q.lower() in p.name.lower())]
    return viewer, chosen, {"locations": locations, "teams": teams, "roles": roles}


def sections_for(chosen: list[Person], query: GridQuery) -> tuple[list[Section], int]:
    engine = tracker().engine
    outlines = load_outlines(engine, {p.role for p in chosen})
    rows_by_role = build_rows(engine, chosen, outlines)
    flat = [row for rows in rows_by_role.values() for row in rows]
    if query.sort == "team":
        flat.sort(key=lambda r: ((r.person.team_name or "").lower(), r.person.name.lower()))
    elif query.sort == "voortgang":
        flat.sort(key=lambda r: (r.percent, r.person.name.lower()))
    total = len(flat)
    start = (query.page - 1) * PAGE_SIZE
    shown = flat[start:start + PAGE_SIZE]
    sections: dict[str, Section] = {}
    for row in shown:
        outline = outlines[row.person.role]
        section = sections.setdefault(row.person.role, Section(outline, outline.columns(), []))
        section.rows.append(row)
    return sorted(sections.values(), key=lambda s: s.outline.title), total


@team.get("/")
@staff_required()
def home():
    if g.staff.role == "admin":
        return redirect(url_for("team.admin"))
    query = GridQuery.from_args(request.args)
    viewer, chosen, choices = visible_people(query)
    sections, total = sections_for(chosen, query)
    return render_template("team/grid.html", sections=sections, total=total, query=query,
                           choices=choices, statuses=STATUSES, page_size=PAGE_SIZE,
                           pages=max(1, -(-total // PAGE_SIZE)))


@team.get("/export.<fmt>")
@staff_required("coach", "manager")
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404, "Exporteren kan als CSV of XLSX.")
    query = GridQuery.from_args(request.args)
    if not query.role:
        abort(400, "Kies eerst een rol: elke rol heeft een eigen leerpad en dus eigen kolommen.")
    _viewer, chosen, _choices = visible_people(query)
    query.page = 1
    engine = tracker().engine
    outlines = load_outlines(engine, {query.role})
    if query.role not in outlines:
        abort(404, "Voor deze rol is geen leerpad geladen.")
    rows = build_rows(engine, chosen, outlines).get(query.role, [])
    if query.sort == "team":
        rows.sort(key=lambda r: ((r.person.team_name or "").lower(), r.person.name.lower()))
    elif query.sort == "voortgang":
        rows.sort(key=lambda r: (r.percent, r.person.name.lower()))
    team_state().audit.record(g.staff.actor, "export.grid", detail={
        "format": fmt, "role": query.role, "people": len(rows), "filters": query.args()})
    table = exports.grid_table(outlines[query.role], rows)
    return exports.respond(table, f"leerpad-{query.role}", fmt)

"""The grid (people × requirements) and the lists: due within 30/60/90 days, overdue, expired."""
from __future__ import annotations

from flask import g, render_template, request

from ...extension import tracker
from ..access import STAFF_ROLES, staff_required, team_ids
from ..evidence import sync_confirmations
from ..overview import build_grid
from ..people import load_people
from ..periods import STATUSES
from ..store import today
from ..strings import translate as _
from . import compliance_pages, status_label

PAGE_SIZE = 100


def _visible_grid():
    """The grid of the people the signed-in coach or manager looks after, with the filter choices."""
    engine = tracker().engine
    sync_confirmations(engine)
    with engine.connect() as conn:
        people = load_people(conn, team_ids=sorted(team_ids()))
        grid = build_grid(conn, today(), people=people)
    return grid


@compliance_pages.route("/")
@staff_required(*STAFF_ROLES)
def grid():
    full = _visible_grid()
    args = {k: request.args.get(k, "")[:64] for k in ("locatie", "team", "status", "verplichting")}
    try:
        page = max(1, min(10_000, int(request.args.get("pagina", "1"))))
    except ValueError:
        page = 1
    locations = sorted({(p.location_id, p.location_name) for p in full.people if p.location_id}, key=lambda x: x[1])
    teams = sorted({(p.team_id, p.team_name) for p in full.people if p.team_id}, key=lambda x: x[1])
    requirements = [r for r in full.requirements if not args["verplichting"] or r.id == args["verplichting"]]
    chosen = [p for p in full.people
              if (not args["locatie"] or p.location_id == args["locatie"])
              and (not args["team"] or p.team_id == args["team"])
              and (not args["status"] or any(
                  (c := full.cell(p.id, r.id)) and c.standing.status == args["status"] for r in requirements))]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    shown = chosen[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return render_template("compliance/grid.html", grid=full, people=shown, requirements=requirements,
                           total=len(chosen), page=page, pages=pages, args=args, statuses=STATUSES,
                           choices={"locations": locations, "teams": teams}, counts=full.counts(),
                           cells=full.cells, labels={k: status_label(k) for k in STATUSES},
                           until_text=_("tot {date}"), due_text=_("uiterlijk {date}"), not_applicable=_("n.v.t."))


@compliance_pages.route("/lijsten")
@staff_required(*STAFF_ROLES)
def lists():
    full = _visible_grid()
    windows = [(days, full.due_within(days)) for days in (30, 60, 90)]
    return render_template("compliance/lists.html", grid=full, windows=windows,
                           overdue=full.with_status("te_laat"), expired=full.with_status("verlopen"),
                           revoked=full.with_status("ingetrokken"), role=g.staff.role)

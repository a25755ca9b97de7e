"""'Wat heeft het team nodig?' and the charts: totals over the staff member's teams."""
from __future__ import annotations

from flask import g, render_template, request

from ...extension import tracker
from .. import charts, insight
from ..access import MIN_GROUP, people, viewer_for
from ..auth import staff_required
from ..board import build_rows, load_outlines
from ..state import team_state
from . import team


def _scope():
    """The people in the chosen location/team (from the query string) within the viewer's teams."""
    engine = tracker().engine
    viewer = viewer_for(engine, g.staff)
    everyone = people(engine, viewer.team_ids)
    location, team_id = request.args.get("locatie", ""), request.args.get("team", "")
    chosen = [p for p in everyone if (not location or p.location_id == location)
              and (not team_id or p.team_id == team_id)]
    choices = {"locations": sorted({(p.location_id, p.location_name) for p in everyone}, key=lambda x: x[1]),
               "teams": sorted({(p.team_id, p.team_name) for p in everyone}, key=lambda x: x[1])}
    outlines = load_outlines(engine, {p.role for p in chosen})
    rows = [r for rs in build_rows(engine, chosen, outlines).values() for r in rs]
    return engine, chosen, outlines, rows, choices, {"location": location, "team": team_id}


@team.get("/behoeften")
@staff_required("coach", "manager")
def needs():
    engine, chosen, outlines, rows, choices, picked = _scope()
    team_state().audit.record(g.staff.actor, "view.needs", detail={"people": len(chosen), **picked})
    return render_template("team/needs.html", choices=choices, picked=picked, people=len(chosen),
                           min_group=MIN_GROUP, too_small=len(chosen) < MIN_GROUP,
                           intakes=insight.intake_totals(engine, chosen, outlines),
                           wrong=insight.wrong_answers(engine, chosen),
                           unfinished=insight.unfinished_modules(rows))


@team.get("/grafieken", endpoint="charts")
@staff_required("coach", "manager")
def charts_page():
    engine, chosen, outlines, rows, choices, picked = _scope()
    progress = insight.required_progress(rows)
    completion = insight.completion_per_module(rows)
    return render_template("team/charts.html", choices=choices, picked=picked, min_group=MIN_GROUP,
                           progress=progress, completion=completion,
                           progress_svg=charts.lines(progress, title_id="chart-progress-title"),
                           completion_svg=charts.bars(completion, label="title", value="percent",
                                                      title_id="chart-completion-title"))


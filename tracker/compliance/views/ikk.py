"""The Wet IKK sheet (split by the manager, policy hours by the coach), the public page per location,
the exports page and the printable inspectiemap."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, g, redirect, render_template, request, url_for

from ...extension import tracker
from ...storage.database import writer
from ...team import audit
from ..access import STAFF_ROLES, location_ids, staff_required, team_ids
from ..evidence import sync_confirmations
from ..exports import csv_bytes, ehbo_cover, training_plan, xlsx_bytes
from ..forms import IkkForm
from ..ikk import IkkError, enter, ledger
from ..overview import build_grid
from ..people import load_people
from ..store import load_declared, today
from ..strings import translate as _
from . import compliance_pages


def _year() -> int:
    try:
        year = int(request.args.get("jaar", today().year))
    except ValueError:
        abort(400, "jaar: vul een jaartal in, zoals 2026.")
    if not 2000 <= year <= 2100:
        abort(400, "jaar: vul een jaartal in, zoals 2026.")
    return year


def _ledger(year: int, location: str | None = None) -> dict:
    engine = tracker().engine
    try:
        with engine.connect() as conn:
            return ledger(conn, year, load_declared(conn)[1].pm_roles, location)
    except IkkError as error:
        abort(404 if "location" in str(error) else 400, str(error))


def _mine(result: dict) -> dict:
    """Only the locations the signed-in coach or manager looks after (the organisation total stays)."""
    mine = location_ids()
    result["locations"] = [line for line in result["locations"] if line["id"] in mine]
    return result


@compliance_pages.route("/ikk", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def ikk_sheet():
    year = _year()
    sync_confirmations(tracker().engine)
    result = _mine(_ledger(year))
    form = IkkForm(prefix="ikk")
    form.location.choices = [(line["id"], line["name"]) for line in result["locations"]]
    if request.method == "POST":
        if form.validate_on_submit():
            kind = "split" if g.staff.role == "manager" else "policy"
            with writer(tracker().engine).begin() as conn:
                enter(conn, year, form.location.data, kind, float(form.hours.data), form.note.data, g.staff.actor)
            flash(_("Opgeslagen."), "success")
            return redirect(url_for("compliance.ikk_sheet", jaar=year))
        return render_template("compliance/ikk.html", ikk=result, form=form, role=g.staff.role), 400
    return render_template("compliance/ikk.html", ikk=result, form=form, role=g.staff.role)


@compliance_pages.route("/openbaar/ikk/<location_id>/<int:year>")
def ikk_public(location_id: str, year: int):
    """The split and the calculation for staff and parents: no names, no sign-in."""
    if not 2000 <= year <= 2100:
        abort(404, "Niet gevonden.")
    result = _ledger(year, location_id)
    line = result["locations"][0]
    return render_template("compliance/ikk_public.html", ikk=result, line=line)


@compliance_pages.route("/exports")
@staff_required(*STAFF_ROLES)
def exports():
    with tracker().engine.connect() as conn:
        from ...team.tables import locations

        rows = conn.execute(locations.select().order_by(locations.c.name)).all()
    mine = location_ids()
    return render_template("compliance/exports.html", year=today().year,
                           locations=[r for r in rows if r.id in mine])


@compliance_pages.route("/opleidingsplan-<int:year>.<fmt>")
@staff_required(*STAFF_ROLES)
def training_plan_export(year: int, fmt: str):
    if fmt not in ("csv", "xlsx") or not 2000 <= year <= 2100:
        abort(404, "Niet gevonden.")
    engine = tracker().engine
    sync_confirmations(engine)
    with engine.connect() as conn:
        plan = training_plan(conn, year, today(), load_people(conn, team_ids=sorted(team_ids())))
    with writer(engine).begin() as conn:
        audit.write(conn, g.staff.actor, "compliance.export", detail={"year": year, "format": fmt})
    body, mimetype = ((csv_bytes(plan), "text/csv; charset=utf-8") if fmt == "csv" else
                      (xlsx_bytes(plan), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="opleidingsplan-{year}.{fmt}"'
    return response


@compliance_pages.route("/inspectiemap/<location_id>")
@staff_required(*STAFF_ROLES)
def inspection(location_id: str):
    if location_id not in location_ids():
        abort(403, "Deze locatie hoort niet bij jouw teams of locaties.")
    year = _year()
    engine = tracker().engine
    sync_confirmations(engine)
    result = _ledger(year, location_id)
    with engine.connect() as conn:
        people = [p for p in load_people(conn, location_ids=[location_id]) if p.team_id in team_ids()]
        reqs, _ikk, ehbo_id = load_declared(conn)
        grid = build_grid(conn, today(), people=people, requirements=reqs)
    window = next((r.window_days for r in reqs if r.id == ehbo_id), 90)
    cover = ehbo_cover(grid, ehbo_id, location_id, window, current_app.config["TRACKER_COMPLIANCE_EHBO_MINIMUM"])
    with writer(engine).begin() as conn:
        audit.write(conn, g.staff.actor, "compliance.inspection_viewed", detail={"location": location_id, "year": year})
    return render_template("compliance/inspection.html", ikk=result, line=result["locations"][0], grid=grid,
                           cover=cover, year=year)

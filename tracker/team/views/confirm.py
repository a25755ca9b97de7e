"""Confirm a training, coaching conversation or intervisie meeting for one or more people."""
from __future__ import annotations

import datetime as dt

from flask import flash, g, redirect, render_template, request, url_for

from ...extension import tracker
from ...xapi.errors import XAPIError
from ..access import people, viewer_for
from ..auth import staff_required
from ..board import load_outlines
from ..confirming import KIND_NAMES, Meeting, confirm as confirm_meeting, problems
from ..forms import ConfirmForm, translate_form
from ..strings import translate as _
from . import team


@team.route("/bevestigen", methods=["GET", "POST"])
@staff_required("coach", "manager")
def confirm():
    engine = tracker().engine
    viewer = viewer_for(engine, g.staff)
    everyone = people(engine, viewer.team_ids)
    outlines = load_outlines(engine, {p.role for p in everyone})
    steps: dict[str, tuple[str, str]] = {}
    for outline in outlines.values():
        for step in outline.steps:
            if step.kind != "module":
                steps.setdefault(step.id, (step.kind, step.title))
    form = translate_form(ConfirmForm())
    form.step.choices = [("", _("Los coachgesprek (niet uit het leerpad)"))] + [
        (sid, f"{title} ({_(KIND_NAMES[kind])})") for sid, (kind, title) in sorted(steps.items(), key=lambda x: x[1][1])]
    form.participants.choices = [(p.id, f"{p.name} – {p.team_name}") for p in everyone]
    if request.method == "GET" and request.args.get("team"):
        form.participants.data = [p.id for p in everyone if p.team_id == request.args["team"]]
    if form.validate_on_submit():
        step_id = form.step.data or None
        kind = form.kind.data
        if step_id and steps[step_id][0] != kind:
            form.step.errors.append(_("Deze stap is een {kind}; kies bij ‘Wat vond er plaats?’ dezelfde soort.",
                                      kind=_(KIND_NAMES[steps[step_id][0]]).lower()))
        elif form.held_on.data > dt.date.today():
            form.held_on.errors.append(_("Een bijeenkomst in de toekomst kun je nog niet bevestigen."))
        else:
            chosen = [p for p in everyone if p.id in set(form.participants.data)]
            meeting = Meeting(kind, step_id, steps[step_id][1] if step_id else _("Coachgesprek"),
                              form.held_on.data.isoformat(), form.minutes.data)
            found = problems(meeting, chosen, outlines)
            if not found:
                try:
                    confirm_meeting(g.staff, meeting, chosen)
                except XAPIError as error:
                    found = [error.message]
            if not found:
                flash(_("Bevestigd voor {count} personen: {title} op {date}.", count=len(chosen),
                        title=meeting.title, date=meeting.held_on), "success")
                return redirect(url_for("team.confirm"))
            form.participants.errors.extend(_(p) for p in found)
    status = 400 if request.method == "POST" else 200
    return render_template("team/confirm.html", form=form, teams=sorted(
        {(p.team_id, p.team_name) for p in everyone}, key=lambda t: t[1])), status

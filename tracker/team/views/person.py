"""A person's page: their path with dates, check results, intake, shared reflections, notes."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for

from ...extension import tracker
from .. import dossier
from ..access import person_for, viewer_for
from ..auth import staff_required
from ..board import STATUSES, build_rows, load_outlines
from ..forms import FeedbackForm, NoteForm, translate_form
from ..state import team_state
from ..strings import translate as _
from . import team


def _page(learner_id: str, feedback_form=None, note_form=None):
    engine = tracker().engine
    viewer = viewer_for(engine, g.staff)
    person = person_for(engine, viewer, learner_id)
    outlines = load_outlines(engine, {person.role})
    outline = outlines.get(person.role)
    rows = build_rows(engine, [person], outlines).get(person.role, [])
    coach = viewer.role == "coach"
    intake = dossier.intake_of(engine, person.id, outline.intake if outline else None) if coach else None
    shown = [key for key, on in (("progress", True), ("checks", True), ("answers", coach),
                                 ("intake", bool(intake and intake["consent"])), ("reflections", coach),
                                 ("notes", coach)) if on]
    team_state().audit.record(g.staff.actor, "view.person", subject=person.id, detail={"shown": shown})
    state = team_state()
    return render_template(
        "team/person.html", person=person, outline=outline, row=rows[0] if rows else None,
        statuses=STATUSES, viewer=viewer,
        hours=state.structure.hours_history(person.id),
        checks=dossier.check_results_of(engine, person.id, person.role, with_answers=coach),
        intake=intake,
        reflections=dossier.shared_reflections(engine, person.id, person.role) if coach else [],
        confirmations=dossier.confirmations_of(engine, person.id),
        notes=dossier.notes_of(engine, person.id) if coach else [],
        feedback_form=feedback_form or translate_form(FeedbackForm(formdata=None, prefix="reactie")),
        note_form=note_form or translate_form(NoteForm(formdata=None, prefix="notitie")))


@team.get("/persoon/<learner_id>")
@staff_required("coach", "manager")
def person(learner_id: str):
    return _page(learner_id)


@team.post("/persoon/<learner_id>/reactie")
@staff_required("coach")
def feedback(learner_id: str):
    engine = tracker().engine
    person = person_for(engine, viewer_for(engine, g.staff), learner_id)
    form = translate_form(FeedbackForm(prefix="reactie"))
    if not form.validate_on_submit():
        return _page(learner_id, feedback_form=form), 400
    if not dossier.is_shared_reflection(engine, person.id, form.statement.data):
        abort(404, "Deze reflectie is niet (meer) met je gedeeld.")
    dossier.add_feedback(engine, person.id, form.statement.data, form.text.data.strip(), g.staff.id, g.staff.name)
    flash(_("Je reactie is opgeslagen. {name} leest hem bij Mijn reflecties.", name=person.name), "success")
    return redirect(url_for("team.person", learner_id=person.id) + "#reflecties")


@team.post("/persoon/<learner_id>/notitie")
@staff_required("coach")
def note(learner_id: str):
    engine = tracker().engine
    person = person_for(engine, viewer_for(engine, g.staff), learner_id)
    form = translate_form(NoteForm(prefix="notitie"))
    if not form.validate_on_submit():
        return _page(learner_id, note_form=form), 400
    dossier.add_note(engine, person.id, form.text.data.strip(), g.staff.id, g.staff.name)
    flash(_("Je notitie is opgeslagen."), "success")
    return redirect(url_for("team.person", learner_id=person.id) + "#notities")

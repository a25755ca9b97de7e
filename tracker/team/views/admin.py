"""Beheer: locations, teams, staff accounts and learners' teams and hours.

An admin manages everything; a manager manages their own locations: teams there, coaches of those
teams, and the learners in them. Neither sees learner content here.
"""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from ...extension import tracker
from ...learners.store import LearnerStore
from ..access import people
from ..auth import staff_required
from ..forms import HoursForm, LearnerTeamForm, LocationForm, PlainForm, StaffForm, TeamForm, translate_form
from ..mail import MailError, send_sign_in_link, sign_in_link
from ..state import team_state
from ..strings import translate as _
from ..structure import StructureError
from . import team


def _managed():
    """(locations, teams) this staff member may manage."""
    structure = team_state().structure
    locations = structure.locations()
    if g.staff.role == "manager":
        locations = [l for l in locations if l.id in g.staff.scope]
    ids = {l.id for l in locations}
    return locations, [t for t in structure.teams() if t.location_id in ids]


def _forms(locations, teams):
    location_form = translate_form(LocationForm(prefix="loc"))
    team_form = translate_form(TeamForm(prefix="team"))
    team_form.location.choices = [(l.id, l.name) for l in locations]
    staff_form = translate_form(StaffForm(prefix="staff"))
    if g.staff.role == "manager":
        staff_form.role.choices = [("coach", _("Coach"))]
    staff_form.scope.choices = [(t.id, f"{_('Team')} {t.name}") for t in teams] + (
        [(l.id, f"{_('Locatie')} {l.name}") for l in locations] if g.staff.role == "admin" else [])
    return location_form, team_form, staff_form


def _page(status=200, **forms):
    locations, teams = _managed()
    location_form, team_form, staff_form = _forms(locations, teams)
    team_ids = {t.id for t in teams}
    staff = [m for m in team_state().staff.all()
             if g.staff.role == "admin" or (m.role == "coach" and set(m.scope) & team_ids)]
    learners = people(tracker().engine, team_ids)
    store = LearnerStore(tracker().engine)
    unassigned = [l for l in store.all() if not l.team] if g.staff.role == "admin" else []
    structure = team_state().structure
    hours = {p.id: structure.hours_on(p.id, "9999-12-31") for p in learners}
    return render_template(
        "team/admin.html", locations=locations, teams=teams, staff=staff, learners=learners,
        unassigned=unassigned, hours=hours, sessions={m.id: team_state().staff.active_sessions(m.id) for m in staff},
        location_form=forms.get("location_form", location_form), team_form=forms.get("team_form", team_form),
        staff_form=forms.get("staff_form", staff_form), plain=PlainForm(),
        team_choices=[(t.id, t.name) for t in teams]), status


@team.get("/beheer")
@staff_required("admin", "manager")
def admin():
    return _page()


@team.post("/beheer/locatie")
@staff_required("admin")
def add_location():
    form = translate_form(LocationForm(prefix="loc"))
    if form.validate_on_submit():
        try:
            team_state().structure.add_location(form.name.data, kind=form.kind.data, lrk=form.lrk.data or None,
                                                ve_children=form.ve_children.data, actor=g.staff.actor)
            flash(_("Locatie {name} is toegevoegd.", name=form.name.data), "success")
            return redirect(url_for("team.admin"))
        except StructureError as error:
            form.name.errors.append(_structure_problem(error))
    return _page(400, location_form=form)


@team.post("/beheer/team")
@staff_required("admin", "manager")
def add_team():
    locations, _teams = _managed()
    form = translate_form(TeamForm(prefix="team"))
    form.location.choices = [(l.id, l.name) for l in locations]
    if form.validate_on_submit():
        try:
            team_state().structure.add_team(form.name.data, location=form.location.data, actor=g.staff.actor)
            flash(_("Team {name} is toegevoegd.", name=form.name.data), "success")
            return redirect(url_for("team.admin"))
        except StructureError as error:
            form.name.errors.append(_structure_problem(error))
    return _page(400, team_form=form)


@team.post("/beheer/medewerker")
@staff_required("admin", "manager")
def add_staff():
    locations, teams = _managed()
    _l, _t, form = _forms(locations, teams)  # bound to the posted data, with this staff member's choices
    if form.validate_on_submit():
        team_ids, location_ids = {t.id for t in teams}, {l.id for l in locations}
        scope = [s for s in form.scope.data if (s in team_ids) == (form.role.data == "coach")
                 and (s in location_ids) == (form.role.data == "manager")]
        try:
            member = team_state().staff.add(name=form.name.data, role=form.role.data, email=form.email.data,
                                            scope=scope, learner_id=None, actor=g.staff.actor)
            url, expires = sign_in_link(member, request.url_root)
            flash(_("{name} is toegevoegd. Aanmeldlink (één keer geldig, tot {expires}): {url}",
                    name=member.name, expires=expires[:16].replace("T", " "), url=url), "success")
            return redirect(url_for("team.admin"))
        except StructureError as error:
            form.name.errors.append(_structure_problem(error))
    return _page(400, staff_form=form)


def _structure_problem(error: StructureError) -> str:
    """The store's message (written for the command line) as the page says it."""
    text = str(error)
    if "already exists" in text:
        return _("Deze naam bestaat al; kies een andere.")
    if "already belongs to a staff member" in text:
        return _("Dit e-mailadres hoort al bij een medewerker.")
    if text.startswith("lrk:"):
        return _("Een LRK-nummer heeft 9 tot 12 cijfers.")
    return _("Dit kon niet worden opgeslagen; controleer de velden.")


def _member_in_reach(staff_id: str):
    member = team_state().staff.get(staff_id)
    if member is None or member.removed_at:
        abort(404, "Deze medewerker bestaat niet (meer).")
    if g.staff.role == "manager":
        _locations, teams = _managed()
        if member.role != "coach" or not set(member.scope) & {t.id for t in teams}:
            abort(403, "Je beheert alleen coaches van teams op jouw locaties.")
    return member


@team.post("/beheer/medewerker/<staff_id>/<action>")
@staff_required("admin", "manager")
def staff_action(staff_id: str, action: str):
    if not PlainForm().validate_on_submit():
        abort(400, "Dit formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.")
    member = _member_in_reach(staff_id)
    state = team_state()
    if action == "link":
        if member.email and current_app.config["TRACKER_SMTP_URL"]:
            try:
                send_sign_in_link(member, request.url_root)
                flash(_("Een aanmeldlink is gemaild naar {email}.", email=member.email), "success")
            except MailError:
                flash(_("De e-mail kon niet worden verstuurd."), "error")
        else:
            url, expires = sign_in_link(member, request.url_root)
            flash(_("Nieuwe aanmeldlink voor {name} (één keer geldig, tot {expires}): {url}", name=member.name,
                    expires=expires[:16].replace("T", " "), url=url), "success")
    elif action == "intrekken":
        links, sessions = state.staff.revoke(member.id, actor=g.staff.actor)
        flash(_("{name}: {sessions} sessies beëindigd en {links} links ingetrokken.", name=member.name,
                sessions=sessions, links=links), "success")
    elif action == "verwijderen":
        if member.id == g.staff.id:
            abort(400, "Je kunt je eigen account niet verwijderen.")
        state.staff.remove(member.id, actor=g.staff.actor)
        flash(_("{name} is verwijderd.", name=member.name), "success")
    else:
        abort(404, "Onbekende actie.")
    return redirect(url_for("team.admin"))


@team.post("/beheer/deelnemer/<learner_id>")
@staff_required("admin", "manager")
def learner_update(learner_id: str):
    _locations, teams = _managed()
    team_ids = {t.id for t in teams}
    learner = LearnerStore(tracker().engine).get(learner_id)
    if learner is None or learner.removed_at:
        abort(404, "Deze deelnemer bestaat niet (meer).")
    if g.staff.role == "manager" and learner.team not in team_ids:
        abort(403, "Deze deelnemer hoort niet bij een team op jouw locaties.")
    structure = team_state().structure
    if "team-team" in request.form:
        form = LearnerTeamForm(prefix="team")
        form.team.choices = [(t.id, t.name) for t in teams]
        if form.validate_on_submit():
            structure.move_learner(learner.id, form.team.data, actor=g.staff.actor)
            flash(_("{name} staat nu in team {team}.", name=learner.name,
                    team=next(t.name for t in teams if t.id == form.team.data)), "success")
            return redirect(url_for("team.admin"))
    else:
        form = HoursForm(prefix="hours")
        if form.validate_on_submit():
            structure.add_hours(learner.id, float(form.hours.data), form.effective_from.data.isoformat(),
                                actor=g.staff.actor)
            flash(_("Contracturen van {name} vastgelegd.", name=learner.name), "success")
            return redirect(url_for("team.admin"))
    flash(_("Niet opgeslagen: {problems}", problems="; ".join(
        _(m) for messages in form.errors.values() for m in messages)), "error")
    return redirect(url_for("team.admin"))

"""A person's dossier: standings, history, evidence and files; upload, manual check, revoke (every view audited)."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, url_for

from ...extension import tracker
from ...storage.database import writer
from ...team import audit
from ..access import STAFF_ROLES, may_see, staff_required
from ..dossier import DossierError, build_dossier, person_by_id, record_manual, revoke, upload_certificate
from ..evidence import sync_confirmations
from ..files import FileRefused, file_response, read_file
from ..forms import CertificateForm, ManualForm, RevokeForm, TagForm
from ..store import set_tag, settle, load_declared, today
from ..strings import translate as _
from . import compliance_pages


def _forms(dossier):
    certificate, manual = CertificateForm(prefix="cert"), ManualForm(prefix="man")
    certificate.requirement.choices = [(i.requirement.id, i.requirement.title) for i in dossier.items
                                       if i.requirement.evidence.certificate]
    manual.requirement.choices = [(i.requirement.id, i.requirement.title) for i in dossier.items
                                  if i.requirement.evidence.manual]
    return certificate, manual


def _load(learner_id: str):
    may_see(learner_id)
    engine = tracker().engine
    with engine.connect() as conn:
        return build_dossier(conn, person_by_id(conn, learner_id), today())


@compliance_pages.route("/persoon/<learner_id>")
@staff_required(*STAFF_ROLES)
def dossier(learner_id: str):
    may_see(learner_id)
    sync_confirmations(tracker().engine)
    found = _load(learner_id)
    with writer(tracker().engine).begin() as conn:
        audit.write(conn, g.staff.actor, "compliance.dossier_viewed", subject=learner_id)
    certificate, manual = _forms(found)
    return _render(found, certificate, manual)


def _render(found, certificate, manual, status=200):
    return render_template("compliance/dossier.html", dossier=found, certificate=certificate, manual=manual,
                           revoke_form=RevokeForm(prefix="rev"), tag_form=TagForm(prefix="tag"),
                           role=g.staff.role, today=today()), status


@compliance_pages.post("/persoon/<learner_id>/certificaat")
@staff_required(*STAFF_ROLES)
def upload(learner_id: str):
    found = _load(learner_id)
    certificate, manual = _forms(found)
    if not certificate.validate_on_submit():
        return _render(found, certificate, manual, 400)
    data = certificate.file.data
    try:
        with writer(tracker().engine).begin() as conn:
            upload_certificate(conn, found.person, certificate.requirement.data, filename=data.filename,
                               content=data.read(current_app.config["TRACKER_COMPLIANCE_MAX_FILE_BYTES"] + 1),
                               done_on=certificate.done_on.data, valid_until=certificate.valid_until.data,
                               max_bytes=current_app.config["TRACKER_COMPLIANCE_MAX_FILE_BYTES"],
                               actor=g.staff.actor, today=today())
    except (DossierError, FileRefused) as problem:
        certificate.file.errors = [_(str(problem))]
        return _render(found, certificate, manual, 400)
    flash(_("Het certificaat is opgeslagen."), "success")
    return redirect(url_for("compliance.dossier", learner_id=learner_id))


@compliance_pages.post("/persoon/<learner_id>/handmatig")
@staff_required("manager")
def manual_entry(learner_id: str):
    found = _load(learner_id)
    certificate, manual = _forms(found)
    if not manual.validate_on_submit():
        return _render(found, certificate, manual, 400)
    try:
        with writer(tracker().engine).begin() as conn:
            record_manual(conn, found.person, manual.requirement.data, done_on=manual.done_on.data,
                          valid_until=manual.valid_until.data, note=manual.note.data, actor=g.staff.actor,
                          today=today())
    except DossierError as problem:
        manual.done_on.errors = [_(str(problem))]
        return _render(found, certificate, manual, 400)
    flash(_("De controle is vastgelegd."), "success")
    return redirect(url_for("compliance.dossier", learner_id=learner_id))


@compliance_pages.post("/persoon/<learner_id>/intrekken/<int:evidence_id>")
@staff_required("manager")
def revoke_evidence(learner_id: str, evidence_id: int):
    found = _load(learner_id)
    form = RevokeForm(prefix="rev")
    if not form.validate_on_submit():
        flash(_("Vul een reden in om bewijs in te trekken."), "error")
        return redirect(url_for("compliance.dossier", learner_id=learner_id))
    try:
        with writer(tracker().engine).begin() as conn:
            revoke(conn, found.person, evidence_id, form.reason.data, g.staff.actor, today())
    except DossierError as problem:
        abort(400, str(problem))
    flash(_("Het bewijs is ingetrokken."), "success")
    return redirect(url_for("compliance.dossier", learner_id=learner_id))


@compliance_pages.post("/persoon/<learner_id>/werkplek")
@staff_required("manager")
def tag(learner_id: str):
    found = _load(learner_id)
    form = TagForm(prefix="tag")
    if not form.validate_on_submit():
        abort(400, "Dit formulier klopt niet; probeer het opnieuw.")
    with writer(tracker().engine).begin() as conn:
        set_tag(conn, "learner", learner_id, form.tag.data, form.state.data == "aan", g.staff.actor,
                subject=learner_id)
        person = person_by_id(conn, learner_id)
        for req in load_declared(conn)[0]:
            if person.needs(req):
                settle(conn, person, req)
    flash(_("Opgeslagen."), "success")
    return redirect(url_for("compliance.dossier", learner_id=found.person.id))


@compliance_pages.route("/persoon/<learner_id>/bestand/<int:file_id>")
@staff_required(*STAFF_ROLES)
def evidence_file(learner_id: str, file_id: int):
    may_see(learner_id)
    engine = tracker().engine
    with engine.connect() as conn:
        row = read_file(conn, file_id)
    if row is None or row.learner_id != learner_id:
        abort(404, "Dit bestand bestaat niet.")
    with writer(engine).begin() as conn:
        audit.write(conn, g.staff.actor, "compliance.file_viewed", subject=learner_id, detail={"file": file_id})
    return file_response(row)

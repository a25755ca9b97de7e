"""The learner's side, with their Bearer token (CORS like /portal/session): "Mijn verplichtingen",
uploading a certificate, their own files, and a private iCalendar feed of due dates."""
from __future__ import annotations

import hashlib
import secrets

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy import select, update

from ..auth import authenticate
from ..extension import tracker
from ..services.clock import now_iso
from ..storage.database import writer
from ..team import audit
from ..xapi.errors import XAPIError
from .dossier import DossierError, build_dossier, person_by_id, upload_certificate
from .evidence import sync_confirmations
from .files import FileRefused, file_response, read_file
from .ical import calendar
from .periods import LABELS
from .store import today
from .tables import compliance_feeds

portal_obligations = Blueprint("portal_obligations", __name__, url_prefix="/portal/verplichtingen")


def _learner_id() -> str:
    credential = authenticate()
    if credential.kind != "learner" or not credential.learner_id:
        raise XAPIError("credentials: a learner token is required for /portal/verplichtingen", 403)
    return credential.learner_id


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@portal_obligations.get("")
def overview():
    """What is due when, what is valid until when, and where a certificate may be uploaded."""
    learner_id = _learner_id()
    engine = tracker().engine
    sync_confirmations(engine)
    with engine.connect() as conn:
        try:
            found = build_dossier(conn, person_by_id(conn, learner_id), today())
        except DossierError:
            raise XAPIError("learner: unknown or removed", 404) from None
    labels = LABELS.get(current_app.config.get("TRACKER_TEAM_LANGUAGE", "nl"), LABELS["nl"])
    items = [{
        "id": i.requirement.id, "title": i.requirement.title, "description": i.requirement.description,
        "level": i.level, "status": i.standing.status, "label": labels[i.standing.status],
        "due": i.standing.due, "valid_until": i.standing.valid_until, "completed_at": i.standing.completed_at,
        "window_start": i.standing.window_start, "once": i.requirement.validity_months is None,
        "upload": i.requirement.evidence.certificate,
        "evidence": [{"kind": e["kind"], "date": e["completed_on"], "revoked": bool(e["revoked_at"]),
                      "file": e["file_id"]} for e in i.evidence],
    } for i in found.items]
    return _no_store(jsonify({"date": today().isoformat(), "items": items,
                              "max_file_bytes": current_app.config["TRACKER_COMPLIANCE_MAX_FILE_BYTES"]}))


@portal_obligations.post("/<requirement_id>/certificaat")
def upload(requirement_id: str):
    """multipart/form-data: `file` (PDF, JPEG, PNG), `date` (YYYY-MM-DD), optional `valid_until`."""
    learner_id = _learner_id()
    upload_file = request.files.get("file")
    if upload_file is None:
        raise XAPIError("file: attach the certificate as the form field 'file'")
    limit = current_app.config["TRACKER_COMPLIANCE_MAX_FILE_BYTES"]
    content = upload_file.read(limit + 1)
    engine = tracker().engine
    try:
        with writer(engine).begin() as conn:
            person = person_by_id(conn, learner_id)
            file_id = upload_certificate(
                conn, person, requirement_id, filename=upload_file.filename, content=content,
                done_on=request.form.get("date", ""), valid_until=request.form.get("valid_until") or None,
                max_bytes=limit, actor=audit.Actor(f"learner:{learner_id}", person.name), today=today())
    except FileRefused as problem:
        raise XAPIError(f"file: {problem}", 413 if len(content) > limit else 415) from None
    except DossierError as problem:
        raise XAPIError(str(problem), 400) from None
    return _no_store(jsonify({"file": file_id})), 201


@portal_obligations.get("/bestand/<int:file_id>")
def own_file(file_id: int):
    learner_id = _learner_id()
    with tracker().engine.connect() as conn:
        row = read_file(conn, file_id)
    if row is None or row.learner_id != learner_id:
        raise XAPIError("file: not found", 404)
    return file_response(row)


@portal_obligations.post("/agenda")
def new_feed():
    """A new private calendar URL (the old one stops working)."""
    learner_id = _learner_id()
    token = secrets.token_urlsafe(24)
    digest = hashlib.sha256(token.encode()).hexdigest()
    with writer(tracker().engine).begin() as conn:
        changed = conn.execute(update(compliance_feeds).where(compliance_feeds.c.learner_id == learner_id)
                               .values(token_hash=digest, created_at=now_iso(), active=True)).rowcount
        if not changed:
            conn.execute(compliance_feeds.insert().values(learner_id=learner_id, token_hash=digest,
                                                          created_at=now_iso(), active=True))
    url = request.url_root + f"portal/verplichtingen/agenda/{token}.ics"
    return _no_store(jsonify({"url": url})), 201


@portal_obligations.get("/agenda/<token>.ics")
def feed(token: str):
    digest = hashlib.sha256(token.encode()).hexdigest()
    engine = tracker().engine
    with engine.connect() as conn:
        learner_id = conn.execute(select(compliance_feeds.c.learner_id).where(
            compliance_feeds.c.token_hash == digest, compliance_feeds.c.active.is_(True))).scalar()
        if learner_id is None:
            raise XAPIError("calendar: unknown link", 404)
        found = build_dossier(conn, person_by_id(conn, learner_id), today())
    response = Response(calendar(found, request.host), mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response

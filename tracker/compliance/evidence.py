"""Evidence that flows in by itself: module completions (a statement listener) and confirmed trainings.

Module completions are caught as statements arrive, in the store's write transaction: the
`learner_steps` projection keeps only the latest completion, and a renewal needs each one.
Confirmed trainings are read from the team view's `confirmations` projection (one row per learner
per confirmed session, kept with its voided flag) whenever compliance is read: `sync_confirmations`.
"""
from __future__ import annotations

import json
import re

from sqlalchemy import and_, select
from sqlalchemy.engine import Connection, Engine

from ..storage.database import writer
from ..team.tables import confirmations
from .people import load_people
from .requirements import Requirement
from .store import add_evidence, load_declared, revoke_evidence, today
from .tables import compliance_evidence, compliance_requirements

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
RETRACTED = "http://activitystrea.ms/schema/1.0/retract"
MODULE_ID = re.compile(r"/modules/([a-z0-9][a-z0-9-]*)/?$")


def on_statements(conn: Connection, fresh, seqs_by_statement_id, voided_ids) -> None:
    """StatementStore listener: module completions become evidence; voided or retracted ones revoke it."""
    completions, undone = [], list(voided_ids or [])
    for record in fresh:
        if record.verb_id == COMPLETED and "/modules/" in record.body:
            completions.append(record)
        elif record.verb_id == RETRACTED:
            target = (json.loads(record.body).get("context") or {}).get("statement") or {}
            if target.get("id"):
                undone.append(target["id"])
    if not completions and not undone:
        return
    if not conn.execute(select(compliance_requirements.c.id).limit(1)).first():
        return
    reqs, _ikk, _ehbo = load_declared(conn)
    by_module: dict[str, list[Requirement]] = {}
    for req in reqs:
        if req.evidence.module:
            by_module.setdefault(req.evidence.module, []).append(req)
    for record in completions:
        _completion(conn, record, by_module)
    if undone:
        _revoke_statements(conn, undone, {r.id: r for r in reqs})


def _completion(conn: Connection, record, by_module: dict[str, list[Requirement]]) -> None:
    body = json.loads(record.body)
    match = MODULE_ID.search(str((body.get("object") or {}).get("id", "")))
    learner_id = ((body.get("actor") or {}).get("account") or {}).get("name")
    if not match or not learner_id or match.group(1) not in by_module:
        return
    people = load_people(conn, learner_ids=[learner_id])
    if not people:
        return
    done_on = (body.get("timestamp") or record.stored)[:10]
    for req in by_module[match.group(1)]:
        if people[0].needs(req):
            add_evidence(conn, people[0], req, kind="module", done_on=done_on,
                         source=f"{record.statement_id}:{req.id}", statement_id=record.statement_id,
                         entered_by=f"learner:{learner_id}")


def _revoke_statements(conn: Connection, statement_ids: list[str], reqs: dict[str, Requirement]) -> None:
    rows = conn.execute(select(compliance_evidence).where(
        compliance_evidence.c.statement_id.in_(statement_ids),
        compliance_evidence.c.revoked_at.is_(None))).all()
    for row in rows:
        req = reqs.get(row.requirement_id)
        people = load_people(conn, learner_ids=[row.learner_id])
        if req and people:
            revoke_evidence(conn, people[0], req, row.id, by="xAPI: voided or retracted", on=today())


def sync_confirmations(engine: Engine) -> int:
    """Turn new confirmed trainings into evidence and revoke voided ones; return how many changed."""
    with engine.connect() as conn:
        reqs, _ikk, _ehbo = load_declared(conn)
        steps = {r.evidence.training: r for r in reqs if r.evidence.training}
        if not steps:
            return 0
        new = conn.execute(select(confirmations).outerjoin(
            compliance_evidence, and_(compliance_evidence.c.statement_id == confirmations.c.statement_id,
                                      compliance_evidence.c.kind == "training"))
            .where(confirmations.c.step_id.in_(list(steps)), confirmations.c.voided.is_(False),
                   compliance_evidence.c.id.is_(None))).all()
        voided = conn.execute(select(compliance_evidence.c.statement_id).join(
            confirmations, confirmations.c.statement_id == compliance_evidence.c.statement_id)
            .where(confirmations.c.voided.is_(True), compliance_evidence.c.revoked_at.is_(None))).scalars().all()
        people = {p.id: p for p in load_people(conn, learner_ids=sorted({r.learner_id for r in new}))} \
            if new else {}
    todo = [(row, req, people[row.learner_id]) for row in new for req in reqs
            if req.evidence.training == row.step_id and row.learner_id in people
            and people[row.learner_id].needs(req)]
    if not todo and not voided:
        return 0
    changed = 0
    with writer(engine).begin() as conn:
        for row, req, person in todo:
            changed += add_evidence(
                conn, person, req, kind="training", done_on=row.held_on,
                source=f"{row.statement_id}:{req.id}", statement_id=row.statement_id,
                entered_by=f"staff:{row.staff_id}", entered_by_name=row.staff_name,
                note=row.title) is not None
        if voided:
            _revoke_statements(conn, list(voided), {r.id: r for r in reqs})
            changed += len(voided)
    return changed

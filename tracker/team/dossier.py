"""One person's page: check results, intake, shared reflections with feedback, confirmations, notes.

Every function reads projections or a handful of rows by key; the view decides, with access.py,
which of them a staff member may see.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..services.clock import now_iso
from ..storage.database import writer
from ..storage.schema import portal_activities, portals, statements
from . import audit
from .tables import (check_answers, check_results, coach_notes, confirmations, learner_intakes,
                     reflection_feedback, reflections)


@dataclass
class CheckResult:
    step_id: str
    title: str
    passed: bool | None
    score: int | None
    max_score: int | None
    at: str | None
    answers: list[dict] = field(default_factory=list)  # {"question", "text", "response", "success", "attempts"}


@dataclass
class SharedReflection:
    statement_id: str
    step_id: str
    prompt: str
    text: str
    written_at: str
    feedback: list[dict] = field(default_factory=list)  # {"staff_name", "text", "created_at"}


def _names(conn, portal: str) -> tuple[str, dict[str, str]]:
    root = conn.execute(select(portals.c.root).where(portals.c.portal == portal)).scalar() or ""
    names = dict(conn.execute(select(portal_activities.c.activity_id, portal_activities.c.name)
                              .where(portal_activities.c.portal == portal)).all())
    return root, names


def check_results_of(engine: Engine, learner_id: str, portal: str, *, with_answers: bool) -> list[CheckResult]:
    """Per module: the latest pass/fail and score; per question only when `with_answers`."""
    with engine.connect() as conn:
        root, names = _names(conn, portal)
        results = {r.step_id: r for r in conn.execute(
            select(check_results).where(check_results.c.learner_id == learner_id))}
        answers = conn.execute(select(check_answers).where(check_answers.c.learner_id == learner_id)
                               .order_by(check_answers.c.step_id, check_answers.c.question)).all()
    out: dict[str, CheckResult] = {}
    for step_id in sorted(set(results) | {a.step_id for a in answers}):
        found = results.get(step_id)
        out[step_id] = CheckResult(step_id, names.get(f"{root}modules/{step_id}/") or step_id,
                                   found.passed if found else None, found.score if found else None,
                                   found.max_score if found else None, found.at if found else None)
    if with_answers:
        for answer in answers:
            out[answer.step_id].answers.append({
                "question": answer.question, "text": names.get(answer.activity_id) or f"Vraag {answer.question}",
                "response": answer.response, "success": answer.success, "attempts": answer.attempts})
    return list(out.values())


def intake_of(engine: Engine, learner_id: str, intake: dict | None) -> dict | None:
    """{"consent", "answered_at", "answers": [{"question", "answer"}]} or None when not answered."""
    with engine.connect() as conn:
        row = conn.execute(select(learner_intakes).where(learner_intakes.c.learner_id == learner_id)).first()
    if row is None:
        return None
    chosen = json.loads(row.answers)
    answers = []
    for question in (intake or {}).get("questions", []):
        index = chosen.get(question.get("id"))
        options = question.get("options", [])
        if isinstance(index, int) and 0 <= index < len(options):
            answers.append({"question": question.get("question", question["id"]),
                            "answer": options[index].get("text", "")})
    return {"consent": row.consent, "answered_at": row.answered_at, "answers": answers}


def shared_reflections(engine: Engine, learner_id: str, portal: str) -> list[SharedReflection]:
    """The learner's reflections that they shared (the privacy rule's `shared` flag), newest first."""
    s = statements.c
    with engine.connect() as conn:
        root, names = _names(conn, portal)
        rows = conn.execute(select(reflections, s.body).join(statements, s.statement_id == reflections.c.statement_id)
                            .where(reflections.c.learner_id == learner_id, s.shared.is_(True),
                                   s.voided.is_(False)).order_by(reflections.c.written_at.desc())).all()
        feedback = conn.execute(select(reflection_feedback).where(
            reflection_feedback.c.learner_id == learner_id).order_by(reflection_feedback.c.id)).all()
    out = []
    for row in rows:
        body = json.loads(row.body)
        prompt = names.get(f"{root}modules/{row.step_id}/#reflectie-{row.prompt}") or f"Reflectie {row.prompt}"
        item = SharedReflection(row.statement_id, row.step_id, prompt,
                                str((body.get("result") or {}).get("response", "")), row.written_at)
        item.feedback = [{"staff_name": f.staff_name, "text": f.text, "created_at": f.created_at}
                         for f in feedback if f.statement_id == row.statement_id]
        out.append(item)
    return out


def is_shared_reflection(engine: Engine, learner_id: str, statement_id: str) -> bool:
    s = statements.c
    with engine.connect() as conn:
        return conn.execute(select(reflections.c.statement_id).join(
            statements, s.statement_id == reflections.c.statement_id).where(
            reflections.c.statement_id == statement_id, reflections.c.learner_id == learner_id,
            s.shared.is_(True), s.voided.is_(False))).first() is not None


def add_feedback(engine: Engine, learner_id: str, statement_id: str, text: str, actor_id: str,
                 actor_name: str) -> None:
    with writer(engine).begin() as conn:
        conn.execute(reflection_feedback.insert().values(
            statement_id=statement_id, learner_id=learner_id, staff_id=actor_id, staff_name=actor_name,
            text=text, created_at=now_iso()))
        audit.write(conn, audit.Actor.staff(actor_id, actor_name), "feedback.write", subject=learner_id,
                    detail={"statement": statement_id})


def feedback_for_learner(engine: Engine, learner_id: str) -> list[dict]:
    """What the learner reads in "Mijn reflecties": feedback on their shared reflections."""
    with engine.connect() as conn:
        rows = conn.execute(select(reflection_feedback).where(
            reflection_feedback.c.learner_id == learner_id).order_by(reflection_feedback.c.id)).all()
    return [{"statement": r.statement_id, "by": r.staff_name, "text": r.text, "at": r.created_at} for r in rows]


def confirmations_of(engine: Engine, learner_id: str) -> list[dict]:
    c = confirmations.c
    with engine.connect() as conn:
        rows = conn.execute(select(confirmations).where(c.learner_id == learner_id, c.voided.is_(False))
                            .order_by(c.held_on.desc())).all()
    return [{"kind": r.kind, "step_id": r.step_id, "title": r.title, "held_on": r.held_on,
             "minutes": r.minutes, "by": r.staff_name, "statement_id": r.statement_id} for r in rows]


def notes_of(engine: Engine, learner_id: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(coach_notes).where(coach_notes.c.learner_id == learner_id)
                            .order_by(coach_notes.c.id.desc())).all()
    return [{"by": r.staff_name, "text": r.text, "at": r.created_at} for r in rows]


def add_note(engine: Engine, learner_id: str, text: str, actor_id: str, actor_name: str) -> None:
    with writer(engine).begin() as conn:
        conn.execute(coach_notes.insert().values(learner_id=learner_id, staff_id=actor_id,
                                                 staff_name=actor_name, text=text, created_at=now_iso()))
        audit.write(conn, audit.Actor.staff(actor_id, actor_name), "note.write", subject=learner_id)

"""Keep the team view's projections in step with the statements, inside the store's transaction.

A statement counts for the team view when its actor is one of the tracker's learners (an account on
TRACKER_HOME_PAGE) and its object is an activity of that learner's portal (ids under the portal root,
docs/xapi.md "What: activity ids"). Confirmations (`attended`) count only when their authority is a
staff account of this tracker. Everything else costs one string test per statement.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..services.clock import to_iso
from ..storage.schema import learners, portals, statements
from ..xapi.errors import XAPIError
from ..xapi.formats import parse_timestamp
from .tables import (check_answers, check_results, confirmations, learner_intakes, learner_steps,
                     reflections)

OPENED = "http://activitystrea.ms/schema/1.0/open"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
RETRACTED = "http://activitystrea.ms/schema/1.0/retract"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
REFLECTED = "https://w3id.org/xapi/catch/verbs/reflected"
RESPONDED = "http://adlnet.gov/expapi/verbs/responded"
ATTENDED = "http://adlnet.gov/expapi/verbs/attended"
PROFILE = "https://leerpad.example.org/xapi/profile/extensions/"
INTAKE_ANSWERS = PROFILE + "intake-answers"
COACH_CONSENT = PROFILE + "coach-consent"
STEP_KIND = PROFILE + "step-kind"
SESSION = PROFILE + "session"
STAFF_PREFIX = "staff-"

_PART = re.compile(r"^(modules|stappen)/([a-z0-9][a-z0-9-]*)/(?:#(toets|toets-q(\d+)|reflectie-(\d+)|"
                   r"voorbereiding-(\d+)))?$")
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")


@dataclass
class Batch:
    """What one write transaction changes, merged per key before it touches the database."""

    touched: dict = field(default_factory=dict)  # (learner, step) -> [portal, first, last]
    completed: dict = field(default_factory=dict)  # (learner, step) -> latest completion
    retracted: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)  # (learner, activity) -> row
    results: dict = field(default_factory=dict)  # (learner, step) -> row
    intakes: dict = field(default_factory=dict)  # learner -> row
    reflections: list = field(default_factory=list)
    confirmations: list = field(default_factory=list)

    def touch(self, learner: str, step: str, portal: str, at: str) -> None:
        found = self.touched.get((learner, step))
        if found is None:
            self.touched[(learner, step)] = [portal, at, at]
        else:
            found[1], found[2] = min(found[1], at), max(found[2], at)


def when(statement: dict) -> str:
    """The statement's timestamp in the stored form (its `stored` time when it has none)."""
    try:
        return to_iso(parse_timestamp(statement.get("timestamp"), "timestamp"))
    except (XAPIError, TypeError, ValueError, OverflowError):
        return statement.get("stored") or ""


def minutes_of(duration: object) -> int | None:
    found = _DURATION.match(duration) if isinstance(duration, str) else None
    if not found or not any(found.groups()):
        return None
    hours, minutes, secs = (float(g) if g else 0.0 for g in found.groups())
    return round(hours * 60 + minutes + secs / 60)


class Projector:
    """The statement listener of the team view (see tracker/storage/statements.py)."""

    def __init__(self, home_page: str):
        self.home_page = home_page
        self.prefix = f"account:{home_page}|"

    def __call__(self, conn, fresh: list, seqs: dict, voided_ids: list) -> None:
        mine = [r for r in fresh if any(key.startswith(self.prefix) for key, direct in r.agents if direct)]
        if mine:
            self.project(conn, [json.loads(r.body) for r in mine])
        if voided_ids:
            self.unproject(conn, voided_ids)

    # --- reading statements ----------------------------------------------------------------

    def project(self, conn, bodies: list[dict]) -> None:
        """Fold statements (already stored) into the projections."""
        ids = {self._learner_id(s.get("actor")) for s in bodies} - {None}
        if not ids:
            return
        roles = dict(conn.execute(select(learners.c.id, learners.c.role).where(learners.c.id.in_(ids))).all())
        roots = dict(conn.execute(select(portals.c.portal, portals.c.root).where(
            portals.c.portal.in_(set(roles.values())))).all())
        batch = Batch()
        for statement in bodies:
            learner = self._learner_id(statement.get("actor"))
            portal = roles.get(learner)
            root = roots.get(portal)
            if root is not None:
                self._fold(batch, statement, learner, portal, root)
        self._write(conn, batch)

    def _learner_id(self, actor: object) -> str | None:
        account = actor.get("account") if isinstance(actor, dict) else None
        if isinstance(account, dict) and account.get("homePage") == self.home_page:
            name = account.get("name")
            return name if isinstance(name, str) and not name.startswith(STAFF_PREFIX) else None
        return None

    def _fold(self, batch: Batch, statement: dict, learner: str, portal: str, root: str) -> None:
        verb = statement["verb"]["id"]
        obj = statement.get("object") or {}
        activity = obj.get("id") if obj.get("objectType", "Activity") == "Activity" else None
        if not isinstance(activity, str) or not activity.startswith(root):
            return
        at = when(statement)
        rest = activity[len(root):]
        result = statement.get("result") if isinstance(statement.get("result"), dict) else {}
        if rest == "intake/":
            if verb == RESPONDED:
                self._intake(batch, learner, portal, at, result)
            return
        if rest == "coaching/":  # a coaching conversation outside the path (confirming.py)
            if verb == ATTENDED:
                self._confirmation(batch, statement, learner, None, at, result)
            return
        part = _PART.match(rest)
        if part is None:
            return
        step = part.group(2)
        batch.touch(learner, step, portal, at)
        fragment = part.group(3)
        if verb == ATTENDED and fragment is None:
            self._confirmation(batch, statement, learner, step, at, result)
        elif verb == COMPLETED and fragment is None:
            batch.completed[(learner, step)] = max(batch.completed.get((learner, step), ""), at)
        elif verb == RETRACTED and fragment is None:
            batch.retracted[(learner, step)] = max(batch.retracted.get((learner, step), ""), at)
        elif verb == ANSWERED and part.group(4):
            key = (learner, activity)
            old = batch.answers.get(key)
            if old is None or at >= old["answered_at"]:
                batch.answers[key] = {
                    "learner_id": learner, "activity_id": activity, "step_id": step,
                    "question": int(part.group(4)), "response": str(result.get("response", ""))[:500],
                    "success": result.get("success") if isinstance(result.get("success"), bool) else None,
                    "answered_at": at, "attempts": (old or {}).get("attempts", 0) + 1}
            else:
                old["attempts"] += 1
        elif verb in (PASSED, FAILED) and fragment == "toets":
            score = result.get("score") if isinstance(result.get("score"), dict) else {}
            old = batch.results.get((learner, step))
            if old is None or at >= old["at"]:
                batch.results[(learner, step)] = {
                    "learner_id": learner, "step_id": step, "passed": verb == PASSED,
                    "score": _int(score.get("raw")), "max_score": _int(score.get("max")), "at": at}
        elif verb == REFLECTED and part.group(5):
            batch.reflections.append({"statement_id": statement["id"], "learner_id": learner,
                                      "step_id": step, "prompt": int(part.group(5)), "written_at": at})

    def _intake(self, batch: Batch, learner: str, portal: str, at: str, result: dict) -> None:
        extensions = result.get("extensions") if isinstance(result.get("extensions"), dict) else {}
        answers = extensions.get(INTAKE_ANSWERS)
        if not isinstance(answers, dict):
            return
        old = batch.intakes.get(learner)
        if old is None or at >= old["answered_at"]:
            clean = {str(k)[:64]: v for k, v in answers.items() if isinstance(v, int) and not isinstance(v, bool)}
            batch.intakes[learner] = {"learner_id": learner, "portal": portal,
                                      "answers": json.dumps(clean, sort_keys=True),
                                      "consent": extensions.get(COACH_CONSENT) is True, "answered_at": at}

    def _confirmation(self, batch: Batch, statement: dict, learner: str, step: str | None, at: str,
                      result: dict) -> None:
        authority = statement.get("authority") or {}
        account = authority.get("account") if isinstance(authority, dict) else None
        if not isinstance(account, dict) or account.get("homePage") != self.home_page \
                or not str(account.get("name", "")).startswith(STAFF_PREFIX):
            return  # only the tracker's own staff confirm
        context = statement.get("context") or {}
        extensions = context.get("extensions") or {}
        definition = (statement.get("object") or {}).get("definition") or {}
        names = definition.get("name") or {}
        batch.confirmations.append({
            "statement_id": statement["id"], "session_id": str(extensions.get(SESSION) or statement["id"]),
            "learner_id": learner, "kind": str((definition.get("extensions") or {}).get(STEP_KIND, "training")),
            "step_id": step, "title": str(next(iter(names.values()), step or "coaching"))
            if isinstance(names, dict) else (step or "coaching"),
            "staff_id": account["name"][len(STAFF_PREFIX):], "staff_name": str(authority.get("name") or ""),
            "held_on": at[:10], "minutes": minutes_of(result.get("duration")), "voided": False})
        if step is not None:
            key = (learner, step)
            batch.completed[key] = max(batch.completed.get(key, ""), at)

    # --- writing ------------------------------------------------------------------------------

    def _write(self, conn, batch: Batch) -> None:
        insert = _insert_for(conn)
        if batch.touched:
            stmt = insert(learner_steps)
            t = learner_steps.c
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[t.learner_id, t.step_id],
                set_={"first_at": case((stmt.excluded.first_at < t.first_at, stmt.excluded.first_at),
                                       else_=t.first_at),
                      "last_at": case((stmt.excluded.last_at > t.last_at, stmt.excluded.last_at),
                                      else_=t.last_at)}),
                [{"learner_id": l, "step_id": s, "portal": p, "first_at": f, "last_at": a}
                 for (l, s), (p, f, a) in batch.touched.items()])
        for column, values in (("completed_at", batch.completed), ("retracted_at", batch.retracted)):
            for (learner, step), at in values.items():
                col = learner_steps.c[column]
                conn.execute(update(learner_steps).where(
                    learner_steps.c.learner_id == learner, learner_steps.c.step_id == step,
                    func.coalesce(col, "") < at).values({column: at}))
        confirmed = {(c["learner_id"], c["step_id"]): c for c in batch.confirmations if c["step_id"]}
        for (learner, step), row in confirmed.items():
            conn.execute(update(learner_steps).where(
                learner_steps.c.learner_id == learner, learner_steps.c.step_id == step,
                func.coalesce(learner_steps.c.confirmed_at, "") <= row["held_on"])
                .values(confirmed_by=row["staff_name"], confirmed_at=row["held_on"]))
        if batch.confirmations:
            stmt = insert(confirmations)
            conn.execute(stmt.on_conflict_do_nothing(), batch.confirmations)
        if batch.answers:
            stmt = insert(check_answers)
            a = check_answers.c
            newer = stmt.excluded.answered_at >= a.answered_at
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[a.learner_id, a.activity_id],
                set_={"response": case((newer, stmt.excluded.response), else_=a.response),
                      "success": case((newer, stmt.excluded.success), else_=a.success),
                      "answered_at": case((newer, stmt.excluded.answered_at), else_=a.answered_at),
                      "attempts": a.attempts + stmt.excluded.attempts}), list(batch.answers.values()))
        if batch.results:
            stmt = insert(check_results)
            r = check_results.c
            newer = stmt.excluded.at >= r.at
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[r.learner_id, r.step_id],
                set_={name: case((newer, stmt.excluded[name]), else_=r[name])
                      for name in ("passed", "score", "max_score", "at")}), list(batch.results.values()))
        if batch.intakes:
            stmt = insert(learner_intakes)
            i = learner_intakes.c
            newer = stmt.excluded.answered_at >= i.answered_at
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[i.learner_id],
                set_={name: case((newer, stmt.excluded[name]), else_=i[name])
                      for name in ("portal", "answers", "consent", "answered_at")}),
                list(batch.intakes.values()))
        if batch.reflections:
            conn.execute(insert(reflections).on_conflict_do_nothing(), batch.reflections)

    # --- voiding ------------------------------------------------------------------------------

    def unproject(self, conn, voided_ids: list) -> None:
        """Voided statements stop counting: rows built from them are rebuilt from what remains."""
        voided_ids = list(voided_ids)
        conn.execute(delete(reflections).where(reflections.c.statement_id.in_(voided_ids)))
        hit = conn.execute(update(confirmations).where(confirmations.c.statement_id.in_(voided_ids))
                           .values(voided=True).returning(confirmations.c.learner_id)).scalars().all()
        bodies = [json.loads(b) for b in conn.execute(
            select(statements.c.body).where(statements.c.statement_id.in_(voided_ids))).scalars()]
        learners_hit = set(hit) | {self._learner_id(b.get("actor")) for b in bodies} - {None}
        for learner in learners_hit:
            rebuild_learner(conn, self, learner)


def rebuild_learner(conn, projector: Projector, learner_id: str) -> None:
    """Recompute one learner's projection rows from their stored, not voided statements."""
    from ..storage.schema import statement_agents

    key = f"account:{projector.home_page}|{learner_id}"
    for table in (learner_steps, check_answers, check_results, learner_intakes, reflections):
        conn.execute(delete(table).where(table.c.learner_id == learner_id))
    conn.execute(delete(confirmations).where(confirmations.c.learner_id == learner_id,
                                             confirmations.c.voided.is_(False)))
    seqs = select(statement_agents.c.seq).where(statement_agents.c.agent_key == key,
                                                statement_agents.c.direct.is_(True))
    bodies = [json.loads(b) for b in conn.execute(
        select(statements.c.body).where(statements.c.seq.in_(seqs), statements.c.voided.is_(False))
        .order_by(statements.c.seq)).scalars()]
    for start in range(0, len(bodies), 500):
        projector.project(conn, bodies[start:start + 500])


def _insert_for(conn):
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

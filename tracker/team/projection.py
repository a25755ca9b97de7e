"""Keep the team view's projections in step with the statements, inside the store's transaction.

A statement counts for the team view when its actor is one of the tracker's learners (an account on
TRACKER_HOME_PAGE) and its object is an activity of that learner's portal (ids under the portal root,
docs/xapi.md "What: activity ids"). Confirmations (`attended`) count only when their authority is a
staff account of this tracker. Everything else costs one string test per statement.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, text, update
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

    touched: dict = field(default_factory=dict)  # (learner, step) -> [portal, first, last, completed, retracted]
    answers: dict = field(default_factory=dict)  # (learner, activity) -> row
    results: dict = field(default_factory=dict)  # (learner, step) -> row
    intakes: dict = field(default_factory=dict)  # learner -> row
    reflections: list = field(default_factory=list)
    confirmations: list = field(default_factory=list)

    def touch(self, learner: str, step: str, portal: str, at: str) -> list:
        found = self.touched.get((learner, step))
        if found is None:
            found = self.touched[(learner, step)] = [portal, at, at, None, None]
        else:
            found[1], found[2] = min(found[1], at), max(found[2], at)
        return found

    def mark(self, learner: str, step: str, index: int, at: str) -> None:
        """Keep the latest completion (index 3) or retraction (index 4) of a touched step."""
        found = self.touched[(learner, step)]
        found[index] = max(found[index] or "", at)


_CANONICAL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{3}|\d{6})Z$")


def when(statement: dict) -> str:
    """The statement's timestamp in the stored, fixed-width form (its `stored` time when it has none)."""
    value = statement.get("timestamp")
    if isinstance(value, str) and _CANONICAL.match(value):  # what the LRS stores: UTC, ms or µs
        return value[:20] + value[20:-1].ljust(6, "0") + "Z"
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

    def __init__(self, home_page: str, roots_seconds: float = 30.0):
        self.home_page = home_page
        self.prefix = f"account:{home_page}|"
        self.roles: dict[str, str] = {}  # learner id -> portal (a learner's role never changes)
        self.roots: dict[str, str] = {}  # portal -> root, reread every `roots_seconds`
        self.roots_read = -1e9
        self.roots_seconds = roots_seconds

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
        roles, roots = self._roles(conn, ids), self._roots(conn)
        batch, fresh = Batch(), False
        for statement in bodies:
            learner = self._learner_id(statement.get("actor"))
            portal = roles.get(learner)
            if portal is None:
                continue
            if not self._fold(batch, statement, learner, portal, roots.get(portal)) and not fresh:
                # Not under the cached root: a portal (re)loaded in another process. Read the roots again.
                self.forget_portals()
                roots, fresh = self._roots(conn), True
                self._fold(batch, statement, learner, portal, roots.get(portal))
        self._write(conn, batch)

    def _roles(self, conn, ids: set) -> dict[str, str]:
        missing = ids - self.roles.keys()
        if missing:
            if len(self.roles) > 100_000:
                self.roles.clear()
            self.roles.update(conn.execute(select(learners.c.id, learners.c.role)
                                           .where(learners.c.id.in_(missing))).all())
        return self.roles

    def _roots(self, conn) -> dict[str, str]:
        """Portal roots, cached: a portal loaded meanwhile is seen within `roots_seconds` (or at once
        when `forget_portals` is called in this process, as `portals load` does)."""
        now = time.monotonic()
        if now - self.roots_read > self.roots_seconds:
            self.roots = dict(conn.execute(select(portals.c.portal, portals.c.root)).all())
            self.roots_read = now
        return self.roots

    def forget_portals(self) -> None:
        self.roots_read = -1e9

    def _learner_id(self, actor: object) -> str | None:
        account = actor.get("account") if isinstance(actor, dict) else None
        if isinstance(account, dict) and account.get("homePage") == self.home_page:
            name = account.get("name")
            return name if isinstance(name, str) and not name.startswith(STAFF_PREFIX) else None
        return None

    def _fold(self, batch: Batch, statement: dict, learner: str, portal: str, root: str | None) -> bool:
        """Fold one statement in; False when its object is not under the portal's root."""
        verb = statement["verb"]["id"]
        obj = statement.get("object") or {}
        activity = obj.get("id") if obj.get("objectType", "Activity") == "Activity" else None
        if not isinstance(activity, str):
            return True
        if root is None or not activity.startswith(root):
            return False
        at = when(statement)
        rest = activity[len(root):]
        result = statement.get("result") if isinstance(statement.get("result"), dict) else {}
        if rest == "intake/":
            if verb == RESPONDED:
                self._intake(batch, learner, portal, at, result)
            return True
        if rest == "coaching/":  # a coaching conversation outside the path (confirming.py)
            if verb == ATTENDED:
                self._confirmation(batch, statement, learner, None, at, result)
            return True
        part = _PART.match(rest)
        if part is None:
            return True
        step = part.group(2)
        batch.touch(learner, step, portal, at)
        fragment = part.group(3)
        if verb == ATTENDED and fragment is None:
            self._confirmation(batch, statement, learner, step, at, result)
        elif verb == COMPLETED and fragment is None:
            batch.mark(learner, step, 3, at)
        elif verb == RETRACTED and fragment is None:
            batch.mark(learner, step, 4, at)
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
        return True

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
            batch.mark(learner, step, 3, at)

    # --- writing ------------------------------------------------------------------------------

    def _write(self, conn, batch: Batch) -> None:
        sql = _upserts(conn.dialect.name)
        if batch.touched:
            _send(conn, sql["steps"], [
                {"learner_id": l, "step_id": s, "portal": p, "first_at": f, "last_at": a, "completed_at": c,
                 "retracted_at": r} for (l, s), (p, f, a, c, r) in batch.touched.items()])
        confirmed = {(c["learner_id"], c["step_id"]): c for c in batch.confirmations if c["step_id"]}
        for (learner, step), row in confirmed.items():
            conn.execute(update(learner_steps).where(
                learner_steps.c.learner_id == learner, learner_steps.c.step_id == step,
                func.coalesce(learner_steps.c.confirmed_at, "") <= row["held_on"])
                .values(confirmed_by=row["staff_name"], confirmed_at=row["held_on"]))
        if batch.confirmations:
            conn.execute(sql["confirmations"], batch.confirmations)
        if batch.answers:
            _send(conn, sql["answers"], list(batch.answers.values()))
        if batch.results:
            _send(conn, sql["results"], list(batch.results.values()))
        if batch.intakes:
            _send(conn, sql["intakes"], list(batch.intakes.values()))
        if batch.reflections:
            conn.execute(sql["reflections"], batch.reflections)

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


def _newest(table: str, time_column: str, columns: tuple[str, ...], key: tuple[str, ...]) -> str:
    """An upsert that keeps, per key, the row with the latest `time_column`."""
    names = key + columns
    updates = ", ".join(f"{c} = CASE WHEN excluded.{time_column} >= {table}.{time_column} "
                        f"THEN excluded.{c} ELSE {table}.{c} END" for c in columns)
    return (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}")


def _latest(table: str, column: str) -> str:
    """`column` becomes the new value when it is later; NULL (nothing new) keeps the stored one."""
    return (f"{column} = CASE WHEN excluded.{column} > COALESCE({table}.{column}, '') "
            f"THEN excluded.{column} ELSE {table}.{column} END")


# Plain SQL, the same on SQLite (3.24+) and PostgreSQL: these run on every statement write, and a
# text() statement costs SQLAlchemy no per-call work beyond binding its parameters.
_SQL = {
    "steps": text(
        "INSERT INTO learner_steps (learner_id, step_id, portal, first_at, last_at, completed_at, retracted_at) "
        "VALUES (:learner_id, :step_id, :portal, :first_at, :last_at, :completed_at, :retracted_at) "
        "ON CONFLICT (learner_id, step_id) DO UPDATE SET "
        "first_at = CASE WHEN excluded.first_at < learner_steps.first_at THEN excluded.first_at "
        "ELSE learner_steps.first_at END, "
        "last_at = CASE WHEN excluded.last_at > learner_steps.last_at THEN excluded.last_at "
        "ELSE learner_steps.last_at END, "
        + _latest("learner_steps", "completed_at") + ", " + _latest("learner_steps", "retracted_at")),
    "answers": text(
        "INSERT INTO check_answers (learner_id, activity_id, step_id, question, response, success, answered_at, "
        "attempts) VALUES (:learner_id, :activity_id, :step_id, :question, :response, :success, :answered_at, "
        ":attempts) ON CONFLICT (learner_id, activity_id) DO UPDATE SET "
        + ", ".join(f"{c} = CASE WHEN excluded.answered_at >= check_answers.answered_at THEN excluded.{c} "
                    f"ELSE check_answers.{c} END" for c in ("response", "success", "answered_at"))
        + ", attempts = check_answers.attempts + excluded.attempts"),
    "results": text(_newest("check_results", "at", ("passed", "score", "max_score", "at"),
                            ("learner_id", "step_id"))),
    "intakes": text(_newest("learner_intakes", "answered_at", ("portal", "answers", "consent", "answered_at"),
                            ("learner_id",))),
}


def _upserts(dialect: str) -> dict:
    """The projection's writes for one dialect: the upserts as the driver's own SQL (the hot path, sent
    with exec_driver_sql), the inserts that ignore duplicates through SQLAlchemy; built once."""
    if dialect not in _INSERTS:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        driver = {name: _PARAM.sub(r"%(\1)s", sql.text) if dialect == "postgresql" else sql.text
                  for name, sql in _SQL.items()}
        _INSERTS[dialect] = {**driver, "confirmations": insert(confirmations).on_conflict_do_nothing(),
                             "reflections": insert(reflections).on_conflict_do_nothing()}
    return _INSERTS[dialect]


_PARAM = re.compile(r":(\w+)")


_INSERTS: dict[str, dict] = {}


def _send(conn, sql: str, rows: list[dict]) -> None:
    """One row as one execute: psycopg's executemany (a pipeline) costs more than a plain execute."""
    conn.exec_driver_sql(sql, rows[0] if len(rows) == 1 else rows)


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

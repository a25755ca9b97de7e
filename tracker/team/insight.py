"""Totals for "Wat heeft het team nodig?" and the charts: never one person's answers, and only for
groups of at least MIN_GROUP people."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..storage.schema import portal_activities
from .access import MIN_GROUP, Person
from .board import DONE, Outline, Row
from .tables import check_answers, learner_intakes


@dataclass
class IntakeTotals:
    portal: str
    title: str
    answered: int
    questions: list[dict] = field(default_factory=list)  # {"question", "options": [(text, count)]}


def intake_totals(engine: Engine, persons: list[Person], outlines: dict[str, Outline]) -> list[IntakeTotals]:
    """Per role: how many chose each option, over everyone who answered (hidden below MIN_GROUP)."""
    by_id = {p.id: p for p in persons}
    answers: dict[str, list[dict]] = defaultdict(list)
    with engine.connect() as conn:
        ids = list(by_id)
        for start in range(0, len(ids), 900):
            for learner_id, raw in conn.execute(select(learner_intakes.c.learner_id, learner_intakes.c.answers)
                                                .where(learner_intakes.c.learner_id.in_(ids[start:start + 900]))):
                answers[by_id[learner_id].role].append(json.loads(raw))
    out = []
    for role, given in sorted(answers.items()):
        outline = outlines.get(role)
        if outline is None or not outline.intake:
            continue
        totals = IntakeTotals(role, outline.title, len(given))
        if len(given) >= MIN_GROUP:
            for question in outline.intake.get("questions", []):
                counts = Counter(a.get(question["id"]) for a in given)
                totals.questions.append({"question": question.get("question", question["id"]), "options": [
                    (option.get("text", ""), counts.get(index, 0))
                    for index, option in enumerate(question.get("options", []))]})
        out.append(totals)
    return out


def wrong_answers(engine: Engine, persons: list[Person], limit: int = 15) -> list[dict]:
    """The check questions most often answered wrong (latest answer per person), for content editors."""
    ids = [p.id for p in persons]
    tally: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])  # (step, q) -> [wrong, total]
    names: dict[tuple[str, int], str] = {}
    with engine.connect() as conn:
        activity_ids: dict[tuple[str, int], str] = {}
        for start in range(0, len(ids), 900):
            for row in conn.execute(select(check_answers.c.step_id, check_answers.c.question,
                                           check_answers.c.success, check_answers.c.activity_id)
                                    .where(check_answers.c.learner_id.in_(ids[start:start + 900]))):
                key = (row.step_id, row.question)
                tally[key][1] += 1
                tally[key][0] += row.success is False
                activity_ids.setdefault(key, row.activity_id)
        if activity_ids:
            found = dict(conn.execute(select(portal_activities.c.activity_id, portal_activities.c.name)
                                      .where(portal_activities.c.activity_id.in_(list(activity_ids.values())))).all())
            names = {key: found.get(activity) or f"Vraag {key[1]}" for key, activity in activity_ids.items()}
    rows = [{"step_id": step, "question": q, "text": names.get((step, q), f"Vraag {q}"), "wrong": wrong,
             "total": total, "percent": round(100 * wrong / total)}
            for (step, q), (wrong, total) in tally.items() if total >= MIN_GROUP and wrong]
    rows.sort(key=lambda r: (-r["percent"], -r["wrong"], r["step_id"], r["question"]))
    return rows[:limit]


def unfinished_modules(rows: list[Row]) -> list[dict]:
    """Modules people started and did not finish: how many, per module."""
    started: Counter = Counter()
    titles = {}
    for row in rows:
        for cell in row.cells:
            if cell.step.kind == "module" and cell.started_at and cell.status not in DONE:
                started[cell.step.id] += 1
                titles[cell.step.id] = cell.step.title
    return [{"step_id": s, "title": titles[s], "count": n}
            for s, n in sorted(started.items(), key=lambda x: (-x[1], titles[x[0]]))
            if n >= 1]


def completion_per_module(rows: list[Row]) -> list[dict]:
    """Per module: of the people whose path has it, how many finished (groups below MIN_GROUP hidden)."""
    have: Counter = Counter()
    done: Counter = Counter()
    titles = {}
    for row in rows:
        for cell in row.cells:
            if cell.step.kind == "module" and cell.status != "nvt":
                have[cell.step.id] += 1
                done[cell.step.id] += cell.status in DONE
                titles[cell.step.id] = cell.step.title
    return sorted(({"step_id": s, "title": titles[s], "people": n, "done": done[s],
                    "percent": round(100 * done[s] / n)} for s, n in have.items() if n >= MIN_GROUP),
                  key=lambda r: (-r["percent"], r["title"]))


def required_progress(rows: list[Row], weeks: int = 12, today: dt.date | None = None) -> list[dict]:
    """Per team: the share of required steps done at the end of each of the last `weeks` weeks."""
    today = today or dt.date.today()
    ends = [today - dt.timedelta(days=7 * i) for i in range(weeks - 1, -1, -1)]
    teams: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        teams[row.person.team_name or "–"].append(row)
    out = []
    for name, members in sorted(teams.items()):
        if len(members) < MIN_GROUP:
            continue
        required = [(c.done_at[:10] if c.done_at and c.status in DONE else None)
                    for r in members for c in r.cells if c.required]
        if not required:
            continue
        points = [(end.isoformat(), round(100 * sum(1 for d in required if d and d <= end.isoformat())
                                          / len(required))) for end in ends]
        out.append({"team": name, "people": len(members), "points": points})
    return out

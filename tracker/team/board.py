"""The team grid and a person's path: statuses per step, read from the projections only."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..storage.schema import portals
from ..storage.schema import documents
from ..xapi.index_keys import agent_key
from .access import Person
from .tables import learner_intakes, learner_steps, portal_outlines

# Status key -> (Dutch label, English label). Order is the legend's order.
STATUSES = {
    "bevestigd": ("bevestigd", "confirmed"),
    "klaar": ("klaar", "done"),
    "te_laat": ("te laat", "late"),
    "bezig": ("bezig", "in progress"),
    "beheerst": ("beheerst (intake)", "mastered (intake)"),
    "aanbevolen": ("aanbevolen (intake)", "recommended (intake)"),
    "niet_begonnen": ("niet begonnen", "not started"),
    "verborgen": ("verborgen (intake)", "hidden (intake)"),
    "nvt": ("niet van toepassing", "not applicable"),
}
DONE = ("bevestigd", "klaar")


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: str
    phase_title: str
    required: bool
    due_days: int | None
    offer: str = "always"


@dataclass(frozen=True)
class Outline:
    portal: str
    title: str
    steps: tuple[Step, ...]
    intake: dict | None

    def columns(self) -> list[Step]:
        """Required steps first, each group in path order."""
        return [s for s in self.steps if s.required] + [s for s in self.steps if not s.required]


@dataclass(frozen=True)
class Cell:
    step: Step
    status: str
    required: bool
    started_at: str | None = None
    done_at: str | None = None
    confirmed_by: str | None = None
    due_on: str | None = None

    @property
    def label(self) -> str:
        text = STATUSES[self.status][0]
        return f"bevestigd door {self.confirmed_by}" if self.status == "bevestigd" and self.confirmed_by else text


@dataclass
class Row:
    person: Person
    cells: list[Cell] = field(default_factory=list)

    @property
    def required_total(self) -> int:
        return sum(1 for c in self.cells if c.required)

    @property
    def required_done(self) -> int:
        return sum(1 for c in self.cells if c.required and c.status in DONE)

    @property
    def percent(self) -> int:
        return round(100 * self.required_done / self.required_total) if self.required_total else 100


@dataclass
class Section:
    """One role's people with the steps of their path as columns."""

    outline: Outline
    columns: list[Step]
    rows: list[Row]


@dataclass(frozen=True)
class IntakeEffect:
    """What a learner's intake answers do to their path."""

    recommend: frozenset[str] = frozenset()
    mastered: frozenset[str] = frozenset()
    hide: frozenset[str] = frozenset()
    require: frozenset[str] = frozenset()
    add: frozenset[str] = frozenset()


def intake_effect(intake: dict | None, answers: dict) -> IntakeEffect:
    """Gather the step lists of every chosen option (question id -> option index)."""
    if not intake:
        return IntakeEffect()
    gathered: dict[str, set] = {k: set() for k in ("recommend", "mastered", "hide", "require", "add")}
    for question in intake.get("questions", []):
        index = answers.get(question.get("id"))
        options = question.get("options", [])
        if isinstance(index, int) and 0 <= index < len(options):
            for key, found in gathered.items():
                found.update(options[index].get(key) or [])
    return IntakeEffect(**{k: frozenset(v) for k, v in gathered.items()})


def load_outlines(engine: Engine, portal_ids) -> dict[str, Outline]:
    portal_ids = set(portal_ids)
    with engine.connect() as conn:
        rows = conn.execute(select(portal_outlines.c.portal, portal_outlines.c.outline, portals.c.title)
                            .join(portals, portals.c.portal == portal_outlines.c.portal)
                            .where(portal_outlines.c.portal.in_(portal_ids))).all()
    out = {}
    for portal, raw, title in rows:
        data = json.loads(raw)
        steps = tuple(Step(s["id"], s.get("kind", "module"), s.get("title") or s["id"],
                           s.get("phase_title") or "", bool(s.get("required", True)), s.get("due_days"),
                           s.get("offer") or "always") for s in data.get("steps", []))
        out[portal] = Outline(portal, title, steps, data.get("intake"))
    return out


def status_of(step: Step, row, effect: IntakeEffect, due_on: str | None, today: str) -> str:
    if row is not None and row.confirmed_at:
        return "bevestigd"
    if row is not None and row.completed_at and (not row.retracted_at or row.completed_at > row.retracted_at):
        return "klaar"
    if due_on is not None and today > due_on:
        return "te_laat"
    if row is not None:
        return "bezig"
    if step.id in effect.mastered:
        return "beheerst"
    if step.id in effect.recommend:
        return "aanbevolen"
    if step.id in effect.hide:
        return "verborgen"
    return "niet_begonnen"


def applies(step: Step, effect: IntakeEffect) -> bool:
    """An `offer: intake` step is on someone's path only when an intake answer added it."""
    return step.offer != "intake" or step.id in effect.add


def due_date(person: Person, step: Step, required: bool) -> str | None:
    if not step.due_days or not required:
        return None
    start = dt.date.fromisoformat((person.started_on or person.created_at)[:10])
    return (start + dt.timedelta(days=step.due_days)).isoformat()


def build_rows(engine: Engine, persons: list[Person], outlines: dict[str, Outline],
               today: str | None = None) -> dict[str, list[Row]]:
    """Rows per portal for these people: three queries, whatever their number."""
    today = today or dt.date.today().isoformat()
    ids = [p.id for p in persons]
    progress: dict[tuple[str, str], object] = {}
    answers: dict[str, dict] = {}
    with engine.connect() as conn:
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for row in conn.execute(select(learner_steps).where(learner_steps.c.learner_id.in_(chunk))):
                progress[(row.learner_id, row.step_id)] = row
            for learner_id, raw in conn.execute(select(learner_intakes.c.learner_id, learner_intakes.c.answers)
                                                .where(learner_intakes.c.learner_id.in_(chunk))):
                answers[learner_id] = json.loads(raw)
        shown = _put_back(conn, persons)
    sections: dict[str, list[Row]] = {}
    for person in persons:
        outline = outlines.get(person.role)
        if outline is None:
            continue
        effect = intake_effect(outline.intake, answers.get(person.id, {}))
        if shown.get(person.id):  # "Zet terug in mijn pad": no longer hidden
            effect = IntakeEffect(effect.recommend, effect.mastered, effect.hide - shown[person.id],
                                  effect.require, effect.add)
        row = Row(person)
        for step in outline.columns():
            if not applies(step, effect):
                row.cells.append(Cell(step, "nvt", False))
                continue
            required = step.required or step.id in effect.require
            found = progress.get((person.id, step.id))
            due_on = due_date(person, step, required)
            row.cells.append(Cell(step, status_of(step, found, effect, due_on, today), required,
                                  started_at=found.first_at if found else None,
                                  done_at=(found.confirmed_at or found.completed_at) if found else None,
                                  confirmed_by=found.confirmed_by if found else None, due_on=due_on))
        sections.setdefault(person.role, []).append(row)
    return sections


def _put_back(conn, persons: list[Person]) -> dict[str, frozenset[str]]:
    """Steps each learner put back after the intake hid them: `_shown` in their intake State document
    (docs/xapi.md), which the portal writes; one query for everyone."""
    by_key = {agent_key(json.loads(p.actor)): p.id for p in persons}
    found: dict[str, frozenset[str]] = {}
    keys = list(by_key)
    for start in range(0, len(keys), 900):
        rows = conn.execute(select(documents.c.agent_key, documents.c.content).where(
            documents.c.kind == "state", documents.c.document_id == "intake",
            documents.c.agent_key.in_(keys[start:start + 900])))
        for key, content in rows:
            try:
                steps = json.loads(bytes(content)).get("_shown")
            except (ValueError, AttributeError):
                continue
            if isinstance(steps, list):
                found[by_key[key]] = frozenset(s for s in steps if isinstance(s, str))
    return found

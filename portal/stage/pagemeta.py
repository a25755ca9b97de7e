"""The `page.meta.leerpad` dicts the theme's templates read (see the portal contract)."""

from __future__ import annotations

import string
from typing import Any

from portal.model.load import Module
from portal.checks.resolve import PlacedStep, ResolvedPath


def step_url(placed: PlacedStep) -> str:
    return f"modules/{placed.id}/" if placed.kind == "module" else f"stappen/{placed.id}/"


def step_title(placed: PlacedStep, modules: dict[str, Module]) -> str:
    return modules[placed.id].meta.title if placed.kind == "module" else placed.step.title


def step_level(placed: PlacedStep, modules: dict[str, Module]) -> str:
    if placed.step.level:
        return placed.step.level
    return modules[placed.id].meta.level if placed.kind == "module" else "iedereen"


def step_duration(placed: PlacedStep, modules: dict[str, Module]) -> int:
    return modules[placed.id].meta.duration if placed.kind == "module" else placed.step.duration


def overview_step(placed: PlacedStep, modules: dict[str, Module]) -> dict[str, Any]:
    module = modules.get(placed.id) if placed.kind == "module" else None
    return {
        "id": placed.id,
        "kind": placed.kind,
        "title": step_title(placed, modules),
        "summary": module.meta.summary if module else None,
        "duration": step_duration(placed, modules),
        "level": step_level(placed, modules),
        "required": placed.step.required,
        "offer": placed.step.offer,
        "note": placed.step.note,
        "url": step_url(placed),
        "themes": list(module.meta.themes) if module else [],
    }


def overview(path: ResolvedPath, modules: dict[str, Module]) -> dict[str, Any]:
    phases = []
    for phase in path.phases:
        steps = [overview_step(s, modules) for s in phase.steps]
        phases.append({
            "id": phase.id,
            "title": phase.title,
            "description": phase.description,
            "minutes": sum(s["duration"] for s in steps if s["offer"] == "always"),
            "steps": steps,
        })
    all_steps = [s for p in phases for s in p["steps"] if s["offer"] == "always"]   # offered: only when added
    return {
        "page": "overview",
        "role": path.role,
        "title": path.path.title,
        "description": path.path.description,
        "audience": path.path.audience,
        "total_minutes": sum(s["duration"] for s in all_steps),
        "required_minutes": sum(s["duration"] for s in all_steps if s["required"]),
        "steps_count": len(all_steps),
        "phases": phases,
        "intake": {"url": "intake/", "rules": intake_rules(path)} if path.intake else None,
    }


def intake_rules(path: ResolvedPath) -> list[dict[str, Any]]:
    """What overview.js needs of the intake: per question its id and per option the steps each rule
    names (no text, no empty lists)."""
    return [{"id": q["id"], "options": [{rule: ids for rule, ids in option.items() if isinstance(ids, list) and ids}
                                        for option in q["options"]]}
            for q in intake_questions(path)]


def intake_questions(path: ResolvedPath) -> list[dict[str, Any]]:
    return path.intake.model_dump(mode="json")["questions"] if path.intake else []


def intake(path: ResolvedPath) -> dict[str, Any]:
    return {"page": "intake", "role": path.role, "intro": path.intake.intro, "questions": intake_questions(path)}


class Sequence:
    """The steps of a path in order, for `phase`, `prev` and `next`."""

    def __init__(self, path: ResolvedPath, modules: dict[str, Module]):
        self.modules = modules
        self.order = [(phase, placed) for phase in path.phases for placed in phase.steps]

    def around(self, index: int) -> dict[str, Any]:
        """The phase's steps (sidebar) and the previous and next step. A step offered only through the
        intake (`offer: intake`) is left out of both, except on its own page: not every learner has it."""
        phase, here = self.order[index]
        listed = [i for i, (_, placed) in enumerate(self.order) if placed is here or placed.step.offer == "always"]
        at = listed.index(index)
        return {
            "phase": {
                "id": phase.id,
                "title": phase.title,
                "steps": [self._link(s) | {"id": s.id, "kind": s.kind} for s in phase.steps
                          if s is here or s.step.offer == "always"],
            },
            "prev": self._link(self.order[listed[at - 1]][1]) if at > 0 else None,
            "next": self._link(self.order[listed[at + 1]][1]) if at + 1 < len(listed) else None,
        }

    def _link(self, placed: PlacedStep) -> dict[str, str]:
        return {"title": step_title(placed, self.modules), "url": step_url(placed)}


def module_page(path: ResolvedPath, index: int, sequence: Sequence) -> dict[str, Any]:
    _, placed = sequence.order[index]
    module = sequence.modules[placed.id]
    meta = module.meta.model_dump(mode="json")
    return {
        "page": "module",
        "role": path.role,
        "id": module.id,
        "title": meta["title"],
        "summary": meta["summary"],
        "duration": meta["duration"],
        "level": step_level(placed, sequence.modules),
        "required": placed.step.required,
        "themes": meta["themes"],
        "objectives": meta["objectives"],
        "reflection": meta["reflection"],
        "check": numbered_check(meta["check"]),
        "renewal": meta["renewal"],
        "review": meta["review"],
    } | sequence.around(index)


def numbered_check(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give questions ids `q1, q2, ...` and their options `a, b, ...` (stable answer keys)."""
    out = []
    for q_number, question in enumerate(questions, start=1):
        options = [{"id": string.ascii_lowercase[i % 26] + ("" if i < 26 else str(i // 26)), **option}
                   for i, option in enumerate(question["options"])]
        out.append({"id": f"q{q_number}", **question, "options": options})
    return out


def step_page(path: ResolvedPath, index: int, sequence: Sequence) -> dict[str, Any]:
    _, placed = sequence.order[index]
    step = placed.step
    return {
        "page": "step",
        "role": path.role,
        "id": placed.id,
        "kind": placed.kind,
        "title": step.title,
        "duration": step.duration,
        "level": step_level(placed, sequence.modules),
        "required": step.required,
        "note": step.note,
        "preparation": list(step.preparation),
    } | sequence.around(index)

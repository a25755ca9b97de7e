"""`xapi-manifest.json`: every activity id of one role portal, for the tracker to enforce.

Activity ids are canonical URLs under the portal root (`<site_url><role>/`), see docs/xapi.md.
"""

from __future__ import annotations

import json
from typing import Any

from portal.stage import xapi_profile
from portal.model.load import Module
from portal.checks.resolve import ResolvedPath

FILE = "xapi-manifest.json"
FALLBACK_SITE_URL = "https://leerpad.invalid/"   # mkdocs.yml has no site_url: ids stay unique, not resolvable


def portal_root(site_url: str | None, role: str) -> str:
    return (site_url or FALLBACK_SITE_URL).rstrip("/") + f"/{role}/"


def step_id(root: str, kind: str, step: str) -> str:
    return root + ("modules/" if kind == "module" else "stappen/") + step + "/"


def _activity(activity_id: str, type_key: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"id": activity_id, "type": xapi_profile.activity_type(type_key).iri, "name": name} | extra


def activities(path: ResolvedPath, modules: dict[str, Module], root: str) -> list[dict[str, Any]]:
    """The path, each step and its preparation questions, each module's check, questions and reflection
    prompts, the intake."""
    out = [_activity(root, "path", path.path.title)]
    if path.intake:
        out.append(_activity(root + "intake/", "intake", f"Intake: {path.path.title}"))
    for placed in path.steps:
        if placed.kind != "module":
            step = step_id(root, placed.kind, placed.id)
            out.append(_activity(step, "meeting", placed.step.title, kind=placed.kind))
            for number, question in enumerate(placed.step.preparation, start=1):
                out.append(_activity(f"{step}#voorbereiding-{number}", "prompt", question))
            continue
        meta = modules[placed.id].meta
        module_id = step_id(root, "module", placed.id)
        out.append(_activity(module_id, "module", meta.title))
        if meta.check:
            out.append(_activity(module_id + "#toets", "check", f"Kennischeck: {meta.title}"))
        for number, question in enumerate(meta.check, start=1):
            out.append(_activity(f"{module_id}#toets-q{number}", "question", question.question))
        for number, prompt in enumerate(meta.reflection, start=1):
            out.append(_activity(f"{module_id}#reflectie-{number}", "prompt", prompt))
    return out


def manifest(path: ResolvedPath, modules: dict[str, Module], site_url: str | None) -> dict[str, Any]:
    """The manifest of one role portal (see notes/ISSUE4_CONTRACT.md, "Manifest")."""
    root = portal_root(site_url, path.role)
    return {
        "portal": path.role,
        "title": path.path.title,
        "root": root,
        "profile": xapi_profile.PROFILE_ID,
        "verbs": xapi_profile.verb_iris(),
        "activities": activities(path, modules, root),
        "steps": outline(path, modules),
        "intake": path.intake.model_dump(mode="json") if path.intake else None,
    }


def outline(path: ResolvedPath, modules: dict[str, Module]) -> list[dict[str, Any]]:
    """Every step in path order with what the team view shows: phase, title, required, due."""
    out = []
    for phase in path.phases:
        for placed in phase.steps:
            step = placed.step
            meta = modules[placed.id].meta if placed.kind == "module" else None
            out.append({
                "id": placed.id, "kind": placed.kind, "phase": phase.id, "phase_title": phase.title,
                "title": meta.title if meta else step.title, "required": step.required,
                "level": step.level or (meta.level if meta else "iedereen"),
                "duration": meta.duration if meta else step.duration,
                "due_days": getattr(step, "due_days", None), "offer": getattr(step, "offer", "always"),
            })
    return out


def manifest_json(path: ResolvedPath, modules: dict[str, Module], site_url: str | None) -> str:
    return json.dumps(manifest(path, modules, site_url), ensure_ascii=False, indent=1) + "\n"


def step_kinds(path: ResolvedPath) -> dict[str, str]:
    """Step id -> kind, for the page scripts to build the same activity ids."""
    return {placed.id: placed.kind for placed in path.steps}

"""Portal manifests (`site/<role>/xapi-manifest.json`): read, check, and keep per portal."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from ..storage.database import writer
from ..storage.schema import portal_activities, portals
from ..team.tables import portal_outlines

MANIFEST = "xapi-manifest.json"


class ManifestError(ValueError):
    """A manifest the tracker cannot use; the message names the file and the field."""


@dataclass
class Manifest:
    portal: str
    title: str
    root: str
    verbs: list[str]
    activities: list[dict] = field(default_factory=list)  # {"id", "type", "name"}
    source: str = ""
    outline: dict = field(default_factory=dict)  # {"steps": [...], "intake": {...} | None} for the team view


@dataclass
class PortalRules:
    """What a learner token of one portal may use: its verbs and activity ids."""

    portal: str
    verbs: frozenset[str]
    root: str


def manifest_files(paths: list[Path]) -> list[Path]:
    """Each path itself when a file; for a folder, every <folder>/*/xapi-manifest.json."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(path.glob(f"*/{MANIFEST}")) or sorted(path.glob(MANIFEST))
            if not inside:
                raise ManifestError(f"{path}: no */{MANIFEST} in this folder (build the portals first)")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise ManifestError(f"{path}: no such file or folder")
    return found


def _iri(value: object) -> bool:
    return isinstance(value, str) and ":" in value and not any(c.isspace() for c in value)


def read_manifest(path: Path) -> Manifest:
    """Parse and check one manifest; every problem is named with the file and field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"{path}: cannot read ({error})") from None
    except ValueError as error:
        raise ManifestError(f"{path}: not JSON ({error})") from None
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: expected a JSON object")
    for name in ("portal", "title", "root"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            problems.append(f"{path}: {name}: expected a non-empty string")
    verbs = data.get("verbs")
    if not isinstance(verbs, list) or not verbs:
        problems.append(f"{path}: verbs: expected a non-empty list of verb IRIs")
        verbs = []
    for index, verb in enumerate(verbs):
        if not _iri(verb):
            problems.append(f"{path}: verbs[{index}]: expected an IRI, got {verb!r}")
    activities = data.get("activities")
    if not isinstance(activities, list) or not activities:
        problems.append(f"{path}: activities: expected a non-empty list")
        activities = []
    seen: set[str] = set()
    for index, activity in enumerate(activities):
        if not isinstance(activity, dict) or not _iri(activity.get("id")):
            problems.append(f"{path}: activities[{index}].id: expected an IRI")
            continue
        if activity["id"] in seen:
            problems.append(f"{path}: activities[{index}].id: {activity['id']} appears twice")
        seen.add(activity["id"])
    steps = data.get("steps", [])
    if not isinstance(steps, list) or not all(isinstance(s, dict) and isinstance(s.get("id"), str)
                                              for s in steps):
        problems.append(f"{path}: steps: expected a list of steps with an id (rebuild the portal)")
        steps = []
    intake = data.get("intake")
    if intake is not None and not isinstance(intake, dict):
        problems.append(f"{path}: intake: expected an object or null")
        intake = None
    if problems:
        raise ManifestError("\n".join(problems))
    return Manifest(data["portal"].strip(), data["title"], data["root"], list(dict.fromkeys(verbs)),
                    [{"id": a["id"], "type": a.get("type"), "name": _name(a.get("name"))}
                     for a in activities], str(path), {"steps": steps, "intake": intake})


def _name(value: object) -> str | None:
    if isinstance(value, dict):  # a language map: keep the first one
        value = next(iter(value.values()), None)
    return value if isinstance(value, str) else None


class PortalStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def replace(self, manifest: Manifest, loaded_at: str) -> None:
        """Replace the portal's verbs and activities in one transaction."""
        with writer(self.engine).begin() as conn:
            conn.execute(delete(portal_activities).where(portal_activities.c.portal == manifest.portal))
            conn.execute(delete(portals).where(portals.c.portal == manifest.portal))
            conn.execute(portals.insert().values(
                portal=manifest.portal, title=manifest.title, root=manifest.root,
                verbs=json.dumps(manifest.verbs), source=manifest.source, loaded_at=loaded_at))
            conn.execute(portal_activities.insert(), [
                {"portal": manifest.portal, "activity_id": a["id"], "type": a["type"], "name": a["name"]}
                for a in manifest.activities])
            conn.execute(delete(portal_outlines).where(portal_outlines.c.portal == manifest.portal))
            conn.execute(portal_outlines.insert().values(portal=manifest.portal,
                                                         outline=json.dumps(manifest.outline)))

    def rules(self, portal: str) -> PortalRules | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(portals).where(portals.c.portal == portal)).first()
        return PortalRules(portal, frozenset(json.loads(row.verbs)), row.root) if row else None

    def has_activity(self, portal: str, activity_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(portal_activities.c.activity_id).where(
                portal_activities.c.portal == portal,
                portal_activities.c.activity_id == activity_id)).first() is not None

    def summary(self) -> list[dict]:
        """Every loaded portal with its verb and activity counts."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(portals).order_by(portals.c.portal)).all()
            counts = dict(conn.execute(select(portal_activities.c.portal, func.count())
                                       .group_by(portal_activities.c.portal)).all())
        return [{"portal": r.portal, "title": r.title, "root": r.root, "verbs": json.loads(r.verbs),
                 "activities": counts.get(r.portal, 0), "source": r.source, "loaded_at": r.loaded_at}
                for r in rows]


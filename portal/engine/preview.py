"""`python build.py serve --role X`: one role's portal with live reload."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from portal import pipeline
from portal.engine import render
from portal.settings import PACKAGE, Settings
from portal.stage.project import stage_role

ENV = "LEERPAD_SERVE"


def serve_role(settings: Settings, role: str, address: str) -> None:
    """Stage the role once, then let the engine serve it; every rebuild restages first."""
    config_file = restage(settings, role)
    prefix = f"{role}/" if pipeline.check(settings).root_config.get("site_url") else ""
    print(f"Previewing '{role}' on http://{address}/{prefix} (Ctrl+C stops)", flush=True)
    fields = {k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(settings).items()}
    os.environ[ENV] = json.dumps({"settings": fields, "role": role})
    render.serve(config_file, address, watch=[settings.content, settings.paths, settings.config, settings.theme])


def restage(settings: Settings, role: str):
    """Validate and stage `role` for previewing (raises `BuildStopped` on errors)."""
    checked = pipeline.check(settings)
    (path,) = pipeline.select(checked, (role,), settings)
    preview_dir = settings.stage / f".{role}.preview-site"
    extra = {"hooks": [str(PACKAGE / "serve_hook.py")]}
    return stage_role(path, checked.sources.modules, checked.root_config, settings, preview_dir, extra).config_file


def settings_from_env() -> tuple[Settings, str]:
    data = json.loads(os.environ[ENV])
    paths = {f.name for f in dataclasses.fields(Settings) if f.type in ("Path", Path)}
    fields = {k: Path(v) if k in paths else v for k, v in data["settings"].items()}
    return Settings(**fields), data["role"]

"""MkDocs hook used by `build.py serve`: restage the role before every rebuild."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# MkDocs loads hooks by file path: make the `portal` package importable from any folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from portal import pipeline
from portal.engine.preview import restage, settings_from_env

log = logging.getLogger("mkdocs.leerpad")


def on_pre_build(config, **kwargs) -> None:
    settings, role = settings_from_env()
    try:
        restage(settings, role)
    except pipeline.BuildStopped as exc:
        for problem in exc.problems.sorted():
            log.warning(str(problem))
        log.warning("Leerpad: fix the problems above; showing the last good staging")

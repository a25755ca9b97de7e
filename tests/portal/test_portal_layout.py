"""The folders show the pipeline: only portal/engine/ imports the site engine, and no stage
imports a later one's engine code (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "portal"
ENGINE_IMPORT = re.compile(r"^\s*(from|import)\s+(mkdocs|properdocs|material)\b", re.M)


def test_only_the_engine_package_imports_mkdocs():
    importing = sorted(str(p.relative_to(PORTAL)) for p in PORTAL.rglob("*.py")
                       if ENGINE_IMPORT.search(p.read_text(encoding="utf-8")))
    assert importing and all(name.startswith("engine/") for name in importing), importing


def test_the_stages_are_packages_with_a_description():
    for stage in ("model", "checks", "stage", "engine", "publish"):
        init = PORTAL / stage / "__init__.py"
        assert init.is_file() and init.read_text(encoding="utf-8").startswith('"""'), stage
    assert {"cli.py", "pipeline.py"} <= {p.name for p in PORTAL.glob("*.py")}

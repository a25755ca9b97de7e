"""docs/engine.md points only at files that exist (issue 14): every file it names in backticks."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "engine.md"
FILE = re.compile(r"`([A-Za-z0-9_./-]+\.(?:py|md|yml|yaml|html|js|css|lock|toml))`")


def test_every_file_named_in_engine_md_exists():
    names = set(FILE.findall(DOC.read_text(encoding="utf-8")))
    assert len(names) > 15
    tracked = [p for folder in ("portal", "tests", "docs", "bench", "scripts") for p in (ROOT / folder).rglob("*")
               if p.is_file()] + [p for p in ROOT.iterdir() if p.is_file()]
    missing = []
    for name in sorted(names):
        if name.startswith((".stage", "/")):
            continue
        if "/" in name:
            if not (ROOT / name).is_file():
                missing.append(name)
        elif not any(p.name == name for p in tracked):
            missing.append(name)
    assert missing == []

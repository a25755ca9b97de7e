"""Small helpers for the portal tests: write sources, collect problems as text."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from portal.model.load import load_sources
from portal.model.problems import Problems
from portal.checks.validate import validate


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def module(project: Path, module_id: str, front: str = "", body: str = "Tekst.\n", folder: bool = False) -> Path:
    """Write a valid module; `front` adds or replaces front-matter lines."""
    fields = {"title": "Titel", "summary": "Samenvatting.", "duration": "10", "level": "starter"}
    extra = textwrap.dedent(front).strip("\n")
    for line in extra.splitlines():
        key = line.split(":", 1)[0]
        if not line.startswith(" ") and key in fields:
            fields.pop(key)
    lines = [f"{k}: {v}" for k, v in fields.items()] + ([extra] if extra else [])
    file = project / "content" / (f"{module_id}/index.md" if folder else f"{module_id}.md")
    return write(file, "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body))


def problems_of(project: Path, strict: bool = False) -> list[str]:
    problems = Problems(project)
    sources = load_sources(project / "content", project / "paths", problems)
    validate(sources, problems)
    return [str(p) for p in problems.sorted()]


def bundle_of(page: Path) -> str:
    """The text of the Leerpad bundle a built page loads (one deferred script)."""
    html = page.read_text(encoding="utf-8")
    sources = re.findall(r'<script src="([^"]*assets/leerpad/leerpad\.[0-9a-f]+\.js)" defer></script>', html)
    assert len(sources) == 1, sources
    return (page.parent / sources[0]).resolve().read_text(encoding="utf-8")


def page_data(page: Path) -> dict:
    """The `#__leerpad` data (role, strings, xapi) a built page gets from its bundle."""
    text = bundle_of(page)
    start = text.index("s.textContent=JSON.stringify(") + len("s.textContent=JSON.stringify(")
    return json.JSONDecoder().raw_decode(text, start)[0]


def signed_in_data(page: Path) -> dict:
    """What the signed-in script a built page's bundle names adds to the page's `xapi` data."""
    script = (page.parent / re.search(r'<script src="([^"]*assets/leerpad/)leerpad\.[0-9a-f]+\.js"', page.read_text(encoding="utf-8")).group(1)
              / page_data(page)["xapi"]["script"]).resolve().read_text(encoding="utf-8")
    start = script.index("(leerpad.session.config,") + len("(leerpad.session.config,")
    return json.JSONDecoder().raw_decode(script, start)[0]

"""Search entries hold titles as HTML (MkDocs takes heading titles with their entities); the titles
Leerpad sets in front matter are plain text, so a `<` or `&` in them is escaped before publishing."""

from __future__ import annotations

import json
import re
from pathlib import Path

RAW_AMPERSAND = re.compile(r"&(?!(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);)")


def as_html_text(title: str) -> str:
    """Escape what is not yet escaped; entities already there stay as they are."""
    return RAW_AMPERSAND.sub("&amp;", title).replace("<", "&lt;").replace(">", "&gt;")


def escape_titles(site: Path) -> None:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    docs = data.get("docs", [])
    changed = False
    for doc in docs:
        title = doc.get("title")
        if isinstance(title, str) and as_html_text(title) != title:
            doc["title"], changed = as_html_text(title), True
    if changed:
        index.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")

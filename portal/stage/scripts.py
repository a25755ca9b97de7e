"""The portal's scripts, made at build time: one Leerpad script from the browser modules in
`portal/theme/assets/leerpad/`, and Material's bundle with the shim that fetches search only
when it is used put in front of it (a Content-Security-Policy without inline scripts allows no
inline shim, and a separate file would cost a request)."""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import json
import re
from pathlib import Path

import rjsmin

from portal.settings import THEME

# In the order they must run (each is an IIFE; later ones use what earlier ones put on `leerpad`).
TRACKING = ("identity", "queue", "statements", "sync", "reflections", "team", "obligations")
# What the organisation side adds to a tracked portal (the coach's confirmations and feedback, the
# learner's obligations): measured apart from the tracking budget (tests/portal/stage/test_tracking_size.py).
ORGANISATION = ("team", "obligations")
SCRIPTS = ("leerpad", "identity", "progress", "queue", "statements", "sync", "reflections", "team", "obligations",
           "marks", "overview", "check", "answers", "done", "intake", "offline", "panels")
# The page data block the modules read at start (`#__leerpad`), made by the bundle when the page has none.
PAGE_DATA = ('(function(d){if(d.getElementById("__leerpad"))return;var s=d.createElement("script");'
             's.type="application/json";s.id="__leerpad";s.textContent=DATA;d.body.appendChild(s)})(document);')
SEARCH_SHIM = "search-on-demand.js"     # runs before Material's bundle, in the same file
HOME_LINK = "home-link.js"              # inlined into the 404 pages


def compact_js(text: str) -> str:
    """A script minified with rjsmin (comments and blanks gone; strings and regexes kept)."""
    return rjsmin.jsmin(text) + "\n"


def script_names(tracking: bool) -> list[str]:
    """The modules a portal loads: the tracking ones only when a tracker is configured."""
    return [name for name in SCRIPTS if tracking or name not in TRACKING]


def bundle(tracking: bool, page_data: dict | None = None, theme: Path = THEME) -> tuple[str, bytes]:
    """(`assets/leerpad/leerpad.<hash>.js`, its text): the modules minified, in order, one file.

    `page_data` (role, strings, tracking settings: the same on every page of a portal) goes in
    front as the `#__leerpad` block the modules read, instead of into every page."""
    folder = theme / "assets" / "leerpad"
    parts = tuple((name, _mtime(folder / f"{name}.js")) for name in script_names(tracking))
    data = json.dumps(page_data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if page_data else ""
    return _bundle(folder, parts, data)


@functools.lru_cache(maxsize=16)
def _bundle(folder: Path, parts: tuple[tuple[str, float], ...], page_data: str) -> tuple[str, bytes]:
    names = [name for name, _ in parts]
    text = f"/* Leerpad: {', '.join(n + '.js' for n in names)} (portal/theme/assets/leerpad/) */\n"
    if page_data:
        text += PAGE_DATA.replace("DATA", json.dumps(page_data, ensure_ascii=False)) + "\n"
    text += "".join(compact_js((folder / f"{name}.js").read_text(encoding="utf-8")).rstrip() + ";\n"
                    for name in names)
    data = text.encode("utf-8")
    return f"assets/leerpad/leerpad.{hashlib.sha256(data).hexdigest()[:10]}.js", data


def material_bundle(theme: Path = THEME) -> tuple[str, bytes]:
    """(`assets/leerpad/material.<hash>.js`, its text): the search shim, then Material's bundle
    as shipped (without its source-map line, whose relative URL would point nowhere)."""
    shim = theme / "assets" / "leerpad" / SEARCH_SHIM
    material = material_bundle_file()
    return _material(shim, _mtime(shim), material)


def material_bundle_file() -> Path:
    """Material's `assets/javascripts/bundle.<hash>.min.js`, found without importing Material."""
    folder = Path(importlib.util.find_spec("material").origin).parent / "templates" / "assets" / "javascripts"
    return next(iter(sorted(folder.glob("bundle.*.min.js"))))


@functools.lru_cache(maxsize=2)
def _material(shim: Path, mtime: float, material: Path) -> tuple[str, bytes]:
    text = compact_js(shim.read_text(encoding="utf-8"))
    text += re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "", material.read_text(encoding="utf-8")) + "\n"
    data = text.encode("utf-8")
    return f"assets/leerpad/material.{hashlib.sha256(data).hexdigest()[:10]}.js", data


def inline_script(name: str = HOME_LINK, theme: Path = THEME) -> dict[str, str]:
    """A script for an inline `<script>`: its minified text and the CSP hash that allows it."""
    file = theme / "assets" / "leerpad" / name
    text = compact_js(file.read_text(encoding="utf-8")).strip().replace("</", "<\\/")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return {"text": text, "hash": f"sha256-{digest}"}


def _mtime(file: Path) -> float:
    try:
        return file.stat().st_mtime_ns
    except OSError:
        return 0

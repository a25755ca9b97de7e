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
# Every page loads the page modules; `identity` (sign-in) only in a portal with a tracker.
PAGE = ("leerpad", "identity", "progress", "marks", "overview", "check", "answers", "done", "intake",
        "offline", "panels")
# The xAPI client and what only a signed-in learner sees: a second script that `identity` loads once
# somebody signs in on the device (or is signed in), so a visitor's first load does not carry it.
SIGNED_IN = ("queue", "statements", "sync", "reflections", "team", "obligations")
TRACKING = ("identity", *SIGNED_IN)
# What the organisation side adds to a tracked portal (the coach's confirmations and feedback, the
# learner's obligations): measured apart from the tracking budget (tests/portal/stage/test_tracking_size.py).
ORGANISATION = ("team", "obligations")
SCRIPTS = PAGE + SIGNED_IN
# The page data block the modules read at start (`#__leerpad`), made by the bundle when the page has none.
PAGE_DATA = ('(function(d){if(d.getElementById("__leerpad"))return;var s=d.createElement("script");'
             's.type="application/json";s.id="__leerpad";s.textContent=JSON.stringify(DATA);d.body.appendChild(s)})(document);')
# What the signed-in script adds to `leerpad.session.config` (the page bundle's `xapi` block) before
# its modules run: the ids, step kinds and profile only they read, and the texts only they name.
LATER_DATA = ("root", "steps", "profile")
SIGNED_IN_DATA = ('(function(c,d){var t=d.text;delete d.text;Object.assign(c,d);Object.assign(c.text,t)})'
                  '(leerpad.session.config,DATA);')
SEARCH_SHIM = "search-on-demand.js"     # runs before Material's bundle, in the same file
MATERIAL_GLOBALS = "material-globals.js"   # Material's head script as a file: first in that file
HOME_LINK = "home-link.js"              # inlined into the 404 pages


def compact_js(text: str) -> str:
    """A script minified with rjsmin (comments and blanks gone; strings and regexes kept)."""
    return rjsmin.jsmin(text) + "\n"


def script_names(tracking: bool) -> list[str]:
    """The modules every page of a portal loads: `identity` only when a tracker is configured."""
    return [name for name in PAGE if tracking or name not in TRACKING]


def bundle(tracking: bool, page_data: dict | None = None, theme: Path = THEME) -> tuple[str, bytes]:
    """(`assets/leerpad/leerpad.<hash>.js`, its text): the page modules minified, in order, one file.

    `page_data` (role, strings, tracking settings: the same on every page of a portal) goes in
    front as the `#__leerpad` block the modules read, instead of into every page; of its strings
    only those the modules name."""
    folder = theme / "assets" / "leerpad"
    names = script_names(tracking)
    if page_data and page_data.get("strings"):
        named = names + (list(SIGNED_IN) if tracking else [])
        page_data = page_data | {"strings": used_strings(page_data["strings"], folder, named)}
    data = _json(page_data) if page_data else ""
    return _bundle(folder, _parts(folder, names), data)


def signed_in_bundle(data: dict | None = None, theme: Path = THEME) -> tuple[str, bytes]:
    """(`assets/leerpad/signed-in.<hash>.js`, its text): the SIGNED_IN modules, loaded by `identity`,
    with `data` (the second half of split_tracking_data) in front."""
    folder = theme / "assets" / "leerpad"
    prefix = SIGNED_IN_DATA.replace("DATA", _json(data)) if data else ""
    return _bundle(folder, _parts(folder, SIGNED_IN), "", "signed-in", prefix)


def split_tracking_data(xapi: dict, theme: Path = THEME) -> tuple[dict, dict]:
    """`extra.leerpad.xapi` as (what every page's bundle carries, what the signed-in script adds):
    LATER_DATA and the texts only the SIGNED_IN modules name go to the signed-in script."""
    text = xapi.get("text") or {}
    page_text = used_strings(text, theme / "assets" / "leerpad", list(PAGE))
    page = {key: value for key, value in xapi.items() if key not in LATER_DATA} | {"text": page_text}
    later = {key: xapi[key] for key in LATER_DATA if key in xapi}
    return page, later | {"text": {key: value for key, value in text.items() if key not in page_text}}


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def used_strings(strings: dict[str, str], folder: Path, names: list[str]) -> dict[str, str]:
    """The UI strings (or texts) a module names as a quoted key (`lp.t("saved")`); the pages' own
    text is rendered at build time and needs none of them."""
    source = "".join(_source(folder / f"{name}.js", mtime) for name, mtime in _parts(folder, names))
    return {key: value for key, value in strings.items() if f'"{key}"' in source or f"'{key}'" in source}


def _parts(folder: Path, names) -> tuple[tuple[str, float], ...]:
    """(module name, file mtime) pairs: the cache key of what is read from `folder`."""
    return tuple((name, _mtime(folder / f"{name}.js")) for name in names)


@functools.lru_cache(maxsize=64)
def _source(file: Path, mtime: float) -> str:
    return file.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=16)
def _bundle(folder: Path, parts: tuple[tuple[str, float], ...], page_data: str,
            stem: str = "leerpad", prefix: str = "") -> tuple[str, bytes]:
    names = [name for name, _ in parts]
    text = f"/* Leerpad: {', '.join(n + '.js' for n in names)} (portal/theme/assets/leerpad/) */\n"
    if page_data:
        text += PAGE_DATA.replace("DATA", page_data) + "\n"
    if prefix:
        text += prefix + "\n"
    text += "".join(compact_js(_source(folder / f"{name}.js", mtime)).rstrip() + ";\n" for name, mtime in parts)
    data = text.encode("utf-8")
    return f"assets/leerpad/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.js", data


def material_bundle(theme: Path = THEME) -> tuple[str, bytes]:
    """(`assets/leerpad/material.<hash>.js`, its text): the globals of Material's head script, the
    search shim, then Material's bundle as shipped (without its source-map line, whose relative URL
    would point nowhere). Its script tag carries the globals' `data-scope`."""
    folder = theme / "assets" / "leerpad"
    shim, globals_ = folder / SEARCH_SHIM, folder / MATERIAL_GLOBALS
    return _material(shim, _mtime(shim), globals_, _mtime(globals_), material_bundle_file())


def material_bundle_file() -> Path:
    """Material's `assets/javascripts/bundle.<hash>.min.js`, found without importing Material."""
    folder = Path(importlib.util.find_spec("material").origin).parent / "templates" / "assets" / "javascripts"
    return next(iter(sorted(folder.glob("bundle.*.min.js"))))


@functools.lru_cache(maxsize=2)
def _material(shim: Path, mtime: float, globals_: Path, globals_mtime: float, material: Path) -> tuple[str, bytes]:
    text = compact_js(globals_.read_text(encoding="utf-8")) if globals_.is_file() else ""
    text += compact_js(shim.read_text(encoding="utf-8"))
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

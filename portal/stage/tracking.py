"""What tracking adds to a staged role portal: the page config, the xAPI manifest, the
"Mijn reflecties" page, the web app manifest and icons, and the service worker hook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from portal.publish import offline
from portal.stage import manifest, xapi_profile
from portal.model.load import Module
from portal.checks.resolve import ResolvedPath
from portal.settings import PACKAGE, THEME

REFLECTIONS_TEMPLATE = "leerpad-reflections.html"
HOOK = PACKAGE / "engine" / "offline_hook.py"


def tracker_url(root_config: dict[str, Any], override: str | None = None) -> str:
    """`build.py --tracker URL` if given, else `extra.leerpad.tracker`; "" means no tracking."""
    if override is None:
        override = ((root_config.get("extra") or {}).get("leerpad") or {}).get("tracker") or ""
    return str(override).strip().rstrip("/")


def tracking_strings(language: str, theme: Path = THEME) -> dict[str, str]:
    file = theme / "strings" / f"tracking.{language}.yml"
    if not file.is_file():
        file = theme / "strings" / "tracking.nl.yml"
    return yaml.safe_load(file.read_text(encoding="utf-8")) or {}


def page_config(path: ResolvedPath, site_url: str | None, tracker: str, language: str) -> dict[str, Any]:
    """`extra.leerpad.xapi`: what the page scripts need (tracker, ids, profile, strings)."""
    return {
        "tracker": tracker,
        "root": manifest.portal_root(site_url, path.role),
        "steps": manifest.step_kinds(path),
        "profile": xapi_profile.browser_profile(language),
        "text": tracking_strings(language),
    }


def stage_files(path: ResolvedPath, modules: dict[str, Module], site_url: str | None, tracker: str,
                language: str, docs) -> None:
    """Add the manifest, web app files and (with a tracker) the reflections page to a staged docs tree."""
    docs.text(manifest.FILE, manifest.manifest_json(path, modules, site_url))
    docs.text("manifest.webmanifest", offline.webmanifest(path.path.title, language))
    docs.text("assets/leerpad/icon.svg", offline.ICON_SVG)
    for size in (192, 512):
        docs.files[f"assets/leerpad/icon-{size}.png"] = offline.icon_png(size)
    if tracker:
        title = tracking_strings(language)["reflections"]
        docs.text("reflecties.md", f"---\ntemplate: {REFLECTIONS_TEMPLATE}\ntitle: {title}\n"
                                   f"leerpad:\n  page: reflections\n  role: {path.role}\n---\n")


def add_to_config(config: dict[str, Any], path: ResolvedPath, root_site_url: str | None, tracker: str) -> None:
    """Put `extra.leerpad.xapi` and the service-worker hook into a role's MkDocs config."""
    leerpad = config["extra"]["leerpad"]
    language = leerpad.get("language", "nl")
    leerpad["xapi"] = page_config(path, root_site_url, tracker, language)
    config["hooks"] = list(config.get("hooks") or []) + [str(HOOK)]
    if tracker:
        config["not_in_nav"] = (config.get("not_in_nav") or "") + "/reflecties.md\n"

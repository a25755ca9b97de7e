"""Models in, one complete MkDocs project per role out (`<stage>/<role>/`)."""

from __future__ import annotations

import copy
import html
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from portal.stage import pagemeta, scripts, stylesheet, tracking
from portal.checks.links import Link, is_external, module_target, rewrite, split_anchor
from portal.model.load import Module
from portal.checks.resolve import ResolvedPath
from portal.settings import PACKAGE, Settings
from portal.model.siteconfig import dump_config, dump_front_matter
from portal.model.yamlsource import FastLoader

TEMPLATES = {
    "overview": "leerpad-overview.html",
    "module": "leerpad-module.html",
    "step": "leerpad-step.html",
    "intake": "leerpad-intake.html",
}
SHARED_FILES = "_bestanden"    # files a module links from outside its own folder
OFFLINE_PAGE = "offline.md"    # what the service worker serves for a page not on the device
ENGINE_HOOK = PACKAGE / "engine" / "engine_hook.py"


@dataclass
class StagedRole:
    role: str
    config_file: Path
    pages: int


def stage_role(path: ResolvedPath, modules: dict[str, Module], root_config: dict[str, Any],
               settings: Settings, site_dir: Path, extra_config: dict[str, Any] | None = None) -> StagedRole:
    """Write `<stage>/<role>/mkdocs.yml` and `docs/`; unchanged files are left untouched."""
    folder = settings.stage / path.role
    strings = load_strings(root_config, settings.theme)
    docs = DocsTree()
    stage_pages(path, modules, docs, settings.theme, strings)
    config = role_config(path, root_config, settings, site_dir, strings)
    tracker = tracking.tracker_url(root_config, settings.tracker)
    tracking.add_to_config(config, path, root_config.get("site_url"), tracker)
    tracking.stage_files(path, modules, root_config.get("site_url"), tracker,
                         config["extra"]["leerpad"].get("language", "nl"), docs)
    if (settings.theme / "assets" / "leerpad").is_dir():
        add_assets(docs, config, bool(tracker), settings.theme)
    for key, value in (extra_config or {}).items():
        config[key] = config.get(key, []) + value if key == "hooks" else value
    docs.sync(folder / "docs")
    _write_if_changed(folder / "mkdocs.yml", dump_config(config).encode())
    return StagedRole(path.role, folder / "mkdocs.yml", docs.pages)


def add_assets(docs: "DocsTree", config: dict[str, Any], tracking_on: bool, theme: Path) -> None:
    """The role's script bundle (with the page data every page of the role shares) and, with a
    tracker, the script `identity.js` loads for a signed-in learner; Material's
    bundle behind the search shim and one trimmed stylesheet, staged under content-hashed names
    and named in `extra.leerpad` for the templates; the offline page and the 404 page's script."""
    leerpad = config["extra"]["leerpad"]
    page_data = {"role": leerpad.get("role") or "preview", "strings": leerpad.get("strings") or {},
                 "xapi": leerpad.get("xapi") or {}}
    if tracking_on:
        page_xapi, later = scripts.split_tracking_data(page_data["xapi"], theme)
        name, data = scripts.signed_in_bundle(later, theme)
        docs.files[name] = data
        page_data["xapi"] = page_xapi | {"script": posixpath.basename(name)}
    name, data = scripts.bundle(tracking_on, page_data, theme)
    docs.files[name] = data
    leerpad["bundle"] = name
    name, data = scripts.material_bundle(theme)
    docs.files[name] = data
    leerpad["material_bundle"] = name
    if (theme / "leerpad-offline.html").is_file():
        docs.text(OFFLINE_PAGE, dump_front_matter({"template": "leerpad-offline.html",
                                                   "title": leerpad["strings"].get("offline_title", "Offline"),
                                                   "search": {"exclude": True}}, ""))
        config["not_in_nav"] = (config.get("not_in_nav") or "") + f"/{OFFLINE_PAGE}\n"
    if (theme / "assets" / "leerpad" / scripts.HOME_LINK).is_file():
        leerpad["home_link"] = scripts.inline_script(scripts.HOME_LINK, theme)
    leerpad["stylesheet"] = stylesheet.stylesheet_name(docs.files, config, theme)   # written after the build


def stage_pages(path: ResolvedPath, modules: dict[str, Module], docs: "DocsTree", theme: Path,
                strings: dict[str, str]) -> None:
    def page(kind: str, name: str, title: str, meta: dict, body: str) -> None:
        front = {"title": title, "leerpad": meta}
        if (theme / TEMPLATES[kind]).is_file():
            front = {"template": TEMPLATES[kind]} | front
        docs.text(name, dump_front_matter(front, body))

    # The description is plain text (content model); escaped, it reaches search as text, never as HTML.
    page("overview", "index.md", path.path.title, pagemeta.overview(path, modules),
         html.escape(path.path.description, quote=False) + "\n")
    if path.intake:
        page("intake", "intake.md", strings.get("intake", "Intake"), pagemeta.intake(path), "")
    sequence = pagemeta.Sequence(path, modules)
    in_portal = {s.id for s in path.steps if s.kind == "module"}
    for index, (_, placed) in enumerate(sequence.order):
        if placed.kind == "module":
            module = modules[placed.id]
            body = module_body(module, in_portal, docs)
            page("module", f"modules/{module.id}/index.md", module.meta.title,
                 pagemeta.module_page(path, index, sequence), body)
        else:
            page("step", f"stappen/{placed.id}.md", placed.step.title,
                 pagemeta.step_page(path, index, sequence), placed.step.description + "\n")


def module_body(module: Module, in_portal: set[str], docs: "DocsTree") -> str:
    """The module's Markdown with links to other modules and its files made local to the portal."""
    base = f"modules/{module.id}"

    def replace(link: Link) -> str | None:
        target = link.target
        if is_external(target) or target.startswith("#"):
            return target
        other = module_target(target, module.id, module.source_dir)
        path, anchor = split_anchor(target)
        if other is not None and not link.image:
            if other not in in_portal:
                return None          # not in this role's portal: keep the text, drop the link
            return f"../{other}/index.md{anchor}" if other != module.id else (anchor or "./")
        source = (module.folder / path).resolve()
        if not source.is_file():
            return target
        local = posixpath.normpath(path)
        if local.startswith("../") or local.startswith("/"):
            try:
                local = f"{SHARED_FILES}/{source.relative_to(module.folder.parent).as_posix()}"
            except ValueError:
                local = f"{SHARED_FILES}/{source.name}"
        docs.copy(f"{base}/{local}", source)
        return local + anchor

    return rewrite(module.body, replace)


def role_config(path: ResolvedPath, root: dict[str, Any], settings: Settings, site_dir: Path,
                strings: dict[str, str]) -> dict[str, Any]:
    """The root settings with this role's site name, folders, theme, nav and `extra.leerpad`."""
    config = copy.deepcopy(root)
    for key in ("INHERIT", "docs_dir", "site_dir", "nav", "hooks", "watch", "not_in_nav"):
        config.pop(key, None)
    config["site_name"] = path.path.title
    config["site_description"] = path.path.description
    if config.get("site_url"):
        config["site_url"] = str(config["site_url"]).rstrip("/") + f"/{path.role}/"
    config["docs_dir"] = "docs"
    config["site_dir"] = str(site_dir)
    config["use_directory_urls"] = True
    config["hooks"] = [str(ENGINE_HOOK)]      # a template cache only; see portal/engine/engine_hook.py
    theme = config["theme"] = dict(config.get("theme") or {"name": "material"})
    if settings.theme.is_dir():
        theme["custom_dir"] = str(settings.theme)
        theme.setdefault("favicon", "assets/leerpad/icon.svg")     # the app icon: one request less
    # Only the overview is in the nav: pages stay cheap to render (the theme shows the phase).
    config["nav"] = [{strings.get("overview", "Overzicht"): "index.md"}]
    config["not_in_nav"] = "/modules/\n/stappen/\n/intake.md\n"
    extra = config["extra"] = dict(config.get("extra") or {})
    leerpad = extra["leerpad"] = dict(extra.get("leerpad") or {})
    leerpad["role"] = path.role
    leerpad["strings"] = strings
    return config


def load_strings(root: dict[str, Any], theme: Path) -> dict[str, str]:
    """The UI strings of `extra.leerpad.language` from `portal/theme/strings/<lang>.yml`."""
    language = ((root.get("extra") or {}).get("leerpad") or {}).get("language", "nl")
    file = theme / "strings" / f"{language}.yml"
    if not file.is_file():
        return {}
    return yaml.load(file.read_text(encoding="utf-8"), Loader=FastLoader) or {}


class DocsTree:
    """The files of a staged `docs/` folder, synced to disk writing only what changed."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | Path] = {}

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".md") and name != OFFLINE_PAGE)

    def text(self, name: str, text: str) -> None:
        self.files[name] = text.encode("utf-8")

    def copy(self, name: str, source: Path) -> None:
        self.files[name] = source

    def sync(self, folder: Path) -> None:
        existed = folder.is_dir()
        made: set[Path] = set()
        for name, content in self.files.items():
            data = content.read_bytes() if isinstance(content, Path) else content
            _write_if_changed(folder / name, data, made)
        if existed:                   # remove what is no longer staged
            for file in sorted(folder.rglob("*"), reverse=True):
                rel = file.relative_to(folder).as_posix()
                if file.is_file() and rel not in self.files:
                    file.unlink()
                elif file.is_dir() and not any(file.iterdir()):
                    file.rmdir()


def _write_if_changed(file: Path, data: bytes, made: set[Path] | None = None) -> None:
    if file.is_file() and file.stat().st_size == len(data) and file.read_bytes() == data:
        return
    if made is None or file.parent not in made:
        file.parent.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(file.parent)
    file.write_bytes(data)

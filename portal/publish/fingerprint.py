"""An input fingerprint per role: when it matches the published one, the role is not rebuilt."""

from __future__ import annotations

import hashlib
from pathlib import Path

from portal import __version__
from portal.checks.links import is_external, module_target, split_anchor
from portal.model.load import Module
from portal.checks.resolve import ResolvedPath
from portal.settings import PACKAGE, Settings


def shared_inputs(settings: Settings, engine: str) -> str:
    """What every role depends on: root config, theme files, generator code and engine version."""
    digest = hashlib.sha256(f"leerpad {__version__}\n{engine}\ntracker {settings.tracker}\n".encode())
    _add_file(digest, settings.config, "config")
    for folder, label in ((settings.theme, "theme"), (PACKAGE, "generator")):
        files = folder.rglob("*" if label == "theme" else "*.py")
        for file in sorted(f for f in files if f.is_file() and "__pycache__" not in f.parts
                           and (label == "theme" or "theme" not in f.relative_to(folder).parts)):
            _add_file(digest, file, f"{label}/{file.relative_to(folder).as_posix()}")
    return digest.hexdigest()


def role_fingerprint(path: ResolvedPath, modules: dict[str, Module], shared: str) -> str:
    """The role's path chain, every module it uses with the files they link, and the shared inputs."""
    digest = hashlib.sha256(shared.encode())
    for source in path.chain:
        _add_file(digest, source.source, f"path/{source.role}")
    used = sorted({s.id for s in path.steps if s.kind == "module"})
    for module_id in used:
        module = modules[module_id]
        _add_file(digest, module.source, f"module/{module_id}")
        for file in linked_files(module):
            _add_file(digest, file, f"module/{module_id}/{file.name}")
    return digest.hexdigest()


def linked_files(module: Module) -> list[Path]:
    """The images and other files a module's Markdown links to, that exist."""
    files = []
    for link in module.links:
        if is_external(link.target) or link.target.startswith("#"):
            continue
        if module_target(link.target, module.id, module.source_dir) is not None and not link.image:
            continue
        file = module.folder / split_anchor(link.target)[0]
        if file.is_file():
            files.append(file)
    return sorted(set(files))


def _add_file(digest, file: Path, label: str) -> None:
    digest.update(label.encode() + b"\0")
    try:
        digest.update(file.read_bytes())
    except OSError:
        digest.update(b"<missing>")
    digest.update(b"\0")

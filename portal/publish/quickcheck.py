"""A cheap "nothing changed" test: one digest over every input file, before any parsing.

When it equals the digest stored after the last clean, successful build of the same
selection, the build stops at once: no validation, no MkDocs. Only light imports here.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

from portal.settings import PACKAGE, Settings

STAMP = ".leerpad-inputs.json"


def inputs_digest(settings: Settings, roles: tuple[str, ...], strict: bool) -> str:
    digest = hashlib.sha256(repr((sorted(roles), strict, settings)).encode())
    digest.update(f"mkdocs {version('mkdocs')} material {version('mkdocs-material')}".encode())
    generator = sorted(PACKAGE.glob("*.py"))
    for file in [*_files(settings.content), *_files(settings.paths), *_files(settings.theme), *generator]:
        digest.update(str(file).encode() + b"\0" + file.read_bytes() + b"\0")
    if settings.config.is_file():
        digest.update(settings.config.read_bytes())
    return digest.hexdigest()


def unchanged(settings: Settings, roles: tuple[str, ...], strict: bool) -> dict | None:
    """The stored stamp when the inputs are exactly those of the last good build, else None."""
    try:
        stamp = json.loads((settings.out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("digest") != inputs_digest(settings, roles, strict):
        return None
    if not all((settings.out / role).is_dir() for role in stamp.get("roles", [])):
        return None
    if not (settings.out / "index.html").is_file():
        return None
    return stamp


def remember(settings: Settings, digest: str, roles: list[str], pages: int) -> None:
    file = settings.out / STAMP
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(file.name + ".new")
    tmp.write_text(json.dumps({"digest": digest, "roles": roles, "pages": pages}), encoding="utf-8")
    os.replace(tmp, file)


def forget(settings: Settings) -> None:
    (settings.out / STAMP).unlink(missing_ok=True)


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        found.extend(Path(base) / n for n in sorted(names) if not n.endswith(".pyc"))
    return found

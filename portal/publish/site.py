"""Build aside, then swap: a failed build never destroys the previous good site."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from portal.publish import precompress

RECORD = ".leerpad-build.json"


def aside(out: Path, role: str) -> Path:
    """An empty folder beside the published role site to build into."""
    folder = out / f".{role}.new"
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    return folder


def swap(out: Path, role: str, record: dict) -> None:
    """Publish the aside build of `role` in place of the old one (renames only)."""
    new, live, old = out / f".{role}.new", out / role, out / f".{role}.old"
    (new / RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
    if old.exists():
        shutil.rmtree(old)
    if live.exists():
        os.rename(live, old)
    os.rename(new, live)
    if old.exists():
        shutil.rmtree(old)


def discard(out: Path, role: str) -> None:
    shutil.rmtree(out / f".{role}.new", ignore_errors=True)


def published(out: Path, role: str) -> dict | None:
    """The build record of the published role site, if any."""
    try:
        return json.loads((out / role / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_file(file: Path, text: str) -> None:
    """Replace a file atomically, with its pre-compressed twin (`.gz`) for hosts that serve them."""
    file.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    twins = [(".gz", precompress.gzipped(data))] if precompress.wanted(file.name, len(data)) else []
    for suffix, packed in [("", data), *twins]:
        target = file.with_name(file.name + suffix)
        tmp = target.with_name(f".{target.name}.new")
        tmp.write_bytes(packed)
        os.replace(tmp, target)


def prune(out: Path, keep: set[str]) -> list[str]:
    """Remove published role sites whose path no longer exists."""
    removed = []
    if not out.is_dir():
        return removed
    for folder in sorted(out.iterdir()):
        if folder.is_dir() and (folder / RECORD).is_file() and folder.name not in keep:
            shutil.rmtree(folder)
            removed.append(folder.name)
    return removed

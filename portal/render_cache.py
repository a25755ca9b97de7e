"""A content-addressed store of JSON entries shared by the role builds (part of the engine seam).

`.stage/<out>/<name>/<key>.json`: the key is a SHA-256 of everything an entry depends on, so
an entry is either right or never found. Used by `render_page.py` (Markdown → HTML) and
`render_theme.py` (search index entries). Entries older than `KEEP_DAYS` are removed after a
build (one still in use is simply computed again).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

KEEP_DAYS = 30
FOLDERS = (".markdown-cache", ".search-cache")

_entries: dict[str, Any] = {}      # entries read or written by this process (a worker builds several roles)


def cache_root(config) -> Path | None:
    """`.stage/<out>/`: the folder above the staged role projects."""
    return Path(config.config_file_path).resolve().parent.parent if config.config_file_path else None


class EntryStore:
    """JSON entries in one folder, one file per key; writes are atomic, failures only cost time."""

    def __init__(self, folder: Path, salt: str):
        self.folder, self.salt = folder, salt
        self._made = False

    def key(self, *parts: str) -> str:
        return hashlib.sha256("\0".join((self.salt, *parts)).encode()).hexdigest()

    def load(self, key: str) -> Any:
        if key in _entries:
            return _entries[key]
        file = self.folder / f"{key}.json"
        try:
            entry = json.loads(file.read_bytes())
        except (OSError, ValueError):
            return None
        _entries[key] = entry
        return entry

    def save(self, key: str, entry: Any) -> None:
        _entries[key] = entry
        temporary = self.folder / f"{key}.{os.getpid()}.tmp"
        try:
            if not self._made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._made = True
            temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.folder / f"{key}.json")
        except OSError:
            temporary.unlink(missing_ok=True)


def store_of(config, name: str, salt) -> EntryStore | None:
    """The config's store `name` (made once per config); None when `salt()` says it cannot be cached."""
    attribute = f"_leerpad_store{name}"
    store = getattr(config, attribute, False)
    if store is False:
        root, digest = cache_root(config), None
        if root is not None:
            digest = salt()
        store = EntryStore(root / name, digest) if digest else None
        setattr(config, attribute, store)
    return store


def digest(settings: dict[str, Any]) -> str | None:
    """A stable hash of settings; None when a value has no stable form (an object's address)."""
    try:
        text = json.dumps(settings, sort_keys=True, default=_stable)
    except ValueError:
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def _stable(value: Any) -> Any:
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{value.__module__}.{value.__qualname__}"
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if hasattr(value, "items"):
        return dict(value.items())
    text = repr(value)
    if " at 0x" in text:
        raise ValueError("no stable form")
    return text


def forget_old(stage: Path, days: int = KEEP_DAYS) -> int:
    """Remove entries older than `days` (and leftovers of interrupted writes); how many."""
    now, removed = time.time(), 0
    for name in FOLDERS:
        folder = stage / name
        if not folder.is_dir():
            continue
        for file in folder.iterdir():
            try:
                age = now - file.stat().st_mtime
                if age > days * 86400 or (file.suffix == ".tmp" and age > 3600):
                    file.unlink()
                    removed += 1
            except OSError:
                pass
    return removed

"""A content-addressed store of JSON entries shared by the role builds (part of the engine seam).

The key is a SHA-256 of everything an entry depends on, so an entry is either right or never
found. Used by `render_page.py` (Markdown → HTML) and `render_theme.py` (search index entries).
A role build writes the entries it computed as one pack, `.stage/<out>/<name>/<pid>-<ns>.json`
(creating a file costs about 0.5 ms of system time on our disk: one per entry would cost more
than reading them saves); a process reads every pack once and keeps the entries in memory.
Packs older than `KEEP_DAYS` are removed after a build (an entry still in use is computed again).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

KEEP_DAYS = 30
MARKDOWN_CACHE, SEARCH_CACHE = ".markdown-cache", ".search-cache"
FOLDERS = (MARKDOWN_CACHE, SEARCH_CACHE)

_entries: dict[str, Any] = {}                  # every entry this process has read or computed
_packs_read: dict[Path, tuple[int, set[str]]] = {}   # folder -> (its mtime when listed, packs read)


def cache_root(config) -> Path | None:
    """`.stage/<out>/`: the folder above the staged role projects."""
    return Path(config.config_file_path).resolve().parent.parent if config.config_file_path else None


class EntryStore:
    """JSON entries in packs in one folder; writes are atomic, failures only cost time."""

    def __init__(self, folder: Path, salt: str):
        self.folder, self.salt = folder, salt
        self.new: dict[str, Any] = {}

    def key(self, *parts: str) -> str:
        return hashlib.sha256("\0".join((self.salt, *parts)).encode()).hexdigest()

    def load(self, key: str) -> Any:
        if key not in _entries:
            self._read_new_packs()
        return _entries.get(key)

    def save(self, key: str, entry: Any) -> None:
        _entries[key] = self.new[key] = entry

    def flush(self) -> None:
        """Write this build's new entries as one pack."""
        if not self.new:
            return
        name = f"{os.getpid()}-{time.time_ns()}"
        temporary = self.folder / f"{name}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(self.new, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.folder / f"{name}.json")
        except (OSError, TypeError, ValueError):
            temporary.unlink(missing_ok=True)
        self.new = {}

    def _read_new_packs(self) -> None:
        try:
            mtime = self.folder.stat().st_mtime_ns
        except OSError:
            return
        seen, read = _packs_read.get(self.folder, (None, set()))
        if seen == mtime:
            return                          # nothing added since we last looked
        for file in self.folder.glob("*.json"):
            if file.name not in read:
                try:
                    pack = json.loads(file.read_bytes())
                except (OSError, ValueError):
                    continue
                if isinstance(pack, dict):
                    _entries.update(pack)
                read.add(file.name)
        _packs_read[self.folder] = (mtime, read)


def forget_memory() -> None:
    """Drop what this process has read or computed (it reads the packs again, as a new worker would)."""
    _entries.clear()
    _packs_read.clear()


def flush(config) -> None:
    """Write the new entries of every store this config made (after its build)."""
    for name in FOLDERS:
        store = getattr(config, f"_leerpad_store{name}", None)
        if store is not None:
            store.flush()


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
    """Remove packs older than `days` (and leftovers of interrupted writes); how many."""
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

"""Theme-side caches for the engine hook: Jinja environments and Material's search entries.

- Every Jinja environment of the theme (the page one and those Material's search plugin makes
  for its translations) gets Jinja's bytecode cache in `.stage/<out>/.jinja-cache/`.
- Within one build process, `env.list_templates` is remembered: MkDocs matches each of the
  theme's ~15,000 file names (mostly Material's icons) against its patterns for every build.
- The search plugin's entries for a page are cached by what they are computed from (the
  page's HTML, TOC, URL, title and search meta), so a module's HTML is parsed once per build.

Part of the engine seam: it knows MkDocs' `Theme.get_env` and Material's search index
(`search_index.add_entry_from_context`, `entries`). Missing attributes switch a cache off.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from typing import Any

import jinja2

from portal.engine.render_cache import SEARCH_CACHE, cache_root, digest, store_of

JINJA_CACHE = ".jinja-cache"
SEARCH_PLUGIN = "material/search"

_listings: dict[tuple[str, ...], list[str]] | None = None     # None: not shared (see share_listings)


def share_listings() -> None:
    """Let the role builds of this process share the theme's file list (fixed during a build)."""
    global _listings
    if _listings is None:
        _listings = {}


def prepare_env(config) -> None:
    """Make this config's theme give its Jinja environments the bytecode cache (and shared listings)."""
    root, theme = cache_root(config), config.theme
    original = getattr(theme, "get_env", None)
    if root is None or not callable(original):
        return

    def get_env() -> jinja2.Environment:
        env = original()
        folder = root / JINJA_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        if _listings is not None and isinstance(env.loader, jinja2.FileSystemLoader):
            _share_listing(env, tuple(map(str, env.loader.searchpath)) + tuple(sorted(theme.static_templates)))
        return env

    theme.get_env = get_env      # this config's theme object only


def _share_listing(env: jinja2.Environment, theme_key: tuple[str, ...]) -> None:
    list_all = env.list_templates

    def list_templates(extensions=None, filter_func=None) -> list[str]:
        name = getattr(filter_func, "__qualname__", None)
        if name is None or "<lambda>" in name:
            return list_all(extensions, filter_func)
        key = theme_key + (repr(extensions), f"{filter_func.__module__}.{name}")
        if key not in _listings:
            _listings[key] = list_all(extensions, filter_func)
        return list(_listings[key])

    env.list_templates = list_templates


def share_search_entries(config) -> None:
    """Take a page's search entries from the cache when the same page was indexed before."""
    plugin = config.plugins.get(SEARCH_PLUGIN)
    index = getattr(plugin, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if not callable(add) or not isinstance(getattr(index, "entries", None), list):
        return
    store = store_of(config, SEARCH_CACHE, lambda: digest({
        "search": plugin.config, "material": version("mkdocs-material"), "jieba": _has_jieba(),
    }))
    if store is None:
        return

    def add_entry_from_context(page) -> None:
        meta = {"search": page.meta.get("search"), "tags": page.meta.get("tags"),
                "title": str(page.meta.get("title", page.title))}
        facts = digest({"url": page.url, "meta": meta, "toc": [_token(item) for item in page.toc or ()]})
        if facts is None or page.content is None:
            return add(page)
        key = store.key(facts, page.content)
        entries = store.load(key)
        if entries is None:
            before = len(index.entries)
            add(page)
            entries = index.entries[before:]
            copy = json.loads(json.dumps(entries))
            if copy == entries:                                  # the cache gives back the same
                store.save(key, copy)
            return
        index.entries.extend(dict(entry) for entry in entries)

    index.add_entry_from_context = add_entry_from_context


def _token(item) -> dict[str, Any]:
    return {"title": item.title, "id": item.id, "children": [_token(c) for c in item.children]}


def _has_jieba() -> bool:
    from importlib.util import find_spec

    return find_spec("jieba") is not None

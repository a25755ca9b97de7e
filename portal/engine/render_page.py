"""Faster MkDocs pages for the engine hook: same `read_source` and `render` results, less work.

- A staged page's one-line JSON front matter is read with `json` (C) instead of PyYAML's
  Python constructor, when YAML would read exactly the same data.
- Markdown → HTML is taken from a content-addressed cache shared by every role of a build
  (a module is in 3.2 roles on average in the benchmark). The key is the exact Markdown, the
  page's place (`src_uri`, URL, inclusion) and the Markdown settings; an entry also records
  every file lookup the conversion made (links), checked against this site's files before
  use. Pages whose conversion logged anything are never cached, so warnings stay complete.

Part of the engine seam: it knows MkDocs' `Page` (its `render` results: `content`, `toc`,
`_title_from_render`, `present_anchor_ids`, `links_to_anchors`). Without the hook, the
output is the same (`tests/portal/engine/test_render_cache.py`).
"""

from __future__ import annotations

import json
import logging
from importlib.metadata import version
from typing import Any

import yaml
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from portal.engine.render_cache import MARKDOWN_CACHE, digest, store_of

# Extensions whose output depends on the Markdown text and their settings alone.
PURE_EXTENSIONS = {"abbr", "admonition", "attr_list", "codehilite", "def_list", "fenced_code", "footnotes",
                   "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables",
                   "toc", "wikilinks"}
PURE_PACKAGES = ("pymdownx.", "material.extensions.")
IMPURE = ("pymdownx.snippets", "pymdownx.b64")     # they read other files
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_YAML_SPECIAL = ("\x85", "\u2028", "\u2029", "\ufeff")    # line breaks and byte-order mark to YAML


def cached_page(page: Page) -> Page:
    """The same page, made to read JSON front matter fast and to use the Markdown cache."""
    if type(page) is Page:
        page.__class__ = CachedPage
    return page


class CachedPage(Page):
    """A MkDocs page whose `read_source` and `render` give the same results, faster."""

    def read_source(self, config) -> None:
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            try:
                source = self.file.content_string
            except (OSError, ValueError):
                return super().read_source(config)     # MkDocs reports the error
        self.markdown, self.meta = json_front_matter(source) or get_data(source)

    def render(self, config, files) -> None:
        store = store_of(config, MARKDOWN_CACHE, lambda: markdown_salt(config))
        if store is None or self.markdown is None:
            return super().render(config, files)
        key = store.key(self.file.src_uri, self.file.url, self.file.inclusion.name, self.markdown)
        entry = store.load(key)
        if entry is not None and _lookups_match(entry["lookups"], files):
            _restore(self, entry, files)
            return
        recording = _RecordingFiles(files)
        with _LogWatch() as logged:
            super().render(config, recording)
        if not logged.records and not recording.unusual:
            store.save(key, _entry(self, recording.lookups))


def json_front_matter(source: str) -> tuple[str, dict[str, Any]] | None:
    """Markdown and meta of `---\\n{json}\\n---\\n` front matter, when YAML would read the same."""
    if not source.startswith("---\n{"):
        return None
    end = source.find("\n", 4)
    if end < 0 or source[end + 1:end + 5] != "---\n":
        return None
    line = source[4:end]
    if _NON_PRINTABLE.search(line) or any(char in line for char in _YAML_SPECIAL):
        return None                  # YAML refuses these characters or reads them differently
    try:     # no floats: YAML 1.1 reads a JSON number like `1e5` as a string
        data = json.loads(line, parse_float=_no_float, parse_constant=_no_float)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return source[end + 5:].lstrip("\n"), data


def _no_float(text: str):
    raise ValueError(f"not read as YAML reads it: {text}")


def markdown_salt(config) -> str | None:
    """Everything besides the page that shapes its HTML; None when an extension may read other files."""
    names = [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__name__}"
             for e in config["markdown_extensions"]]
    for name in names:
        pure = name.removeprefix("markdown.extensions.") in PURE_EXTENSIONS or name.startswith(PURE_PACKAGES)
        if not pure or name.startswith(IMPURE):
            return None
    return digest({
        "extensions": names, "configs": config["mdx_configs"],
        "directory_urls": config["use_directory_urls"], "validation": config["validation"],
        "log_level": logging.getLogger("mkdocs.structure.pages").getEffectiveLevel(),
        "versions": [version(p) for p in ("mkdocs", "markdown", "pymdown-extensions")],
    })


class _RecordingFiles:
    """The site's files as a page's conversion sees them, noting every lookup (and anything else)."""

    def __init__(self, files):
        self._files = files
        self.lookups: dict[str, list[str] | None] = {}
        self.unusual = False

    def get_file_from_path(self, path: str):
        file = self._files.get_file_from_path(path)
        self.lookups[path] = _looked_up(file)
        return file

    def __getattr__(self, name: str):
        self.unusual = True
        return getattr(self._files, name)

    def __contains__(self, path: str) -> bool:
        self.unusual = True
        return path in self._files

    def __iter__(self):
        self.unusual = True
        return iter(self._files)

    def __len__(self) -> int:
        self.unusual = True
        return len(self._files)


def _looked_up(file) -> list[str] | None:
    return None if file is None else [file.src_uri, file.url, file.inclusion.name]


def _lookups_match(lookups: dict[str, list[str] | None], files) -> bool:
    return all(_looked_up(files.get_file_from_path(path)) == seen for path, seen in lookups.items())


def _entry(page: Page, lookups: dict[str, list[str] | None]) -> dict[str, Any]:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_token(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        "lookups": lookups,
    }


def _token(item) -> dict[str, Any]:
    return {"name": item.title, "id": item.id, "level": item.level, "children": [_token(c) for c in item.children]}


def _restore(page: Page, entry: dict[str, Any], files) -> None:
    page.content = entry["content"]
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    if entry["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): dict(v) for uri, v in entry["links"].items()}


class _LogWatch(logging.Handler):
    """Notes whether anything was logged while converting (MkDocs' and the extensions' loggers)."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []
        self._loggers = [logging.getLogger(), logging.getLogger("mkdocs")]

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> "_LogWatch":
        for logger in self._loggers:
            logger.addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for logger in self._loggers:
            logger.removeHandler(self)

"""MkDocs hook in every staged role config: caches that make role builds faster, never different.

What is cached and how is in `portal/engine/render_page.py` (front matter, Markdown → HTML shared
between roles), `portal/engine/render_theme.py` (compiled templates, the theme's file list, search
entries) and `portal/engine/render_cache.py` (where entries are kept). The output is the same
without this hook (`tests/portal/engine/test_render_cache.py`), so an engine that ignores hooks
(Zensical) loses nothing but time.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from portal.engine import render_cache, render_page, render_theme


@event_priority(100)      # before Material's search plugin, which renders a template in on_config
def on_config(config, **kwargs):
    render_theme.prepare_env(config)
    return config


def on_pre_build(config, **kwargs):
    render_theme.share_search_entries(config)


def on_pre_page(page, config, files, **kwargs):
    return render_page.cached_page(page)


def on_post_build(config, **kwargs):
    render_cache.flush(config)

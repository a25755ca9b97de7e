"""MkDocs hook of every staged role portal: the trimmed stylesheet, `sw.js` stamped with the built
pages and assets, pre-compressed copies (`portal/offline.py`)."""

from __future__ import annotations

from pathlib import Path

from portal.offline import finish_site


def on_post_build(config, **kwargs) -> None:
    finish_site(Path(config["site_dir"]), config=config)

"""MkDocs hook of every staged role portal: stamp `sw.js` with the built pages and assets."""

from __future__ import annotations

from pathlib import Path

from portal.offline import finish_site


def on_post_build(config, **kwargs) -> None:
    finish_site(Path(config["site_dir"]))

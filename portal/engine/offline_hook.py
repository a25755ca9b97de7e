"""MkDocs hook of every staged role portal: pages without indentation and with their `.gz` as they
are written; then the trimmed stylesheet, `sw.js` stamped with the built pages and assets,
pre-compressed copies (`portal/publish/offline.py`)."""

from __future__ import annotations

from pathlib import Path

from portal.publish.offline import finish_site, page_written


def on_post_page(output, page, config, **kwargs) -> str:
    return page_written(Path(config["site_dir"]), output, Path(page.file.abs_dest_path), Path(page.file.abs_src_path))


def on_post_build(config, **kwargs) -> None:
    finish_site(Path(config["site_dir"]), config=config)

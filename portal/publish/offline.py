"""The installable, offline-readable portal: web app manifest, icons and the stamped service worker."""

from __future__ import annotations

import functools
import hashlib
import json
import struct
import zlib
from pathlib import Path

from portal.publish import images, minify, precompress
from portal.stage import scripts, stylesheet
from portal.stage.scripts import compact_js
from portal.settings import THEME

SW_SOURCE = THEME / "sw.js"
SKIP_NAMES = {"sitemap.xml.gz", "404.html", "sw.js"}     # sitemap.xml stays: instant navigation reads it
LUNR_KEEP = ("lunr.stemmer.support", "lunr.nl.", "lunr.en.", "lunr.multi")
MAX_BYTES = 1_000_000
COLOUR = (0x00, 0x69, 0x5C)          # the theme's primary colour


def drop_bundled_sources(site: Path) -> None:
    """The files the portal's bundle and trimmed stylesheet replace (MkDocs copies every theme
    file): not served, not cached, not compressed."""
    assets = site / "assets"
    if not any((assets / "leerpad").glob("leerpad.*.js")):
        return                                   # not a staged portal: nothing was bundled
    for name in [*scripts.SCRIPTS, *(f.removesuffix(".js") for f in (scripts.SEARCH_SHIM, scripts.HOME_LINK, scripts.MATERIAL_GLOBALS))]:
        (assets / "leerpad" / f"{name}.js").unlink(missing_ok=True)
    (assets / "leerpad" / "leerpad.css").unlink(missing_ok=True)
    if any((assets / "leerpad").glob("material.*.js")):
        for file in (assets / "javascripts").glob("bundle.*"):
            file.unlink()
    if any((assets / "leerpad").glob("leerpad.*.css")):
        for file in (assets / "stylesheets").glob("*.css*"):
            file.unlink()


def webmanifest(title: str, language: str) -> str:
    """`manifest.webmanifest` of one role portal; every URL relative to the portal root."""
    short = title if len(title) <= 12 else "Leerpad"
    return json.dumps({
        "name": title,
        "short_name": short,
        "lang": language,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#00695c",
        "icons": [
            {"src": "assets/leerpad/icon.svg", "sizes": "any", "type": "image/svg+xml"},
            {"src": "assets/leerpad/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "assets/leerpad/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
        ],
    }, ensure_ascii=False, indent=1) + "\n"


ICON_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#00695c"/>
<path d="M20 14h8v28h16v8H20z" fill="#fff"/>
</svg>
"""


@functools.lru_cache(maxsize=4)
def icon_png(size: int) -> bytes:
    """A square PNG: the primary colour with a white "L" (the same shape as ICON_SVG)."""
    def row(*white: tuple[int, int]) -> bytes:
        """A scanline: white where x (on the 64-unit grid) falls in one of the `white` ranges."""
        return b"\0" + b"".join(b"\xff\xff\xff" if any(lo <= x * 64 / size < hi for lo, hi in white) else bytes(COLOUR)
                               for x in range(size))

    plain, stem, foot = row(), row((20, 28)), row((20, 28), (20, 44))   # three kinds of row make the "L"
    rows = b"".join(foot if 42 <= y * 64 / size < 50 else stem if 14 <= y * 64 / size < 50 else plain
                    for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def precache_list(site: Path) -> list[str]:
    """Every page (as its directory URL) and asset of a built role portal, relative to its root."""
    urls = []
    for file in sorted(site.rglob("*")):
        rel = file.relative_to(site).as_posix()
        if not file.is_file() or file.name in SKIP_NAMES or any(p.startswith(".") for p in rel.split("/")):
            continue
        if file.suffix in (".map", ".gz", ".br", ".yml") or file.stat().st_size > MAX_BYTES:
            continue
        if "/lunr/" in rel and not any(k in file.name for k in LUNR_KEEP):
            continue
        if file.name == "index.html":
            rel = rel[: -len("index.html")] or "./"
        urls.append(rel)
    return urls


class _Pages:
    """What the engine hook saw of a role's pages while they were written (see `page_written`)."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.done: set[Path] = set()
        self.folders: set[Path] = set()


_PAGES: dict[Path, _Pages] = {}


def page_written(site: Path, output: str, destination: Path, source: Path | None = None) -> str:
    """A page on its way to disk (the hook's `on_post_page`): without indentation, its images
    lazy and sized (from the page's `source` folder), its classes noted for the stylesheet and its
    `.gz` written, so nothing reads the page again for that."""
    pages = _PAGES.setdefault(site, _Pages())
    output = minify.html(output)
    if source is not None:
        output = images.with_image_hints(output, source.parent)
    pages.words |= stylesheet.words_of(output)
    data = output.encode("utf-8")
    if precompress.wanted(destination.name, len(data)):
        if destination.parent not in pages.folders:         # the engine writes the page itself later
            destination.parent.mkdir(parents=True, exist_ok=True)
            pages.folders.add(destination.parent)
        destination.with_name(destination.name + ".gz").write_bytes(precompress.gzipped(data))
    pages.done.add(destination)
    return output


def finish_site(site: Path, source: Path = SW_SOURCE, config=None) -> list[str]:
    """After the engine: write the trimmed stylesheet the pages link (`extra.leerpad.stylesheet`
    of the role's `config`), drop the bundled sources, take the indentation out of the pages the
    hook did not see, write `sw.js` at the portal root with its precache list and a version of
    their contents, and pre-compress every text file."""
    pages = _PAGES.pop(site, None) or _Pages()
    rest = [page for page in site.rglob("*.html") if page not in pages.done]
    minify.minify_site(site, rest)
    leerpad = (((config or {}).get("extra") or {}).get("leerpad") or {})
    if leerpad.get("stylesheet"):
        words = pages.words | stylesheet.site_words(rest)
        stylesheet.write_stylesheet(site, leerpad["stylesheet"], config, words)
    drop_bundled_sources(site)
    urls = precache_list(site)
    digest = hashlib.sha256()
    for url in urls:
        file = site / ("index.html" if url == "./" else url + "index.html" if url.endswith("/") else url)
        digest.update(url.encode() + b"\0" + file.read_bytes())
    stamp = f'var VERSION = "{digest.hexdigest()[:16]}", PRECACHE = {json.dumps(urls)};'
    text = source.read_text(encoding="utf-8").replace('var VERSION = "dev", PRECACHE = [];', stamp, 1)
    (site / "sw.js").write_text(compact_js(text), encoding="utf-8")
    precompress.precompress_site(site, skip=pages.done)
    return urls

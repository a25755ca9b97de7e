"""The installable, offline-readable portal: web app manifest, icons and the stamped service worker."""

from __future__ import annotations

import functools
import hashlib
import json
import struct
import zlib
from pathlib import Path

import rjsmin

from portal.settings import THEME

SW_SOURCE = THEME / "sw.js"
SKIP_NAMES = {"sitemap.xml", "sitemap.xml.gz", "404.html", "sw.js"}
LUNR_KEEP = ("lunr.stemmer.support", "lunr.nl.", "lunr.en.", "lunr.multi")
MAX_BYTES = 1_000_000
COLOUR = (0x00, 0x69, 0x5C)          # the theme's primary colour
TRACKING_SCRIPTS = ("identity.js", "queue.js", "statements.js", "sync.js", "reflections.js", "offline.js")


def compact_js(text: str) -> str:
    """Our scripts minified with rjsmin (comments and blanks gone; strings and regexes kept)."""
    return rjsmin.jsmin(text) + "\n"


def compact_scripts(site: Path) -> None:
    for name in TRACKING_SCRIPTS:
        file = site / "assets" / "leerpad" / name
        if file.is_file():
            file.write_text(compact_js(file.read_text(encoding="utf-8")), encoding="utf-8")


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
    def white(x: int, y: int) -> bool:
        u, v = x * 64 / size, y * 64 / size
        return (20 <= u < 28 and 14 <= v < 50) or (20 <= u < 44 and 42 <= v < 50)

    rows = bytearray()
    for y in range(size):
        rows.append(0)
        for x in range(size):
            rows.extend((255, 255, 255) if white(x, y) else COLOUR)

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
        if file.suffix in (".map", ".gz", ".yml") or file.stat().st_size > MAX_BYTES:
            continue
        if "/lunr/" in rel and not any(k in file.name for k in LUNR_KEEP):
            continue
        if file.name == "index.html":
            rel = rel[: -len("index.html")] or "./"
        urls.append(rel)
    return urls


def finish_site(site: Path, source: Path = SW_SOURCE) -> list[str]:
    """Compact the tracking scripts; write `sw.js` at the portal root with its precache list and a
    version of their contents."""
    compact_scripts(site)
    urls = precache_list(site)
    digest = hashlib.sha256()
    for url in urls:
        file = site / ("index.html" if url == "./" else url + "index.html" if url.endswith("/") else url)
        digest.update(url.encode() + b"\0" + file.read_bytes())
    stamp = f'var VERSION = "{digest.hexdigest()[:16]}", PRECACHE = {json.dumps(urls)};'
    text = source.read_text(encoding="utf-8").replace('var VERSION = "dev", PRECACHE = [];', stamp, 1)
    (site / "sw.js").write_text(compact_js(text), encoding="utf-8")
    return urls
